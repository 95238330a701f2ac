"""Data-quality counts for the audit view: missing contacts, types, countries, recent, odd values.

Every figure is a ``Finding`` that carries the ``PersonCriteria`` of the persons it
counts, and is counted by ``persons.listing.count_persons`` on those criteria: the persons
list opened from a figure reports the same number, because it is the same query. A
figure is one aggregate query (a scan at worst: about half a second at a million
persons), so the console runs them in a worker. Anonymous visitors have no contacts by
design; every figure but the counts by type and by creation leaves them out, as the
persons list does. The checks themselves live in ``quality``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import peewee

from .db import tuple_rows
from .fields import PERSON_TYPES
from .models import Person, utcnow
from .persons.listing import NO_COUNTRY, PersonCriteria, count_by_type, count_persons
from .quality import CHECKS

CONTACT_CHECKS = ("no_contact", "no_email", "no_phone", "near_limit")
VALUE_CHECKS = (
    "reserved_email",
    "name_digits",
    "name_control",
    "birth_date",
    "old_email_form",
    "unknown_country",
)
RECENT_DAYS = (7, 30)


@dataclass(frozen=True)
class Finding:
    """One data-quality figure: a key, what it counts, how many, and which persons they are."""

    key: str
    label: str
    count: int
    criteria: PersonCriteria


@dataclass
class AuditReport:
    """Every figure of the audit view."""

    total: int
    types: list[Finding] = field(default_factory=list)
    contacts: list[Finding] = field(default_factory=list)
    recent: list[Finding] = field(default_factory=list)
    countries: list[Finding] = field(default_factory=list)
    suspicious: list[Finding] = field(default_factory=list)

    def findings(self) -> list[Finding]:
        """Every figure, in the order the audit view shows them."""
        return [*self.contacts, *self.recent, *self.types, *self.countries, *self.suspicious]


def _finding(key: str, label: str, criteria: PersonCriteria) -> Finding:
    return Finding(key, label, count_persons(criteria), criteria)


def check_findings(keys: tuple[str, ...], now: dt.datetime | None = None) -> list[Finding]:
    """The figures of these ``quality`` checks (``now`` judges birth dates; default the clock)."""
    today = (now or utcnow()).date()
    return [_finding(key, CHECKS[key], PersonCriteria(check=key, as_of=today)) for key in keys]


def recent_findings(now: dt.datetime | None = None) -> list[Finding]:
    """Persons of every type created in the last 7 and 30 days before ``now`` (naive UTC)."""
    moment = now or utcnow()
    return [
        _finding(
            f"created_{days}",
            f"created in the last {days} days",
            PersonCriteria(types=PERSON_TYPES, created_since=moment - dt.timedelta(days=days)),
        )
        for days in RECENT_DAYS
    ]


def type_findings(by_type: dict[str, int]) -> list[Finding]:
    """Persons of each type, from counts already made (``persons.listing.count_by_type``)."""
    return [
        Finding(
            f"type_{type_}", f"of type {type_.capitalize()}", by_type[type_], PersonCriteria(types=(type_,))
        )
        for type_ in PERSON_TYPES
    ]


def country_findings(limit: int = 12) -> list[Finding]:
    """Persons per country (None: not set), largest first, at most ``limit`` of them.

    One grouped pass; each count is the one ``count_persons`` gives for its criteria.
    """
    n = peewee.fn.COUNT(peewee.SQL("*"))
    query = (
        Person.select(Person.country, n)
        .where(Person.type != "anonymous")
        .group_by(Person.country)
        .order_by(n.desc(), Person.country)
        .limit(limit)
    )
    return [
        Finding(
            f"country_{country or ''}",
            f"from {country}" if country else "without a country",
            int(count),
            PersonCriteria(country=country if country else NO_COUNTRY),
        )
        for country, count in tuple_rows(query)
    ]


def audit_report(now: dt.datetime | None = None) -> AuditReport:
    """Every figure of the audit view (``now``: the reference for "recent", default the current time)."""
    by_type = count_by_type()
    return AuditReport(
        total=sum(by_type.values()),
        types=type_findings(by_type),
        contacts=check_findings(CONTACT_CHECKS, now),
        recent=recent_findings(now),
        countries=country_findings(),
        suspicious=check_findings(VALUE_CHECKS, now),
    )
