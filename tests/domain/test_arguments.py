"""The store's entries refuse an id or a limit they cannot use with an ``InvalidValue`` naming it.

An id the database's 64-bit integers cannot hold, one that is not an ``int`` (``None``,
text, a bool), or a limit below 1 never reaches the driver (an ``OverflowError`` on
SQLite, "out of range" on PostgreSQL) and never means "every row".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from store import arguments, companies, history, tags
from store.errors import InvalidValue, ProfileNotFound
from store.events import recording
from store.importing import history as import_history
from store.importing.undo import undo_import
from store.merging import duplicates, merges
from store.merging.plan import plan_merge
from store.persons import listing, profiles, views, window

BIG = 2**63

# (what is called, the field the refusal names)
CALLS: list[tuple[str, Callable[[], Any], str]] = [
    ("get_person big", lambda: profiles.get_person(BIG), "person_id"),
    ("get_person None", lambda: profiles.get_person(None), "person_id"),  # type: ignore[arg-type]
    ("get_person text", lambda: profiles.get_person("1"), "person_id"),  # type: ignore[arg-type]
    ("get_person bool", lambda: profiles.get_person(True), "person_id"),
    ("update_person", lambda: profiles.update_person(BIG, {"city": "Split"}), "person_id"),
    ("delete_person", lambda: profiles.delete_person(-(2**63) - 1), "person_id"),
    ("load_persons", lambda: views.load_persons([1, BIG]), "person_id"),
    ("person_history id", lambda: history.person_history(BIG), "person_id"),
    ("person_history limit", lambda: history.person_history(1, limit=-1), "limit"),
    ("person_history before", lambda: history.person_history(1, before_id=BIG), "before_id"),
    ("company_history limit", lambda: history.company_history(1, limit=0), "limit"),
    ("page_persons limit", lambda: listing.page_persons(limit=BIG), "limit"),
    ("page_persons after", lambda: listing.page_persons(after=(BIG,)), "after"),
    ("search_persons limit", lambda: window.search_persons("a", limit=-1), "limit"),
    ("list_companies limit", lambda: companies.list_companies(limit=-1), "limit"),
    ("member_ids after", lambda: companies.member_ids(1, after=BIG), "after"),
    ("member_ids limit", lambda: companies.member_ids(1, limit=None), "limit"),  # type: ignore[arg-type]
    ("get_company id", lambda: companies.get_company(BIG), "company"),
    ("assign_tag", lambda: tags.assign_tag("vip", [BIG]), "person"),
    ("unassign_tag", lambda: tags.unassign_tag("vip", ["1"]), "person"),  # type: ignore[list-item]
    ("plan_merge", lambda: plan_merge([1, BIG]), "persons"),
    ("merge_persons", lambda: merges.merge_persons([1, None]), "persons"),  # type: ignore[list-item]
    ("unmerge", lambda: merges.unmerge(BIG), "merge_id"),
    ("list_merges person", lambda: merges.list_merges(person_id=BIG), "person_id"),
    ("list_merges limit", lambda: merges.list_merges(limit=-1), "limit"),
    ("find_duplicates", lambda: duplicates.find_duplicates(limit=BIG), "limit"),
    ("get_import", lambda: import_history.get_import(BIG), "import_id"),
    ("import_errors", lambda: import_history.import_errors(None), "import_id"),  # type: ignore[arg-type]
    ("list_imports", lambda: import_history.list_imports(-1), "limit"),
    ("undo_import", lambda: undo_import(BIG), "import_id"),
    ("timeline id", lambda: recording.timeline(BIG), "person_id"),
    ("timeline limit", lambda: recording.timeline(1, limit=-1), "limit"),
    ("day_counts", lambda: recording.day_counts(1, days=BIG), "days"),
    ("record_event", lambda: recording.record_event(BIG, "SessionStarted", {"channel": "web"}), "person_id"),
]


@pytest.mark.parametrize(("call", "field"), [(c, f) for _n, c, f in CALLS], ids=[n for n, _c, _f in CALLS])
def test_an_id_or_limit_out_of_range_is_refused_naming_it(store_db, call, field):
    profiles.create_person({"first_name": "Ana", "emails": ["ana@example.com"]})
    with pytest.raises(InvalidValue) as refused:
        call()
    assert refused.value.field == field
    assert profiles.get_person(1).first_name == "Ana"


def test_the_largest_ids_are_ids_that_no_row_has(store_db):
    for person_id in (arguments.MAX_INTEGER, arguments.MIN_INTEGER, 0):
        with pytest.raises(ProfileNotFound):
            profiles.get_person(person_id)
    assert merges.list_merges(person_id=arguments.MAX_INTEGER) == []


def test_a_huge_number_is_named_by_its_size_not_printed():
    with pytest.raises(InvalidValue) as refused:
        arguments.check_limit(10**5000)
    assert "about 5,001 digits" in refused.value.message and len(refused.value.message) < 100


def test_a_company_named_by_digits_beyond_the_ids_is_looked_up_by_name(store_db):
    name = str(BIG)
    companies.create_company({"name": name})
    assert companies.company_view(name).name == name
    with pytest.raises(ProfileNotFound):
        companies.get_company("²")  # a digit, but not an ASCII one: a name nobody has


@pytest.mark.parametrize("data", [None, "Ana", ["first_name", "Ana"], 42])
def test_data_that_is_not_a_mapping_is_refused_naming_it(store_db, data):
    for create in (profiles.create_person, companies.create_company):
        with pytest.raises(InvalidValue, match="must be a mapping of fields") as caught:
            create(data)
        assert caught.value.field == "data"
