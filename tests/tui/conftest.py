"""Fixtures of the console tests: a small seeded demo database, copied per test, and helpers.

The demo is built once per session with a fixed seed and a fixed "now", so every test and
snapshot sees the same persons; tests that write get their own copy of the file.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from screen_text import screen_text
from textual.pilot import Pilot
from textual.widgets import Input

import store
from store.db import path_url
from store.demo.build import build_demo

NOW = dt.datetime(2026, 6, 30, 12, 0, 0)
DEMO_SIZE = 300
DEMO_SEED = 7


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo database built once for the session (do not write to it)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path, size=DEMO_SIZE, seed=DEMO_SEED, now=NOW)
    return path


@pytest.fixture
def demo_url(demo_file: Path, tmp_path: Path) -> Iterator[str]:
    """The URL of this test's own copy of the demo database."""
    copy = tmp_path / "demo.db"
    shutil.copy(demo_file, copy)
    yield path_url(copy)
    store.close()


@pytest.fixture
def empty_url(tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database file."""
    yield path_url(tmp_path / "empty.db")
    store.close()


async def settle(pilot: Pilot) -> None:
    """Let workers finish and their messages be handled (twice: one load may start another)."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def press(pilot: Pilot, *keys: str) -> None:
    """Press keys one at a time, settling after each."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def type_text(pilot: Pilot, text: str) -> None:
    """Type text into the focused widget."""
    await pilot.press(*[{" ": "space"}.get(c, c) for c in text])
    await settle(pilot)


def steady(pilot: Pilot) -> None:
    """Stop the cursors blinking, so a screenshot is the same on every run."""
    for screen in pilot.app.screen_stack:
        for widget in screen.query(Input):
            widget.cursor_blink = False


def shown(pilot: Pilot) -> str:
    """What the screen shows, as text."""
    return screen_text(pilot.app)
