"""A selection of persons: explicit ids, or a whole list but some, resolved by the store."""

from __future__ import annotations

import pytest

from store import tags
from store.errors import InvalidValue
from store.persons import profiles
from store.persons.listing import PersonCriteria
from store.persons.selection import (
    Selection,
    all_selected_ids,
    count_selected,
    delete_selected,
    select_all,
)


def _persons(count: int, prefix: str = "N") -> list[int]:
    return [profiles.create_person({"first_name": f"{prefix}{i:02d}"}).id for i in range(count)]


def test_select_all_holds_the_whole_list_and_leaves_out_what_is_toggled(store_db):
    ids = _persons(30)
    chosen = select_all(PersonCriteria())
    assert count_selected(chosen) == 30 and all_selected_ids(chosen) == ids
    fewer = chosen.toggled(ids[3]).toggled(ids[7])
    assert not fewer.has(ids[3]) and fewer.has(ids[4])
    assert count_selected(fewer) == 28
    assert all_selected_ids(fewer) == [i for i in ids if i not in (ids[3], ids[7])]


def test_select_all_of_a_search_holds_only_what_it_finds(store_db):
    anas = _persons(4, "Ana")
    _persons(5, "Ivo")
    chosen = select_all(PersonCriteria(), "ana")
    assert count_selected(chosen) == 4 and all_selected_ids(chosen) == anas
    assert count_selected(chosen.toggled(anas[0])) == 3


def test_invert_turns_picked_ids_into_the_rest_of_the_list_and_back(store_db):
    ids = _persons(10)
    picked = Selection().toggled(ids[0]).toggled(ids[1])
    rest = picked.inverted(PersonCriteria(), "")
    assert count_selected(rest) == 8 and all_selected_ids(rest) == ids[2:]
    back = rest.inverted(PersonCriteria(), "")
    assert back.is_explicit and all_selected_ids(back) == ids[:2]


def test_a_whole_list_selection_cannot_be_inverted_within_another_list(store_db):
    _persons(3)
    with pytest.raises(InvalidValue) as caught:
        select_all(PersonCriteria(), "n0").inverted(PersonCriteria(), "")
    assert caught.value.field == "selection" and "n0" in caught.value.message


def test_a_tag_filter_selection_tags_and_deletes_every_member(store_db):
    ids = _persons(12)
    tags.assign_tag("vip", ids[:9])
    chosen = select_all(PersonCriteria(tag="vip")).toggled(ids[0])
    assert count_selected(chosen) == 8
    assert delete_selected(chosen) == 8
    assert count_selected(select_all(PersonCriteria())) == 4


def test_explicit_ids_count_only_persons_that_still_exist(store_db):
    ids = _persons(3)
    chosen = Selection().with_persons(ids)
    profiles.delete_person(ids[1])
    assert count_selected(chosen) == 2 and all_selected_ids(chosen) == [ids[0], ids[2]]
    assert chosen.without([ids[0]]).ids == frozenset({ids[1], ids[2]})
