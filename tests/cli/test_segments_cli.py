"""``profiles segments ...`` and ``attributes define-computed``: JSON shapes, refusals, exit codes."""

from __future__ import annotations

import json

import pytest

from tui.main import main

ISSUE_FORM = {
    "all": [
        {"field": "type", "op": "equals", "value": "lead"},
        {"field": "city", "op": "equals", "value": "Zagreb"},
        {"any": [{"tag": "vip", "op": "has"}, {"contact": "email", "op": "exists"}]},
        {"event": "Purchase", "op": "performed", "min_count": 3, "within_days": 30},
    ]
}


@pytest.fixture
def cli(tmp_path, capsys):
    """Run ``profiles --db <fresh db> ...``; returns (exit code, stdout parsed when --json, stderr)."""
    url = f"sqlite:///{tmp_path / 't.db'}"

    def run(*args: str, json_mode: bool = True):
        code = main(["--db", url, *args] + (["--json"] if json_mode else []))
        out, err = capsys.readouterr()
        return code, (json.loads(out) if json_mode else out), err

    return run


@pytest.fixture
def shop(cli):
    """Two leads in Zagreb (one who bought three times), one in Split."""
    cli("events", "define", "Purchase", "--prop", "amount:decimal")
    cli("attributes", "define", "visits", "whole")
    for args in (
        ["--first-name", "Ana", "--city", "Zagreb", "--email", "ana@example.com", "--custom", "visits=5"],
        ["--first-name", "Iva", "--city", "Zagreb", "--tag", "vip"],
        ["--first-name", "Ivo", "--city", "Split", "--email", "ivo@example.com"],
    ):
        code, _data, err = cli("persons", "add", "--type", "lead", *args)
        assert code == 0, err
    for _ in range(3):
        code, _data, err = cli("events", "record", "Purchase", "--person", "1", "--prop", "amount=12.5")
        assert code == 0, err
    return cli


def test_the_issue_form_works_as_written(shop, tmp_path):
    path = tmp_path / "buyers.json"
    path.write_text(json.dumps(ISSUE_FORM), encoding="utf-8")
    code, data, err = shop("segments", "create", "Zagreb buyers", "--condition", f"@{path}")
    assert code == 0, err
    assert data["name"] == "Zagreb buyers" and data["condition"] == ISSUE_FORM
    assert shop("segments", "count", "Zagreb buyers")[1] == {"count": 1}
    assert shop("segments", "count", "--condition", json.dumps(ISSUE_FORM["all"][1]))[1] == {"count": 2}
    code, members, _err = shop("segments", "members", "Zagreb buyers")
    assert [m["first_name"] for m in members] == ["Ana"]
    code, listed, _err = shop("segments", "list")
    assert [(s["name"], s["count"]) for s in listed] == [("Zagreb buyers", 1)]
    code, page, _err = shop("persons", "list", "--segment", "Zagreb buyers")
    assert [p["first_name"] for p in page] == ["Ana"]
    assert shop("persons", "count", "--segment", "zagreb buyers")[1] == {"count": 1}


def test_explain_in_text_and_json(shop):
    shop("segments", "create", "Zagreb buyers", "--condition", json.dumps(ISSUE_FORM))
    code, text, _err = shop("segments", "explain", "Zagreb buyers", "3", json_mode=False)
    assert code == 0
    assert text.splitlines()[:3] == [
        "Person 3 is not in segment 'Zagreb buyers'.",
        "all of: no",
        '  type equals "lead": yes (type is "lead")',
    ]
    assert '  city equals "Zagreb": no (city is "Split")' in text.splitlines()
    code, data, _err = shop("segments", "explain", "Zagreb buyers", "ana@example.com")
    assert data["member"] is True and data["person_id"] == 1
    assert data["explain"]["items"][3]["saw"] == "3 times"


