"""The ``profiles`` entry point: the console without a command, else one CLI command.

Textual is imported only when the console opens, so sub-commands start fast. A Ctrl-C
that arrives before a command can take it (while the modules load; an import takes it
itself) ends the program quietly: ``CANCELLED``, one JSON object with ``--json``, exit
130 as a tool stopped by SIGINT.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

INTERRUPTED = 130  # 128 + SIGINT
CANCELLED = "Cancelled (Ctrl-C)."


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``profiles`` with ``argv`` (default: the process arguments); returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        return _main(args)
    except KeyboardInterrupt:
        if "--json" in args:
            print(json.dumps({"error": {"code": "CANCELLED", "field": None, "message": CANCELLED}}, indent=2))
        else:
            print(f"error: {CANCELLED}", file=sys.stderr)
        return INTERRUPTED


def _main(args: list[str]) -> int:
    from tui.cli import CommandLine, run
    from tui.cli.runner import UsageError

    try:
        line = CommandLine.split(args)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return 2
    if line.rest:
        return run(args)
    if line.demo and line.db is not None:
        print("profiles: give --db or --demo, not both", file=sys.stderr)
        return 2
    if not _has_terminal():
        from tui.cli.runner import usage_text

        print("profiles: the console needs a terminal; give a command to run without one.", file=sys.stderr)
        print(usage_text())
        return 2
    return open_console(line.db, demo=line.demo)


def _has_terminal() -> bool:
    """True when standard input and output are a terminal (the console can run)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def open_console(db: str | None, *, demo: bool = False) -> int:
    """Open the console on ``db`` (or the default database), or on the demo database."""
    from store.db import default_url
    from store.errors import ProfilesError

    try:
        if demo:
            from tui.cli.demo import demo_url

            url = demo_url()
        else:
            url = db or default_url()
        from tui.app import ProfilesApp  # Textual is imported only here

        app = ProfilesApp(url)
    except ProfilesError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    app.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
