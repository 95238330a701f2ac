"""Parsing the ``profiles`` command line and running one command.

``--db URL``, ``--json`` and ``--debug`` are accepted anywhere on the line. With
``--json`` exactly one JSON value is printed on stdout: the result, or
``{"error": {...}}``; no input prints a traceback. Exit codes: 0 success, 1 an error
the store reported (nothing was written) or a database that cannot be opened, 2 a usage
error, 3 an unexpected error (a bug: ``INTERNAL``; ``--debug`` prints its traceback on
stderr), 141 the output pipe was closed by its reader (``| head``); a Ctrl-C that reaches
no command is the entry point's (``tui.main``: 130).
"""

from __future__ import annotations

import argparse
import importlib
import io
import os
import re
import sys
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import peewee

from store import close, open
from store.db import default_url
from store.errors import ConfirmationRequired, ProfilesError

from .arguments import undecodable_argument
from .hints import error_message
from .output import emit_json, safe
from .result import CommandExit, Result

PROG = "profiles"
# The password of a server URL (``postgresql://user:password@host``), never shown.
_PASSWORD = re.compile(r"://([^:@/]*):[^@/]*@")
CLOSED_PIPE = 141  # 128 + SIGPIPE: what a tool killed by a closed pipe exits with
# The modules that define each top-level command. A command line loads only its own
# (the import engine, for one, is not imported to count persons); help loads them all.
# ``person_commands.register(sub)`` returns the ``persons`` actions, which
# ``merge_commands.register(sub, person_actions)`` and ``export_commands`` extend
# (``persons merge``..., ``persons export``).
COMMAND_MODULES = {
    "persons": ("person_commands", "merge_commands", "export_commands"),
    "history": ("person_commands",),
    "companies": ("catalog_commands",),
    "tags": ("catalog_commands",),
    "attributes": ("catalog_commands",),
    "segments": ("person_commands", "segment_commands"),
    "settings": ("catalog_commands",),
    "import": ("import_commands",),
    "imports": ("import_commands",),
    "events": ("event_commands",),
    "track": ("event_commands",),
    "identify": ("event_commands",),
    "device": ("event_commands",),
    "action": ("action_commands",),
    "batch": ("action_commands",),
    "audit": ("audit_commands",),
}
ALL_MODULES = (
    "person_commands",
    "catalog_commands",
    "import_commands",
    "event_commands",
    "merge_commands",
    "export_commands",
    "segment_commands",
    "action_commands",
    "audit_commands",
)
DESCRIPTION = (
    "Customer Profiles: person and company profiles, tags and custom attributes in the "
    "terminal. Without a command it opens the console."
)
EPILOG = (
    "global options, accepted anywhere: --db URL (sqlite:///PATH, postgresql://... or a file path; "
    "default $PROFILES_DB, else {own}), --json (one JSON value on stdout), "
    "--demo (the console or the command on the demo database, {demo}, generated on first use), "
    "--debug (the traceback of an unexpected error)"
)


class UsageError(Exception):
    """A command line that does not parse (exit 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


@dataclass
class CommandLine:
    """The global options pulled out of a command line, and the rest of it."""

    db: str | None = None
    json: bool = False
    demo: bool = False
    debug: bool = False
    rest: list[str] = field(default_factory=list)

    @classmethod
    def split(cls, argv: Sequence[str]) -> CommandLine:
        """Pull ``--db URL``/``--db=URL``, ``--json``, ``--debug`` and ``--demo`` from anywhere in ``argv``."""
        line = cls()
        items = list(argv)
        i = 0
        while i < len(items):
            item = items[i]
            if item == "--json":
                line.json = True
            elif item == "--demo":
                line.demo = True
            elif item == "--debug":
                line.debug = True
            elif item == "--db":
                if i + 1 >= len(items):
                    raise UsageError(f"{PROG}: --db needs a URL")
                line.db = items[i + 1]
                i += 1
            elif item.startswith("--db="):
                line.db = item[len("--db=") :]
            elif item == "--":
                line.rest.extend(items[i:])
                break
            else:
                line.rest.append(item)
            i += 1
        return line


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The ``profiles`` argument parser: the whole of it, or only what ``command`` needs."""
    parser = _Parser(prog=PROG, description=DESCRIPTION, epilog=epilog())
    parser.add_argument("--db", metavar="URL", help="database URL")
    parser.add_argument("--json", action="store_true", help="print one JSON value")
    parser.add_argument("--demo", action="store_true", help="use the demo database (console and commands)")
    parser.add_argument("--debug", action="store_true", help="print the traceback of an unexpected error")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    wanted = COMMAND_MODULES.get(command or "", ALL_MODULES)
    person_actions = None
    for name in ALL_MODULES:  # in this order, so help lists the commands as it always did
        if name not in wanted:
            continue
        module = importlib.import_module(f"{__package__}.{name}")
        if name == "person_commands":
            person_actions = module.register(sub)
        elif name in ("merge_commands", "export_commands"):
            module.register(sub, person_actions)
        else:
            module.register(sub)
    return parser


