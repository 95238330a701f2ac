"""``docs/api.md`` stays true: every name it mentions imports, every action is in it, and
its chatbot example runs."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

import store
from store.actions import ACTIONS

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
TEXT = DOC.read_text(encoding="utf-8")
NAMES = sorted(set(re.findall(r"`(store(?:\.\w+)*)", TEXT)))


def resolve(dotted: str) -> object:
    """The module, or the attribute of the longest importable module prefix."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for part in parts[cut:]:
            found = getattr(found, part)
        return found
    raise ImportError(dotted)


def test_the_page_mentions_many_names():
    assert len(NAMES) > 150


@pytest.mark.parametrize("dotted", NAMES)
def test_every_name_the_page_mentions_imports(dotted):
    assert resolve(dotted) is not None


def test_every_action_is_documented_with_its_function():
    for name, function in ACTIONS.items():
        assert f"`{name}`" in TEXT
        assert f"`{function.__module__}.{function.__name__}`" in TEXT


def test_the_chatbot_example_runs(tmp_path, monkeypatch):
    example = re.search(r"## Example: a chatbot flow.*?```python\n(.*?)```", TEXT, re.S)
    assert example is not None
    monkeypatch.chdir(tmp_path)
    try:
        exec(compile(example.group(1), "docs/api.md", "exec"), {})  # noqa: S102 - our own documentation
    finally:
        store.close()
    assert (tmp_path / "profiles.db").exists()
