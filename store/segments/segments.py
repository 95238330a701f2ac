"""Segments (SPEC 4): named, saved conditions whose members are the persons that meet them now.

A segment is checked when it is saved and compiled into one SQL condition whenever it is
counted or listed, so membership needs no refresh. Members are listed by keyset in id
order; tagging or untagging every member is one statement each way.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import peewee

from ..arguments import check_id, check_limit
from ..db import db, tuple_rows
from ..errors import DuplicateValue, NotFound
from ..folding import fold
from ..history import check_source
from ..merging.aliases import missing_person
from ..models import Change, Person, PersonTag, Tag, utcnow
from ..tags import ensure_tags, get_tag, tag_key
from . import language
from .catalog import load_catalog
from .computed import parse_definition
from .evaluate import load_facts
from .explain import Explained, explain_node
from .models import Segment
from .references import refuse_if_used, rename_references
from .sql import Compiler

MAX_CONDITION_JSON = 100_000  # characters of a saved condition


@dataclass(frozen=True)
class SegmentInfo:
    """A segment as listed and shown; ``count`` is filled when asked for."""

    id: int
    name: str
    condition: Any
    created_at: dt.datetime
    modified_at: dt.datetime
    count: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        data = {
            "id": self.id,
            "name": self.name,
            "condition": self.condition,
            "created_at": self.created_at.replace(tzinfo=dt.UTC).isoformat(),
            "modified_at": self.modified_at.replace(tzinfo=dt.UTC).isoformat(),
        }
        if self.count is not None:
            data["count"] = self.count
        return data


def check_condition(condition: Any) -> language.Node:
    """The checked tree of ``condition`` (JSON text or data) against the open store."""
    if isinstance(condition, str):
        if len(condition) > MAX_CONDITION_JSON:
            raise language.InvalidCondition("", f"the JSON is longer than {MAX_CONDITION_JSON:,} characters.")
        try:
            condition = json.loads(condition)
        except json.JSONDecodeError as error:
            raise language.InvalidCondition(
                "", f"the text is not JSON ({error.msg} at line {error.lineno}, column {error.colno})."
            ) from None
    return language.parse(condition, load_catalog(), parse_definition)


def _data(condition: Any) -> Any:
    return json.loads(condition) if isinstance(condition, str) else condition


def _row(name: str) -> Segment:
    row = Segment.get_or_none(Segment.name_key == fold(name)) if isinstance(name, str) else None
    if row is None:
        raise NotFound(f"There is no segment {name!r}.", field="segment", value=name)
    return row


def _info(row: Segment, count: int | None = None) -> SegmentInfo:
    return SegmentInfo(row.id, row.name, json.loads(row.condition), row.created_at, row.modified_at, count)


def create_segment(name: str, condition: Any) -> SegmentInfo:
    """Save a new segment; the name is unique in any case, the condition checked first."""
    text = language.clean_name(name, "Segment")
    with db.atomic():
        if Segment.get_or_none(Segment.name_key == fold(text)) is not None:
            raise DuplicateValue(f"Segment {text!r} already exists.", field="name", value=name)
        check_condition(condition)
        now = utcnow()
        row = Segment.create(
            name=text,
            name_key=fold(text),
            condition=json.dumps(_data(condition), ensure_ascii=False),
            created_at=now,
            modified_at=now,
        )
    return _info(row)


def update_segment(name: str, condition: Any) -> SegmentInfo:
    """Replace a segment's condition (checked first; a cycle through other segments is refused)."""
    with db.atomic():
        row = _row(name)
        data = _data(condition)
        catalog = load_catalog()
        catalog.segments = dict(catalog.segments) | {row.name_key: (row.name, data)}
        catalog.in_progress.append(f"segment:{row.name_key}")
        language.parse(data, catalog, parse_definition)
        _check_users(catalog)
        row.condition = json.dumps(data, ensure_ascii=False)
        row.modified_at = utcnow()
        row.save()
    return _info(row)


def _check_users(catalog: language.Catalog) -> None:
    """Every saved segment and computed attribute still parses with the changed catalog."""
    catalog.in_progress.clear()
    catalog.parsed_segments.clear()
    for key, (seg_name, seg_data) in catalog.segments.items():
        catalog.in_progress.append(f"segment:{key}")
        try:
            language.parse(seg_data, catalog, parse_definition)
        except language.InvalidCondition as error:
            raise language.InvalidCondition(
                error.path, f"(in segment {seg_name!r}, which uses this one) {error.message}"
            ) from None
        finally:
            catalog.in_progress.pop()


def rename_segment(old: str, new: str) -> SegmentInfo:
    """Rename a segment; conditions that use it are rewritten to the new name."""
    text = language.clean_name(new, "Segment")
    with db.atomic():
        row = _row(old)
        other = Segment.get_or_none(Segment.name_key == fold(text))
        if other is not None and other.id != row.id:
            raise DuplicateValue(f"Segment {other.name!r} already exists.", field="name", value=new)
        previous = row.name
        row.name, row.name_key, row.modified_at = text, fold(text), utcnow()
        row.save()
        rename_references("segment", previous, text)
    return _info(Segment.get_by_id(row.id))


