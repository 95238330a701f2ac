"""The editor's condition draft: changes by path, and the store's error paths mapped back to nodes."""

from __future__ import annotations

from tui import segment_draft as draft

VIP = {"tag": "vip", "op": "has"}
LEAD = {"field": "type", "op": "equals", "value": "lead"}
BUY = {"event": "Purchase", "op": "performed", "min_count": 2, "within_days": 30}


def test_paths_are_written_as_the_store_writes_them():
    condition = {"all": [VIP, {"any": [LEAD, {"not": BUY}]}]}
    texts = [draft.path_text(path) for path in draft.paths(condition)]
    assert texts == ["", "all[0]", "all[1]", "all[1].any[0]", "all[1].any[1]", "all[1].any[1].not"]


def test_an_error_path_points_at_the_deepest_node_it_names():
    condition = {"all": [VIP, {"any": [LEAD, BUY]}]}
    assert draft.path_of_error(condition, "all[1].any[1].min_count") == (("all", 1), ("any", 1))
    assert draft.path_of_error(condition, "all[1].any") == (("all", 1),)
    assert draft.path_of_error(condition, "all[10]") == ()  # all[1] is not a prefix of all[10]
    assert draft.path_of_error(condition, "") == ()


def test_add_goes_into_a_group_or_after_a_condition():
    condition = {"all": [VIP]}
    changed, at = draft.add(condition, (), LEAD)
    assert changed == {"all": [VIP, LEAD]} and at == (("all", 1),)
    changed, at = draft.add(condition, (("all", 0),), BUY)
    assert changed == {"all": [VIP, BUY]} and at == (("all", 1),)
    assert condition == {"all": [VIP]}  # the draft given is never changed
    changed, at = draft.add(VIP, (), LEAD)  # a lone condition becomes the first of an all
    assert changed == {"all": [VIP, LEAD]} and at == (("all", 1),)
    changed, at = draft.add({"all": [{"not": VIP}]}, (("all", 0), ("not",)), LEAD)
    assert changed == {"all": [{"not": VIP}, LEAD]}


def test_remove_replace_and_switch():
    condition = {"any": [VIP, {"all": [LEAD]}]}
    changed, at = draft.remove(condition, (("any", 1), ("all", 0)))
    assert changed == {"any": [VIP, {"all": []}]} and at == (("any", 1),)
    changed, at = draft.remove({"all": [{"not": VIP}, LEAD]}, (("all", 0), ("not",)))
    assert changed == {"all": [LEAD]}  # the not goes with its condition
    assert draft.replace(condition, (("any", 0),), BUY) == {"any": [BUY, {"all": [LEAD]}]}
    assert draft.switch_group(condition, ()) == {"all": [VIP, {"all": [LEAD]}]}
    assert draft.new_group(condition) == {"all": []}


def test_words_say_each_node_briefly():
    assert draft.words(LEAD) == 'type = "lead"'
    assert draft.words(BUY) == "performed Purchase 2+ times in the last 30 days"
    assert draft.words({"contact": "email", "op": "not_exists"}) == "has no email"
    assert draft.words({"field": "birth_date", "op": "birthday_within_days", "days": 7}).endswith(" 7")
    assert draft.words({"not": VIP}) == "not" and draft.words({"any": []}) == "any of"
