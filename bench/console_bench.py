"""Time the console (headless, ``run_test``) on a 1,000-person and a 1,000,000-person database.

Run from the repository root::

    .venv/bin/python bench/console_bench.py                  # 1k and 1M, 5 repeats
    .venv/bin/python bench/console_bench.py --sizes 1k,100k --repeat 3

The databases come from ``bench/store_bench.py`` (``ensure_database``: built once, cached
in ``bench/data/``, named by size, seed and schema). Each figure is the median wall time,
in the app's own event loop, from the action to the moment its result is on screen (the
rows are in the table and the screen has been refreshed):

- start-up: from creating the app (which opens the store) to the first page shown;
- page down: one page further from the first page;
- jump to end: the last page, from the first page;
- search by email / by name prefix: from setting the search text to the rows shown (the
  0.2 s typing debounce is left out: it is a fixed wait, the same at every size);
- open a detail: from enter to the person's profile, timeline and history shown.

Keys are sent as the actions they are bound to (``action_page("next")`` for page down),
not through ``Pilot.press``, which adds its own waits; "shown" means the data is in the
widgets and the screen has no layout or repaint pending. The total of a list (its own
query, up to ~0.2 s for a three-letter prefix at 1M) arrives after the rows and is not
part of these figures.

Prints one line per action: the figure at each size and the largest/smallest ratio, with
the target (ratio at most 2x). Exit status 0 when every ratio meets it.

``--during-import`` measures instead how the console answers while it imports a 50 MB CSV
(``bench/data/people-50mb.csv``, made by ``import_data`` as for ``import_bench.py``) into
a copy of the smallest database, started from the import wizard (its analysis, then its
import, each in the wizard's helper process): page down and search by name prefix on the
persons list, idle first, then during the analysis and during the writing. The target is
each median during the import at most 3x the idle one.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import textual  # noqa: E402
from store_bench import DATA_DIR, ensure_database, parse_size, schema_hash  # noqa: E402
from textual.pilot import Pilot  # noqa: E402

import store  # noqa: E402
from store.db import path_url  # noqa: E402
from tui.app import ProfilesApp  # noqa: E402
from tui.person_detail import PersonDetailScreen  # noqa: E402

SIZE = (120, 36)
TARGET_RATIO = 2.0
IMPORT_RATIO = 3.0
IMPORT_CSV = REPO / "bench" / "data" / "people-50mb.csv"
TIMEOUT_S = 30.0


def painted(pilot: Pilot) -> bool:
    """True when the current screen has no layout or repaint pending (what is on it is drawn)."""
    screen = pilot.app.screen
    return not (
        screen._layout_required
        or screen._scroll_required
        or screen._repaint_required
        or screen._dirty_widgets
    )


async def until(pilot: Pilot, done: Callable[[], bool]) -> None:
    """Yield to the app until ``done()`` and the screen has been drawn since."""
    deadline = time.perf_counter() + TIMEOUT_S
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError("the console did not show the result in time")
        await asyncio.sleep(0.0005)
    await asyncio.sleep(0.001)  # let the handlers that follow the data mark what changed
    while not painted(pilot):
        await asyncio.sleep(0.0005)


async def timed(
    pilot: Pilot, action: Callable[[], Awaitable[None] | None], done: Callable[[], bool]
) -> float:
    """Milliseconds from starting ``action`` to ``done()`` shown."""
    started = time.perf_counter()
    result = action()
    if result is not None:
        await result
    await until(pilot, done)
    return (time.perf_counter() - started) * 1000


def samples(path: Path, count: int, seed: int) -> tuple[list[str], list[str]]:
    """Emails of random persons, and name prefixes (first three letters of random last names)."""
    con = sqlite3.connect(path)
    try:
        top = con.execute("SELECT MAX(id) FROM person").fetchone()[0]
        rng = random.Random(seed)
        emails, prefixes = [], []
        while len(emails) < count or len(prefixes) < count:
            pid = rng.randrange(1, top + 1)
            row = con.execute(
                "SELECT p.last_key, c.value FROM person p JOIN contact c ON c.person_id = p.id "
                "WHERE p.id = ? AND c.kind = 'email' AND p.type != 'anonymous'",
                (pid,),
            ).fetchone()
            if row and row[0] and len(row[0]) >= 3:
                emails.append(row[1])
                prefixes.append(row[0][:3])
        return emails[:count], prefixes[:count]
    finally:
        con.close()


async def one_run(url: str, email: str, prefix: str, figures: dict[str, list[float]]) -> None:
    """Start the app once and time every action in it."""
    started = time.perf_counter()
    app = ProfilesApp(url)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.persons_screen is not None and bool(app.persons_screen.rows))
        figures["startup"].append((time.perf_counter() - started) * 1000)
        screen = app.persons_screen
        await app.workers.wait_for_complete()
        first = screen.rows[0].id
        figures["pagedown"].append(
            await timed(pilot, lambda: screen.table.action_page("next"), lambda: screen.rows[0].id != first)
        )
        screen.table.action_page("first")
        await until(pilot, lambda: screen.rows[0].id == first)
        figures["end"].append(
            await timed(pilot, lambda: screen.table.action_page("last"), lambda: screen.at_end)
        )
        screen.table.action_page("first")
        await until(pilot, lambda: screen.rows[0].id == first)

        def search(text: str) -> None:
            screen.search_text = text
            screen.open_query()

        def searched(text: str) -> bool:
            window = screen.window
            return window is not None and window.text == text and bool(window.rows)

        figures["email"].append(
            await timed(
                pilot, lambda: search(email), lambda: searched(email) and screen.rows[0].email == email
            )
        )
        figures["prefix"].append(await timed(pilot, lambda: search(prefix), lambda: searched(prefix)))
        await app.workers.wait_for_complete()
        screen.table.focus()
        figures["detail"].append(
            await timed(
                pilot,
                screen.table.action_select_cursor,
                lambda: isinstance(app.screen, PersonDetailScreen) and app.screen.view is not None,
            )
        )
        await app.workers.wait_for_complete()
    store.close()


async def measure(path: Path, repeat: int, seed: int) -> dict[str, list[float]]:
    """Every figure for one database, ``repeat`` runs of the app."""
    figures: dict[str, list[float]] = {k: [] for k in LABELS}
    emails, prefixes = samples(path, repeat, seed)
    for i in range(repeat):
        await one_run(path_url(path), emails[i], prefixes[i], figures)
    return figures


async def list_actions(pilot: Pilot, prefix: str) -> tuple[float, float]:
    """Page down (and back), then search by ``prefix`` (and clear it): their two latencies, ms."""
    screen = pilot.app.persons_screen
    assert screen is not None
    first = screen.rows[0].id
    page = await timed(pilot, lambda: screen.table.action_page("next"), lambda: screen.rows[0].id != first)
    screen.table.action_page("first")
    await until(pilot, lambda: screen.rows[0].id == first)

    def search(text: str) -> None:
        screen.search_text = text
        screen.open_query()

    def searched(text: str) -> bool:
        window = screen.window
        return window is not None and window.text == text and bool(window.rows)

    found = await timed(pilot, lambda: search(prefix), lambda: searched(prefix))
    search("")
    await until(pilot, lambda: searched("") and screen.rows[0].id == first)
    return page, found


async def import_run(url: str, csv_path: Path, prefixes: list[str]) -> dict[str, list[float]]:
    """Latencies of the persons list idle, during the wizard's analysis and during its writing."""
    from tui.import_wizard import ImportWizard

    figures: dict[str, list[float]] = {f"{a}-{p}": [] for a in ("page", "prefix") for p in PHASES}
    app = ProfilesApp(url)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.persons_screen is not None and bool(app.persons_screen.rows))
        await app.workers.wait_for_complete()

        async def sample(phase: str, index: int) -> None:
            page, found = await list_actions(pilot, prefixes[index % len(prefixes)])
            figures[f"page-{phase}"].append(page)
            figures[f"prefix-{phase}"].append(found)

        for index in range(10):
            await sample("idle", index)
        app.switch_mode("imports")
        wizard = ImportWizard(str(csv_path))
        await app.push_screen(wizard)
        wizard.load_preview()
        await until(pilot, lambda: wizard.preview is not None)
        wizard.action_next()  # the mapping
        wizard.query_one("#country").value = "HR"  # type: ignore[attr-defined]
        wizard.action_next()  # analyse
        wizard.action_analyse()
        app.switch_mode("persons")
        await until(pilot, lambda: app.screen is app.persons_screen)
        for stage, phase in (("analysing", "analysing"), ("writing", "writing")):
            index = 0
            while wizard.stage == stage:
                await sample(phase, index)
                index += 1
            if stage == "analysing":
                if wizard.stage != "analysed":
                    raise RuntimeError(f"the analysis ended as {wizard.stage}")
                wizard.action_start()
        deadline = time.perf_counter() + 600
        while wizard.stage != "done" and time.perf_counter() < deadline:
            await asyncio.sleep(0.1)
        result = wizard.result
        print(f"import: {result.status if result else 'unfinished'}, {result.rows if result else 0:,} rows")
    store.close()
    return figures


