"""Regenerate ``screenshots/``: every screen of the console, dark and light, as SVG.

Run from the repository root::

    .venv/bin/python scripts/screenshots.py               # 120x36, into screenshots/
    .venv/bin/python scripts/screenshots.py --size 80x24 --out /tmp/shots

The pictures come from the demo database (the generator of ``profiles --demo``) built
in a temporary directory with its default seed and a fixed "now", so running the script
twice gives the same files.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from textual.pilot import Pilot  # noqa: E402
from textual.widgets import Input  # noqa: E402

import store  # noqa: E402
from store.db import path_url  # noqa: E402
from store.demo.build import DEFAULT_SEED, DEFAULT_SIZE, build_demo  # noqa: E402
from tui.app import ProfilesApp  # noqa: E402

NOW = dt.datetime(2026, 6, 30, 12, 0, 0)
IMPORT_FILE = (
    "email,phone,first name,last name,city\n"
    "ana.kovac@example.com,091 234 5678,Ana,Kovač,Zagreb\n"
    "not-an-email,,Ivo,Bad,Split\n"
    "ana.kovac@example.com,,Ana,Kovač,Zagreb\n"
    "marko.horvat@example.com,098 765 4321,Marko,Horvat,Rijeka\n"
)
"""The file the import wizard's pictures import (``@fair-leads.csv`` in a ``SET:`` step)."""
# (file name, keys pressed from the start screen); "down" first where a person with events helps.
SHOTS = (
    ("01-persons", []),
    ("02-persons-search", ["slash", "k", "o", "v", "enter"]),
    ("03-persons-selection", ["space", "space", "space", "down"]),
    ("04-persons-filter", ["f"]),
    ("05-person-profile", ["down", "enter"]),
    ("06-person-timeline", ["down", "enter", "i"]),
    ("07-person-history", ["down", "enter", "h"]),
    ("08-person-form", ["down", "e"]),
    ("09-person-form-error", ["n", "TYPE:Ana<", "ctrl+s"]),
    ("10-person-protected-confirm", ["e", "SET:f-first_name=Amy", "ctrl+s"]),
    ("11-companies", ["2"]),
    ("12-company-detail", ["2", "enter"]),
    ("13-company-form", ["2", "e"]),
    ("14-tags", ["4"]),
    ("15-merge", ["7", "home", "m"]),
    ("16-audit", ["7"]),
    ("17-help", ["question_mark"]),
    (
        "18-event-form",
        ["down", "enter", "v", "enter", "down", "enter", "SET:p-0=P-2001", "SET:p-1=Desk lamp"]
        + ["SET:p-2=cheap", "SET:p-3=1", "ctrl+s"],
    ),
    ("06b-person-event", ["down", "enter", "i", "enter"]),
    ("19-segments", ["3"]),
    ("20-segments-condition", ["3", "enter", "down", "enter"]),
    ("21-segments-explain", ["down", "enter", "w", "enter"]),
    ("30-events", ["5"]),
    ("31-events-feed", ["5", "f"]),
    ("32-events-templates", ["5", "s"]),
    (
        "33-events-definition-form",
        ["5", "n", "TYPE:SignedUp", "tab", "TYPE:A plan was chosen", "tab"]
        + ["TYPE:plan", "ctrl+n", "TYPE:seats"],
    ),
    ("34-export", ["slash", "k", "o", "v", "enter", "x", "SET:f-path=/home/ana/kov.csv"]),
    ("35-settings", ["ctrl+p", "TYPE:Settings", "enter"]),
    (
        "22-import-wizard",
        ["6", "n", "SET:path=@fair-leads.csv", "enter", "ctrl+n", "SET:country=HR", "ctrl+n", "ctrl+n"],
    ),
    ("23-import-history", ["6"]),
)


async def settle(pilot: Pilot) -> None:
    """Let the workers finish and their results show."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def shoot(url: str, name: str, keys: list[str], dark: bool, size: tuple[int, int], out: Path) -> Path:
    """Run the app headless, press the keys, save one SVG."""
    app = ProfilesApp(url, now=NOW, dark=dark)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for key in keys:
            if key.startswith("TYPE:"):
                await pilot.press(*key[5:])
            elif key.startswith("SET:"):
                widget, value = key[4:].split("=", 1)
                if value.startswith("@"):  # a file beside the database
                    value = str(Path(url.split(":///", 1)[1]).parent / value[1:])
                app.screen.query_one(f"#{widget}", Input).value = value
            else:
                await pilot.press(key)
            await settle(pilot)
        for screen in app.screen_stack:
            for widget in screen.query(Input):
                widget.cursor_blink = False
        await pilot.pause()
        path = out / f"{name}-{'dark' if dark else 'light'}.svg"
        path.write_text(app.export_screenshot(title=f"Customer Profiles: {name[3:].replace('-', ' ')}"))
    store.close()
    return path


async def main_async(size: tuple[int, int], out: Path, demo_size: int) -> int:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "demo.db"
        build_demo(source, size=demo_size, seed=DEFAULT_SEED, now=NOW)
        (Path(tmp) / "fair-leads.csv").write_text(IMPORT_FILE, encoding="utf-8")
        count = 0
        for name, keys in SHOTS:
            for dark in (True, False):
                # Every picture starts from a fresh copy: some shots write nothing, but none may see another's state.
                copy = Path(tmp) / "shot.db"
                copy.write_bytes(source.read_bytes())
                path = await shoot(path_url(copy), name, keys, dark, size, out)
                count += 1
                print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
    print(f"{count} screenshots written to {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", default="120x36", help="terminal size, WIDTHxHEIGHT (default 120x36)")
    parser.add_argument("--out", type=Path, default=REPO / "screenshots", help="output directory")
    parser.add_argument("--demo-size", type=int, default=DEFAULT_SIZE, help="persons in the demo")
    args = parser.parse_args(argv)
    width, height = (int(x) for x in args.size.lower().split("x"))
    return asyncio.run(main_async((width, height), args.out, args.demo_size))


if __name__ == "__main__":
    sys.exit(main())
