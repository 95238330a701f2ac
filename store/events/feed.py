"""The feed of recent events across every person: newest first, by event and time, keyset paged.

There is no index on the time alone (every insert would pay for it at ten million events);
the feed reads the ``(definition, at, person)`` index that segments' behaviour conditions
use instead. A page is one query: for each definition, its newest ``limit + 1`` events in
the window (a backwards walk of that definition's stretch of the index), and of those, the
newest ``limit + 1`` overall. So a page reads at most ``definitions × (limit + 1)`` index
entries whatever the number of events, on the first page and on the ten-thousandth.
Events of the same moment come in descending id; the cursor is the last row's
``(at, id)``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from ..arguments import check_limit
from ..db import db, is_postgres, tuple_rows
from ..errors import InvalidValue
from ..persons.listing import person_rows
from .definitions import get_definition
from .models import EventDefinition
from .recording import MAX_PAGE, Cursor, event_time

FeedCursor = Cursor
"""The ``(at, id)`` of the last event of a page: the next page starts after it."""
LAST_ID = 2**63 - 1
"""Above every event id: a cursor at a moment with this id includes that moment's events."""


@dataclass(frozen=True)
class FeedEvent:
    """One event of the feed, with the person it belongs to."""

    id: int
    at: dt.datetime
    event: str
    person_id: int
    person_name: str
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FeedPage:
    """A page of the feed, newest first; ``next`` is the cursor of the following (older) page."""

    events: list[FeedEvent]
    next: FeedCursor | None


def _param(moment: dt.datetime) -> Any:
    """A time as the driver compares it: Peewee's text form on SQLite, the datetime on PostgreSQL."""
    return moment if is_postgres() else str(moment)


def _arm(definition_id: int, since: dt.datetime | None, before: FeedCursor, limit: int) -> tuple[str, list]:
    """The newest events of one definition before the cursor (and from ``since``)."""
    p = db.param
    at, last_id = before
    sql = (
        'SELECT "id", "definition_id", "person_id", "at", "properties" FROM "event" '
        f'WHERE "definition_id" = {p} AND "at" <= {p} AND ("at" < {p} OR "id" < {p})'
    )
    params: list[Any] = [definition_id, _param(at), _param(at), last_id]
    if since is not None:
        sql += f' AND "at" >= {p}'
        params.append(_param(since))
    return f'{sql} ORDER BY "at" DESC, "id" DESC LIMIT {int(limit)}', params


def feed_query(
    definition_ids: list[int], since: dt.datetime | None, before: FeedCursor, limit: int
) -> tuple[str, list]:
    """The SQL and parameters of one feed page over these definitions (``limit`` rows at most)."""
    arms, params = [], []
    for n, definition_id in enumerate(definition_ids):
        sql, arm_params = _arm(definition_id, since, before, limit)
        arms.append(f'SELECT * FROM ({sql}) AS "d{n}"')
        params += arm_params
    return " UNION ALL ".join(arms) + f' ORDER BY "at" DESC, "id" DESC LIMIT {int(limit)}', params


def _moment(value: Any, name: str) -> dt.datetime | None:
    """``since`` or ``until`` as naive UTC (None when not given), or ``InvalidValue`` naming it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return event_time(value)
    except InvalidValue as exc:
        raise InvalidValue(
            exc.message.replace("Event time", f"The {name!r} time", 1), field=name, value=value
        ) from None


def _whole_day(value: Any) -> bool:
    """True for a bare date (``2026-06-30`` or a ``date``): as ``until`` it includes that day."""
    if isinstance(value, str):
        return len(value.strip()) == len("2026-06-30")
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _start(until: Any, after: FeedCursor | None) -> FeedCursor:
    """Where a page starts: after the cursor, and never after ``until``."""
    end = _moment(until, "until")
    bound: FeedCursor = (dt.datetime.max, LAST_ID)
    if end is not None:
        bound = (end + dt.timedelta(days=1), 0) if _whole_day(until) else (end, LAST_ID)
    if after is None:
        return bound
    cursor = (event_time(after[0]), int(after[1]))
    return min(cursor, bound)


def recent_events(
    *,
    event: str | None = None,
    since: dt.datetime | str | None = None,
    until: dt.datetime | str | None = None,
    limit: int = 50,
    after: FeedCursor | None = None,
) -> FeedPage:
    """A page of the events of every person, newest first.

    Args:
        event: only events of this definition (any case or spacing).
        since: only events at or after this time (naive UTC, or ISO text as ``event_time`` reads it).
        until: only events at or before this time (a bare date: up to the end of that
            UTC day); None: up to the newest.
        limit: events per page (1 to 1000).
        after: the ``next`` of the previous page.

    Raises:
        MissingDefinition: no event of that name.
        InvalidValue: a time that does not read as one (field ``since`` or ``until``), a bad limit.
    """
    limit = check_limit(limit, maximum=MAX_PAGE)
    start, cursor = _moment(since, "since"), _start(until, after)
    if event is not None and event.strip():
        definition = get_definition(event)
        names = {definition.id: definition.name}
    else:
        names = dict(tuple_rows(EventDefinition.select(EventDefinition.id, EventDefinition.name)))
    if not names:
        return FeedPage([], None)
    sql, params = feed_query(sorted(names), start, cursor, limit + 1)
    rows = db.execute_sql(sql, params).fetchall()
    shown = rows[:limit]
    people = {row.id: row.name for row in person_rows(sorted({r[2] for r in shown}))}
    events = [
        FeedEvent(
            int(event_id),
            _as_time(at),
            names[definition_id],
            person_id,
            people.get(person_id, f"#{person_id}"),
            json.loads(props),
        )
        for event_id, definition_id, person_id, at, props in shown
    ]
    following = (events[-1].at, events[-1].id) if len(rows) > limit else None
    return FeedPage(events, following)


def _as_time(value: Any) -> dt.datetime:
    """A stored time as a naive UTC datetime (SQLite gives Peewee's text form)."""
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