def test_a_bad_condition_is_exit_1_and_names_the_path(shop):
    code, data, _err = shop(
        "segments",
        "create",
        "Bad",
        "--condition",
        '{"any": [{"tag": "vip", "op": "has"}, {"field": "cty", "op": "equals", "value": 1}]}',
    )
    assert code == 1
    assert data["error"]["code"] == "INVALID_VALUE"
    assert data["error"]["message"].startswith("Condition any[1].field: 'cty' is not a person attribute")
    code, data, _err = shop("segments", "count", "--condition", "@/nonexistent/file.json")
    assert code == 2


def test_tag_untag_rename_delete(shop):
    shop(
        "segments", "create", "Zagreb", "--condition", '{"field": "city", "op": "equals", "value": "zagreb"}'
    )
    assert shop("segments", "tag", "Zagreb", "Local")[1] == {"segment": "Zagreb", "tag": "Local", "tagged": 2}
    assert shop("persons", "count", "--tag", "local")[1] == {"count": 2}
    assert shop("segments", "untag", "Zagreb", "Local")[1]["untagged"] == 2
    assert shop("segments", "rename", "Zagreb", "Capital")[1]["name"] == "Capital"
    shop(
        "segments",
        "create",
        "Capital VIPs",
        "--condition",
        '{"all": [{"segment": "Capital", "op": "in"}, {"tag": "vip", "op": "has"}]}',
    )
    code, data, _err = shop("segments", "delete", "Capital")
    assert code == 1 and data["error"]["code"] == "IN_USE"
    assert "segment 'Capital VIPs'" in data["error"]["message"]
    assert shop("segments", "delete", "Capital VIPs")[1] == {"deleted": "Capital VIPs"}


def test_computed_attributes_from_the_command_line(shop):
    code, data, err = shop(
        "attributes",
        "define-computed",
        "purchases_30d",
        "--aggregate",
        "count",
        "--event",
        "Purchase",
        "--within-days",
        "30",
    )
    assert code == 0, err
    assert data["kind"] == "aggregate" and data["function"] == "count"
    code, data, err = shop(
        "attributes",
        "define-computed",
        "lead_score",
        "--score",
        '[{"points": 60, "condition": {"field": "computed:purchases_30d", "op": "greater_than", "value": 2}}]',
    )
    assert code == 0, err
    assert shop("attributes", "define-computed", "twice", "--formula", "{custom:visits} * 2")[0] == 0
    code, person, _err = shop("persons", "get", "1")
    assert person["computed"] == {"lead_score": 60, "purchases_30d": 3, "twice": 10}
    code, data, _err = shop("persons", "update", "1", "--custom", "lead_score=5")
    assert code == 1 and data["error"]["code"] == "READ_ONLY_ATTRIBUTE"
    code, data, _err = shop("attributes", "delete", "visits", "--yes")
    assert code == 1 and data["error"]["code"] == "IN_USE"
    assert "computed attribute 'twice'" in data["error"]["message"]
    assert [d["name"] for d in shop("attributes", "list-computed")[1]] == [
        "lead_score",
        "purchases_30d",
        "twice",
    ]
    assert shop(
        "segments",
        "count",
        "--condition",
        '{"field": "computed:lead_score", "op": "greater_than", "value": 50}',
    )[1] == {"count": 1}
    code, text, _err = shop("persons", "get", "1", json_mode=False)
    assert "lead_score (computed)" in text


def test_a_segment_exports_its_members(shop, tmp_path):
    shop(
        "segments", "create", "Zagreb", "--condition", '{"field": "city", "op": "equals", "value": "zagreb"}'
    )
    target = tmp_path / "zagreb.csv"
    code, data, err = shop(
        "segments", "export", "Zagreb", "--csv", str(target), "--columns", "id,first_name,tags"
    )
    assert code == 0, err
    assert data["exported"] == 2
    assert target.read_text(encoding="utf-8").splitlines() == ["id,first_name,tags", "1,Ana,", "2,Iva,vip"]
    code, data, _err = shop("segments", "export", "Nowhere", "--csv", str(tmp_path / "n.csv"))
    assert code == 1 and data["error"]["code"] == "NOT_FOUND"
    assert not (tmp_path / "n.csv").exists()
