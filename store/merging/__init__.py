"""Merging persons by hand or by identity, undoing merges, merged-away ids and duplicate candidates (SPEC 7)."""
