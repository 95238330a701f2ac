"""``--demo`` with a sub-command, ``--help`` naming the databases, and ``profiles audit``."""

from __future__ import annotations

import json

import pytest

import store.demo.build
from store.db import path_url
from tui.main import main


@pytest.fixture
def demo(monkeypatch, tmp_path):
    """A small demo database at a temporary path, and an own database that must stay untouched."""
    monkeypatch.setattr(store.demo.build, "demo_path", lambda: tmp_path / "demo.db")
    monkeypatch.setattr(store.demo.build, "DEFAULT_SIZE", 120)
    monkeypatch.setenv("PROFILES_DB", str(tmp_path / "own.db"))
    return tmp_path


def test_demo_selects_the_demo_database_for_sub_commands(demo, capsys):
    assert main(["--demo", "persons", "count", "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["count"] > 100
    assert "Generating the demo database" in err and len(err.strip()) < 80
    assert main(["imports", "list", "--demo", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 3
    assert not (demo / "own.db").exists()


def test_demo_has_a_default_country_so_a_national_number_is_found(demo, capsys):
    assert main(["--demo", "settings", "get", "default-country", "--json"]) == 0
    assert "HR" in capsys.readouterr().out


def test_demo_and_db_together_are_refused(demo, capsys):
    assert main(["--demo", "--db", path_url(demo / "x.db"), "persons", "count"]) == 2
    assert "not both" in capsys.readouterr().err


def test_help_says_where_each_database_lives(demo, capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = "".join(capsys.readouterr().out.split())  # help wraps long paths at their hyphens
    assert str(demo / "own.db") in out and str(demo / "demo.db") in out


def test_audit_prints_the_audit_figures_and_duplicates(demo, capsys):
    assert main(["--demo", "audit", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    from store import audit, close
    from store import open as open_store

    open_store(store.demo.build.ensure_demo(demo / "demo.db"))
    try:
        report = audit.audit_report()
    finally:
        close()
    assert data["total"] == report.total
    figures = {f["key"]: f["count"] for f in data["figures"]}
    assert figures == {f.key: f.count for f in report.findings()}
    assert data["duplicates"] and all(len(d["names"]) == len(d["persons"]) for d in data["duplicates"])
    assert main(["--demo", "audit", "--limit", "3"]) == 0
    text = capsys.readouterr().out
    assert f"{report.total:,} persons" in text and "without an email" in text
    assert text.count(" + ") == min(3, len(data["duplicates"]))
