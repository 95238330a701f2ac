"""Versioned migrations: a database made by an earlier version opens and keeps its data."""

from __future__ import annotations

import pytest

import store
from store.migrations import runner as migrations
from store.persons import profiles


def test_new_database_is_at_the_latest_version(store_db):
    assert migrations.current_version(store_db) == migrations.LATEST
    assert migrations.migrate(store_db) == []


@pytest.mark.parametrize("version", [v for v, _n, _f in migrations.MIGRATIONS])
def test_every_older_schema_upgrades_and_keeps_its_rows(store_url, version):
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
