"""Data-quality counts for the audit view: missing contacts, types, countries, recent, odd values.

Every figure is one aggregate query (a scan at worst: about half a second at a million
persons), so the console runs them in a worker. Anonymous visitors have no contacts by
design; the contact counts leave them out. "Invalid-looking" values are values the rules
accept but that a person reviewing data would want to see: emails on reserved test
domains, names holding digits or control characters, birth dates in the future or before
1900, and profiles close to the 100-contact limit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import peewee

from .contact_rules import MAX_CONTACTS
from .db import is_postgres
from .models import Contact, Person, utcnow
from .person_query import count_by_type

NEAR_LIMIT = MAX_CONTACTS - 10
RESERVED_DOMAINS = (
    ".invalid",
    ".example",
    ".test",
    ".localhost",
    "@example.com",
    "@example.net",
    "@example.org",
)
NAME_COLUMNS = ("first_name", "last_name", "middle_name", "nickname")


@dataclass(frozen=True)
class Finding:
    """One data-quality figure: what it counts, how many, and a key a screen can act on."""

    key: str
    label: str
    count: int


@dataclass
class AuditReport:
    """Every figure of the audit view."""

    total: int
    by_type: dict[str, int]
    contacts: list[Finding] = field(default_factory=list)
    recent: list[Finding] = field(default_factory=list)
    by_country: list[tuple[str | None, int]] = field(default_factory=list)
    suspicious: list[Finding] = field(default_factory=list)


def _count(query: peewee.ModelSelect) -> int:
    return int(query.select(peewee.fn.COUNT(peewee.SQL("*"))).scalar() or 0)


def _has(kind: str | None) -> peewee.Expression:
    sub = Contact.select(peewee.SQL("1")).where(Contact.person == Person.id)
    if kind is not None:
        sub = sub.where(Contact.kind == kind)
    return peewee.fn.EXISTS(sub)


def contact_findings() -> list[Finding]:
    """Non-anonymous persons without any contact, without an email, without a phone, near the limit."""
    known = Person.select().where(Person.type != "anonymous")
    near = (
        Contact.select(Contact.person)
        .group_by(Contact.person)
        .having(peewee.fn.COUNT(peewee.SQL("*")) >= NEAR_LIMIT)
    )
    return [
        Finding("no_contact", "without any contact", _count(known.where(~_has(None)))),
        Finding("no_email", "without an email", _count(known.where(~_has("email")))),
        Finding("no_phone", "without a phone", _count(known.where(~_has("phone")))),
        Finding("near_limit", f"with {NEAR_LIMIT}+ contacts (limit {MAX_CONTACTS})", near.count()),
    ]


def recent_findings(now: dt.datetime | None = None) -> list[Finding]:
    """Persons created in the last 7 and 30 days before ``now`` (naive UTC, default now)."""
    moment = now or utcnow()
    return [
        Finding(
            f"created_{days}",
            f"created in the last {days} days",
            _count(Person.select().where(Person.created_at >= moment - dt.timedelta(days=days))),
        )
        for days in (7, 30)
    ]


def by_country(limit: int = 12) -> list[tuple[str | None, int]]:
    """Persons per country (None: not set), largest first, at most ``limit`` rows."""
    n = peewee.fn.COUNT(peewee.SQL("*"))
    query = (
        Person.select(Person.country, n)
        .where(Person.type != "anonymous")
        .group_by(Person.country)
        .order_by(n.desc(), Person.country)
        .limit(limit)
    )
    return [(country, int(count)) for country, count in query.tuples()]


def _name_matches(pattern_pg: str, glob_sqlite: str) -> peewee.Expression:
    """Any name column matching a regular expression (PostgreSQL) or a GLOB (SQLite)."""
    tests = []
    for column in NAME_COLUMNS:
        field_ = getattr(Person, column)
        if is_postgres():
            tests.append(peewee.Expression(field_, "~", pattern_pg))
        else:
            tests.append(peewee.Expression(field_, "GLOB", glob_sqlite))
    expression = tests[0]
    for test in tests[1:]:
        expression = expression | test
    return expression


def suspicious_findings(now: dt.datetime | None = None) -> list[Finding]:
    """Values the rules accept but that look wrong."""
    today = (now or utcnow()).date()
    reserved = Contact.select(Contact.person).where(Contact.kind == "email")
    test = None
    for ending in RESERVED_DOMAINS:
        clause = Contact.value.endswith(ending)
        test = clause if test is None else test | clause
    reserved = reserved.where(test).distinct()
    controls = "".join(chr(c) for c in range(1, 32)) + chr(127)
    return [
        Finding("reserved_email", "with an email on a test domain (example, .invalid...)", reserved.count()),
        Finding("name_digits", "with a digit in a name", _count(Person.select().where(_name_matches("[0-9]", "*[0-9]*")))),
        Finding(
            "name_control",
            "with a control character in a name",
            _count(Person.select().where(_name_matches("[[:cntrl:]]", f"*[{controls}]*"))),
        ),
        Finding(
            "birth_date",
            "with a birth date in the future or before 1900",
            _count(
                Person.select().where(
                    (Person.birth_date > today) | (Person.birth_date < dt.date(1900, 1, 1))
                )
            ),
        ),
    ]  # fmt: skip


def audit_report(now: dt.datetime | None = None) -> AuditReport:
    """Every figure of the audit view (``now``: the reference for "recent", default the current time)."""
    by_type = count_by_type()
    return AuditReport(
        total=sum(by_type.values()),
        by_type=by_type,
        contacts=contact_findings(),
        recent=recent_findings(now),
        by_country=by_country(),
        suspicious=suspicious_findings(now),
    )
