"""Random condition trees, valid and not: each is either refused with our validation error
or counts the same in SQL as person by person in Python, on both databases; never another
exception. (Fixed seed and bounded examples in the README's command; see conftest.)"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from segment_population import build

from store.models import Person, utcnow
from store.segments import segments
from store.segments.evaluate import Evaluator, load_facts
from store.segments.language import InvalidCondition

FIELDS = [
    "type",
    "city",
    "country",
    "first_name",
    "gender",
    "birth_date",
    "created_at",
    "custom:visits",
    "custom:plan",
    "custom:ltv",
    "custom:opted",
    "custom:signup",
    "custom:last_login",
    "custom:prefs",
    "computed:purchases_30d",
    "computed:spend_30d",
    "computed:avg_spend",
    "computed:lead_score",
    "computed:double_visits",
    "computed:per_purchase",
    "computed:last_product",
    "computed:first_purchase",
    "computed:age",
    "custom:missing",
    "nope",
]
OPS = [
    "equals",
    "not_equals",
    "contains",
    "starts_with",
    "is_empty",
    "is_not_empty",
    "greater_than",
    "less_than",
    "between",
    "before",
    "after",
    "within_last_days",
    "birthday_within_days",
    "sideways",
]
TEXTS = st.sampled_from(
    ["zagreb", "ZAG", "agr", "Č", "č", "%", "_", "'", "gold", "HR", "lead", "female", "socks", ""]
)
NUMBERS = st.one_of(st.integers(-3, 60), st.sampled_from([0.5, 10.5, 31.5, 120.5]))
DATES = st.sampled_from(["1985-01-15", "1990-06-01", "2000-02-29", "2026-01-01", "2030-12-31", "not a date"])
TIMES = st.sampled_from(["2020-01-01T00:00:00Z", "2026-06-01T12:00:00+02:00", "yesterday"])
VALUES = st.one_of(
    TEXTS,
    NUMBERS,
    DATES,
    TIMES,
    st.booleans(),
    st.none(),
    st.lists(NUMBERS, min_size=2, max_size=2),
    st.lists(DATES, min_size=2, max_size=2),
    st.lists(TEXTS, max_size=3),
)


@st.composite
def field_leaf(draw: st.DrawFn) -> dict[str, Any]:
    leaf: dict[str, Any] = {"field": draw(st.sampled_from(FIELDS)), "op": draw(st.sampled_from(OPS))}
    if draw(st.booleans()):
        leaf["value"] = draw(VALUES)
    if draw(st.integers(0, 3)) == 0:
        leaf["days"] = draw(st.one_of(st.integers(-1, 400), TEXTS))
    return leaf


KINDS = {
    "type": "enum",
    "gender": "enum",
    "city": "text",
    "country": "text",
    "first_name": "text",
    "birth_date": "date",
    "created_at": "datetime",
    "custom:visits": "number",
    "custom:plan": "text",
    "custom:ltv": "number",
    "custom:opted": "boolean",
    "custom:signup": "date",
    "custom:last_login": "datetime",
    "custom:prefs": "list",
    "computed:purchases_30d": "number",
    "computed:spend_30d": "number",
    "computed:avg_spend": "number",
    "computed:lead_score": "number",
    "computed:double_visits": "number",
    "computed:per_purchase": "number",
    "computed:last_product": "text",
    "computed:first_purchase": "datetime",
    "computed:age": "number",
}
KIND_VALUES = {
    "enum": st.sampled_from(["lead", "customer", "anonymous", "male", "female"]),
    "text": TEXTS.filter(bool),
    "number": NUMBERS,
    "boolean": st.booleans(),
    "date": DATES,
    "datetime": TIMES,
    "list": st.none(),
}


@st.composite
def fitting_leaf(draw: st.DrawFn) -> dict[str, Any]:
    """A comparison whose operator fits its attribute (its value may still be wrong)."""
    from store.segments.language import OPERATORS

    name = draw(st.sampled_from(sorted(KINDS)))
    kind = KINDS[name]
    op = draw(st.sampled_from(OPERATORS[kind]))
    leaf: dict[str, Any] = {"field": name, "op": op}
    if op in ("within_last_days", "birthday_within_days"):
        leaf["days"] = draw(st.integers(0, 400))
    elif op == "between":
        leaf["value"] = sorted(draw(st.lists(KIND_VALUES[kind], min_size=2, max_size=2)), key=str)
    elif op not in ("is_empty", "is_not_empty"):
        leaf["value"] = draw(KIND_VALUES[kind])
    return leaf


OTHER_LEAVES = st.one_of(
    st.fixed_dictionaries(
        {
            "tag": st.sampled_from(["vip", "newsletter", "none"]),
            "op": st.sampled_from(["has", "has_not", "is"]),
        }
    ),
    st.fixed_dictionaries(
        {"company": st.sampled_from(["Acme", "Beta", "Zeta"]), "op": st.sampled_from(["is", "is_not"])}
    ),
    st.fixed_dictionaries(
        {
            "company_field": st.sampled_from(["industry", "custom:employees", "bogus"]),
            "op": st.sampled_from(OPS),
            "value": VALUES,
        }
    ),
    st.fixed_dictionaries(
        {
            "contact": st.sampled_from(["email", "phone", "fax"]),
            "op": st.sampled_from(["exists", "not_exists"]),
        }
    ),
    st.fixed_dictionaries(
        {
            "contact": st.just("phone"),
            "op": st.just("country"),
            "value": st.sampled_from(["HR", "DE", "XX", 3]),
        }
    ),
    st.fixed_dictionaries(
        {
            "event": st.sampled_from(["Purchase", "PageView", "Refund"]),
            "op": st.sampled_from(["performed", "not_performed"]),
        },
        optional={
            "min_count": st.integers(-1, 4),
            "max_count": st.one_of(st.integers(0, 4), st.none()),
            "within_days": st.one_of(st.integers(0, 200), st.none()),
            "where": st.fixed_dictionaries(
                {
                    "property": st.sampled_from(["amount", "product", "gift", "colour"]),
                    "op": st.sampled_from(OPS),
                },
                optional={"value": VALUES},
            ),
        },
    ),
    st.fixed_dictionaries(
        {"segment": st.sampled_from(["Zagreb", "Nowhere"]), "op": st.sampled_from(["in", "not_in"])}
    ),
    st.sampled_from([[], "text", 5, {}, {"all": []}, {"any": "x"}]),
)
TREES = st.recursive(
    st.one_of(fitting_leaf(), fitting_leaf(), fitting_leaf(), fitting_leaf(), field_leaf(), OTHER_LEAVES),
    lambda children: st.one_of(
        st.builds(lambda items: {"all": items}, st.lists(children, min_size=1, max_size=3)),
        st.builds(lambda items: {"any": items}, st.lists(children, min_size=1, max_size=3)),
        st.builds(lambda item: {"not": item}, children),
    ),
    max_leaves=8,
)


@pytest.fixture
def population(store_db) -> tuple[dt.datetime, dict[str, int]]:
    now = utcnow().replace(microsecond=0) + dt.timedelta(minutes=1)
    return now, build(now)


@settings(max_examples=max(150, settings.default.max_examples))
@given(tree=TREES)
def test_a_tree_is_refused_or_counts_the_same_in_sql_and_in_python(population, tree):
    now, ids = population
    try:
        node = segments.check_condition(tree)
    except InvalidCondition as error:
        event("refused")
        with pytest.raises(InvalidCondition) as raised:
            segments.count_condition(tree, now=now)
        assert raised.value.message == error.message
        assert error.message.startswith("Condition")
        return
    event("valid")
    where = segments.condition_sql(tree, now=now)
    in_sql = {i for (i,) in Person.select(Person.id).where(where).tuples()}
    evaluator = Evaluator(now)
    in_python = {i for i, facts in load_facts(list(ids.values())).items() if evaluator.holds(node, facts)}
    assert in_sql == in_python
    assert segments.count_condition(tree, now=now) == len(in_sql)
