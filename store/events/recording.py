"""Recording events against persons, and reading a person's timeline and activity chart.

Every event is checked against its definition before anything is written
(``definitions.check_properties``). Each insert also adds to ``EventDay``, the
per-person, per-UTC-day, per-event count, in the same transaction; the activity chart
reads that rollup (at most one row per day and event), never the events themselves. The
timeline is a keyset walk of the ``(person, at, id)`` index, newest first: a page costs
the same on the first page and the thousandth, at a hundred thousand events or ten million.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import peewee

from ..arguments import check_id, check_limit
from ..attribute_types import aware_utc, parse_iso_datetime
from ..db import db, is_postgres, retry_races, tuple_rows
from ..errors import DisabledEvent, InvalidValue, ProfilesError
from ..merging.aliases import missing_person
from ..models import Person, utcnow
from ..text_checks import shown
from .definitions import DefinitionInfo, check_properties, event_key, get_definition, list_definitions
from .models import Event, EventDay, EventDefinition

Cursor = tuple[dt.datetime, int]
MAX_PAGE = 1000
MAX_DAYS = 3660
BATCH_ROWS = 1000  # rows per multi-row INSERT on PostgreSQL


@dataclass(frozen=True)
class EventView:
    """One recorded event as the timeline shows it."""

    id: int
    person_id: int
    event: str
    at: dt.datetime
    properties: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The timeline entry: ``{"event", "at", "properties"}`` (time in UTC with an offset)."""
        return {
            "event": self.event,
            "at": self.at.replace(tzinfo=dt.UTC).isoformat(),
            "properties": dict(self.properties),
        }

    def to_record_dict(self) -> dict[str, Any]:
        """The event with its id and person (what the command line prints for a recorded one)."""
        return {"id": self.id, "person_id": self.person_id, **self.to_dict()}


@dataclass(frozen=True)
class NewEvent:
    """An event to record in a batch (``record_events``)."""

    person_id: int
    event: str
    properties: Mapping[str, Any] | None = None
    at: dt.datetime | str | None = None


@dataclass
class TimelinePage:
    """A page of a timeline, newest first; ``next`` is the cursor of the following (older) page,
    ``previous`` the cursor of the page before it (newer events), None at either end."""

    events: list[EventView]
    next: Cursor | None
    previous: Cursor | None = None


def event_time(value: dt.datetime | dt.date | str | None) -> dt.datetime:
    """An event time as naive UTC: None is now; naive times are UTC; offsets are converted.

    Text is ISO 8601 (``2026-03-01T10:15:00+01:00``, ``...Z``, or a bare date for midnight
    UTC); a time whose offset takes it outside the years 1 to 9999 in UTC is refused.
    """
    if value is None:
        return utcnow()
    moment: dt.datetime | None
    if isinstance(value, str):
        moment = parse_iso_datetime(value)
    elif isinstance(value, dt.datetime):
        moment = aware_utc(value)
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
    else:
        raise InvalidValue(f"Event time {shown(value)} is not a time.", field="at", value=value)
    if moment is None:
        raise InvalidValue(
            f"Event time {shown(value)} is not an ISO 8601 time such as 2026-03-01T10:15:00Z "
            "between the years 1 and 9999 in UTC.",
            field="at",
            value=value,
        )
    return moment.replace(tzinfo=None)


def _definition_for(name: str, known: dict[str, DefinitionInfo] | None = None) -> DefinitionInfo:
    info = known.get(event_key(name)) if known is not None and isinstance(name, str) else None
    if info is None:
        info = get_definition(name)
    if not info.enabled:
        raise DisabledEvent(
            f"Event {info.name!r} is disabled: enable it to record it.",
            field="event",
            value=name,
        )
    return info


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # built once: json.dumps
# with options builds an encoder per call, a fifth of a batch's Python time.


def _dumps(properties: dict[str, Any]) -> str:
    return _ENCODER.encode(properties)


def _check_person(person_id: int) -> int:
    pid = check_id(person_id, "person_id")
    if Person.select(Person.id).where(Person.id == pid).scalar() is None:
        raise missing_person(pid)
    return pid


