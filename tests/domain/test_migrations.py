"""Versioned migrations: a fresh, an upgraded and a model-made schema are the same, and a
database written by the release of schema version 1 opens with every row kept.

``tests/fixtures/schema_v1.db`` and ``schema_v1_postgres.sql`` were written by the
version-1 code itself (``tests/fixtures/make_schema_v1.py``), so the upgrade starts from
what that release really left on disk, not from today's idea of it.
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib
import pkgutil
import shutil
from pathlib import Path
from typing import Any

import peewee
import psycopg2
import pytest

import store
from store import companies, history, settings
from store.errors import ProfileNotFound
from store.events import definitions
from store.migrations import runner as migrations
from store.migrations import v6_import_priors
from store.models import BaseModel
from store.persons import profiles

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
V1_ROWS = {
    "attribute_def": 9,
    "change": 16,
    "company": 2,
    "company_tag": 2,
    "company_value": 2,
    "contact": 10,
    "person": 6,
    "person_tag": 4,
    "person_value": 10,
    "push_registration": 2,
    "setting": 2,
    "tag": 4,
}
"""Every table of schema version 1 and how many rows the fixture holds in it."""


def _on_postgres(database: peewee.Database) -> bool:
    return isinstance(database, peewee.PostgresqlDatabase)


def _sqlite_table(database: peewee.Database, table: str, sql: str) -> dict[str, Any]:
    columns = {
        name: (type_.upper(), bool(notnull), default, pk)
        for _cid, name, type_, notnull, default, pk in database.execute_sql(f'PRAGMA table_info("{table}")')
    }
    indexes = {}
    for _seq, name, unique, origin, partial in database.execute_sql(
        f'PRAGMA index_list("{table}")'
    ).fetchall():
        if origin == "pk":
            continue
        cols = tuple(row[2] for row in database.execute_sql(f'PRAGMA index_info("{name}")'))
        (index_sql,) = database.execute_sql(
            "SELECT sql FROM sqlite_master WHERE name = ?", (name,)
        ).fetchone()
        where = index_sql.split(" WHERE ", 1)[1] if partial else None
        indexes[name] = (cols, bool(unique), where)
    foreign_keys = {
        (row[3], row[2], row[4], row[6])
        for row in database.execute_sql(f'PRAGMA foreign_key_list("{table}")')
    }
    without_rowid = sql.rstrip().upper().endswith("WITHOUT ROWID")
    return {
        "columns": columns,
        "indexes": indexes,
        "constraints": foreign_keys,
        "without_rowid": without_rowid,
    }


_PG_INDEXES = """
SELECT i.relname, ix.indisunique, pg_get_expr(ix.indpred, ix.indrelid),
       ARRAY(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n)
             JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum ORDER BY k.n)
FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid
WHERE ix.indrelid = %s::regclass AND NOT ix.indisprimary
"""


def _postgres_table(database: peewee.Database, table: str) -> dict[str, Any]:
    columns = {
        name: (type_, nullable == "NO", default, collation)
        for name, type_, nullable, default, collation in database.execute_sql(
            "SELECT column_name, data_type, is_nullable, column_default, collation_name "
            "FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = %s",
            (table,),
        )
    }
    indexes = {
        name: (tuple(cols), unique, where)
        for name, unique, where, cols in database.execute_sql(_PG_INDEXES, (f'"{table}"',))
    }
    constraints = {
        definition
        for (definition,) in database.execute_sql(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass",
            (f'"{table}"',),
        )
    }
    return {"columns": columns, "indexes": indexes, "constraints": constraints}


def schema(database: peewee.Database) -> dict[str, dict[str, Any]]:
    """Every table of ``database`` with its columns (type, not null, default, primary key
    position on SQLite or collation on PostgreSQL), indexes (columns, unique, partial
    condition) and keys (foreign keys with their ON DELETE; primary keys on PostgreSQL)."""
    if _on_postgres(database):
        tables = database.execute_sql(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        ).fetchall()
        return {name: _postgres_table(database, name) for (name,) in tables}
    tables = database.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return {name: _sqlite_table(database, name, sql) for name, sql in tables}


def differences(actual: dict[str, dict[str, Any]], expected: dict[str, dict[str, Any]]) -> list[str]:
    """What ``actual`` lacks, has extra or has otherwise than ``expected``, one line each."""
    found = [f"table {t}: missing" for t in sorted(set(expected) - set(actual))]
    found += [f"table {t}: not expected" for t in sorted(set(actual) - set(expected))]
    for table in sorted(set(actual) & set(expected)):
        for part, want in expected[table].items():
            have = actual[table][part]
            if isinstance(want, dict):
                for key in sorted(set(have) | set(want), key=str):
                    if have.get(key) != want.get(key):
                        found.append(f"{table} {part} {key}: {have.get(key)} instead of {want.get(key)}")
            elif isinstance(want, set):
                found += [f"{table} {part}: lacks {item}" for item in sorted(want - have, key=str)]
                found += [f"{table} {part}: extra {item}" for item in sorted(have - want, key=str)]
            elif have != want:
                found.append(f"{table} {part}: {have} instead of {want}")
    return found


def todays_models() -> list[type[BaseModel]]:
    """Every model class the store declares (each store module imported, subclasses walked)."""
    for module in pkgutil.walk_packages(store.__path__, prefix="store."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    found: list[type[BaseModel]] = []
    pending = [BaseModel]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.startswith("store."):
                found.append(subclass)
    return found


def reset(url: str) -> None:
    """Make the database at ``url`` empty again (SQLite file removed, PostgreSQL schema dropped)."""
    if url.startswith("sqlite"):
        path = url.split("://", 1)[1][1:]
        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)
        return
    database = store.connect(url)
    database.connect()
    database.execute_sql("DROP SCHEMA public CASCADE")
    database.execute_sql("CREATE SCHEMA public")
    database.close()


_fresh: dict[str, dict[str, dict[str, Any]]] = {}


def fresh_schema(url: str) -> dict[str, dict[str, Any]]:
    """The schema of a new database migrated to the newest version, on the backend of ``url``
    (made there once per session, then emptied again)."""
    backend = url.split("://", 1)[0]
    if backend not in _fresh:
        reset(url)
        database = store.open(url)
        try:
            _fresh[backend] = schema(database)
        finally:
            store.close()
            reset(url)
    return copy.deepcopy(_fresh[backend])


def load_v1_fixture(url: str) -> None:
    """Put the schema-version-1 fixture at ``url`` (an empty database)."""
    if url.startswith("sqlite"):
        shutil.copyfile(FIXTURES / "schema_v1.db", url.split("://", 1)[1][1:])
        return
    # One connection of its own: the dump empties the session's search_path.
    connection = psycopg2.connect(url)
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute((FIXTURES / "schema_v1_postgres.sql").read_text(encoding="utf-8"))
    finally:
        connection.close()


def rows(url: str, tables: list[str]) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of each table, in a stable order (read without the store's migrations)."""
    database = store.connect(url)
    database.connect()
    try:
        result = {}
        for table in tables:
            names = [c.name for c in database.get_columns(table)]
            order = ", ".join(f'"{n}"' for n in names)
            selected = database.execute_sql(f'SELECT {order} FROM "{table}" ORDER BY {order}').fetchall()
            result[table] = [tuple(row) for row in selected]
        return result
    finally:
        database.close()


def test_new_database_is_at_the_latest_version(store_db):
    assert migrations.current_version(store_db) == migrations.LATEST
    assert migrations.migrate(store_db) == []


def test_a_new_database_has_exactly_the_tables_of_todays_models(store_url):
    migrated = fresh_schema(store_url)
    database = store.connect(store_url)
    database.connect()
    models = todays_models()
    event_day = next(m for m in models if m._meta.table_name == "event_day")
    # Two things the models do not declare and the migrations do: event_day is WITHOUT
    # ROWID on SQLite; the person name keys sort by code point ("C") on PostgreSQL.
    try:
        with database.bind_ctx(models):
            event_day._meta.without_rowid = not _on_postgres(database)
            database.create_tables(models)
        expected = schema(database)
    finally:
        event_day._meta.without_rowid = False
        database.close()
        reset(store_url)
    if _on_postgres(database):
        person = expected["person"]["columns"]
        for column in ("name_key", "last_key"):
            person[column] = (*person[column][:3], "C")
    del migrated["schema_version"]
    assert differences(migrated, expected) == []


@pytest.mark.parametrize("version", [v for v, _n, _f in migrations.MIGRATIONS])
def test_every_older_schema_upgrades_and_keeps_its_rows(store_url, version):
    expected = fresh_schema(store_url)
    database = store.connect(store_url)
    database.connect()
    migrations.migrate(database, target=version)
    p = database.param
    database.execute_sql(
        f"INSERT INTO person (type, first_name, created_at, modified_at) VALUES ({p}, {p}, {p}, {p})",
        ("customer", "Old", "2020-01-01 00:00:00", "2020-01-01 00:00:00"),
    )
    database.close()
    store.open(store_url)
    try:
        assert migrations.current_version(store.db.obj) == migrations.LATEST
        (person,) = [profiles.get_person(1)]
        assert person.first_name == "Old"
        assert differences(schema(store.db.obj), expected) == []
    finally:
        store.close()


