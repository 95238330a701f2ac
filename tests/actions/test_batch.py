"""``profiles batch`` and ``profiles action``: one result line per input line, in order,
flushed as each group commits, never waiting for input to complete a group."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from pathlib import Path

import pytest

from store import actions
from store.actions import dispatch
from store.errors import InvalidValue
from store.persons import profiles
from tui.main import main

BIN = Path(sys.executable).parent
PHONE = "+385911234567"
UPSERT = {
    "action": "upsert_person",
    "args": {"identify_by": {"phone": PHONE}, "attributes": {"first_name": "Ana"}},
}


def line(value) -> str:
    return value if isinstance(value, str) else json.dumps(value)


STREAM = [
    line({**UPSERT, "id": 1}),
    "{not json",
    line({"action": "fly", "args": {}, "id": "x"}),
    line({"action": "add_tags", "args": {"identify_by": {"phone": PHONE}, "tags": "vip"}, "id": 4}),
    line({"action": "add_tags", "args": {"identify_by": {"phone": PHONE}, "tags": ["vip"]}}),
    "",
    "[1, 2]",
    line({"action": "upsert_person", "args": {"identify_by": {"phone": "12"}}}),
    '{"action": "has_tag", "args": {"identify_by": {"phone": "+385911234567"}, "tags": ["vip"]}, "id": NaN}',
    line({"action": "has_tag", "args": {"identify_by": {"phone": PHONE}, "tags": ["VIP"]}, "id": [9]}),
    "\xff\xfe not utf-8",
]
EXPECTED = [
    (1, "SUCCESS"),
    (None, "INVALID_REQUEST"),
    ("x", "INVALID_REQUEST"),
    (4, "INVALID_REQUEST"),
    (None, "SUCCESS"),
    (None, "INVALID_REQUEST"),
    (None, "INVALID_REQUEST"),
    (None, "INVALID_VALUE"),
    (None, "INVALID_REQUEST"),
    ([9], "SUCCESS"),
    (None, "INVALID_REQUEST"),
]


def test_a_stream_with_bad_lines_gets_one_result_per_line_in_order(tmp_path):
    url = f"sqlite:///{tmp_path / 't.db'}"
    data = ("\n".join(STREAM) + "\n").encode("utf-8", "surrogateescape").replace("ÿþ".encode(), b"\xff\xfe")
    done = subprocess.run(
        [str(BIN / "profiles"), "--db", url, "batch"], input=data, capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    results = [json.loads(text) for text in done.stdout.decode().splitlines()]
    assert [(r.get("id"), r["status"]) for r in results] == EXPECTED
    assert all(r["message"] for r in results if r["status"] != "SUCCESS")
    assert results[-2]["data"] == {"person_id": 1, "present": {"VIP": True}}


def test_an_interactive_caller_gets_each_answer_before_it_sends_the_next(tmp_path):
    url = f"sqlite:///{tmp_path / 't.db'}"
    process = subprocess.Popen(
        [str(BIN / "profiles"), "--db", url, "batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        for n, action in enumerate(
            [
                UPSERT,
                {
                    **UPSERT,
                    "action": "get_information",
                    "args": {"identify_by": {"phone": PHONE}, "attributes": ["first_name"]},
                },
            ]
        ):
            process.stdin.write((line({**action, "id": n}) + "\n").encode())
            process.stdin.flush()
            ready, _w, _x = select.select([process.stdout], [], [], 30)
            assert ready, "the batch waited for more input instead of answering"
            answer = json.loads(os.read(process.stdout.fileno(), 65536))
            assert (answer["id"], answer["status"]) == (n, "SUCCESS")
        assert answer["data"]["values"] == {"first_name": "Ana"}
    finally:
        process.stdin.close()
        assert process.wait(timeout=30) == 0


def test_a_failure_in_a_group_never_undoes_another_success(store_db, monkeypatch):
    def half_written(args):
        profiles.create_person({"phones": ["+385921234567"]})  # written, then refused
        raise InvalidValue("refused after writing", field="x", value=None)

    monkeypatch.setitem(dispatch.ACTIONS, "submit_form", half_written)
    results = actions.run_lines(
        [
            line(UPSERT),
            line({"action": "submit_form", "args": {}}),
            line({"action": "add_tags", "args": {"identify_by": {"phone": PHONE}, "tags": ["vip"]}}),
        ]
    )
    assert [r["status"] for r in results] == ["SUCCESS", "INVALID_VALUE", "SUCCESS"]
    ana = profiles.get_person(profiles.find_person_id(phone=PHONE))
    assert (ana.first_name, ana.tags) == ("Ana", ["vip"])
    with pytest.raises(Exception, match="no person with phone"):
        profiles.find_person_id(phone="+385921234567")


def test_a_too_long_line_is_refused_and_the_next_one_runs(tmp_path):
    url = f"sqlite:///{tmp_path / 't.db'}"
    long_line = '{"action": "has_tag", "args": {"x": "' + "a" * 1_100_000 + '"}}'
    data = (long_line + "\n" + line(UPSERT) + "\n").encode()
    done = subprocess.run(
        [str(BIN / "profiles"), "--db", url, "batch"], input=data, capture_output=True, timeout=60
    )
    results = [json.loads(text) for text in done.stdout.decode().splitlines()]
    assert [r["status"] for r in results] == ["INVALID_REQUEST", "SUCCESS"]
    assert "longer than" in results[0]["message"]


def test_profiles_action_prints_the_result_and_exits_1_on_a_refusal(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 't.db'}"
    assert main(["--db", url, "action", "upsert_person", "--args", json.dumps(UPSERT["args"]), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "status": "SUCCESS",
        "data": {"person_id": 1, "created": True},
        "message": None,
    }
    assert (
        main(
            [
                "--db",
                url,
                "action",
                "get_information",
                "--args",
                '{"identify_by": {"phone": "+385917654321"}}',
                "--json",
            ]
        )
        == 1
    )
    out = json.loads(capsys.readouterr().out)
    assert (out["status"], out["field"]) == ("PROFILE_NOT_FOUND", "phone")
    assert main(["--db", url, "action", "upsert_person", "--args", "{oops", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["status"] == "INVALID_REQUEST"