def prepare_event(
    event: str, properties: Mapping[str, Any] | None = None, at: dt.datetime | dt.date | str | None = None
) -> tuple[DefinitionInfo, dict[str, Any], dt.datetime]:
    """Check an event before recording it: its definition, checked properties and UTC time."""
    definition = _definition_for(event)
    return definition, check_properties(definition, properties), event_time(at)


@retry_races
def record_event(
    person_id: int,
    event: str,
    properties: Mapping[str, Any] | None = None,
    *,
    at: dt.datetime | dt.date | str | None = None,
) -> EventView:
    """Record one event against a person.

    Raises:
        ProfileNotFound: no such person (or it was merged away: the message says where).
        MissingDefinition: no such event.
        InvalidValue: a disabled event (``DisabledEvent``), a bad time, an unknown or
            missing property, or a value that does not read as its type.
        IncompatibleType: a Python value of another kind (a list for a Whole number...).
    """
    person_id = check_id(person_id, "person_id")
    definition, values, moment = prepare_event(event, properties, at)
    with db.atomic():
        pid = _check_person(person_id)
        event_id = Event.insert(
            person=pid, definition=definition.id, at=moment, properties=_dumps(values)
        ).execute()
        EventDay.insert(day=moment.date(), person_id=pid, definition_id=definition.id, count=1).on_conflict(
            conflict_target=[EventDay.day, EventDay.person_id, EventDay.definition_id],
            update={EventDay.count: EventDay.count + 1},
        ).execute()
    return EventView(event_id, pid, definition.name, moment, values)


def record_events(events: Iterable[NewEvent | Sequence[Any]]) -> int:
    """Record many events in one transaction; all or nothing. Returns how many were recorded.

    Items are ``NewEvent`` or tuples ``(person_id, event, properties[, at])``. Everything
    is checked first; an error names the item's position (from 1) and writes nothing.

    Measured with 50,000 events of random persons into 10M events (``bench/events_bench.py``):
    a separate existence check of the persons cost 1 s of 8, so a missing person is caught
    by the foreign key during the insert instead and named after the rollback; rows sorted
    by (person, time) visit each index leaf once and in file order (3,700 → 12,900
    events/s, before the rollup's key began with the day). Rows go in with ``executemany``
    on SQLite and multi-row inserts on PostgreSQL, never through ``insert_many``, which
    PERF-NOTES measured four to five times slower.
    """
    known = {event_key(d.name): d for d in list_definitions()}
    by_name: dict[str, DefinitionInfo] = {}  # per name as given: folding a name costs more than a lookup
    times: dict[Any, dt.datetime] = {}
    rows: list[tuple[int, int, dt.datetime, str]] = []
    for position, item in enumerate(events, 1):
        new = item if isinstance(item, NewEvent) else NewEvent(*item)
        try:
            definition = by_name.get(new.event) if isinstance(new.event, str) else None
            if definition is None:
                definition = _definition_for(new.event, known)
                if isinstance(new.event, str):
                    by_name[new.event] = definition
            values = check_properties(definition, new.properties)
            moment = times.get(new.at) if isinstance(new.at, str) else None
            if moment is None:
                moment = event_time(new.at)
                if isinstance(new.at, str):
                    times[new.at] = moment
            if isinstance(new.person_id, bool) or not isinstance(new.person_id, int):
                raise InvalidValue(
                    f"Person id {new.person_id!r} is not a number.", field="person", value=new.person_id
                )
        except ProfilesError as exc:
            raise type(exc)(f"Event {position}: {exc.message}", field=exc.field, value=exc.value) from None
        rows.append((new.person_id, definition.id, moment, _dumps(values)))
    if not rows:
        return 0
    rows.sort(key=lambda r: (r[0], r[2]))
    days = collections.Counter((pid, moment.date(), def_id) for pid, def_id, moment, _p in rows)
    try:
        with db.atomic():
            _insert_rows(
                "INSERT INTO event (person_id, definition_id, at, properties)",
                [(pid, def_id, _db_time(moment), props) for pid, def_id, moment, props in rows],
            )
            add_day_counts([(pid, day, def_id, n) for (pid, day, def_id), n in sorted(days.items())])
    except peewee.IntegrityError:
        _check_persons({pid for pid, *_rest in rows})  # names the missing person
        raise
    return len(rows)