PHASES = ("idle", "analysing", "writing")


def during_import(path: Path, seed: int, csv_path: Path) -> int:
    """Run the ``--during-import`` measurement on a copy of ``path``, importing ``csv_path``; exit status."""
    import shutil
    import tempfile

    import import_data

    if csv_path == IMPORT_CSV and not IMPORT_CSV.exists():
        IMPORT_CSV.parent.mkdir(parents=True, exist_ok=True)
        rows = import_data.write_csv(IMPORT_CSV)
        print(f"generated {IMPORT_CSV.name}: {rows:,} rows")
    _emails, prefixes = samples(path, 20, seed)
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / path.name
        shutil.copyfile(path, copy)
        figures = asyncio.run(import_run(path_url(copy), csv_path, prefixes))
    print(f"\nmedian milliseconds (samples: {', '.join(str(len(figures['page-' + p])) for p in PHASES)})\n")
    print(f"{'action':<24}{'idle':>10}{'analysing':>11}{'writing':>10}  target")
    ok = True
    for action, label in (("page", "page down"), ("prefix", "search by name prefix")):
        idle = statistics.median(figures[f"{action}-idle"])
        cells, passed = "", True
        for phase in PHASES[1:]:
            values = figures[f"{action}-{phase}"]
            median = statistics.median(values) if values else float("nan")
            cells += f"{median:>10.1f}" + (" " if phase == "analysing" else "")
            passed &= bool(values) and median <= IMPORT_RATIO * idle
        ok &= passed
        print(f"{label:<24}{idle:>10.1f}{cells}  <= {IMPORT_RATIO:.0f}x idle {'PASS' if passed else 'FAIL'}")
    print(f"\n{'every target met' if ok else 'some targets missed'}")
    return 0 if ok else 1


