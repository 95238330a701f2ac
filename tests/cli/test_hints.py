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

STORE = Path(__file__).resolve().parents[2] / "store"
FLAG = re.compile(r"(?<![\w-])--[a-z]")


def test_no_store_message_or_docstring_names_a_flag():
    found = []
    for path in sorted(STORE.rglob("*.py")):
        tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
        for token in tokens:
            if token.type == tokenize.STRING and FLAG.search(token.string):
                found.append(f"{path.relative_to(STORE.parent)}:{token.start[0]}: {token.string[:60]}")
    assert found == []


def test_every_import_option_field_has_its_flag():
    parser = build_parser()
    import_parser = parser._subparsers._group_actions[0].choices["import"]  # type: ignore[union-attr]
    flags = {option for action in import_parser._actions for option in action.option_strings}
    fields = {f.name for f in dataclasses.fields(ImportOptions)} - {"display_name", "extra"}
    assert set(IMPORT_FLAGS) == fields
    assert set(IMPORT_FLAGS.values()) <= flags
