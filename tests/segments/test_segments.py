"""Segments and computed attributes in the store: saving, refusals that point at the bad part,
what may not be deleted, renames that follow, tagging every member, paging, read-only values."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from segment_population import build

from store import attributes, tags
from store.errors import DuplicateValue, InUse, NotFound, ReadOnlyAttribute
from store.history import person_history
from store.models import utcnow
from store.persons import listing, profiles
from store.persons.views import load_person
from store.segments import computed, segments
from store.segments.language import InvalidCondition


@pytest.fixture
def population(store_db) -> tuple[dt.datetime, dict[str, int]]:
    now = utcnow().replace(microsecond=0) + dt.timedelta(minutes=1)
    return now, build(now)


@pytest.mark.parametrize(
    ("condition", "start"),
    [
        (
            {"all": [{"tag": "vip", "op": "has"}, {"field": "citty", "op": "equals", "value": "x"}]},
            "Condition all[1].field: 'citty' is not a person attribute",
        ),
        (
            {
                "all": [
                    {
                        "any": [
                            {"tag": "vip", "op": "has"},
                            {"field": "custom:visits", "op": "contains", "value": "1"},
                        ]
                    }
                ]
            },
            "Condition all[0].any[1].op: 'contains' is not an operator for custom:visits (number)",
        ),
        (
            {"field": "birth_date", "op": "before", "value": "01.02.2020"},
            "Condition value: 'before' on birth_date (Date) takes a date as yyyy-mm-dd, not '01.02.2020'.",
        ),
        (
            {"field": "custom:visits", "op": "between", "value": [5, 1]},
            "Condition value: the first value 5 is above",
        ),
        (
            {"field": "type", "op": "equals", "value": "boss"},
            "Condition value: type is one of lead, customer",
        ),
        ({"tag": "nosuch", "op": "has"}, "Condition tag: there is no tag 'nosuch'."),
        (
            {"event": "Purchase", "op": "performed", "where": {"property": "colour", "op": "is_empty"}},
            "Condition where.property: event 'Purchase' has no property 'colour' (it has: amount, product, gift).",
        ),
        (
            {"event": "Purchase", "op": "performed", "min_count": 3, "max_count": 1},
            "Condition max_count: max_count 1 is below min_count 3.",
        ),
        (
            {"field": "city", "op": "equals", "value": "Zagreb", "vaule": 1},
            "Condition: unexpected key 'vaule'",
        ),
        ({"all": []}, "Condition all: 'all' takes a non-empty list of conditions."),
        ({"segment": "nowhere", "op": "in"}, "Condition segment: there is no segment 'nowhere'."),
        ("{not json", "Condition: the text is not JSON"),
    ],
)
def test_a_bad_condition_is_refused_naming_where(population, condition, start):
    with pytest.raises(InvalidCondition) as raised:
        segments.create_segment("Bad", condition)
    assert raised.value.message.startswith(start), raised.value.message
    assert raised.value.code == "INVALID_VALUE"
    with pytest.raises(NotFound):
        segments.get_segment("Bad")


def test_segments_are_saved_listed_renamed_and_deleted(population):
    _now, ids = population
    info = segments.create_segment("VIPs", {"tag": "vip", "op": "has"})
    assert info.condition == {"tag": "vip", "op": "has"}
    with pytest.raises(DuplicateValue):
        segments.create_segment("vips", {"tag": "vip", "op": "has"})
    assert [(s.name, s.count) for s in segments.list_segments(with_counts=True)] == [
        ("VIPs", 2),
        ("Zagreb", 2),
    ]
    segments.update_segment("vips", {"tag": "newsletter", "op": "has"})
    assert segments.count_members("VIPs") == 2
    assert segments.member_ids("VIPs") == sorted([ids["ivo"], ids["mia"]])
    segments.rename_segment("VIPs", "Readers")
    assert segments.get_segment("readers", with_count=True).count == 2
    segments.delete_segment("Readers")
    assert [s.name for s in segments.list_segments()] == ["Zagreb"]


def test_a_segment_or_attribute_in_use_is_not_deleted_and_the_refusal_names_the_user(population):
    segments.create_segment(
        "Zagreb VIPs", {"all": [{"segment": "Zagreb", "op": "in"}, {"tag": "vip", "op": "has"}]}
    )
    computed.define_computed(
        "zagreb_points",
        "score",
        {"rules": [{"points": 5, "condition": {"segment": "Zagreb Vips", "op": "in"}}]},
    )
    with pytest.raises(InUse) as raised:
        segments.delete_segment("Zagreb")
    assert (
        raised.value.message
        == "Segment 'Zagreb' is used by segment 'Zagreb VIPs': change or delete it first."
    )
    with pytest.raises(InUse) as raised:
        segments.delete_segment("Zagreb VIPs")
    assert "computed attribute 'zagreb_points'" in raised.value.message
    with pytest.raises(InUse) as raised:
        attributes.delete_attribute("visits", confirm=True)
    assert (
        raised.value.message
        == "Attribute 'visits' is used by computed attribute 'double_visits': change or delete it first."
    )
    with pytest.raises(InUse) as raised:
        computed.delete_computed("purchases_30d")
    assert (
        "computed attribute 'lead_score'" in raised.value.message
        and "computed attribute 'per_purchase'" in raised.value.message
    )
    with pytest.raises(InUse) as raised:
        tags.delete_tag("vip", confirm=True)
    assert (
        "segment 'Zagreb VIPs'" in raised.value.message
        and "computed attribute 'lead_score'" in raised.value.message
    )
    computed.delete_computed("zagreb_points")
    segments.delete_segment("Zagreb VIPs")
    segments.delete_segment("Zagreb")


def test_a_cycle_through_segments_is_refused(population):
    segments.create_segment("A", {"segment": "Zagreb", "op": "in"})
    with pytest.raises(InvalidCondition) as raised:
        segments.update_segment("Zagreb", {"segment": "A", "op": "in"})
    assert "refers back to itself" in raised.value.message
    assert segments.get_segment("Zagreb").condition == {"field": "city", "op": "equals", "value": "zagreb"}


def test_renaming_a_tag_or_a_segment_rewrites_the_conditions_that_use_them(population):
    segments.create_segment(
        "Local VIPs", {"all": [{"segment": "Zagreb", "op": "in"}, {"tag": "vip", "op": "has"}]}
    )
    before = segments.count_members("Local VIPs")
    tags.rename_tag("vip", "Very important")
    segments.rename_segment("Zagreb", "Capital")
    assert segments.get_segment("Local VIPs").condition == {
        "all": [{"segment": "Capital", "op": "in"}, {"tag": "Very important", "op": "has"}]
    }
    assert segments.count_members("Local VIPs") == before == 2
    score = next(d for d in computed.list_computed() if d["name"] == "lead_score")
    assert score["rules"][0]["condition"] == {"tag": "Very important", "op": "has"}


def test_tag_and_untag_every_member_in_one_step_with_history(population):
    _now, ids = population
    assert segments.tag_members("Zagreb", "Local", source="cli") == 2
    assert segments.tag_members("Zagreb", "local") == 0
    assert load_person(ids["ana"]).tags == ["Local", "vip"]
    assert person_history(ids["mia"])[0].to_dict()["field"] == "tags"
    assert segments.untag_members("Zagreb", "LOCAL") == 2
    assert load_person(ids["mia"]).tags == ["newsletter", "vip"]


def test_members_page_by_keyset_and_filter_person_lists(population):
    _now, ids = population
    segments.create_segment("Everyone but leads", {"not": {"field": "type", "op": "equals", "value": "lead"}})
    first = segments.member_ids("Everyone but leads", limit=2)
    second = segments.member_ids("Everyone but leads", after=first[-1], limit=2)
    third = segments.member_ids("Everyone but leads", after=second[-1], limit=2)
    assert first + second + third == sorted(ids[n] for n in ("mia", "eve", "cedo", "anon"))
    criteria = listing.PersonCriteria(segment="Everyone but leads")
    assert [r.id for r in listing.page_persons(criteria).rows] == sorted(
        ids[n] for n in ("mia", "eve", "cedo")
    )
    assert listing.count_persons(listing.PersonCriteria(segment="zagreb", tag="vip")) == 2


class _Statements(logging.Handler):
    """The SQL statements Peewee sends while attached (it logs each one at DEBUG)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.sent: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.sent.append(str(record.msg[0]) if isinstance(record.msg, tuple) else str(record.msg))


