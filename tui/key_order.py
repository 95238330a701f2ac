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

A marker that never comes back (its widget was removed) holds the keys at most
`STALE_AFTER` seconds. Mouse events are not held. Keys the app posts to itself (tests,
``simulate_key``) go through the same gate.
"""

from __future__ import annotations

import time
from collections import deque

from textual import events
from textual.app import App
from textual.message import Message
from textual.screen import Screen

STALE_AFTER = 1.0
"""Seconds after which a key whose marker has not come back no longer holds the next."""

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
        self._key_sent_at: float | None = None

    async def on_event(self, event: events.Event) -> None:
        """Queue a typed key behind the ones still waiting, and dispatch what may go."""
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            self._keys_waiting.append(event)
            if self._key_sent_at is not None and time.monotonic() - self._key_sent_at >= STALE_AFTER:
                self._key_sent_at = None
            if self._key_sent_at is None:
                await self._release()
            elif len(self._keys_waiting) == 1:
                self.set_timer(STALE_AFTER, self._release_stale)
            return
        await super().on_event(event)

    async def _release(self) -> None:
        """Dispatch the next waiting key, unless one is still on its way."""
        while self._keys_waiting and self._key_sent_at is None:
            event = self._keys_waiting.popleft()
            self._key_sent_at = time.monotonic()
            await super().on_event(event)
            self._follow(KeyHandled(self.screen, 1))

    def _follow(self, marker: KeyHandled) -> None:
        """Send ``marker`` through the focused widget (or the screen) up to the app."""
        target = self.focused or self.screen
        if not target.post_message(marker):
            self._key_sent_at = None

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

    async def _release_stale(self) -> None:
        """Let the keys go on if the marker of the one before them was lost."""
        if self._key_sent_at is not None and time.monotonic() - self._key_sent_at >= STALE_AFTER:
            self._key_sent_at = None
        await self._release()
        if self._keys_waiting:
            self.set_timer(STALE_AFTER, self._release_stale)
