"""The command line of events, tracking, identity and merging: exact forms, JSON shapes, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tui.main import main

BIN = Path(sys.executable).parent


@pytest.fixture
def cli(tmp_path, capsys):
    """Run ``profiles --db <fresh db> ... --json``; returns (exit code, parsed stdout)."""
    url = f"sqlite:///{tmp_path / 't.db'}"

    def run(*args: str, json_mode: bool = True):
        code = main(["--db", url, *args] + (["--json"] if json_mode else []))
        out, _err = capsys.readouterr()
        return code, (json.loads(out) if json_mode else out)

    return run


def test_define_list_templates_and_enable(cli):
    code, info = cli(
        "events", "define", "AddedToWishlist", "--description", "Saved for later",
        "--prop", "productId:text", "--prop", "price:decimal?",
    )  # fmt: skip
    assert code == 0
    assert (info["name"], info["kind"], info["description"]) == (
        "AddedToWishlist",
        "custom",
        "Saved for later",
    )
    assert [(p["name"], p["type"], p["required"]) for p in info["properties"]] == [
        ("productId", "text", True),
        ("price", "decimal", False),
    ]
    code, error = cli("events", "define", "Bad", "--prop", "Price:decimal")
    assert code == 1 and error["error"]["code"] == "INVALID_VALUE" and "Price" in error["error"]["message"]
    code, sets = cli("events", "templates")
    assert [s["name"] for s in sets] == ["ecommerce", "delivery", "banking", "insurance"]
    assert not any(s["enabled"] for s in sets)
    code, enabled = cli("events", "enable-template", "insurance")
    assert code == 0 and enabled["template"] == "insurance"
    assert "ClaimSubmitted" in [e["name"] for e in enabled["events"]]
    code, listed = cli("events", "list")
    names = [d["name"] for d in listed]
    assert {"AddedToWishlist", "PolicyPurchased", "SessionStarted", "SessionEnded"} <= set(names)
    assert cli("events", "enable-template", "gaming")[1]["error"]["code"] == "NOT_FOUND"


def test_record_by_every_finder_and_the_timeline(cli):
    cli("events", "enable-template", "ecommerce")
    _, person = cli(
        "persons", "add", "--email", "ana@example.com", "--phone", "+385911234567", "--external-id", "C-1"
    )
    pid = str(person["id"])
    finders = [
        ("--person", pid),
        ("--email", "ANA@example.com"),
        ("--phone", "+385 91 123 4567"),
        ("--external-id", "C-1"),
    ]
    for i, (flag, value) in enumerate(finders):
        code, event = cli(
            "events", "record", "OrderCompleted", flag, value, "--at", f"2026-03-0{i + 1}T10:00:00+02:00",
            "--prop", f"orderId=O-{i}", "--prop", "orderTotal=19.90", "--prop", "currency=EUR",
            "--prop", "itemCount=2",
        )  # fmt: skip
        assert code == 0, event
        assert event["person_id"] == person["id"] and event["at"] == f"2026-03-0{i + 1}T08:00:00+00:00"
    code, timeline = cli("events", "timeline", pid, "--limit", "3")
    assert code == 0
    assert [e["properties"]["orderId"] for e in timeline] == ["O-3", "O-2", "O-1"]
    assert timeline[0] == {
        "event": "OrderCompleted",
        "at": "2026-03-04T08:00:00+00:00",
        "properties": {"orderId": "O-3", "orderTotal": "19.90", "currency": "EUR", "itemCount": 2},
    }
    for args in (("--email", "ana@example.com"), ("--phone", "+385911234567"), ("--external-id", "C-1")):
        assert len(cli("events", "timeline", *args)[1]) == 4
    code, days = cli("events", "activity", pid, "--days", "3")
    assert code == 0 and [d["count"] for d in days] == [0, 0, 0]


def test_wrong_property_type_exits_1_and_stores_nothing(cli):
    cli("events", "define", "Paid", "--prop", "amount:decimal")
    cli("persons", "add", "--email", "ana@example.com")
    code, error = cli("events", "record", "Paid", "--person", "1", "--prop", "amount=lots")
    assert code == 1
    assert error["error"]["code"] == "INVALID_VALUE" and error["error"]["field"] == "amount"
    assert "'amount' (Decimal number)" in error["error"]["message"] and "'lots'" in error["error"]["message"]
    assert cli("events", "timeline", "1")[1] == []
    assert cli("events", "record", "Paid", "--prop", "amount=1")[0] == 2  # no person given: usage
    assert cli("events", "record", "Paid", "--person", "7", "--prop", "amount=1")[1]["error"]["code"] == (
        "PROFILE_NOT_FOUND"
    )


def test_track_identify_and_the_anonymous_profile(cli):
    cli("events", "enable-template", "ecommerce")
    code, tracked = cli(
        "track",
        "--anonymous-id",
        "web-1",
        "ProductViewed",
        "--prop",
        "productId=p1",
        "--prop",
        "productName=Hat",
    )
    assert code == 0 and tracked["created"] is True
    anonymous = tracked["person_id"]
    assert cli("persons", "get", str(anonymous))[1]["type"] == "anonymous"
    cli("persons", "add", "--email", "ana@example.com", "--type", "lead", "--first-name", "Ana")
    code, result = cli(
        "identify", "--anonymous-id", "web-1", "--email", "ana@example.com", "--phone", "+385911234567"
    )
    assert code == 0 and result["outcome"] == "merged_into_lead" and result["merge_id"] == 1
    assert result["person"]["phones"] == ["+385911234567"] and result["person"]["type"] == "lead"
    assert [e["event"] for e in cli("events", "timeline", "--anonymous-id", "web-1")[1]] == ["ProductViewed"]
    code, error = cli("persons", "get", str(anonymous))
    assert code == 1 and error["error"]["code"] == "PROFILE_NOT_FOUND"
    assert f"was merged into person {result['person']['id']} (merge #1)" in error["error"]["message"]
    code, verified = cli("identify", "--anonymous-id", "web-1", "--email", "ana@example.com", "--verified")
    assert (verified["outcome"], verified["person"]["type"]) == ("lead_promoted", "customer")
    assert cli("identify", "--anonymous-id", "web-2")[0] == 2


def test_device_install_login_logout(cli):
    code, installed = cli("device", "install", "--push-id", "tok-1", "--platform", "android")
    assert code == 0 and installed["outcome"] == "installed"
    assert installed["person"]["type"] == "lead"
    assert installed["person"]["push_registrations"] == [{"id": "tok-1", "platform": "android"}]
    code, login = cli(
        "device", "login", "--push-id", "tok-1", "--email", "ana@example.com", "--first-name", "Ana"
    )
    assert (login["outcome"], login["person"]["type"], login["person"]["first_name"]) == (
        "installation_promoted",
        "customer",
        "Ana",
    )
    code, logout = cli("device", "logout", "--push-id", "tok-1")
    assert logout["outcome"] == "logged_out" and logout["person"]["id"] != login["person"]["id"]
    assert cli("device", "install", "--push-id", "tok-2", "--platform", "windows")[0] == 2
    assert cli("device", "logout", "--push-id", "nope")[1]["error"]["code"] == "PROFILE_NOT_FOUND"


def test_merge_unmerge_and_duplicates(cli):
    cli("events", "define", "Visit")
    cli("persons", "add", "--first-name", "Ana", "--last-name", "Horvat", "--birth-date", "1990-02-03",
        "--email", "a@example.com", "--type", "lead", "--tag", "news")  # fmt: skip
    cli("persons", "add", "--first-name", "Ana", "--last-name", "Horvat", "--birth-date", "1990-02-03",
        "--phone", "+385911234567", "--tag", "vip", "--city", "Split")  # fmt: skip
    cli("events", "record", "Visit", "--person", "1")
    cli("events", "record", "Visit", "--person", "2")
    code, found = cli("persons", "duplicates")
    assert code == 0
    assert found == [
        {"persons": [1, 2], "rule": "name_birth_date", "reason": found[0]["reason"], "score": 0.95}
    ]
    code, plan = cli("persons", "merge", "1", "2", "--dry-run")
    assert code == 0 and plan["kept"] == 1 and plan["type"] == "customer"
    code, merged = cli("persons", "merge", "1", "2", "--keep", "city=1")
    assert code == 0 and set(merged) == {"merge_id", "person"}
    person = merged["person"]
    assert (person["id"], person["type"], person["city"]) == (1, "customer", None)
    assert (person["emails"], person["phones"], person["tags"]) == (
        ["a@example.com"],
        ["+385911234567"],
        ["news", "vip"],
    )
    assert len(cli("events", "timeline", "1")[1]) == 2
    history = cli("history", "1")[1]
    assert any(e["source"] == f"merge #{merged['merge_id']}" and e["field"] == "merged" for e in history)
    code, error = cli("persons", "get", "2")
    assert code == 1 and "merged into person 1" in error["error"]["message"]
    assert cli("persons", "duplicates")[1] == []
    assert cli("persons", "merges")[1][0]["merged"] == [2]
    code, undone = cli("persons", "unmerge", str(merged["merge_id"]))
    assert code == 0 and [p["id"] for p in undone["persons"]] == [1, 2]
    assert cli("persons", "get", "2")[1]["city"] == "Split"
    assert cli("persons", "unmerge", str(merged["merge_id"]))[1]["error"]["code"] == "IN_USE"
    assert cli("persons", "merge", "1", "2", "--keep", "city=x")[0] == 2
    assert cli("persons", "merge", "1")[1]["error"]["code"] == "INVALID_VALUE"


def test_text_output_and_the_installed_script(tmp_path):
    url = f"sqlite:///{tmp_path / 't.db'}"
    run = [str(BIN / "profiles"), "--db", url]
    subprocess.run(
        [*run, "events", "define", "Visit", "--prop", "page:text"], check=True, capture_output=True
    )
    subprocess.run(
        [*run, "persons", "add", "--first-name", "Ana\x1b[2J", "--email", "a@example.com"],
        check=True,
        capture_output=True,
    )
    record = subprocess.run(
        [*run, "events", "record", "Visit", "--person", "1", "--prop", "page=/x\x1b[31m"],
        capture_output=True,
        text=True,
    )
    assert record.returncode == 0 and "Recorded Visit for person 1" in record.stdout
    shown = subprocess.run([*run, "events", "timeline", "1"], capture_output=True, text=True)
    assert shown.returncode == 0 and "Visit" in shown.stdout and "\x1b" not in shown.stdout
    for args in (
        ["events", "list"],
        ["events", "templates"],
        ["persons", "duplicates"],
        ["events", "activity", "1"],
    ):
        result = subprocess.run([*run, *args], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_edit_a_custom_event_and_the_recent_events_of_every_person(cli):
    cli("events", "define", "Viewed", "--prop", "page:text")
    code, info = cli(
        "events", "edit", "viewed", "--description", "A page", "--prop", "page:text", "--prop", "ref:text?"
    )
    assert code == 0 and info["description"] == "A page"
    assert [(p["name"], p["required"]) for p in info["properties"]] == [("page", True), ("ref", False)]
    code, error = cli("events", "edit", "Viewed", "--prop", "ref:text?")
    assert (
        code == 1
        and "'page'" in error["error"]["message"]
        and "cannot be removed" in error["error"]["message"]
    )
    _, ana = cli("persons", "add", "--first-name", "Ana", "--email", "ana@example.com")
    for day in ("2026-03-01", "2026-03-02", "2026-03-03"):
        cli(
            "events",
            "record",
            "Viewed",
            "--person",
            str(ana["id"]),
            "--at",
            f"{day}T10:00:00Z",
            "--prop",
            f"page=/{day}",
        )
    code, rows = cli("events", "recent", "--until", "2026-03-02", "--limit", "5")
    assert code == 0
    assert [(r["at"], r["event"], r["person_id"], r["person"], r["properties"]) for r in rows] == [
        ("2026-03-02T10:00:00+00:00", "Viewed", ana["id"], "Ana", {"page": "/2026-03-02"}),
        ("2026-03-01T10:00:00+00:00", "Viewed", ana["id"], "Ana", {"page": "/2026-03-01"}),
    ]
    code, error = cli("events", "recent", "--since", "soon")
    assert code == 1 and error["error"]["field"] == "since"
    code, text = cli("events", "recent", "--event", "viewed", json_mode=False)
    assert code == 0 and "2026-03-03 10:00:00" in text and "Ana (" in text