def _sent_by(call) -> tuple[object, list[str]]:
    logger, handler = logging.getLogger("peewee"), _Statements()
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        return call(), handler.sent
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def test_a_count_reads_only_the_catalog_its_condition_names(population):
    now, _ids = population
    leads, sent = _sent_by(
        lambda: segments.count_condition({"field": "type", "op": "equals", "value": "lead"})
    )
    assert leads == 2 and len(sent) == 1 and "COUNT" in sent[0]  # no catalog read, no BEGIN / COMMIT
    vip, sent = _sent_by(lambda: segments.count_condition({"tag": "VIP", "op": "has"}, now=now))
    assert vip == 2 and len(sent) == 2
    assert '"tag"' in sent[0] and not any(t in sent[0] for t in ("attribute_def", "event", "segment"))


def test_explain_says_why_a_person_is_not_a_member(population):
    _now, ids = population
    segments.create_segment(
        "Zagreb buyers",
        {
            "all": [
                {"field": "city", "op": "equals", "value": "Zagreb"},
                {"event": "Purchase", "op": "performed", "min_count": 3, "within_days": 30},
            ]
        },
    )
    member, tree = segments.explain("Zagreb buyers", ids["ivo"])
    assert member is False
    assert tree.lines() == [
        "all of: no",
        '  city equals "Zagreb": no (city is "Split")',
        '  performed "Purchase" at least 3 times in the last 30 days: no (1 time)',
    ]
    member, tree = segments.explain("Zagreb buyers", ids["ana"])
    assert member is True and tree.holds is True


