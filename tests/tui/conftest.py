"""Fixtures of the console tests: a small seeded demo database, copied per test, and helpers.

The demo is built once per session with a fixed seed and a fixed "now", so every test and
snapshot sees the same persons; tests that write get their own copy of the file. The key
helpers (``press``, ``type_text``, ``settle``) wait until the app has nothing left to do,
no longer and no shorter.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import shutil
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from screen_text import screen_text
from textual import events
from textual.app import App
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.message_pump import MessagePump
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import WorkerCancelled, WorkerState

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


# Waiting for the console. Pilot's own press() and pause() wait for the process to look
# idle: at least 20 ms of sleep per call, three calls per key, however little the app had
# to do (most of the console tests' time went there). These helpers wait exactly
# until the app has nothing left to do: every message pump idle on an empty queue, no
# animation, the screen laid out and painted by its update timer, and (``settle``) no
# worker running.

_POLL_S = 0.005  # how often a busy app is looked at again
_FRAMES = 10  # polls after which a screen update the timer has not done is done here
_GIVE_UP_S = 60  # an app busy for this long is stuck


def _pumps(app: App) -> list[MessagePump]:
    """The app and every node of every screen it holds (in any mode)."""
    screens = [screen for stack in app._screen_stacks.values() for screen in stack]
    return [app, *(node for screen in screens for node in screen.walk_children(with_self=True))]


def _idle(pump: MessagePump) -> bool:
    """True when ``pump`` waits for its next message with none queued."""
    queue = pump._message_queue
    if pump._next_callbacks or not queue.empty():
        return False
    task = pump._task
    if task is None or task.done():
        return True
    waiter = task._fut_waiter  # what the pump's task is blocked on: its empty queue, or not
    return waiter is not None and not waiter.done() and waiter in queue.ready_event._waiters


def _handling(app: App) -> bool:
    """True while a message or callback waits or is being handled, or an animation runs."""
    if app._animator._animations or app._animator._scheduled:
        return True
    return not all(_idle(pump) for pump in _pumps(app))


def _unpainted(screen: Screen) -> bool:
    """True while the screen has layout, scrolling, painting or after-refresh callbacks due."""
    return bool(
        screen._layout_required
        or screen._scroll_required
        or screen._repaint_required
        or screen._recompose_required
        or screen._dirty_widgets
        or screen._callbacks
    )


async def _app_round(app: App) -> None:
    """Queue a callback behind whatever the app is handling and wait for it to run.

    Under ``App.run`` (snapshots) the app's task is not known, so ``_idle`` cannot see a
    handler of the app that is still awaiting something: this can.
    """
    done = asyncio.Event()
    if app.call_later(done.set):
        await asyncio.wait_for(done.wait(), timeout=30)


async def _drain(app: App) -> None:
    """Wait until the app has handled everything sent to it (workers may still run)."""
    polls = 0
    deadline = time.monotonic() + _GIVE_UP_S
    while True:
        if time.monotonic() > deadline:
            raise TimeoutError(f"the app was still busy after {_GIVE_UP_S} s: {app.screen!r}")
        await asyncio.sleep(0)
        if not _handling(app):
            screen = app.screen
            if not _unpainted(screen):
                await _app_round(app)
                if not _handling(app) and not _unpainted(app.screen):
                    return
            elif polls >= _FRAMES:
                screen._on_timer_update()  # what its update timer should have done by now
        polls += 1
        await asyncio.sleep(_POLL_S)


async def settle(pilot: Pilot) -> None:
    """Let workers finish and their messages be handled, until nothing starts another."""
    app = pilot.app
    while True:
        await _drain(app)
        running = [w for w in app.workers if w.state in (WorkerState.PENDING, WorkerState.RUNNING)]
        if not running:
            return
        for worker in running:
            if worker.state is WorkerState.PENDING:
                await asyncio.sleep(_POLL_S)
                continue
            with contextlib.suppress(WorkerCancelled):  # an exclusive worker replaced it
                await worker.wait()


def _send_key(app: App, key: str) -> None:
    """Post a key event as the terminal driver would (as ``Pilot.press`` makes it)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    event = events.Key(key, char)
    event.set_sender(app)
    app.post_message(event)


async def press(pilot: Pilot, *keys: str) -> None:
    """Press keys one at a time, settling after each."""
    for key in keys:
        _send_key(pilot.app, key)
        await settle(pilot)


async def type_text(pilot: Pilot, text: str) -> None:
    """Type text into the focused widget, each key handled before the next; then settle."""
    for char in text:
        _send_key(pilot.app, {" ": "space"}.get(char, char))
        await _drain(pilot.app)
    await settle(pilot)


def steady(pilot: Pilot) -> None:
    """Stop the cursors blinking, so a screenshot is the same on every run."""
    for screen in pilot.app.screen_stack:
        for widget in screen.query(Input):
            widget.cursor_blink = False


def shown(pilot: Pilot) -> str:
    """What the screen shows, as text."""
    return screen_text(pilot.app)
