"""Tags: static labels, unique by name case-insensitively, on persons and companies."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import peewee

from . import history
from .arguments import check_ids
from .db import db, retry_races, tuple_rows
from .errors import ConfirmationRequired, DuplicateValue, InvalidValue, NotFound, ProfileNotFound
from .models import CompanyTag, Person, PersonTag, Tag
from .text_checks import text_problem


@dataclass(frozen=True)
class TagInfo:
    """A tag with how many persons and companies carry it."""

    id: int
    name: str
    persons: int = 0
    companies: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The tag as JSON-ready data."""
        return {
            "id": self.id,
            "name": self.name,
            "persons": self.persons,
            "companies": self.companies,
        }


def _tag_key(name: str) -> str:
    return " ".join(name.casefold().split())


def clean_tag_name(name: Any) -> str:
    """A tag name trimmed, or ``InvalidValue`` for empty, too long or control characters."""
    if not isinstance(name, str):
        raise InvalidValue(f"Tag name must be text, not {name!r}.", field="tag", value=name)
    text = " ".join(name.split())
    if not text:
        raise InvalidValue("Tag name must not be empty.", field="tag", value=name)
    if len(text) > 100:
        raise InvalidValue(
            f"Tag name {text[:20]!r}... is longer than 100 characters.", field="tag", value=name
        )
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise InvalidValue(f"Tag name {text!r} holds a control character.", field="tag", value=name)
    problem = text_problem(text, 100)
    if problem is not None:
        raise InvalidValue(f"Tag name {text!r} {problem}.", field="tag", value=name)
    return text


def find_tag(name: str) -> Tag | None:
    """The tag called ``name`` in any case, or None."""
    return Tag.get_or_none(Tag.name_key == _tag_key(name))


def get_tag(name: str) -> Tag:
    """The tag called ``name``, or ``NotFound`` naming it."""
    tag = find_tag(name)
    if tag is None:
        raise NotFound(f"There is no tag {name!r}.", field="tag", value=name)
    return tag


@retry_races
def create_tag(name: str) -> TagInfo:
    """Create a tag; ``DuplicateValue`` when the name exists in any case."""
    text = clean_tag_name(name)
    with db.atomic():
        existing = find_tag(text)
        if existing is not None:
            raise DuplicateValue(f"Tag {existing.name!r} already exists.", field="tag", value=name)
        tag = Tag.create(name=text, name_key=_tag_key(text))
    return TagInfo(tag.id, tag.name)


def ensure_tags(names: Iterable[str]) -> dict[str, int]:
    """Ids of the tags called ``names``, creating the missing ones (``{name_key: id}``)."""
    wanted: dict[str, str] = {}
    for name in names:
        text = clean_tag_name(name)
        wanted.setdefault(_tag_key(text), text)
    if not wanted:
        return {}
    found = {t.name_key: t.id for t in Tag.select().where(Tag.name_key.in_(list(wanted)))}
    missing = [{"name": text, "name_key": key} for key, text in wanted.items() if key not in found]
    if missing:
        # A concurrent writer may create one of them meanwhile: the insert waits and skips it.
        Tag.insert_many(missing).on_conflict_ignore().execute()
        found.update(
            {t.name_key: t.id for t in Tag.select().where(Tag.name_key.in_([m["name_key"] for m in missing]))}
        )
    return found


def tag_key(name: str) -> str:
    """The unique key of a tag name (what ``ensure_tags`` returns ids by)."""
    return _tag_key(clean_tag_name(name))


def rename_tag(old: str, new: str) -> TagInfo:
    """Rename a tag; renaming to another case of the same name is allowed.

    Segments and computed attributes that name the tag are rewritten to the new name.
    """
    from .segments.references import rename_references

    tag = get_tag(old)
    text = clean_tag_name(new)
    other = find_tag(text)
    if other is not None and other.id != tag.id:
        raise DuplicateValue(f"Tag {other.name!r} already exists.", field="tag", value=new)
    with db.atomic():
        previous = tag.name
        tag.name, tag.name_key = text, _tag_key(text)
        tag.save()
        rename_references("tag", previous, text)
    return _info(tag)


