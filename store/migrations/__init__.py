"""Versioned schema migrations, each frozen as it was written (``runner`` applies them).

One module per version (``v1_foundation`` ... ) holds the DDL that version meant, written
out per backend where SQLite and PostgreSQL differ: a migration never builds tables from
today's model classes, so a later change to a model cannot change what an old migration
does. ``runner`` keeps the ``schema_version`` table and applies what is missing.
"""
