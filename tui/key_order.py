"""Keys in the order they were typed: one key is dispatched at a time.

Textual hands every key to the focused widget at once, but runs a key's (non-priority)
binding only when the key has bubbled back up to the app, behind the keys typed after
it. So in a burst such as ``n`` ``A`` ``n`` ``a`` the letters reached the persons list
before ``n`` had opened the form, and were lost; ``tab`` then a name typed the name
into the field being left.

`OrderedKeys` makes the app dispatch a key only once the previous one is done:

1. the key goes to the focused widget as before, and a `KeyHandled` marker right behind
   it; message queues are first in, first out, so the marker reaches the app after the
   key has bubbled up and its binding has run;
2. a second marker follows whatever that binding posted to the focused widget (a table's
   ``enter`` posts ``RowSelected``, whose handler opens a screen);
3. if the screen changed, a marker is sent through the new screen's queue, behind its
   mounting and the focus it sets, so the next key goes to the field it focused.

A key whose effect comes from a worker (a save that closes its form, a dialog that opens
once its choices are loaded) holds the next keys with `hold_keys_for` until the worker has
ended and the screen it left has its focus: a key typed after ``ctrl+s`` goes to the list
if the save closed the form, and into the form if the save was refused; a hold lasts at
most `HOLD_LIMIT` seconds. A marker whose widget was removed lets the keys go on; one
that does not come back at all holds them at most `STALE_AFTER` seconds. Mouse events
are not held. Keys the app posts to itself (tests, ``simulate_key``) go through the same
gate.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Any

from textual import events
from textual.app import App
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.worker import Worker, WorkerState

POLL_EVERY = 0.05
"""Seconds between looks at what holds the waiting keys: a screen tells `worker_ended`, but
a screen closed by its worker's result tells nobody."""

STALE_AFTER = 5.0
"""Seconds after which a key whose marker has not come back no longer holds the next (a
marker whose widget was removed lets the keys go at once; a slow handler may take a second
under load, so this is only the last resort)."""

HOLD_LIMIT = 5.0
"""Seconds a worker started by a key may hold the next keys."""

MAX_ROUNDS = 6
"""Markers per key at most: a screen that keeps changing does not hold the keys for ever."""


class KeyHandled(Message):
    """A marker that follows a key through the widgets' queues up to the app.

    Args:
        screen: the app's screen when the marker was sent.
        round: 1 right behind the key, 2 behind what its binding posted, 3 and more
            through a screen that has just opened or come back.
    """

    def __init__(self, screen: Screen[object], round: int) -> None:
        super().__init__()
        self.sent_on = screen
        self.round = round


class OrderedKeys(App[None]):
    """An app that dispatches each key (and paste) only after the previous one is done."""

    def __init__(self) -> None:
        super().__init__()
        self._keys_waiting: deque[events.Key | events.Paste] = deque()
        self._key_sent_at: float | None = None  # a key's marker is on its way
        self._marker_at: MessagePump | None = None  # the widget it was sent through
        self._holder: Worker[Any] | None = None  # a worker whose result the next key waits for
        self._held_at = 0.0

    def hold_keys_for(self, worker: Worker[Any]) -> None:
        """Keep the next keys waiting until ``worker`` has ended and the screen it opened or
        closed has its focus (a save, or the names a dialog offers); at most `HOLD_LIMIT` s."""
        self._holder = worker
        self._held_at = time.monotonic()

    def worker_ended(self, worker: Worker[Any]) -> None:
        """A worker has ended (its screen says so): the keys it held may go on."""
        if worker is self._holder and self._keys_waiting:
            self.call_later(self._release)

    def _busy(self) -> bool:
        """True while the previous key, or a worker it started, holds the next key."""
        now = time.monotonic()
        if self._holder is not None:
            if (
                self._holder.state in (WorkerState.PENDING, WorkerState.RUNNING)
                and now - self._held_at < HOLD_LIMIT
            ):
                return True
            self._holder = None
            if self._key_sent_at is None:  # settle the screen the worker's result left
                self._key_sent_at = now
                self._follow(KeyHandled(self.screen, 2))
        if self._key_sent_at is None:
            return False
        lost = self._marker_at is not None and not self._marker_at.is_attached  # removed with its widget
        return not lost and now - self._key_sent_at < STALE_AFTER

    async def on_event(self, event: events.Event) -> None:
        """Queue a typed key behind the ones still waiting, and dispatch what may go."""
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            self._keys_waiting.append(event)
            await self._release()
            if len(self._keys_waiting) == 1:
                self.set_timer(POLL_EVERY, self._poll)
            return
        await super().on_event(event)

    async def _release(self) -> None:
        """Dispatch the waiting keys while nothing holds them."""
        while self._keys_waiting and not self._busy():
            event = self._keys_waiting.popleft()
            self._key_sent_at = time.monotonic()
            await super().on_event(event)
            self._follow(KeyHandled(self.screen, 1))

    def _follow(self, marker: KeyHandled) -> None:
        """Send ``marker`` through the focused widget (or the screen) up to the app."""
        marker.set_sender(self)  # a marker sent by a screen would stop bubbling at that screen
        target = self._marker_at = self.focused or self.screen
        if not target.post_message(marker):
            self._key_sent_at = None
            self.call_later(self._release)

    async def on_key_handled(self, marker: KeyHandled) -> None:
        """A marker is back: follow the key's consequences, or dispatch the next key."""
        marker.stop()
        settling = marker.round == 1 or marker.sent_on is not self.screen
        if settling and marker.round < MAX_ROUNDS:
            self._follow(KeyHandled(self.screen, marker.round + 1))
            if self._key_sent_at is not None:
                return
        self._key_sent_at = None
        await self._release()

    async def _poll(self) -> None:
        """While keys wait: let them go once a holding worker has ended or a marker was lost."""
        await self._release()
        if self._keys_waiting:
            self.set_timer(POLL_EVERY, self._poll)
