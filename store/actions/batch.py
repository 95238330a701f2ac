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

_Parsed = tuple[Any, str, Mapping[str, Any]]


def _constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def parse_line(line: bytes | str) -> _Parsed:
    """``(id, action, args)`` of one line, or ``INVALID_REQUEST`` saying what is wrong with it."""
    if len(line) > MAX_LINE:
        raise InvalidRequest(f"The line is longer than {MAX_LINE:,} bytes.", field="line", value=len(line))
    try:
        item = json.loads(line, parse_constant=_constant)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise InvalidRequest(f"The line is not valid JSON: {exc}.", field="line", value=None) from None
    if not isinstance(item, dict):
        raise InvalidRequest(
            f'A line must be an object {{"action": NAME, "args": {{...}}}}, not {shown(item)}.', field="line", value=None
        )
    extra = sorted(str(k) for k in item if k not in ("action", "args", "id"))
    if extra:
        raise InvalidRequest(f"A line takes action, args and id, not {', '.join(extra)}.", field=extra[0], value=None)
    name = item.get("action")
    action(name)  # INVALID_REQUEST for a missing or unknown action
    args = item.get("args", {})
    if not isinstance(args, dict):
        raise InvalidRequest(f"args must be a JSON object, not {shown(args)}.", field="args", value=None)
    return item.get("id"), name, args


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


def run_lines(lines: Sequence[bytes | str]) -> list[dict[str, Any]]:
    """Run action lines in order, in short transactions; one result line per input line.

    Returns after every action's transaction committed. Should a commit itself fail (the
    disk is full), the actions of that group report its error: none of them was kept.
    """
    parsed: list[_Parsed | dict[str, Any]] = []
    for line in lines:
        try:
            parsed.append(parse_line(line))
        except InvalidRequest as exc:
            parsed.append(result_line(_line_id(line), refused(exc)))
    results: list[dict[str, Any] | None] = [item if isinstance(item, dict) else None for item in parsed]
    start = 0
    while start < len(parsed):
        stopped = _run_group(parsed, results, start)
        if stopped < len(parsed) and results[stopped] is None:  # lost a race: once more, alone
            line_id, name, args = parsed[stopped]  # type: ignore[misc]
            results[stopped] = result_line(line_id, run(name, args))
            stopped += 1
        start = stopped
    return [r for r in results if r is not None]


def _run_group(parsed: list[_Parsed | dict[str, Any]], results: list[dict[str, Any] | None], start: int) -> int:
    """Run lines from ``start`` in one transaction; the index it stopped at (a lost race or the end)."""
    end = min(len(parsed), start + MAX_GROUP)
    done: list[int] = []
    stop = end
    try:
        with db.atomic():
            for index in range(start, end):
                item = parsed[index]
                if isinstance(item, dict):
                    continue
                line_id, name, args = item
                try:
                    with db.atomic():  # a savepoint: a refusal rolls back this action alone
                        data = action(name)(args)
                    results[index] = result_line(line_id, ActionResult(SUCCESS, data))
                    done.append(index)
                except ProfilesError as exc:
                    results[index] = result_line(line_id, refused(exc))
                except (peewee.IntegrityError, peewee.OperationalError) as exc:
                    if not lost_race(exc):
                        results[index] = result_line(line_id, bug(exc))
                        continue
                    stop = index
                    break
                except Exception as exc:  # noqa: BLE001 - a bug in one action must not end the stream
                    results[index] = result_line(line_id, bug(exc))
    except ProfilesError as exc:  # the commit failed: nothing of the group was kept
        for index in done:
            line_id = parsed[index][0]  # type: ignore[index]
            results[index] = result_line(line_id, refused(exc))
    return stop

