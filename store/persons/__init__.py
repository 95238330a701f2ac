"""Person profiles: creating and changing them, reading one, and listing many (SPEC 2.1, 2.4)."""