def epilog() -> str:
    """The help's last paragraph: the global options and where each database lives."""
    from store.demo.build import demo_path

    return EPILOG.format(own=database_name(default_url()), demo=demo_path())


def _command_of(words: Sequence[str]) -> str | None:
    """The top-level command of a command line (its first word that is not an option)."""
    return next((w for w in words if not w.startswith("-")), None)


def usage_text() -> str:
    """The usage help printed when the console cannot be shown."""
    return build_parser().format_help()


def _fail(line: CommandLine, code: str, message: str, field_name: str | None = None) -> None:
    if line.json:
        emit_json({"error": {"code": code, "field": field_name, "message": message}})
    else:
        print(f"error: {safe(message)}", file=sys.stderr)


def _confirm(message: str) -> bool:
    if not sys.stdin.isatty():
        return False
    answer = input(f"{message} [y/N] ")
    return answer.strip().lower() in ("y", "yes")


def run(argv: Sequence[str]) -> int:
    """Run one sub-command line; returns the exit code (see the module docstring).

    This is the one place where whatever escapes a command becomes an exit code: a store
    refusal (1), a usage error (2), a closed output pipe (141, quietly) or, for anything
    else, a bug: ``INTERNAL`` and 3, with the traceback on stderr under ``--debug``.
    """
    line = CommandLine(json="--json" in argv, debug="--debug" in argv)
    _escape_unencodable_output()
    try:
        code = _run(argv, line)
        sys.stdout.flush()  # a closed pipe shows here, not when the interpreter exits
        return code
    except BrokenPipeError:
        return _closed_pipe()
    except Exception as exc:  # noqa: BLE001 - the one catch-all: a bug is exit 3, not a traceback
        try:
            return _internal(line, exc)
        except BrokenPipeError:
            return _closed_pipe()


def _run(argv: Sequence[str], line: CommandLine) -> int:
    try:
        undecodable = undecodable_argument(argv)
        if undecodable:
            raise UsageError(f"{PROG}: {undecodable}")
        parsed = CommandLine.split(argv)
        if parsed.demo and parsed.db is not None:
            raise UsageError(f"{PROG}: give --db or --demo, not both")
        line.db, line.rest, line.demo = parsed.db, parsed.rest, parsed.demo
        args = build_parser(_command_of(line.rest)).parse_args(line.rest)
        if args.command is None:
            raise UsageError(f"{PROG}: give a command (see profiles --help)")
        needs = getattr(args, "needs_one_of", None)
        if needs and all(getattr(args, n) is None for n in needs):
            raise UsageError(f"{PROG}: give one of: " + ", ".join(n.replace("_", "-") for n in needs))
    except UsageError as exc:
        if line.json:
            emit_json({"error": {"code": "USAGE", "field": None, "message": str(exc)}})
        else:
            print(str(exc), file=sys.stderr)
        return 2
    except argparse.ArgumentTypeError as exc:
        _fail(line, "USAGE", str(exc))
        return 2
    try:
        if line.demo:
            from .demo import demo_url

            line.db = demo_url()
        open(line.db)
    except (
        OSError,
        ValueError,
        RuntimeError,
        peewee.DatabaseError,
    ) as exc:  # a path or a URL the OS or the driver refuses
        _debug_traceback(line, exc)
        _fail(line, "DATABASE", _cannot_open(line.db, exc), "db")
        return 1
    except ProfilesError as exc:
        return _refused(line, exc)
    try:
        result = _call(args, line)
    except argparse.ArgumentTypeError as exc:
        _fail(line, "USAGE", f"{PROG}: {exc}")
        return 2
    except CommandExit as exc:
        if line.json:
            emit_json(exc.result.data)
        else:
            exc.result.render()
        return exc.code
    except ProfilesError as exc:
        return _refused(line, exc)
    except peewee.DatabaseError as exc:
        _debug_traceback(line, exc)
        _fail(line, "DATABASE", f"The database refused the operation: {exc}")
        return 1
    finally:
        close()
    if result.streamed:
        return 0
    if line.json:
        emit_json(result.data)
    else:
        result.render()
    return 0


