"""A store with something in every table, and the exact state of every table in it.

``populate`` fills an opened store through the store's own functions (an import, a
company, custom values, events, an anonymous visitor, a merge), so that a killed
operation has rows of every kind to leave alone. ``table_state`` reads the database
itself: every table it lists (SQLite's ``sqlite_master``, PostgreSQL's ``pg_tables``),
with its row count and a checksum of all its rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

import peewee

from store import attributes, companies
from store.events import definitions, identity, recording
from store.importing.engine import import_file
from store.importing.options import ImportOptions
from store.importing.progress import drive
from store.merging import merges
from store.persons import profiles

PERSONS = 600  # more than one chunk of a bulk tag (500)
VISITOR = "device-1"  # an anonymous visitor with events, not yet identified
VISITOR_EMAIL = "user7@example.com"  # the imported lead the visitor identifies as
MERGED = (10, 11)  # two imported persons the merge operation merges


def people_csv(path: Path, first: int, count: int, name: str) -> Path:
    """A persons file: ``user{i}@example.com`` for ``first <= i < first + count``."""
    with path.open("w", encoding="utf-8") as out:
        out.write("email,first name,tags\n")
        for i in range(first, first + count):
            out.write(f"user{i}@example.com,{name}{i},vip\n")
    return path


def populate(folder: Path) -> None:
    """Fill the opened store with rows of every kind (see the module docstring)."""
    drive(import_file(people_csv(folder / "first.csv", 0, PERSONS, "Name"), ImportOptions(tags="auto")))
    company = companies.create_company({"name": "Acme", "tags": ["partner"]})
    attributes.define_attribute("plan", "text")
    definitions.define_event("Visited", properties=["page:text"])
    for person_id in (1, 2, *MERGED):
        profiles.update_person(
            person_id,
            {
                "company": company.name,
                "add_phones": [f"+3859110000{person_id:02}"],
                "custom": {"plan": f"p{person_id}"},
            },
        )
        recording.record_event(person_id, "Visited", {"page": f"/home/{person_id}"})
    identity.track(VISITOR, "Visited", {"page": "/pricing"})
    merges.merge_persons([3, 4])


def table_state(
    database: peewee.Database, leave_out: Mapping[str, int] | None = None
) -> dict[str, tuple[int, str]]:
    """``{table: (rows, sha256 of every row)}`` for every table the database lists.

    ``(indexes)`` holds the same of every index's definition: an import into a young
    SQLite store drops and recreates indexes inside its transaction (``importing.indexes``).

    ``leave_out`` maps a table to the id of one row to leave out of it. SQLite's counter of
    import ids (``sqlite_sequence``'s ``import_run`` row) is part of the import history,
    which a killed import changes, and is always left out.
    """
    leave_out = leave_out or {}
    if isinstance(database, peewee.SqliteDatabase):
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
    else:
        sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    names = [name for (name,) in database.execute_sql(sql).fetchall()]
    state = {}
    for name in names:
        query = f'SELECT * FROM "{name}"' + (
            f" WHERE id <> {int(leave_out[name])}" if name in leave_out else ""
        )
        if name == "sqlite_sequence":
            query += " WHERE name <> 'import_run'"
        rows = sorted(repr(row) for row in database.execute_sql(query).fetchall())
        state[name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    if isinstance(database, peewee.SqliteDatabase):
        sql = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
    else:
        sql = "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1"
    rows = [repr(row) for row in database.execute_sql(sql).fetchall()]
    state["(indexes)"] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return state
