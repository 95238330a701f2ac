"""What the condition editor offers: every operand of the store, each with the kind it compares."""

from __future__ import annotations

import datetime as dt

import pytest
from segment_population import build

from store.models import utcnow
from store.segments import segments
from store.segments.choices import condition_choices
from store.segments.language import OPERATORS


@pytest.fixture
def population(store_db) -> dict[str, int]:
    return build(utcnow().replace(microsecond=0) + dt.timedelta(minutes=1))


def test_choices_name_every_operand_with_its_kind(population):
    choices = condition_choices()
    fields = dict(choices.fields)
    assert fields["city"] == "text" and fields["birth_date"] == "date" and fields["type"] == "enum"
    assert fields["custom:visits"] == "number" and fields["custom:opted"] == "boolean"
    computed = [name for name in fields if name.startswith("computed:")]
    assert computed and all(fields[name] in OPERATORS for name in computed)
    assert dict(choices.company_fields)["custom:employees"] == "number"
    assert "vip" in choices.tags
    purchase = next(event for event in choices.events if event.name == "Purchase")
    assert purchase.properties["amount"] == "decimal"
    assert choices.segments == ["Zagreb"]
    assert "lead" in choices.values["type"]


def test_each_offered_field_counts_with_its_first_operator(population):
    """Every field the editor offers makes a condition the store accepts."""
    for name, kind in condition_choices().fields:
        op = OPERATORS[kind][-1]  # is_not_empty: takes no value
        assert segments.count_condition({"field": name, "op": op}) >= 0
