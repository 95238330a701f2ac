"""Each face words its own hint: the store names no flag, the command line maps fields to its flags."""

from __future__ import annotations

import dataclasses
import io
import re
import tokenize
from pathlib import Path

from store.importing.options import ImportOptions
from tui.cli.hints import IMPORT_FLAGS
from tui.cli.runner import build_parser
from tui.main import main

STORE = Path(__file__).resolve().parents[2] / "store"
FLAG = re.compile(r"(?<![\w-])--[a-z]")
COMMAND = re.compile(
    r"`?profiles (persons|companies|tags|attributes|settings|history|imports?|events|track|identify|device) [a-z]"
)


def test_no_store_message_or_docstring_names_a_flag_or_a_command():
    found = []
    for path in sorted(STORE.rglob("*.py")):
        tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
        for token in tokens:
            if token.type == tokenize.STRING and (FLAG.search(token.string) or COMMAND.search(token.string)):
                found.append(f"{path.relative_to(STORE.parent)}:{token.start[0]}: {token.string[:60]}")
    assert found == []


def test_every_import_option_field_has_its_flag():
    parser = build_parser()
    import_parser = parser._subparsers._group_actions[0].choices["import"]  # type: ignore[union-attr]
    flags = {option for action in import_parser._actions for option in action.option_strings}
    fields = {f.name for f in dataclasses.fields(ImportOptions)} - {"display_name"}
    assert set(IMPORT_FLAGS) == fields
    assert set(IMPORT_FLAGS.values()) <= flags


def test_the_command_line_says_how_to_define_or_enable_what_is_missing(tmp_path, capsys):
    db = ["--db", f"sqlite:///{tmp_path / 'hints.db'}"]
    assert main([*db, "persons", "add", "--first-name", "Ana", "--custom", "vip=yes"]) == 1
    assert (
        "There is no person attribute 'vip': define it first. "
        "Define it with 'profiles attributes define NAME TYPE'." in capsys.readouterr().err
    )
    assert main([*db, "persons", "add", "--first-name", "Ana", "--email", "ana@example.com"]) == 0
    capsys.readouterr()
    assert main([*db, "events", "record", "NoSuchEvent", "--email", "ana@example.com"]) == 1
    assert "define it or enable a template that has it. Define it with 'profiles events define'" in (
        capsys.readouterr().err
    )
    assert main([*db, "events", "define", "Visited", "--json"]) == 0
    assert main([*db, "events", "disable", "Visited"]) == 0
    capsys.readouterr()
    assert main([*db, "events", "record", "Visited", "--email", "ana@example.com"]) == 1
    assert (
        "Event 'Visited' is disabled: enable it to record it. Enable it with 'profiles events enable NAME'."
        in (capsys.readouterr().err)
    )
