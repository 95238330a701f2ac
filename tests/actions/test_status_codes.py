"""Every status code an action returns, each from a request that a caller could send.

The storage codes (a full disk, a read-only or failing database, a writer that waited too
long) and ``INTERNAL`` cannot be caused by a request: for those the action is made to
meet the store's error, and the test checks what the caller is told.
"""

from __future__ import annotations

import pytest

from store import actions, errors
from store.actions import contract, dispatch
from store.attributes import define_attribute
from store.events.identity import track
from store.persons import profiles

ANA = {"phone": "+385911234567"}


@pytest.fixture
def known(store_db):
    define_attribute("tier", "text")
    ana = profiles.create_person(
        {"phones": ["+385911234567"], "emails": ["ana@example.com"], "external_id": "A-1"}
    )
    ivo = profiles.create_person({"emails": ["ivo@example.com"], "external_id": "I-2"})
    return ana, ivo


REQUESTS = {
    "SUCCESS": ("has_tag", {"identify_by": ANA, "tags": ["vip"]}),
    "INVALID_REQUEST": ("upsert_person", {"attributes": {"first_name": "Ana"}}),
    "PROFILE_NOT_FOUND": ("get_information", {"identify_by": {"phone": "+385917654321"}, "attributes": []}),
    "NOT_FOUND": ("get_information", {"identify_by": ANA, "attributes": ["custom:nope"]}),
    "INVALID_VALUE": ("upsert_person", {"identify_by": {"phone": "12"}, "attributes": {}}),
    "INCOMPATIBLE_TYPE": (
        "get_information",
        {"identify_by": ANA, "attributes": ["custom:tier"], "as": {"custom:tier": {"type": "Number"}}},
    ),
    "READ_ONLY_ATTRIBUTE": (
        "upsert_person",
        {"identify_by": ANA, "attributes": {"modified_at": "2026-01-01"}},
    ),
    "DUPLICATE_CONTACT": ("upsert_person", {"identify_by": ANA, "attributes": {"email": "ivo@example.com"}}),
    "DUPLICATE_VALUE": ("upsert_person", {"identify_by": ANA, "attributes": {"external_id": "I-2"}}),
    "CONFLICT": (
        "identify",
        {
            "anonymous_id": "dev-1",
            "identify_by": ANA,
            "attributes": {"email": "ivo@example.com"},
            "verified": True,
        },
    ),
    "LIMIT_EXCEEDED": (
        "upsert_person",
        {"identify_by": {"external_id": "FULL"}, "attributes": {"email": "one-more@example.com"}},
    ),
}
RAISED = {
    "BUSY": errors.DatabaseBusy("The database is busy.", field="db"),
    "STORAGE_ERROR": errors.StorageError("The database could not store it.", field="db"),
    "STORAGE_FULL": errors.StorageFull("The disk is full.", field="db"),
    "READ_ONLY": errors.ReadOnlyDatabase("The database is read-only.", field="db"),
    "IO_ERROR": errors.StorageIOError("The disk failed.", field="db"),
    "INTERNAL": RuntimeError("a bug"),
}


def test_every_status_code_has_a_case():
    assert set(REQUESTS) | set(RAISED) == set(contract.STATUS_CODES)


def test_every_store_error_an_action_can_meet_has_a_status():
    codes = {cls.code for cls in _subclasses(errors.ProfilesError)}
    # no action deletes, asks to confirm, opens the store, takes import options or runs an import
    never = {"ERROR", "IN_USE", "CONFIRMATION_REQUIRED", "SCHEMA_TOO_NEW", "USAGE", "FAILED"}
    assert codes - never <= set(contract.STATUS_CODES)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


@pytest.mark.parametrize("status", list(REQUESTS))
def test_a_request_gets_its_status(known, status):
    track("dev-1", "SessionStarted", {"channel": "chatbot", "sessionId": "s"})
    profiles.create_person({"external_id": "FULL", "emails": [f"e{i}@example.com" for i in range(100)]})
    before = profiles.get_person(known[0].id)
    name, args = REQUESTS[status]
    result = actions.run(name, args)
    assert result.status == status, result
    if status != "SUCCESS":
        assert result.message and result.data == {}
        assert profiles.get_person(known[0].id) == before, "a refusal writes nothing"
    out = result.to_dict()
    assert out["status"] == status and set(out) >= {"status", "data", "message"}


@pytest.mark.parametrize("status", list(RAISED))
def test_a_store_failure_gets_its_status(known, monkeypatch, status):
    def failing(_args):
        raise RAISED[status]

    monkeypatch.setitem(dispatch.ACTIONS, "add_tags", failing)
    result = actions.run("add_tags", {"identify_by": ANA, "tags": ["vip"]})
    assert result.status == status
    if status == "INTERNAL":
        assert "RuntimeError" in result.message and "bug" in result.message
    else:
        assert result.message == RAISED[status].message
