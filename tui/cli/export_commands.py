"""``profiles persons export``: a person list to a CSV or XLSX file (``store.persons.export``)."""

from __future__ import annotations

import argparse
import sys

from store.fields import PERSON_TYPES
from store.persons.export_columns import DEFAULT_SEPARATOR
from store.persons.listing import PersonCriteria

from .output import safe
from .person_commands import criteria
from .result import CommandExit, Result

INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a command stopped by Ctrl-C


def _columns(text: str | None) -> list[str] | None:
    """``--columns a,b,custom:x`` as a list (None: the default columns)."""
    if text is None:
        return None
    return [name.strip() for name in text.split(",") if name.strip()]


class _TerminalProgress:
    """Rows written so far, on one line of stderr that each batch rewrites."""

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        share = f" ({done * 100 // total}%)" if total else ""
        sys.stderr.write(f"\rExporting: {done:,} of {total:,} persons{share}")
        sys.stderr.flush()
        self.shown = True

    def end(self) -> None:
        """End the progress line, if one was shown."""
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _interrupted(path: str) -> Result:
    """What an export stopped by Ctrl-C reports: nothing was written."""
    message = f"Export interrupted: {path} was not written (an existing file is as it was)."
    return Result(
        {"error": {"code": "INTERRUPTED", "field": None, "message": message}},
        lambda: print(f"error: {safe(message)}", file=sys.stderr),
    )


def cmd_export(args: argparse.Namespace) -> Result:
    """Write the persons of a list (filters, ``--segment``, ``--search``) to ``--csv FILE`` or
    ``--xlsx FILE``."""
    return export_list(criteria(args), args, search=args.search or "")


def export_list(wanted: PersonCriteria, args: argparse.Namespace, *, search: str = "") -> Result:
    """Export the persons of ``wanted`` as ``--csv``/``--xlsx``, ``--columns`` and
    ``--separator`` say (``persons export`` and ``segments export``)."""
    from store.persons import export  # openpyxl loads for an export, not for every persons command

    file_format, path = ("csv", args.csv) if args.csv is not None else ("xlsx", args.xlsx)
    progress = _TerminalProgress() if sys.stderr.isatty() else None
    try:
        done = export.export_persons(
            wanted,
            path,
            file_format=file_format,
            columns=_columns(args.columns),
            separator=args.separator,
            search=search,
            progress=progress,
        )
    except KeyboardInterrupt:
        raise CommandExit(_interrupted(path), INTERRUPTED) from None
    finally:
        if progress is not None:
            progress.end()
    persons = "person" if done.exported == 1 else "persons"
    return Result(
        done.to_dict(),
        lambda: print(
            f"Exported {done.exported:,} {persons} to {safe(str(done.path))} (readable by you only)."
        ),
    )


def add_file_options(cmd: argparse.ArgumentParser) -> None:
    """``--csv``/``--xlsx``, ``--columns`` and ``--separator``, shared by every export command."""
    target = cmd.add_mutually_exclusive_group(required=True)
    target.add_argument("--csv", metavar="FILE", help="write CSV (UTF-8) to FILE")
    target.add_argument("--xlsx", metavar="FILE", help="write an XLSX workbook to FILE")
    cmd.add_argument(
        "--columns",
        metavar="A,B,custom:X",
        help="columns in order: standard names of the person JSON, custom:NAME and computed:NAME "
        "(default: every standard column but push_registrations, then every custom attribute, "
        "then every computed attribute)",
    )
    cmd.add_argument(
        "--separator",
        default=DEFAULT_SEPARATOR,
        metavar="TEXT",
        help=f"joins phones, emails and tags in one cell (default {DEFAULT_SEPARATOR!r})",
    )


def register(sub: argparse._SubParsersAction, person_actions: argparse._SubParsersAction) -> None:
    """Add ``persons export`` to the ``persons`` actions."""
    cmd = person_actions.add_parser(
        "export",
        help="write a person list to a CSV or XLSX file (Anonymous only with --type anonymous)",
        description=(
            "Write every person of the list (the filters, the segment, and what --search finds) to a file "
            "readable by you only. Phones, emails and tags are joined by the separator; cells "
            "a spreadsheet would run as a formula are neutralised."
        ),
    )
    cmd.add_argument("--type", choices=PERSON_TYPES)
    cmd.add_argument("--tag")
    cmd.add_argument("--company", metavar="NAME|ID")
    cmd.add_argument("--segment", metavar="NAME", help="only the members of this segment")
    cmd.add_argument("--search", metavar="QUERY", help="what `persons search QUERY` finds, all of it")
    add_file_options(cmd)
    cmd.set_defaults(func=cmd_export)
