"""Schema version 11, "segment indexes": two indexes that let the commonest segment
conditions be counted from an index alone.

- ``person_value_attribute_id_number_person_id``: a comparison of a custom number, date
  or boolean ("visits greater than 50") reads one attribute's range of numbers, with the
  person beside each, instead of every value row of the attribute.
- ``person_lower_city`` becomes ``(lower(city), type)``: a city with a type ("leads in
  Zagreb") is one range of the index, never the table; a city alone reads it as before.

Frozen as written for this version.
"""

from __future__ import annotations

import peewee

from .ddl import run, run_for_backend

SQLITE_CITY = ('CREATE INDEX "person_lower_city" ON "person" (lower("city"), "type")',)
POSTGRES_CITY = ('CREATE INDEX "person_lower_city" ON "person" (lower("city" COLLATE "C"), "type")',)

STATEMENTS = (
    'CREATE INDEX "person_value_attribute_id_number_person_id" '
    'ON "person_value" ("attribute_id", "number", "person_id")',
    'DROP INDEX "person_lower_city"',
)


def apply(database: peewee.Database) -> None:
    """Create the custom-number index and widen the city index by the type."""
    run(database, STATEMENTS)
    run_for_backend(database, sqlite=SQLITE_CITY, postgres=POSTGRES_CITY)
