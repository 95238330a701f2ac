"""The demo database: seeded persons, companies, events and a small import history."""