def delete_tag(name: str, *, confirm: bool = False) -> int:
    """Delete a tag from the store and every profile; returns how many profiles carried it.

    Raises:
        InUse: a segment or a computed attribute names the tag (it names them).
        ConfirmationRequired: the tag is in use and ``confirm`` is False.
    """
    from .segments.references import refuse_if_used

    tag = get_tag(name)
    refuse_if_used("tag", tag.name)
    info = _info(tag)
    used = info.persons + info.companies
    if used and not confirm:
        raise ConfirmationRequired(
            f"Tag {tag.name!r} is on {info.persons} persons and {info.companies} companies: confirm the deletion.",
            field="tag",
            value=name,
        )
    with db.atomic():
        tag.delete_instance()
    return used


def _info(tag: Tag) -> TagInfo:
    persons = PersonTag.select().where(PersonTag.tag == tag.id).count()
    companies = CompanyTag.select().where(CompanyTag.tag == tag.id).count()
    return TagInfo(tag.id, tag.name, persons, companies)


def list_tags() -> list[TagInfo]:
    """Every tag, by name, with its member counts (two grouped queries)."""
    persons = dict(
        tuple_rows(PersonTag.select(PersonTag.tag, peewee.fn.COUNT(PersonTag.person)).group_by(PersonTag.tag))
    )
    companies = dict(
        tuple_rows(
            CompanyTag.select(CompanyTag.tag, peewee.fn.COUNT(CompanyTag.company)).group_by(CompanyTag.tag)
        )
    )
    return [
        TagInfo(t.id, t.name, persons.get(t.id, 0), companies.get(t.id, 0))
        for t in Tag.select().order_by(Tag.name_key)
    ]


def _check_persons(person_ids: list[int]) -> None:
    found = {p for (p,) in tuple_rows(Person.select(Person.id).where(Person.id.in_(person_ids)))}
    missing = [p for p in person_ids if p not in found]
    if missing:
        raise ProfileNotFound(f"There is no person with id {missing[0]}.", field="person", value=missing[0])


@retry_races
def assign_tag(name: str, person_ids: Iterable[int], *, source: str = "api", create: bool = True) -> int:
    """Put a tag on persons (creating the tag unless ``create`` is False); returns how many got it."""
    history.check_source(source)
    ids = list(dict.fromkeys(check_ids(person_ids, "person")))
    with db.atomic():
        _check_persons(ids)
        tag_id = ensure_tags([name])[tag_key(name)] if create else get_tag(name).id
        tag_name = Tag.get_by_id(tag_id).name
        have = {
            p
            for (p,) in tuple_rows(
                PersonTag.select(PersonTag.person).where(
                    (PersonTag.tag == tag_id) & PersonTag.person.in_(ids)
                )
            )
        }
        new = [p for p in ids if p not in have]
        for chunk in peewee.chunked(new, 500):
            PersonTag.insert_many([{"tag": tag_id, "person": p} for p in chunk]).execute()
        for person_id in new:
            history.record(source, [("tags", None, tag_name)], person_id=person_id)
    return len(new)


def unassign_tag(name: str, person_ids: Iterable[int], *, source: str = "api") -> int:
    """Take a tag off persons; returns how many had it."""
    history.check_source(source)
    ids = list(dict.fromkeys(check_ids(person_ids, "person")))
    tag = get_tag(name)
    with db.atomic():
        _check_persons(ids)
        had = [
            p
            for (p,) in tuple_rows(
                PersonTag.select(PersonTag.person).where(
                    (PersonTag.tag == tag.id) & PersonTag.person.in_(ids)
                )
            )
        ]
        PersonTag.delete().where((PersonTag.tag == tag.id) & PersonTag.person.in_(had)).execute()
        for person_id in had:
            history.record(source, [("tags", tag.name, None)], person_id=person_id)
    return len(had)


def tags_for(person_ids: list[int]) -> dict[int, list[str]]:
    """Tag names of many persons in one query, as ``{person_id: [names]}``."""
    result: dict[int, list[str]] = {i: [] for i in person_ids}
    if person_ids:
        query = tuple_rows(
            PersonTag.select(PersonTag.person, Tag.name)
            .join(Tag)
            .where(PersonTag.person.in_(person_ids))
            .order_by(Tag.name_key)
        )
        for person_id, name in query:
            result[person_id].append(name)
    return result