def _refused(line: CommandLine, exc: ProfilesError) -> int:
    """Report what the store refused; exit 1 (2 for a usage error it found)."""
    _fail(line, exc.code, error_message(exc), exc.field)
    return 2 if exc.code == "USAGE" else 1


def _cannot_open(url: str | None, exc: Exception) -> str:
    """Why the database cannot be opened, naming its path (a file in the way, a folder refused)."""
    url = url or default_url()
    where = _shortened(database_name(url))
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    if url.lower().startswith("sqlite:"):
        reason = _in_the_way(Path(database_name(url))) or reason
    return f"Cannot open the database {where}: {_shortened(' '.join(reason.split()).rstrip('.'))}."


def _in_the_way(path: Path) -> str | None:
    """What stops a SQLite file from being made at ``path``: a folder there, a file above it."""
    try:
        existing = next((p for p in (path, *path.parents) if p.exists()), None)
        if existing == path and path.is_dir():
            return "it is a folder, not a database file"
        if existing is not None and existing != path and not existing.is_dir():
            return f"{_shortened(str(existing))} is a file, not a folder"
    except (OSError, ValueError):  # a name too long or holding a NUL: the reason says so
        return None
    return None


def _shortened(text: str, size: int = 200) -> str:
    return text if len(text) <= size else text[: size - 3] + "..."


def database_name(url: str) -> str:
    """What a message calls a database: the file path of a SQLite URL, a server URL without its password."""
    if url.lower().startswith("sqlite:///"):
        return url[len("sqlite:///") :] or url
    return _PASSWORD.sub(r"://\1@", url)


def _internal(line: CommandLine, exc: Exception) -> int:
    """Report an unexpected error (a bug) as ``INTERNAL``; exit 3."""
    _debug_traceback(line, exc)
    detail = str(exc)
    detail = detail if len(detail) <= 300 else detail[:297] + "..."
    hint = "" if line.debug else " Run the command again with --debug to print where it happened."
    message = f"Unexpected error ({type(exc).__name__}: {detail}). This is a bug.{hint}"
    _fail(line, "INTERNAL", message)
    return 3


def _debug_traceback(line: CommandLine, exc: BaseException) -> None:
    if line.debug:
        traceback.print_exception(exc, file=sys.stderr)


def _closed_pipe() -> int:
    """The reader of our output went away (``| head``): stop quietly, exit 141 as SIGPIPE would.

    What is still buffered goes to the null device, so the interpreter's last flush does
    not print "Exception ignored ... BrokenPipeError".
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # not a real file descriptor (a test's captured stream): nothing will flush it
    return CLOSED_PIPE


def _escape_unencodable_output() -> None:
    """Text that cannot be encoded is printed as escapes rather than failing mid-output."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def _call(args: argparse.Namespace, line: CommandLine) -> Result:
    if getattr(args, "wants_json", False):
        return args.func(args, line.json)
    try:
        return args.func(args)
    except ConfirmationRequired as exc:
        if line.json or not getattr(args, "confirmable", False) or not _confirm(exc.message):
            raise
        args.yes = True
        return args.func(args)