def _check_persons(person_ids: set[int]) -> None:
    ordered = sorted(person_ids)
    for chunk in peewee.chunked(ordered, 900):
        found = {i for (i,) in tuple_rows(Person.select(Person.id).where(Person.id.in_(chunk)))}
        for pid in chunk:
            if pid not in found:
                raise missing_person(pid)


def _db_time(moment: dt.datetime) -> Any:
    """A time as the driver takes it: SQLite gets Peewee's text form, PostgreSQL the datetime."""
    return moment if is_postgres() else str(moment)


def _insert_rows(head: str, rows: list[tuple[Any, ...]], tail: str = "") -> None:
    """``head VALUES (...) tail`` for every row: ``executemany`` on SQLite, multi-row on PostgreSQL."""
    if not rows:
        return
    p = db.param
    one = "(" + ", ".join([p] * len(rows[0])) + ")"
    if not is_postgres():
        try:
            db.cursor().executemany(f"{head} VALUES {one} {tail}", rows)
        except sqlite3.IntegrityError as exc:  # the raw cursor bypasses Peewee's error mapping
            raise peewee.IntegrityError(*exc.args) from exc
        return
    for chunk in peewee.chunked(rows, BATCH_ROWS):
        params = [value for row in chunk for value in row]
        db.execute_sql(f"{head} VALUES {', '.join([one] * len(chunk))} {tail}", params)


def add_day_counts(counts: list[tuple[int, dt.date, int, int]]) -> None:
    """Add ``(person_id, day, definition_id, n)`` to the per-day rollup (keys unique in ``counts``)."""
    rows = sorted((day, pid, def_id, n) for pid, day, def_id, n in counts)
    _insert_rows(
        "INSERT INTO event_day (day, person_id, definition_id, count)",
        [(day if is_postgres() else day.isoformat(), pid, def_id, n) for day, pid, def_id, n in rows],
        "ON CONFLICT (day, person_id, definition_id) DO UPDATE SET count = event_day.count + excluded.count",
    )


def _day_rows(person_ids: Sequence[int]) -> list[tuple[int, dt.date, int, int]]:
    """``(person_id, day, definition_id, n)`` counted from the events of these persons."""
    day = "CAST(at AS date)" if is_postgres() else "date(at)"
    rows: list[tuple[int, dt.date, int, int]] = []
    for chunk in peewee.chunked(sorted(set(person_ids)), 500):
        marks = ", ".join([db.param] * len(chunk))
        cursor = db.execute_sql(
            f"SELECT person_id, {day}, definition_id, COUNT(*) FROM event WHERE person_id IN ({marks}) "
            f"GROUP BY person_id, {day}, definition_id",
            chunk,
        )
        rows += [(pid, _as_date(d), def_id, int(n)) for pid, d, def_id, n in cursor.fetchall()]
    return rows


def drop_day_counts(
    person_ids: Sequence[int], rows: list[tuple[int, dt.date, int, int]] | None = None
) -> None:
    """Remove the rollup rows of these persons (found through their events, before they move)."""
    p = db.param
    found = _day_rows(person_ids) if rows is None else rows
    keys = sorted((day, pid, def_id) for pid, day, def_id, _n in found)
    if keys:
        db.cursor().executemany(
            f"DELETE FROM event_day WHERE day = {p} AND person_id = {p} AND definition_id = {p}",
            [(day if is_postgres() else day.isoformat(), pid, def_id) for day, pid, def_id in keys],
        )


def count_days(person_ids: Sequence[int]) -> None:
    """Add the rollup rows of these persons from their events (after ``drop_day_counts``)."""
    add_day_counts(_day_rows(person_ids))


