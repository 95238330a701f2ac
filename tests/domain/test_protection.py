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
    APP,
    APP_DEVICE,
    CHATBOT,
    CLI,
    CONSOLE,
    CUSTOMER_IMPORT,
    EMAIL,
    FORM,
    FORM_CHANNEL,
    INBOX,
    JOB,
    LEAD_IMPORT,
    SMS,
    SOURCES,
    TRACKING,
    VERIFIED_IDENTIFY,
    WHATSAPP,
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
    # the integration channels (SPEC 8): chatbot, inbox and app verified, job explicit,
    # form, SMS, WhatsApp and email untrusted
    (CHATBOT,           L,       Y,    Y,   Y,   Y,       L,    C,    L,    L),
    (CHATBOT,           C,       Y,    Y,   Y,   Y,       C,    C,    C,    C),
    (CHATBOT,           A,       Y,    Y,   Y,   Y,       A,    A,    A,    A),
    (CHATBOT,           ANON,    Y,    Y,   Y,   Y,       L,    C,    ANON, ANON),
    (INBOX,             L,       Y,    Y,   Y,   Y,       L,    C,    L,    L),
    (INBOX,             C,       Y,    Y,   Y,   Y,       C,    C,    C,    C),
    (INBOX,             A,       Y,    Y,   Y,   Y,       A,    A,    A,    A),
    (INBOX,             ANON,    Y,    Y,   Y,   Y,       L,    C,    ANON, ANON),
    (APP,               L,       Y,    Y,   Y,   Y,       L,    C,    L,    L),
    (APP,               C,       Y,    Y,   Y,   Y,       C,    C,    C,    C),
    (APP,               A,       Y,    Y,   Y,   Y,       A,    A,    A,    A),
    (APP,               ANON,    Y,    Y,   Y,   Y,       L,    C,    ANON, ANON),
    (JOB,               L,       Y,    Y,   Y,   Y,       L,    C,    A,    L),
    (JOB,               C,       Y,    Y,   Y,   Y,       L,    C,    A,    C),
    (JOB,               A,       Y,    Y,   Y,   Y,       L,    C,    A,    A),
    (JOB,               ANON,    Y,    Y,   Y,   Y,       L,    C,    A,    ANON),
    (FORM_CHANNEL,      L,       Y,    Y,   Y,   Y,       L,    L,    L,    L),
    (FORM_CHANNEL,      C,       Y,    N,   Y,   N,       C,    C,    C,    C),
    (FORM_CHANNEL,      A,       Y,    N,   Y,   N,       A,    A,    A,    A),
    (FORM_CHANNEL,      ANON,    Y,    Y,   Y,   Y,       L,    ANON, ANON, ANON),
    (SMS,               L,       Y,    Y,   Y,   Y,       L,    L,    L,    L),
    (SMS,               C,       Y,    N,   Y,   N,       C,    C,    C,    C),
    (SMS,               A,       Y,    N,   Y,   N,       A,    A,    A,    A),
    (SMS,               ANON,    Y,    Y,   Y,   Y,       L,    ANON, ANON, ANON),
    (WHATSAPP,          L,       Y,    Y,   Y,   Y,       L,    L,    L,    L),
    (WHATSAPP,          C,       Y,    N,   Y,   N,       C,    C,    C,    C),
    (WHATSAPP,          A,       Y,    N,   Y,   N,       A,    A,    A,    A),
    (WHATSAPP,          ANON,    Y,    Y,   Y,   Y,       L,    ANON, ANON, ANON),
    (EMAIL,             L,       Y,    Y,   Y,   Y,       L,    L,    L,    L),
    (EMAIL,             C,       Y,    N,   Y,   N,       C,    C,    C,    C),
    (EMAIL,             A,       Y,    N,   Y,   N,       A,    A,    A,    A),
    (EMAIL,             ANON,    Y,    Y,   Y,   Y,       L,    ANON, ANON, ANON),
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


@pytest.mark.parametrize(
    ("name", "history", "trust"),
    [
        ("api", "api", protection.Trust.EXPLICIT),
        ("job", "job", protection.Trust.EXPLICIT),
        ("chatbot", "chatbot", protection.Trust.VERIFIED),
        ("inbox", "inbox", protection.Trust.VERIFIED),
        ("app", "app", protection.Trust.VERIFIED),
        ("form", "form", protection.Trust.UNTRUSTED),
        ("sms", "sms", protection.Trust.UNTRUSTED),
        ("whatsapp", "whatsapp", protection.Trust.UNTRUSTED),
        ("email", "email", protection.Trust.UNTRUSTED),
        ("viber", "channel:viber", protection.Trust.UNTRUSTED),
        ("web-chat_2", "channel:web-chat_2", protection.Trust.UNTRUSTED),
    ],
)
def test_each_channel_has_its_row_and_a_caller_given_name_is_untrusted(name, history, trust):
    source = protection.channel_source(name)
    assert (source.history, source.trust) == (history, trust)


@pytest.mark.parametrize("name", ["", "Viber", "9lives", "web chat", "x" * 33, "chat\n", "čet", "channel:x"])
def test_an_unsafe_channel_name_is_refused(name):
    assert not protection.is_channel_name(name)
    with pytest.raises(ValueError):
        protection.channel_source(name)


@pytest.mark.parametrize(
    ("source", "asked", "created"),
    [
        (API, None, C), (API, L, L), (API, A, A), (JOB, None, C),
        (CHATBOT, None, C), (INBOX, L, L), (CHATBOT, A, C),
        (FORM_CHANNEL, None, L), (SMS, C, L), (protection.channel_source("viber"), None, L),
    ],
)  # fmt: skip
def test_the_type_of_a_profile_a_channel_creates(source, asked, created):
    assert protection.new_profile_type(source, asked) == created
