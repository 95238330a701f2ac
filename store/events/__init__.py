"""Events: definitions and templates, recording and the timeline, tracking and identity (SPEC 5)."""