def move_events(from_ids: Sequence[int], to_id: int) -> list[int]:
    """Move every event of ``from_ids`` to ``to_id`` with their day counts; returns the moved ids."""
    if not from_ids:
        return []
    moved = [
        i
        for (i,) in tuple_rows(
            Event.select(Event.id).where(Event.person.in_(list(from_ids))).order_by(Event.id)
        )
    ]
    if not moved:
        return []
    theirs = _day_rows(from_ids)
    drop_day_counts(from_ids, theirs)
    Event.update(person=to_id).where(Event.person.in_(list(from_ids))).execute()
    sums: collections.Counter[tuple[dt.date, int]] = collections.Counter()
    for _pid, day, def_id, n in theirs:
        sums[(day, def_id)] += n
    add_day_counts([(to_id, day, def_id, n) for (day, def_id), n in sums.items()])
    return moved


def timeline(
    person_id: int,
    *,
    limit: int = 50,
    before: Cursor | None = None,
    after: Cursor | None = None,
    oldest: bool = False,
) -> TimelinePage:
    """A page of a person's events, newest first.

    The newest page by default; ``before`` (a page's ``next``) the older events that
    follow it, ``after`` (a page's ``previous``) the newer events that precede it, and
    ``oldest`` the last page, so a timeline can be walked from either end. Two queries
    whatever the page: the person check and one index walk joined to the definitions for
    the event names.
    """
    limit = check_limit(limit, maximum=MAX_PAGE)
    if before is not None and after is not None:
        raise InvalidValue(
            f"A timeline page is read before a cursor or after one, not both (after {after!r}).",
            field="after",
            value=after,
        )
    pid = _check_person(person_id)
    query = (
        Event.select(Event.id, EventDefinition.name, Event.at, Event.properties)
        .join(EventDefinition, on=(Event.definition == EventDefinition.id))
        .where(Event.person == pid)
    )
    key = peewee.Tuple(Event.at, Event.id)
    if before is not None:
        query = query.where(key < peewee.Tuple(event_time(before[0]), int(before[1])))
    if after is not None:
        query = query.where(key > peewee.Tuple(event_time(after[0]), int(after[1])))
    upwards = after is not None or oldest  # read from the old end, then shown newest first
    order = (Event.at, Event.id) if upwards else (Event.at.desc(), Event.id.desc())
    rows = list(tuple_rows(query.order_by(*order).limit(limit + 1)))
    more = len(rows) > limit
    views = [EventView(i, pid, name, at, json.loads(props)) for i, name, at, props in rows[:limit]]
    if upwards:
        views.reverse()
    if not views:
        return TimelinePage([], None, None)
    older = after is not None or (more and not upwards)
    newer = more if upwards else before is not None
    return TimelinePage(
        views,
        (views[-1].at, views[-1].id) if older else None,
        (views[0].at, views[0].id) if newer else None,
    )


def day_counts(
    person_id: int,
    days: int = 90,
    *,
    event: str | None = None,
    today: dt.date | None = None,
) -> list[tuple[dt.date, int]]:
    """Events per UTC day over the last ``days`` days up to ``today``, oldest first, zeros included.

    Reads the rollup: at most ``days`` rows per event whatever the number of events.
    """
    days = check_limit(days, "days", maximum=MAX_DAYS)
    pid = _check_person(person_id)
    end = today or utcnow().date()
    start = end - dt.timedelta(days=days - 1)
    window = [start + dt.timedelta(days=i) for i in range(days)]
    # The key starts with the day: one index seek per day, never a range over everyone's
    # rows. Hand-written: Peewee turning 90 dates into parameters cost 2 ms of 2.3.
    p = db.param
    params: list[Any] = [d if is_postgres() else d.isoformat() for d in window]
    sql = f"SELECT day, SUM(count) FROM event_day WHERE day IN ({', '.join([p] * days)}) AND person_id = {p}"
    params.append(pid)
    if event is not None:
        sql += f" AND definition_id = {p}"
        params.append(get_definition(event).id)
    counts = {_as_date(day): int(n) for day, n in db.execute_sql(sql + " GROUP BY day", params).fetchall()}
    return [(day, counts.get(day, 0)) for day in window]


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def count_events(person_id: int) -> int:
    """How many events a person has (a count over the person's stretch of the event index)."""
    return Event.select().where(Event.person == int(person_id)).count()