def delete_segment(name: str) -> None:
    """Delete a segment that no other segment or computed attribute uses."""
    with db.atomic():
        row = _row(name)
        refuse_if_used("segment", row.name)
        row.delete_instance()


def get_segment(name: str, *, with_count: bool = False) -> SegmentInfo:
    """One segment (with its member count when asked)."""
    row = _row(name)
    return _info(row, count_members(row.name) if with_count else None)


def list_segments(*, with_counts: bool = False) -> list[SegmentInfo]:
    """Every segment by name (with member counts when asked)."""
    rows = list(Segment.select().order_by(Segment.name_key))
    return [_info(r, count_members(r.name) if with_counts else None) for r in rows]


def members_condition(name: str, *, now: dt.datetime | None = None) -> Any:
    """The SQL condition on ``person`` that a segment's members meet now."""
    node = check_condition(_row(name).condition)
    return Compiler(language.today_and_now(now)[1]).where(node)


def condition_sql(condition: Any, *, now: dt.datetime | None = None) -> Any:
    """The SQL condition on ``person`` for an unsaved ``condition``."""
    return Compiler(language.today_and_now(now)[1]).where(check_condition(condition))


def _count(node: language.Node, now: dt.datetime | None) -> int:
    """How many persons meet a checked tree: from a lone set's index, or over ``person``.

    One statement, so one snapshot on either database: no transaction around it.
    """
    compiler = Compiler(language.today_and_now(now)[1])
    query = compiler.set_count(node)
    if query is None:
        query = Person.select(peewee.fn.COUNT(peewee.SQL("*"))).where(compiler.where(node))
    return query.scalar() or 0


def count_condition(condition: Any, *, now: dt.datetime | None = None) -> int:
    """How many persons meet ``condition`` (JSON text or data) now, without saving it."""
    return _count(check_condition(condition), now)


def count_members(name: str, *, now: dt.datetime | None = None) -> int:
    """How many persons are in the segment now."""
    return _count(check_condition(_row(name).condition), now)


def member_ids(
    name: str, *, after: int | None = None, limit: int = 50, now: dt.datetime | None = None
) -> list[int]:
    """A page of member ids in id order, after ``after`` (keyset: every page costs the same)."""
    limit = check_limit(limit)
    query = Person.select(Person.id).where(members_condition(name, now=now))
    if after is not None:
        query = query.where(Person.id > check_id(after, "after"))
    return [i for (i,) in tuple_rows(query.order_by(Person.id).limit(limit))]


def tag_members(name: str, tag: str, *, source: str = "api") -> int:
    """Put ``tag`` (created if missing) on every member who lacks it; returns how many got it."""
    check_source(source)
    with db.atomic():
        where = members_condition(name)
        tag_id = ensure_tags([tag])[tag_key(tag)]
        missing = Person.select(Person.id).where(
            where & Person.id.not_in(PersonTag.select(PersonTag.person).where(PersonTag.tag == tag_id))
        )
        ids = [i for (i,) in tuple_rows(missing)]
        return _change_tag(ids, tag_id, source, add=True)


def untag_members(name: str, tag: str, *, source: str = "api") -> int:
    """Take ``tag`` off every member who carries it; returns how many lost it."""
    check_source(source)
    with db.atomic():
        where = members_condition(name)
        found = get_tag(tag)
        carrying = Person.select(Person.id).where(
            where & Person.id.in_(PersonTag.select(PersonTag.person).where(PersonTag.tag == found.id))
        )
        ids = [i for (i,) in tuple_rows(carrying)]
        return _change_tag(ids, found.id, source, add=False)


def _change_tag(ids: list[int], tag_id: int, source: str, *, add: bool) -> int:
    """Add or remove one tag for many persons, with a history entry each, 500 at a time."""
    name = Tag.get_by_id(tag_id).name
    now = utcnow()
    for chunk in peewee.chunked(ids, 500):
        if add:
            PersonTag.insert_many(
                [{"tag": tag_id, "person": i} for i in chunk]
            ).on_conflict_ignore().execute()
        else:
            PersonTag.delete().where((PersonTag.tag == tag_id) & PersonTag.person.in_(chunk)).execute()
        Change.insert_many(
            [
                {
                    "person": i,
                    "at": now,
                    "source": source,
                    "field": "tags",
                    "old_value": None if add else name,
                    "new_value": name if add else None,
                }
                for i in chunk
            ]
        ).execute()
    return len(ids)


def explain(name: str, person_id: int, *, now: dt.datetime | None = None) -> tuple[bool, Explained]:
    """Whether the person is a member (by the database) and the explained tree (in Python)."""
    person_id = check_id(person_id, "person_id")
    row = _row(name)
    node = check_condition(row.condition)
    facts = load_facts([person_id]).get(person_id)
    if facts is None:
        raise missing_person(person_id)
    moment = language.today_and_now(now)[1]
    where = Compiler(moment).where(node)
    member = Person.select(Person.id).where(where & (Person.id == person_id)).exists()
    return member, explain_node(node, facts, moment)
