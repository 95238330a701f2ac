"""Data-quality checks on persons: the conditions the audit counts and the persons list filters by.

A check is a SQL condition on ``person``. The audit counts the persons that meet it and
the persons list pages through the same persons with the same condition, so a figure on
an audit card is always the number of rows the list then shows. The checks for a missing
contact probe the ``contact (person_id, kind)`` index per person, the near-limit and
test-domain checks make one pass over the contacts, and the others test columns of the
row. "Invalid-looking" values are values the rules accept but that a person reviewing
data would want to see: emails on reserved test domains, names holding digits or
control characters, birth dates in the future or before 1900, profiles close to the
100-contact limit, emails left in their old form by migration 7 (their NFKC form
belongs to another contact: probably the same person twice), and countries that are not
an ISO code (stored before the country rule, and not recognised by migration 9).
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import peewee

from .contact_rules import MAX_CONTACTS
from .countries import known_codes
from .db import db, is_postgres
from .models import Contact, Person

NEAR_LIMIT = MAX_CONTACTS - 10
OLDEST_BIRTH_DATE = dt.date(1900, 1, 1)
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
_CONTROLS = "\x01-\x1f\x7f"  # a GLOB range: three times faster than the 32 characters listed

CHECKS: dict[str, str] = {
    "no_contact": "without any contact",
    "no_email": "without an email",
    "no_phone": "without a phone",
    "near_limit": f"with {NEAR_LIMIT}+ contacts (limit {MAX_CONTACTS})",
    "reserved_email": "with an email on a test domain (example, .invalid...)",
    "name_digits": "with a digit in a name",
    "name_control": "with a control character in a name",
    "birth_date": "with a birth date in the future or before 1900",
    "old_email_form": "with an email in its old form (its NFKC form is another contact)",
    "unknown_country": "with a country that is not an ISO code (stored before the country rule)",
}
"""Every check by key, with what it finds as words that follow "persons"."""


def _has(kind: str | None) -> peewee.Function:
    sub = Contact.select(peewee.SQL("1")).where(Contact.person == Person.id)
    if kind is not None:
        sub = sub.where(Contact.kind == kind)
    return peewee.fn.EXISTS(sub)


def _name_matches(pattern_pg: str, glob_sqlite: str) -> peewee.Expression:
    """Any name column matching a regular expression (PostgreSQL) or a GLOB (SQLite)."""
    tests = []
    for column in NAME_COLUMNS:
        field = getattr(Person, column)
        if is_postgres():
            tests.append(peewee.Expression(field, "~", pattern_pg))
        else:
            tests.append(peewee.Expression(field, "GLOB", glob_sqlite))
    expression = tests[0]
    for test in tests[1:]:
        expression = expression | test
    return expression


def _reserved_email() -> peewee.Expression:
    """Persons holding such an email: one pass over the emails (0.5 s at two million contacts),
    where a test per person walked through the index takes twice as long."""
    ends = None
    for ending in RESERVED_DOMAINS:
        clause = Contact.value.endswith(ending)
        ends = clause if ends is None else ends | clause
    return Person.id.in_(Contact.select(Contact.person).where((Contact.kind == "email") & ends))


def _nfkc(value: str | None) -> str | None:
    return None if value is None else unicodedata.normalize("NFKC", value)


def _old_email_form() -> peewee.Expression:
    """Persons holding an email that is not in today's form: the ones migration 7 left as
    they were because their new form was taken. A stored email was already trimmed and
    lower-cased, so it is in today's form exactly when NFKC leaves it unchanged; only one
    with a character outside printable ASCII can change, so the test reads those alone.
    PostgreSQL has ``normalize`` (a UTF-8 database); SQLite is given Python's as a function."""
    if is_postgres():
        outside_ascii = peewee.Expression(Contact.value, "~", "[^ -~]")
        changed = Contact.value != peewee.fn.normalize(Contact.value, peewee.SQL("NFKC"))
    else:
        db.obj.register_function(_nfkc, "profiles_nfkc", 1, deterministic=True)
        outside_ascii = peewee.Expression(Contact.value, "GLOB", "*[^ -~]*")
        changed = Contact.value != peewee.fn.profiles_nfkc(Contact.value)
    old = Contact.select(Contact.person).where((Contact.kind == "email") & outside_ascii & changed)
    return Person.id.in_(old)


def check_condition(key: str, today: dt.date) -> peewee.Expression:
    """The condition on ``person`` of the check ``key`` (``today`` judges birth dates)."""
    if key == "no_contact":
        return ~_has(None)
    if key == "no_email":
        return ~_has("email")
    if key == "no_phone":
        return ~_has("phone")
    if key == "near_limit":
        crowded = (
            Contact.select(Contact.person)
            .group_by(Contact.person)
            .having(peewee.fn.COUNT(peewee.SQL("*")) >= NEAR_LIMIT)
        )
        return Person.id.in_(crowded)
    if key == "reserved_email":
        return _reserved_email()
    if key == "name_digits":
        return _name_matches("[0-9]", "*[0-9]*")
    if key == "name_control":
        return _name_matches("[[:cntrl:]]", f"*[{_CONTROLS}]*")
    if key == "birth_date":
        return (Person.birth_date > today) | (Person.birth_date < OLDEST_BIRTH_DATE)
    if key == "old_email_form":
        return _old_email_form()
    if key == "unknown_country":
        return Person.country.is_null(False) & Person.country.not_in(sorted(known_codes()))
    raise KeyError(key)
