"""The demo database for ``--demo``: the same file for the console and for every command.

The first use generates it (a few seconds); the one line said meanwhile is short, so it
never wraps, and names no path (``--help`` and the console's help name it in full).
"""

from __future__ import annotations

import sys

GENERATING = "Generating the demo database (a few seconds) …"


def demo_url() -> str:
    """The URL of the demo database, generated first (saying so on stderr) when missing or old."""
    from store.demo import build

    path = build.demo_path()
    if not build.is_current(path):
        print(GENERATING, file=sys.stderr, flush=True)
    return build.ensure_demo(path, size=build.DEFAULT_SIZE)
