"""``profiles import FILE ...`` and ``profiles imports list|show|errors|undo``.

One import is one ``ImportJob`` and one history entry. Without ``--json`` or ``--yes``
the job analyses the file (a progress bar on a terminal), the analysis is shown and, on
a terminal, ``Import these rows? [y/N]`` is asked: ``y`` writes what was analysed (the
file is not read again), anything else leaves the entry ``analysed``. ``--yes`` and
``--json`` import without asking, ``--analyse-only`` stops at the analysis. Ctrl-C
cancels cleanly (the transaction rolls back, the entry says ``cancelled``). With
``--json`` exactly one object is printed. Exit 0 for completed, completed_with_errors
and analysed; 1 for refused, failed and cancelled.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from pathlib import Path

from store.importing import history as import_history
from store.importing.details import DETAILS_LIMIT, AnalysisDetails
from store.importing.engine import ImportJob, ImportResult
from store.importing.options import FieldMappedTwice, ImportOptions
from store.importing.progress import Progress, drive
from store.importing.undo import undo_import

from .arguments import id_number, whole_number
from .hints import import_data, import_message, import_notes
from .output import emit_table, safe
from .result import CommandExit, Result

OK_STATUSES = ("completed", "completed_with_errors", "analysed")
SHOWN = 20  # error records, skipped columns, joined groups and matches the text output lists
ACTION_WORDS = {
    "merge": "merge",
    "fill_empty": "fill empty fields only",
    "discard": "discard",
    "conflict": "conflict, not merged",
}


def _options(args: argparse.Namespace) -> ImportOptions:
    mapping = None
    if args.map:
        mapping = []
        for pair in args.map:
            column, sep, field = pair.rpartition("=")
            if not sep or not column.strip():
                raise argparse.ArgumentTypeError(f'--map needs "COLUMN=FIELD", got {pair!r}')
            mapping.append((column, field))
    tags: str | list[str] = args.tags
    if args.tags not in ("none", "auto"):
        tags = [t.strip() for t in args.tags.split(",") if t.strip()]
    delimiter = {"tab": "\t", "\\t": "\t"}.get(args.delimiter, args.delimiter)
    return ImportOptions(
        of=args.of,
        person_type=args.type,
        on_match=args.on_match,
        mapping=mapping,
        skip_rows=args.skip_rows,
        country=args.country.upper() if args.country else None,
        encoding=args.encoding,
        delimiter=delimiter,
        date_format=args.date_format,
        tag_delimiter=args.tag_delimiter,
        tags=tags,
        display_name=Path(args.file).name,
    )


def _summary(result: ImportResult) -> None:
    print(f"{result.status}: {safe(import_message(result))}")
    if result.mapping:
        print("  mapping: " + ", ".join(f"{safe(c)} → {f}" for c, f in result.mapping))
    if result.skipped:
        named = ", ".join(f"{safe(c)} ({safe(r)})" for c, r in result.skipped[:SHOWN])
        more = len(result.skipped) - SHOWN
        print(f"  skipped: {named}" + (f" and {more:,} more" if more > 0 else ""))
    for note in import_notes(result):
        print(f"  note: {safe(note)}")
    print(
        f"  rows {result.rows:,}  valid {result.valid:,}  invalid {result.invalid:,}  "
        f"created {result.created:,}  updated {result.updated:,}  discarded {result.discarded:,}"
    )
    for issue in result.errors[:SHOWN]:
        column = f" [{safe(issue['column'])}]" if issue["column"] else ""
        print(f"  row {issue['row']}{column}: {safe(issue['reason'])}")
    if len(result.errors) > SHOWN:
        print(f"  ... {len(result.errors) - SHOWN} more: profiles imports errors {result.import_id}")
    if result.details is not None:
        _details(result.details)


def _details(details: AnalysisDetails) -> None:
    """The first rows that join and the first matches, with the totals."""
    print(f"  joined in the file: {details.duplicate_groups:,} records of several rows")
    for group in details.duplicates[:SHOWN]:
        print(f"    {_rows(group.rows)} by {group.by.replace('_', ' ')} {_quoted(group.value)}")
    _more(details.duplicate_groups, min(len(details.duplicates), SHOWN))
    what = "persons" if details.of == "persons" else "companies"
    print(f"  matching existing {what}: {details.matched:,} records")
    for match in details.matches[:SHOWN]:
        names = ", ".join(f"#{i}" for i in match.targets)
        line = f"    {_rows(match.rows)} → {what[:-1] if len(match.targets) == 1 else what} {names}: "
        line += ACTION_WORDS[match.action]
        changes = [f"{safe(c.field)} {_quoted(c.old)} → {_quoted(c.new)}" for c in match.changes]
        print(line + (": " + "; ".join(changes) if changes else ""))
    _more(details.matched, min(len(details.matches), SHOWN))


def _rows(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:10])
    more = f" and {len(numbers) - 10:,} more" if len(numbers) > 10 else ""
    return f"row{'s' if len(numbers) > 1 else ''} {shown}{more}"


def _quoted(value: str | None) -> str:
    return "(empty)" if value is None else f"'{safe(value)}'"


def _more(total: int, shown: int) -> None:
    if total > shown:
        print(f"    ... {total - shown:,} more (--json lists up to --details-limit of them)")


def _bar(progress: Progress) -> None:
    if progress.rows_total:
        share = min(progress.rows_done / progress.rows_total, 1.0)
        filled = int(share * 30)
        left = f", {progress.seconds_left:.0f} s left" if progress.seconds_left is not None else ""
        line = f"\r{progress.phase:9} [{'#' * filled}{'.' * (30 - filled)}] {progress.rows_done:,}/{progress.rows_total:,} rows, {progress.rate:,.0f}/s{left}"
    else:
        line = f"\r{progress.phase:9} {progress.rows_done:,} rows, {progress.rate:,.0f}/s"
    sys.stderr.write(line.ljust(79))
    sys.stderr.flush()


@contextmanager
def _ctrl_c_cancels(cancel: threading.Event) -> Iterator[None]:
    """While the command runs, Ctrl-C asks the engine to stop at its next progress report.

    Installed before the job opens its history entry and kept until the job is closed,
    so no moment of the run meets a ``KeyboardInterrupt`` it did not expect: the engine
    rolls back and records ``cancelled``. A second Ctrl-C interrupts at once, which the
    engine records the same way.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(_signum: int, _frame: object) -> None:
        if cancel.is_set():
            raise KeyboardInterrupt  # a second Ctrl-C does not wait for the next report
        cancel.set()

    previous = signal.signal(signal.SIGINT, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _phase(job: ImportJob, generator: Generator[Progress, None, ImportResult], show: bool) -> ImportResult:
    """Drive one of the job's phases, with the progress bar on a terminal."""
    try:
        return drive(generator, _bar if show else None)
    except KeyboardInterrupt:
        if job.result is None:
            raise
        return job.result  # the engine recorded the cancellation
    finally:
        if show:
            sys.stderr.write("\r" + " " * 79 + "\r")


def _ask(cancel: threading.Event) -> bool:
    """True when the user at a terminal answers yes; a pipe, Ctrl-C (now or before) means no."""
    if not sys.stdin.isatty() or cancel.is_set():
        return False
    answering = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        answer = input("Import these rows? [y/N] ")
    except (EOFError, KeyboardInterrupt):
        print()
        return False
    finally:
        signal.signal(signal.SIGINT, answering)
    return answer.strip().lower() in ("y", "yes")


def cmd_import(args: argparse.Namespace, json_mode: bool) -> Result:
    """Analyse and import a file of persons or companies."""
    options = _options(args)
    try:
        return _import(args, options, json_mode)
    except FieldMappedTwice as exc:
        first, second = exc.columns
        raise argparse.ArgumentTypeError(
            f"--map gives both {first!r} and {second!r} to {exc.field}, which takes one column: "
            "map only one of them (phone, email and tags may take several)."
        ) from None


def _import(args: argparse.Namespace, options: ImportOptions, json_mode: bool) -> Result:
    show = not json_mode and sys.stderr.isatty()
    cancel = threading.Event()
    with (
        _ctrl_c_cancels(cancel),
        ImportJob(
            args.file,
            options,
            analyse_only=args.analyse_only,
            cancel=cancel,
            details_limit=args.details_limit,
        ) as job,
    ):
        if not args.analyse_only and (args.yes or json_mode):
            return _finish(_phase(job, job.run(), show))
        analysis = _phase(job, job.analyse(), show)
        if args.analyse_only or analysis.status != "analysed":
            return _finish(analysis)
        _summary(analysis)
        if not _ask(cancel):
            print("Nothing was imported.")
            return Result(import_data(analysis), lambda: None)
        return _finish(_phase(job, job.confirm(), show))


def _finish(result: ImportResult) -> Result:
    outcome = Result(import_data(result), lambda: _summary(result))
    if result.status not in OK_STATUSES:
        raise CommandExit(outcome, 1)
    return outcome


def cmd_list(args: argparse.Namespace) -> Result:
    """The most recent imports."""
    entries = import_history.list_imports()

    def render() -> None:
        emit_table(
            ["id", "started (UTC)", "file", "status", "rows", "valid", "invalid", "created", "updated", "by"],
            [
                (
                    e.id,
                    f"{e.started_at:%Y-%m-%d %H:%M}",
                    e.file_name,
                    e.status,
                    e.rows,
                    e.valid,
                    e.invalid,
                    e.created,
                    e.updated,
                    e.imported_by,
                )
                for e in entries
            ],
        )

    return Result([e.to_dict() for e in entries], render)


def cmd_show(args: argparse.Namespace) -> Result:
    """One import with its error records."""
    entry = import_history.get_import(args.id)
    data = entry.to_dict()
    data["errors"] = import_history.import_errors(args.id)

    def render() -> None:
        for key, value in data.items():
            if key != "errors":
                print(f"{key:>17}  {safe(value)}")
        for issue in data["errors"]:
            print(
                f"  row {issue['row']} [{safe(issue['column'])}] {safe(issue['value'])}: {safe(issue['reason'])}"
            )

    return Result(data, render)


def cmd_errors(args: argparse.Namespace) -> Result:
    """An import's error records (``--csv`` prints them as CSV)."""
    errors = import_history.import_errors(args.id)
    if args.csv:
        text = import_history.errors_csv(args.id)
        return Result(errors, lambda: sys.stdout.write(text))
    return Result(
        errors,
        lambda: emit_table(
            ["row", "column", "value", "reason"],
            [(e["row"], e["column"], e["value"], e["reason"]) for e in errors],
        ),
    )


def cmd_undo(args: argparse.Namespace) -> Result:
    """Undo an import: remove what it created, restore what it changed."""
    report = undo_import(args.id)

    def render() -> None:
        print(
            f"Import #{report.import_id} undone: {report.removed_persons} persons and "
            f"{report.removed_companies} companies removed, {report.restored_fields} values restored."
        )
        for kept in report.kept:
            print(
                f"  left as it is now (changed since): person {kept['person']} {kept['field']} = {safe(kept['now'])}"
            )

    return Result(report.to_dict(), render)


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``import`` and ``imports`` to the parser."""
    p = sub.add_parser("import", help="import persons or companies from a CSV, TXT, XLS, XLSX or ZIP file")
    p.add_argument("file")
    p.add_argument("--type", choices=["lead", "customer"], default="lead", help="type of new persons")
    p.add_argument("--on-match", choices=["discard", "merge"], default="discard")
    p.add_argument("--map", action="append", metavar="COLUMN=FIELD", help="the whole mapping (repeat)")
    p.add_argument("--skip-rows", type=whole_number, default=0, metavar="N")
    p.add_argument("--country", metavar="CC", help="region for national phone numbers")
    p.add_argument("--encoding", metavar="ENC")
    p.add_argument("--delimiter", metavar="D|tab")
    p.add_argument("--date-format", metavar="FMT", help="strftime codes, e.g. %%d.%%m.%%Y")
    p.add_argument("--tag-delimiter", default=",", metavar="D")
    p.add_argument("--tags", default="none", metavar="none|auto|TAG[,TAG...]")
    p.add_argument("--of", choices=["persons", "companies"], default="persons")
    p.add_argument("--analyse-only", action="store_true")
    p.add_argument(
        "--details-limit",
        type=whole_number,
        default=DETAILS_LIMIT,
        metavar="N",
        help=f"joined groups and matches the analysis lists (default {DETAILS_LIMIT:,}; all are counted)",
    )
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(func=cmd_import, wants_json=True)

    imports = sub.add_parser("imports", help="the import history").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    imports.add_parser("list", help="the 30 most recent imports").set_defaults(func=cmd_list)
    for name, func, text in (
        ("show", cmd_show, "one import with its error records"),
        ("errors", cmd_errors, "an import's error records"),
        ("undo", cmd_undo, "undo an import"),
    ):
        q = imports.add_parser(name, help=text)
        q.add_argument("id", type=id_number)
        if name == "errors":
            q.add_argument("--csv", action="store_true", help="as CSV")
        q.set_defaults(func=func)
