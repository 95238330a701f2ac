"""A small known population for segment tests: every kind of value, tag, contact and event.

``build(now)`` fills the open store and returns ``{short name: person id}``. Times are
relative to ``now`` (naive UTC), so relative conditions have known answers.
"""

from __future__ import annotations

import datetime as dt

import peewee

from store import attributes, companies
from store.events import definitions, recording
from store.models import Person
from store.persons import profiles
from store.segments import computed, segments

NAMES = ("ana", "ivo", "mia", "eve", "cedo", "anon")


def build(now: dt.datetime) -> dict[str, int]:
    """Fill the store with the population; returns the ids by short name."""
    today = now.date()
    for name, type_ in (
        ("visits", "whole"),
        ("plan", "text"),
        ("ltv", "decimal"),
        ("opted", "boolean"),
        ("signup", "date"),
        ("last_login", "datetime"),
        ("prefs", "list"),
    ):
        attributes.define_attribute(name, type_)
    attributes.define_attribute("employees", "whole", entity="company")
    companies.create_company({"name": "Acme", "industry": "Retail", "custom": {"employees": 50}})
    companies.create_company({"name": "Beta", "industry": "Software", "custom": {"employees": 5}})
    definitions.define_event("Purchase", properties=["amount:decimal", "product:text?", "gift:boolean?"])
    definitions.define_event("PageView", properties=["url:text?"])
    birthday_soon = dt.date(1990, today.month, today.day) + dt.timedelta(days=3)
    people = {
        "ana": {
            "type": "lead",
            "first_name": "Ana",
            "last_name": "Horvat",
            "city": "Zagreb",
            "country": "HR",
            "gender": "female",
            "birth_date": birthday_soon.isoformat(),
            "emails": ["ana@example.com"],
            "phones": ["+385911234567"],
            "tags": ["vip"],
            "company": "Acme",
            "custom": {
                "visits": 5,
                "plan": "Gold",
                "ltv": "120.50",
                "opted": True,
                "signup": (today - dt.timedelta(days=10)).isoformat(),
                "last_login": (now - dt.timedelta(hours=5)).replace(microsecond=0).isoformat() + "Z",
                "prefs": [{"channel": "sms"}],
            },
        },
        "ivo": {
            "type": "lead",
            "first_name": "Ivo",
            "city": "Split",
            "country": "HR",
            "gender": "male",
            "birth_date": "1985-01-15" if (today.month, today.day) > (1, 25) else "1985-06-15",
            "phones": ["+385981112223"],
            "tags": ["newsletter"],
            "company": "Beta",
            "custom": {"visits": 1, "plan": "silver", "ltv": "9.5", "opted": False},
        },
        "mia": {
            "type": "customer",
            "first_name": "Mia",
            "city": "zagreb",
            "country": "DE",
            "emails": ["mia@example.de"],
            "phones": ["+4915112345678"],
            "tags": ["vip", "newsletter"],
            "custom": {"visits": 12, "signup": (today - dt.timedelta(days=400)).isoformat()},
        },
        "eve": {
            "type": "agent",
            "first_name": "Eve",
            "birth_date": "2000-02-29",
            "emails": ["eve@example.com"],
        },
        "cedo": {"type": "customer", "first_name": "Čedo", "city": "ČAKOVEC", "country": "HR"},
    }
    ids = {name: profiles.create_person(data, source="api").id for name, data in people.items()}
    anon = profiles.create_person({"nickname": "visitor"}, source="api").id
    Person.update(type="anonymous").where(Person.id == anon).execute()
    ids["anon"] = anon
    events = [
        ("ana", "Purchase", {"amount": "10.5", "product": "Shoes"}, now - dt.timedelta(days=1)),
        ("ana", "Purchase", {"amount": "10.5", "gift": True}, now - dt.timedelta(days=2)),
        ("ana", "Purchase", {"amount": "10.5"}, now - dt.timedelta(days=3)),
        ("ana", "PageView", {"url": "/home"}, now - dt.timedelta(days=40)),
        ("ivo", "Purchase", {"amount": "100", "product": "Laptop"}, now - dt.timedelta(days=10)),
        ("mia", "Purchase", {"amount": "5"}, now - dt.timedelta(days=100)),
        ("mia", "Purchase", {"amount": "7.5", "product": "socks"}, now - dt.timedelta(days=1)),
        ("anon", "PageView", {"url": "/pricing"}, now - dt.timedelta(hours=2)),
    ]
    for who, event, properties, at in events:
        recording.record_event(ids[who], event, properties, at=at)
    segments.create_segment("Zagreb", {"field": "city", "op": "equals", "value": "zagreb"})
    computed.define_computed(
        "purchases_30d", "aggregate", {"function": "count", "event": "Purchase", "within_days": 30}
    )
    computed.define_computed(
        "spend_30d",
        "aggregate",
        {"function": "sum", "event": "Purchase", "property": "amount", "within_days": 30},
    )
    computed.define_computed(
        "avg_spend", "aggregate", {"function": "avg", "event": "Purchase", "property": "amount"}
    )
    computed.define_computed(
        "last_product", "aggregate", {"function": "last", "event": "Purchase", "property": "product"}
    )
    computed.define_computed("first_purchase", "aggregate", {"function": "first", "event": "Purchase"})
    computed.define_computed(
        "lead_score",
        "score",
        {
            "rules": [
                {"points": 10, "condition": {"tag": "vip", "op": "has"}},
                {"points": 5, "condition": {"contact": "email", "op": "exists"}},
                {
                    "points": 40,
                    "condition": {"field": "computed:purchases_30d", "op": "greater_than", "value": 2},
                },
            ]
        },
    )
    computed.define_computed("double_visits", "formula", {"formula": "{custom:visits} * 2"})
    computed.define_computed(
        "per_purchase", "formula", {"formula": "{custom:ltv} / {computed:purchases_30d}"}
    )
    computed.define_computed("age", "formula", {"formula": "age({birth_date})"})
    return ids


def all_ids() -> list[int]:
    """Every person id of the store, in order."""
    return [i for (i,) in Person.select(Person.id).order_by(Person.id).tuples()]


def count_all() -> int:
    """Every person."""
    return Person.select(peewee.fn.COUNT(peewee.SQL("*"))).scalar() or 0
