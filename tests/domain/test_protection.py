"""The customer protection rule (SPEC 2.4, 5.3, 6.5) as a table: every source, type and field kind.

Pure: no database. Each row is one source and one current type; the columns say whether
the source may fill an empty single-valued field, overwrite (or clear) a set one, add a
contact, remove a contact, and which type the profile has after the source asks for
Lead, Customer, Agent or Anonymous.
"""

from __future__ import annotations

import ast
import inspect

import pytest

from store import protection
from store.fields import NAME_FIELDS, PERSON_TYPES
from store.protection import (
    API,
    APP_DEVICE,
    CLI,
    CONSOLE,
    CUSTOMER_IMPORT,
    FORM,
    LEAD_IMPORT,
    SOURCES,
    TRACKING,
    VERIFIED_IDENTIFY,
)

Y, N = "yes", "no"
L, C, A, ANON = "lead", "customer", "agent", "anonymous"

# fmt: off
TABLE = [
    # source            current  empty set  add  remove   asks: ->lead ->customer ->agent ->anonymous
    (CONSOLE,           L,       Y,    Y,   Y,   Y,       L,    C,    A,    L),
    (CONSOLE,           C,       Y,    Y,   Y,   Y,       L,    C,    A,    C),
    (CONSOLE,           A,       Y,    Y,   Y,   Y,       L,    C,    A,    A),
    (CONSOLE,           ANON,    Y,    Y,   Y,   Y,       L,    C,    A,    ANON),
    (CLI,               L,       Y,    Y,   Y,   Y,       L,    C,    A,    L),
    (CLI,               C,       Y,    Y,   Y,   Y,       L,    C,    A,    C),
    (CLI,               A,       Y,    Y,   Y,   Y,       L,    C,    A,    A),
    (CLI,               ANON,    Y,    Y,   Y,   Y,       L,    C,    A,    ANON),
    (API,               L,       Y,    Y,   Y,   Y,       L,    C,    A,    L),
    (API,               C,       Y,    Y,   Y,   Y,       L,    C,    A,    C),
    (API,               A,       Y,    Y,   Y,   Y,       L,    C,    A,    A),
    (API,               ANON,    Y,    Y,   Y,   Y,       L,    C,    A,    ANON),
    (CUSTOMER_IMPORT,   L,       Y,    Y,   Y,   Y,       L,    C,    L,    L),
    (CUSTOMER_IMPORT,   C,       Y,    Y,   Y,   Y,       C,    C,    C,    C),
    (CUSTOMER_IMPORT,   A,       Y,    Y,   Y,   Y,       A,    A,    A,    A),
    (CUSTOMER_IMPORT,   ANON,    Y,    Y,   Y,   Y,       L,    C,    ANON, ANON),
    (VERIFIED_IDENTIFY, L,       Y,    Y,   Y,   Y,       L,    C,    L,    L),
    (VERIFIED_IDENTIFY, C,       Y,    Y,   Y,   Y,       C,    C,    C,    C),
    (VERIFIED_IDENTIFY, A,       Y,    Y,   Y,   Y,       A,    A,    A,    A),
    (VERIFIED_IDENTIFY, ANON,    Y,    Y,   Y,   Y,       L,    C,    ANON, ANON),
    (APP_DEVICE,        L,       Y,    Y,   Y,   Y,       L,    C,    L,    L),
    (APP_DEVICE,        C,       Y,    Y,   Y,   Y,       C,    C,    C,    C),
    (APP_DEVICE,        A,       Y,    Y,   Y,   Y,       A,    A,    A,    A),
    (APP_DEVICE,        ANON,    Y,    Y,   Y,   Y,       L,    C,    ANON, ANON),
    (LEAD_IMPORT,       L,       Y,    Y,   Y,   Y,       L,    L,    L,    L),
    (LEAD_IMPORT,       C,       Y,    N,   Y,   N,       C,    C,    C,    C),
    (LEAD_IMPORT,       A,       Y,    N,   Y,   N,       A,    A,    A,    A),
    (LEAD_IMPORT,       ANON,    Y,    Y,   Y,   Y,       L,    ANON, ANON, ANON),
    (FORM,              L,       Y,    Y,   Y,   Y,       L,    L,    L,    L),
    (FORM,              C,       Y,    N,   Y,   N,       C,    C,    C,    C),
    (FORM,              A,       Y,    N,   Y,   N,       A,    A,    A,    A),
    (FORM,              ANON,    Y,    Y,   Y,   Y,       L,    ANON, ANON, ANON),
    (TRACKING,          L,       Y,    Y,   Y,   Y,       L,    L,    L,    L),
    (TRACKING,          C,       Y,    N,   Y,   N,       C,    C,    C,    C),
    (TRACKING,          A,       Y,    N,   Y,   N,       A,    A,    A,    A),
    (TRACKING,          ANON,    Y,    Y,   Y,   Y,       L,    ANON, ANON, ANON),
]
# fmt: on


def yes(flag: bool) -> str:
    return Y if flag else N


@pytest.mark.parametrize(
    ("source", "current", "empty", "set_", "add", "remove", "to_lead", "to_customer", "to_agent", "to_anon"),
    TABLE,
    ids=[f"{row[0].name}-{row[1]}" for row in TABLE],
)
def test_what_each_source_may_do_to_each_type(
    source, current, empty, set_, add, remove, to_lead, to_customer, to_agent, to_anon
):
    allowed = protection.decide(source, current)
    assert (
        yes(allowed.may_set(None)),
        yes(allowed.may_set("")),
        yes(allowed.may_set("Ana")),
        yes(allowed.add_contacts),
        yes(allowed.remove_contacts),
    ) == (empty, empty, set_, add, remove)
    after = [allowed.new_type(current, asked) for asked in (L, C, A, ANON)]
    assert after == [to_lead, to_customer, to_agent, to_anon]


def test_the_table_covers_every_source_and_type():
    assert {(row[0], row[1]) for row in TABLE} == {(s, t) for s in SOURCES for t in PERSON_TYPES}
    assert len(TABLE) == len(SOURCES) * len(PERSON_TYPES)
    assert len({s.name for s in SOURCES}) == len(SOURCES)


def test_imports_are_lead_or_customer_sources():
    assert protection.import_source("lead") is LEAD_IMPORT
    assert protection.import_source("customer") is CUSTOMER_IMPORT


CONFIRM_FIELDS = [*NAME_FIELDS, "phone", "email", "type"]
FREE_FIELDS = ["city", "birth_date", "external_id", "company", "custom:score", "tags"]


@pytest.mark.parametrize("person_type", PERSON_TYPES)
def test_the_console_confirms_names_contacts_and_type_of_customers_and_agents(person_type):
    protected = person_type in (C, A)
    assert protection.is_protected(person_type) is protected
    assert [protection.needs_confirmation(person_type, f) for f in CONFIRM_FIELDS] == [protected] * len(
        CONFIRM_FIELDS
    )
    assert not any(protection.needs_confirmation(person_type, f) for f in FREE_FIELDS)


def test_the_rule_touches_no_database():
    tree = ast.parse(inspect.getsource(protection))
    imported = {
        (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported <= {"__future__", "enum", "dataclasses", "fields"}