def test_the_version_1_fixture_upgrades_with_every_row_kept(store_url):
    expected_schema = fresh_schema(store_url)
    load_v1_fixture(store_url)
    before = rows(store_url, sorted(V1_ROWS))
    assert {table: len(found) for table, found in before.items()} == V1_ROWS
    database = store.connect(store_url)
    database.connect()
    assert migrations.current_version(database) == 1
    database.close()

    store.open(store_url)
    try:
        assert migrations.current_version(store.db.obj) == migrations.LATEST
        assert differences(schema(store.db.obj), expected_schema) == []
        assert rows(store_url, sorted(V1_ROWS)) == before

        ana = profiles.get_person(1)
        assert (ana.type, ana.first_name, ana.middle_name, ana.last_name) == (
            "customer",
            "Ana",
            "Marija",
            "Horvat",
        )
        assert (ana.nickname, ana.birth_date, ana.city) == ("Ana H.", dt.date(1990, 4, 12), "Zagreb")
        assert ana.company == (1, "Jadran Trgovina d.o.o.")
        assert ana.phones == ["+385912345678", "+38514567890"]
        assert ana.emails == ["ana.horvat@example.com", "ana@jadran.example"]
        assert ana.push_registrations == [("fcm-ana-1", "android")]
        assert ana.tags == ["Newsletter", "Staff", "VIP"]
        assert ana.custom == {
            "Balance": "1234.50",
            "Last login": "2024-05-06T07:08:09+00:00",
            "Loyalty points": 1250,
            "Member since": "2019-03-01",
            "Newsletter consent": True,
            "Notes": "Prefers e-mail.",
            "Orders": [{"id": "A-1", "total": "99.90"}],
        }
        zeljko = profiles.get_person(2)
        assert (zeljko.type, zeljko.first_name, zeljko.last_name, zeljko.tags) == (
            "customer",
            "Željko",
            "Šarić",
            [],
        )
        assert [profiles.get_person(i).type for i in (3, 4, 6)] == ["agent", "anonymous", "lead"]
        assert profiles.find_person_id(email="emily.clarke@example.co.uk") == 5
        assert [(e.field, e.old_value, e.new_value, e.source) for e in history.person_history(1)][-2:] == [
            ("nickname", "Anči", "Ana H.", "cli"),
            ("profile", None, "created", "tui"),
        ]
        jadran = companies.company_view("Jadran Trgovina d.o.o.")
        assert (jadran.tags, jadran.custom) == (["Partner"], {"Employees": 120, "Sector code": "G47"})
        assert settings.all_settings() == {"default_country": "HR", "zip_max_uncompressed": "1000000"}
        assert {"SessionStarted", "SessionEnded"} <= {d.name for d in definitions.list_definitions()}

        with pytest.raises(ProfileNotFound):
            profiles.get_person(7)  # deleted by the old release: its id is never given again
        new = profiles.create_person({"first_name": "Nova", "phones": ["091 111 2222"]})
        assert new.id == 8
        assert profiles.get_person(8).phones == ["+385911112222"]  # the old default country
    finally:
        store.close()


def test_import_priors_made_by_version_2_are_left_as_they_are(store_url):
    expected = fresh_schema(store_url)
    database = store.connect(store_url)
    database.connect()
    migrations.migrate(database, target=5)
    v6_import_priors.apply(database)  # as version 2 made the table from its second release on
    database.close()
    store.open(store_url)
    try:
        assert migrations.current_version(store.db.obj) == migrations.LATEST
        assert differences(schema(store.db.obj), expected) == []
    finally:
        store.close()


def test_a_newer_schema_is_refused(store_url):
    store.open(store_url).execute_sql(
        "INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'future', 'now')"
    )
    store.close()
    with pytest.raises(migrations.SchemaTooNew) as caught:
        store.open(store_url)
    store.close()
    assert "999" in caught.value.message


def test_reopening_keeps_data(store_url):
    store.open(store_url)
    profiles.create_person({"first_name": "Ana", "emails": ["ana@example.com"]})
    store.close()
    store.open(store_url)
    assert profiles.find_person_id(email="ana@example.com") == 1
    store.close()


def test_version_7_rewrites_old_email_forms_and_leaves_colliding_ones(store_url):
    database = store.connect(store_url)
    database.connect()
    migrations.migrate(database, target=6)
    p = database.param
    emails = {
        1: ["ａｂｃ@example.com", "plain@example.com"],  # full-width: rewritten to abc@example.com
        2: ["x@example.com"],
        3: ["ｘ@example.com"],  # its new form is person 2's: left as stored
        4: ["željko@example.hr"],  # already in the new form
    }
    for person_id, values in emails.items():
        database.execute_sql(
            f"INSERT INTO person (type, created_at, modified_at) VALUES ({p}, {p}, {p})",
            ("customer", "2020-01-01 00:00:00", "2020-01-01 00:00:00"),
        )
        for value in values:
            database.execute_sql(
                f"INSERT INTO contact (person_id, kind, value) VALUES ({p}, 'email', {p})", (person_id, value)
            )
    database.close()
    store.open(store_url)
    try:
        assert migrations.current_version(store.db.obj) == migrations.LATEST
        assert {i: profiles.get_person(i).emails for i in emails} == {
            1: ["abc@example.com", "plain@example.com"],
            2: ["x@example.com"],
            3: ["ｘ@example.com"],
            4: ["željko@example.hr"],
        }
        assert profiles.find_person_id(email="ＡＢＣ@example.com") == 1
    finally:
        store.close()
