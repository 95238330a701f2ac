"""What dispatching keys in order costs: a burst of keys with and without `tui.key_order`.

Run from the repository root::

    .venv/bin/python bench/key_order_bench.py             # 5 alternating rounds
    .venv/bin/python bench/key_order_bench.py --rounds 3 --keys 200

On a demo database (``store.demo.build``, 1,000 persons, made once in a temporary
folder) the console opens headless at 120x36; then a burst of ``--keys`` keys (``down``,
with a ``pagedown`` every tenth, as a user holding the keys) is posted at once, and the
time is taken until the app has handled every key and its page loads. The same burst
runs on an app whose key gate is bypassed (Textual's own dispatch), in alternating rounds,
so a slow spell of the machine falls on both. Prints each round and the median of each,
with the ratio and where the cursor ended (the gated app obeys every key; the bypassed one
may lose moves while a page loads).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from textual import events  # noqa: E402
from textual.app import App  # noqa: E402
from textual.worker import WorkerState  # noqa: E402

import store  # noqa: E402
from store.db import path_url  # noqa: E402
from store.demo.build import build_demo  # noqa: E402
from tui.app import ProfilesApp  # noqa: E402


class UngatedApp(ProfilesApp):
    """The console with Textual's own key dispatch (the gate bypassed)."""

    CSS_PATH = Path(__file__).resolve().parents[1] / "tui" / "app.tcss"  # found from here otherwise

    async def on_event(self, event: events.Event) -> None:
        """Every event straight to Textual's app."""
        await App.on_event(self, event)


async def _idle(app: App) -> None:
    """Wait until no worker runs and the app's queue is empty twice in a row."""
    quiet = 0
    while quiet < 2:
        await asyncio.sleep(0.005)
        busy = any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers)
        busy = busy or not app._message_queue.empty()
        quiet = 0 if busy else quiet + 1


async def burst(app_class: type[ProfilesApp], url: str, keys: int) -> tuple[float, str]:
    """Seconds from posting the burst to the app at rest, and the place the list shows."""
    app = app_class(url)
    async with app.run_test(size=(120, 36)):
        await _idle(app)
        start = time.perf_counter()
        for index in range(keys):
            app.post_message(events.Key("pagedown" if index % 10 == 9 else "down", None))
        await _idle(app)
        seconds = time.perf_counter() - start
        table = app.screen.query_one("#persons")
        place = f"cursor row {table.cursor_row + 1}, {app.screen.query_one('#position').render()}"
    store.close()
    return seconds, place


def main() -> None:
    """Alternate the two apps and print the rounds and the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keys", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.db"
        build_demo(path, size=1000, seed=7)
        url = path_url(path)
        times: dict[str, list[float]] = {"in order": [], "Textual's own": []}
        for round_ in range(1, args.rounds + 1):
            for name, app_class in (("in order", ProfilesApp), ("Textual's own", UngatedApp)):
                seconds, place = asyncio.run(burst(app_class, url, args.keys))
                times[name].append(seconds)
                print(f"round {round_}: {name:14} {seconds * 1000:8.1f} ms  ({place})")
    ordered, own = (statistics.median(times[name]) for name in times)
    print(
        f"median: in order {ordered * 1000:.1f} ms, Textual's own {own * 1000:.1f} ms, ratio {ordered / own:.2f}"
    )
    print(
        f"per key: in order {ordered / args.keys * 1000:.2f} ms, Textual's own {own / args.keys * 1000:.2f} ms"
    )


if __name__ == "__main__":
    main()