LABELS = {
    "startup": "start-up to first page",
    "pagedown": "page down",
    "end": "jump to end",
    "email": "search by email shown",
    "prefix": "search by name prefix shown",
    "detail": "open a detail",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="1k,1M", help="comma-separated person counts (1k, 1M)")
    parser.add_argument(
        "--repeat", type=int, default=5, help="app runs per size (each measures every action)"
    )
    parser.add_argument("--seed", type=int, default=42, help="seed of the generated data")
    parser.add_argument(
        "--during-import",
        action="store_true",
        help="the persons list's latency while the wizard imports a 50 MB CSV (smallest size)",
    )
    parser.add_argument(
        "--import-file", type=Path, default=IMPORT_CSV, help="with --during-import: the file to import"
    )
    args = parser.parse_args(argv)
    sizes = sorted({parse_size(s) for s in args.sizes.split(",") if s.strip()})
    print(
        f"CPUs: {os.cpu_count()} ({platform.machine()})  |  SQLite {sqlite3.sqlite_version}  |  "
        f"Python {platform.python_version()}  |  Textual {textual.__version__}  |  terminal {SIZE[0]}x{SIZE[1]}"
    )
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    digest = schema_hash()
    if args.during_import:
        path, _facts, _built = ensure_database(sizes[0], args.seed, digest, True, False)
        return during_import(path, args.seed, args.import_file)
    results: dict[int, dict[str, list[float]]] = {}
    for size in sizes:
        path, facts, built = ensure_database(size, args.seed, digest, True, False)
        print(f"{size:>9,} persons: {path.name} ({'built now' if built else 'cached'}, {facts['build_s']} s)")
        results[size] = asyncio.run(measure(path, args.repeat, args.seed))
    small, large = sizes[0], sizes[-1]
    print(f"\nmedian of {args.repeat} runs, milliseconds\n")
    head = "".join(f"{s:>12,}" for s in sizes)
    print(f"{'action':<30}{head}{'ratio':>9}  target")
    ok = True
    for key, label in LABELS.items():
        medians = {s: statistics.median(results[s][key]) for s in sizes}
        ratio = medians[large] / medians[small] if medians[small] else float("inf")
        passed = ratio <= TARGET_RATIO
        ok &= passed
        cells = "".join(f"{medians[s]:>12.1f}" for s in sizes)
        print(f"{label:<30}{cells}{ratio:>8.2f}x  <= {TARGET_RATIO:.0f}x {'PASS' if passed else 'FAIL'}")
    print(f"\n{'every target met' if ok else 'some targets missed'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
