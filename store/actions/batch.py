"""Running a stream of action lines (JSON Lines) in short transactions, one result per line.

A line is ``{"action": NAME, "args": {...}, "id"?}``; its result ``{"status", "data",
"message"}`` (with ``"id"`` echoed when given). ``run_lines`` runs consecutive lines in
one transaction with a savepoint per action, so a refused action is rolled back alone and
never undoes another's success; the results are returned only after the transaction
committed, and the caller writes them then. A line that is not JSON, not an object, too
long, or names no known action gets ``INVALID_REQUEST`` and the others go on.

On PostgreSQL an action that lost a race to a concurrent writer cannot be run again
inside the group: the group commits what came before it, the action runs again alone
(``db.retry_races``), and a new group starts after it, so actions take effect in the
order of their lines.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import peewee

from ..db import db, lost_race
from ..errors import InvalidRequest, ProfilesError
from ..text_checks import shown
from .contract import SUCCESS, ActionResult, refused
from .dispatch import action, bug, run

MAX_LINE = 1_048_576
"""The most bytes of one line; a longer one is ``INVALID_REQUEST`` (never read whole)."""
MAX_GROUP = 200
"""The most actions run in one transaction."""


def _constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def parse_line(line: bytes | str) -> tuple[Any, str, Mapping[str, Any]]:
    """``(id, action, args)`` of one line, or ``INVALID_REQUEST`` saying what is wrong with it."""
    if len(line) > MAX_LINE:
        raise InvalidRequest(f"The line is longer than {MAX_LINE:,} bytes.", field="line", value=len(line))
    if not line.strip():
        raise InvalidRequest("The line is empty: each line is one action.", field="line", value=None)
    try:
        item = json.loads(line, parse_constant=_constant)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise InvalidRequest(f"The line is not valid JSON: {exc}.", field="line", value=None) from None
    if not isinstance(item, dict):
        raise InvalidRequest(
            f'A line must be an object {{"action": NAME, "args": {{...}}}}, not {shown(item)}.',
            field="line",
            value=None,
        )
    extra = sorted(str(k) for k in item if k not in ("action", "args", "id"))
    if extra:
        raise InvalidRequest(
            f"A line takes action, args and id, not {', '.join(extra)}.", field=extra[0], value=None
        )
    name = item.get("action")
    action(name)  # INVALID_REQUEST for a missing or unknown action
    assert isinstance(name, str)  # action() took it
    args = item.get("args", {})
    if not isinstance(args, dict):
        raise InvalidRequest(f"args must be a JSON object, not {shown(args)}.", field="args", value=None)
    return item.get("id"), name, args


def run_json(name: str, args: bytes | str) -> ActionResult:
    """Run action ``name`` with its arguments object given as JSON text (``profiles action``).

    The text is read by the rules of a batch line: malformed JSON or anything but an
    object is ``INVALID_REQUEST``.
    """
    try:
        if len(args) > MAX_LINE:
            raise InvalidRequest(
                f"The arguments are longer than {MAX_LINE:,} bytes.", field="args", value=len(args)
            )
        try:
            parsed = json.loads(args, parse_constant=_constant)
        except (ValueError, RecursionError) as exc:
            raise InvalidRequest(
                f"The arguments are not valid JSON: {exc}.", field="args", value=None
            ) from None
        if not isinstance(parsed, dict):
            raise InvalidRequest(
                f"The arguments must be a JSON object, not {shown(parsed)}.", field="args", value=None
            )
        action(name)
    except InvalidRequest as exc:
        return refused(exc)
    return run(name, parsed)


def _line_id(line: bytes | str) -> Any:
    """The ``id`` of a line that parses as an object, even when the rest of it is wrong."""
    try:
        item = json.loads(line, parse_constant=_constant) if len(line) <= MAX_LINE else None
    except (ValueError, RecursionError):
        return None
    return item.get("id") if isinstance(item, dict) else None


def result_line(line_id: Any, result: ActionResult) -> dict[str, Any]:
    """The result line of one action: ``{"id"?, "status", "data", "message"}``."""
    out = result.to_dict()
    return out if line_id is None else {"id": line_id, **out}


@dataclass
class _Line:
    """One input line: its id, action and arguments, or the result it already has (a bad line)."""

    id: Any = None
    name: str = ""
    args: Mapping[str, Any] = field(default_factory=dict)
    result: dict[str, Any] | None = None


def _read(line: bytes | str) -> _Line:
    try:
        line_id, name, args = parse_line(line)
    except InvalidRequest as exc:
        return _Line(result=result_line(_line_id(line), refused(exc)))
    return _Line(line_id, name, args)


def run_lines(lines: Sequence[bytes | str]) -> list[dict[str, Any]]:
    """Run action lines in order, in short transactions; one result line per input line.

    Returns after every action's transaction committed. Should a commit itself fail (the
    disk is full), the actions of that group report its error: none of them was kept.
    """
    items = [_read(line) for line in lines]
    start = 0
    while start < len(items):
        stopped = _run_group(items, start)
        if stopped < len(items):  # lost a race: once more, alone, before the lines after it
            item = items[stopped]
            item.result = result_line(item.id, run(item.name, item.args))
            stopped += 1
        start = stopped
    return [item.result for item in items if item.result is not None]


def _run_group(items: list[_Line], start: int) -> int:
    """Run lines from ``start`` in one transaction; the index it stopped at (a lost race or the end)."""
    end = min(len(items), start + MAX_GROUP)
    done: list[_Line] = []
    stop = end
    try:
        with db.atomic():
            for index in range(start, end):
                item = items[index]
                if item.result is not None:
                    continue
                try:
                    with db.atomic():  # a savepoint: a refusal rolls back this action alone
                        data = action(item.name)(item.args)
                    item.result = result_line(item.id, ActionResult(SUCCESS, data))
                    done.append(item)
                except ProfilesError as exc:
                    item.result = result_line(item.id, refused(exc))
                except (peewee.IntegrityError, peewee.OperationalError) as exc:
                    if lost_race(exc):
                        stop = index
                        break
                    item.result = result_line(item.id, bug(exc))
                except Exception as exc:  # noqa: BLE001 - a bug in one action must not end the stream
                    item.result = result_line(item.id, bug(exc))
    except ProfilesError as exc:  # the commit failed: nothing of the group was kept
        for item in done:
            item.result = result_line(item.id, refused(exc))
    return stop