def test_computed_values_show_in_the_person_json_and_cannot_be_set(population):
    _now, ids = population
    data = load_person(ids["ana"]).to_dict()["computed"]
    assert data["purchases_30d"] == 3
    assert data["spend_30d"] == 31.5
    assert data["lead_score"] == 55
    assert data["double_visits"] == 10
    assert data["last_product"] == "Shoes"
    assert load_person(ids["eve"]).to_dict()["computed"]["avg_spend"] is None
    for custom in ({"lead_score": 3}, {"computed:lead_score": 3}):
        with pytest.raises(ReadOnlyAttribute) as raised:
            profiles.update_person(ids["ana"], {"custom": custom})
        assert raised.value.code == "READ_ONLY_ATTRIBUTE"
    with pytest.raises(ReadOnlyAttribute):
        profiles.update_person(ids["ana"], {"computed": {"lead_score": 3}})
    with pytest.raises(DuplicateValue):
        attributes.define_attribute("LEAD_SCORE", "whole")
    with pytest.raises(DuplicateValue):
        computed.define_computed("visits", "formula", {"formula": "1"})


@pytest.mark.parametrize(
    ("kind", "spec", "words"),
    [
        ("formula", {"formula": "{custom:visits} *"}, "the formula ends too early"),
        ("formula", {"formula": "{custom:plan} + 1"}, "{custom:plan} is not a number"),
        ("formula", {"formula": "{birth_date} + 1"}, "dates go inside age() or days_since()"),
        ("formula", {"formula": "__import__('os')"}, "'__import__' is not a function"),
        ("formula", {"formula": "{computed:nope} + 1"}, "there is no computed attribute 'nope'"),
        ("aggregate", {"function": "sum", "event": "Purchase"}, "sum needs the number property"),
        (
            "aggregate",
            {"function": "avg", "event": "Purchase", "property": "product"},
            "avg needs a number property",
        ),
        ("aggregate", {"function": "median", "event": "Purchase"}, "'median' is not one of count"),
        (
            "score",
            {"rules": [{"points": "ten", "condition": {"tag": "vip", "op": "has"}}]},
            "points are a number",
        ),
        (
            "score",
            {"rules": [{"points": 1, "condition": {"tag": "gone", "op": "has"}}]},
            "rules[0].condition.tag",
        ),
    ],
)
def test_a_bad_computed_definition_is_refused(population, kind, spec, words):
    with pytest.raises(InvalidCondition) as raised:
        computed.define_computed("bad", kind, spec)
    assert words in raised.value.message
    assert all(d["name"] != "bad" for d in computed.list_computed())


def test_a_computed_attribute_cannot_refer_to_itself_through_a_segment(population):
    segments.create_segment("High", {"field": "computed:lead_score", "op": "greater_than", "value": 10})
    computed.define_computed(
        "high_points", "score", {"rules": [{"points": 1, "condition": {"segment": "High", "op": "in"}}]}
    )
    with pytest.raises(InvalidCondition) as raised:
        segments.update_segment("High", {"field": "computed:high_points", "op": "greater_than", "value": 0})
    assert "refers back to itself" in raised.value.message
    assert segments.count_members("High") == 2
