"""The columns a person export can have, and how a batch of their values is loaded.

A column is a standard name of the person JSON (``city``, ``phones``...) or a name with a
kind prefix (``custom:balance``, ``computed:lead_score``). Each kind is one entry of
``KINDS``: how to find a column of that kind by the name given, which columns it offers by
default, and how to load the values of its columns for a batch of persons, in a constant
number of queries whatever the batch's size. A new kind of column is one more entry.

Values come back as Python values for the file writers (``export_files``): text, ``int``,
``Decimal``, ``bool``, ``date``, an aware UTC ``datetime``, a list of texts (phones,
emails, tags, push registrations, joined by the writer) or None for an empty cell.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import peewee

from ..db import db
from ..errors import InvalidValue
from ..fields import PERSON_FIELDS
from ..folding import fold
from ..models import AttributeDef, Company, Contact, Person, PersonTag, PersonValue, PushRegistration, Tag
from ..segments import computed
from ..segments.models import ComputedAttribute
from ..text_checks import shown

Values = dict[int, dict[str, Any]]
"""Loaded values: ``{person_id: {column name within its kind: value}}``."""

STANDARD_COLUMNS = (
    "id",
    "type",
    *PERSON_FIELDS,
    "company",
    "phones",
    "emails",
    "tags",
    "push_registrations",
    "created_at",
    "modified_at",
)
"""Every standard column, in the order of the person JSON."""

DEFAULT_SEPARATOR = "; "
"""What joins the items of a list column (phones, emails, tags) unless another is chosen."""
NOT_BY_DEFAULT = ("push_registrations",)
"""Standard columns an export leaves out unless asked: push registration ids address one
device of the person, and a spreadsheet has no use for them."""

_PERSON_COLUMNS = {"id": Person.id, "type": Person.type, "created_at": Person.created_at}
_PERSON_COLUMNS |= {name: getattr(Person, name) for name in (*PERSON_FIELDS, "modified_at")}


def _among(column: peewee.Field, ids: list[int]) -> peewee.Node:
    """``column IN (ids)``, its placeholders written in one piece: a plain ``in_`` makes peewee
    build a node per id, which took 0.8 s of a 2.9 s export of 20,000 persons."""
    mark = db.obj.param  # "?" on SQLite, "%s" on PostgreSQL
    return peewee.NodeList((column, peewee.SQL(f"IN ({', '.join([mark] * len(ids))})", ids)))


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """A stored naive-UTC moment as an aware UTC one."""
    return moment.replace(tzinfo=dt.UTC) if moment else None


_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "birth_date": Person.birth_date.python_value,
    "created_at": lambda stored: _aware(Person.created_at.python_value(stored)),
    "modified_at": lambda stored: _aware(Person.modified_at.python_value(stored)),
}
"""How the person columns that are not text come from the driver's value."""


def _load_standard(names: Sequence[str], ids: list[int]) -> Values:
    """Standard columns of these persons: one query for the person (and company) columns,
    and one more for each of contacts, tags and push registrations when they are asked for.
    Every person found gets an entry, even when no person column is asked for."""
    wanted = [name for name in names if name in _PERSON_COLUMNS and name != "id"]
    fields: list[peewee.Node] = [Person.id, *(_PERSON_COLUMNS[name] for name in wanted)]
    query = Person.select(*fields, Company.name).where(_among(Person.id, ids))
    query = query.join(Company, peewee.JOIN.LEFT_OUTER, on=(Person.company == Company.id))
    # Every query here reads the driver's rows as they come (``db.execute``): only the date
    # columns need converting, and peewee's conversion of every column of every row took a
    # fifth of the export's time.
    dated = [(i, _CONVERTERS[name]) for i, name in enumerate(wanted) if name in _CONVERTERS]
    values: Values = {}
    for person_id, *own, company in db.execute(query):
        for i, convert in dated:
            own[i] = convert(own[i])
        values[person_id] = {"id": person_id, "company": company, **dict(zip(wanted, own, strict=True))}
    found_ids = list(values)
    if "phones" in names or "emails" in names:
        for person_id in found_ids:
            values[person_id] |= {"phones": [], "emails": []}
        contacts = (
            Contact.select(Contact.person, Contact.kind, Contact.value)
            .where(_among(Contact.person, found_ids))
            .order_by(Contact.id)
        )
        for person_id, kind, value in db.execute(contacts):
            values[person_id]["phones" if kind == "phone" else "emails"].append(value)
    if "tags" in names:
        for person_id in found_ids:
            values[person_id]["tags"] = []
        tags = (
            PersonTag.select(PersonTag.person, Tag.name)
            .join(Tag)
            .where(_among(PersonTag.person, found_ids))
            .order_by(Tag.name_key)
        )
        for person_id, name in db.execute(tags):
            values[person_id]["tags"].append(name)
    if "push_registrations" in names:
        for person_id in found_ids:
            values[person_id]["push_registrations"] = []
        pushes = (
            PushRegistration.select(
                PushRegistration.person, PushRegistration.registration_id, PushRegistration.platform
            )
            .where(_among(PushRegistration.person, found_ids))
            .order_by(PushRegistration.created_at)
        )
        for person_id, registration, platform in db.execute(pushes):
            values[person_id]["push_registrations"].append(f"{registration} ({platform})")
    return values


def _find_standard(name: str) -> str | None:
    return name if name in STANDARD_COLUMNS else None


def _default_standard() -> list[str]:
    return [name for name in STANDARD_COLUMNS if name not in NOT_BY_DEFAULT]


def _custom_value(type_: str, text: str) -> Any:
    """A stored custom value as the cell's Python value (see the module docstring)."""
    if type_ == "whole":
        return int(text)
    if type_ == "decimal":
        return decimal.Decimal(text)
    if type_ == "boolean":
        return text == "true"
    if type_ == "date":
        return dt.date.fromisoformat(text)
    if type_ == "datetime":
        return dt.datetime.fromisoformat(text).astimezone(dt.UTC)
    if type_ == "list":
        return json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"))
    return text


def _person_definitions() -> peewee.ModelSelect[AttributeDef]:
    return AttributeDef.select(AttributeDef.name).where(AttributeDef.entity == "person")


def _find_custom(name: str) -> str | None:
    row = _person_definitions().where(AttributeDef.name_key == fold(name)).first()
    return row.name if row else None


def _default_custom() -> list[str]:
    return [row.name for row in _person_definitions().order_by(AttributeDef.name_key)]


def _load_custom(names: Sequence[str], ids: list[int]) -> Values:
    """Custom values of these persons for the attributes named: one query."""
    query = (
        PersonValue.select(PersonValue.person, AttributeDef.name, AttributeDef.type, PersonValue.value)
        .join(AttributeDef)
        .where(
            _among(PersonValue.person, ids)
            & (AttributeDef.entity == "person")
            & AttributeDef.name.in_(list(names))
        )
    )
    values: Values = {}
    for person_id, name, type_, text in db.execute(query):
        values.setdefault(person_id, {})[name] = _custom_value(type_, text)
    return values


def _computed_names() -> peewee.ModelSelect[ComputedAttribute]:
    return ComputedAttribute.select(ComputedAttribute.name)


def _find_computed(name: str) -> str | None:
    row = _computed_names().where(ComputedAttribute.name_key == fold(name)).first()
    return row.name if row else None


def _default_computed() -> list[str]:
    return [row.name for row in _computed_names().order_by(ComputedAttribute.name_key)]


def _load_computed(names: Sequence[str], ids: list[int]) -> Values:
    """Computed values of these persons, as the person JSON gives them (a date-time as its
    ISO text): a constant number of queries (``segments.computed.values_for``)."""
    return computed.values_for(ids, list(names))


@dataclass(frozen=True)
class ColumnKind:
    """One kind of column.

    Attributes:
        find: the column's name as the header writes it, for a name as given (any case
            where the kind ignores case), or None when there is no such column.
        defaults: the columns of this kind an export has when none are chosen.
        load: the values of the columns named for a batch of person ids.
    """

    find: Callable[[str], str | None]
    defaults: Callable[[], list[str]]
    load: Callable[[Sequence[str], list[int]], Values]


STANDARD = ""
KINDS: dict[str, ColumnKind] = {
    STANDARD: ColumnKind(_find_standard, _default_standard, _load_standard),
    "custom": ColumnKind(_find_custom, _default_custom, _load_custom),
    "computed": ColumnKind(_find_computed, _default_computed, _load_computed),
}
"""Every kind of column by its prefix (``custom:NAME``, ``computed:NAME``; "" for standard names)."""


@dataclass(frozen=True)
class Column:
    """A column of an export: its kind's prefix and its name within the kind."""

    kind: str
    name: str

    @property
    def header(self) -> str:
        """The column as the file's header and ``columns`` name it (``city``, ``custom:balance``)."""
        return f"{self.kind}:{self.name}" if self.kind else self.name


def default_columns() -> list[Column]:
    """Every standard column but push registrations, then every person custom attribute, then
    every computed attribute."""
    return [Column(prefix, name) for prefix, kind in KINDS.items() for name in kind.defaults()]


def column_choices() -> list[tuple[str, bool]]:
    """Every column an export can have, as ``(header, chosen by default)``: the standard
    columns, then every person custom attribute, then every computed attribute."""
    defaults = default_columns()
    chosen = {column.header for column in defaults}
    standard = [(name, name in chosen) for name in STANDARD_COLUMNS]
    return standard + [(column.header, True) for column in defaults if column.kind != STANDARD]


def resolve_columns(names: Sequence[str] | None) -> list[Column]:
    """The columns named, in the order given; None gives ``default_columns()``.

    Raises:
        InvalidValue: (field ``columns``) no column, a name that is not a column of any
            kind (an unknown standard name, ``custom:`` an undefined attribute, an unknown
            prefix), or a column named twice; the value is the column as given.
    """
    if names is None:
        return default_columns()
    if not names:
        raise InvalidValue("Choose at least one column to export.", field="columns", value="")
    columns: list[Column] = []
    for given in names:
        text = given.strip() if isinstance(given, str) else given
        if not isinstance(text, str):
            raise InvalidValue(f"Column {shown(given)} must be a name.", field="columns", value=given)
        prefix, sep, name = text.partition(":")
        if not sep:
            prefix, name = STANDARD, text
        kind = KINDS.get(prefix.strip().lower()) if sep else KINDS[STANDARD]
        found = kind.find(name.strip()) if kind is not None and name.strip() else None
        if found is None:
            raise InvalidValue(_unknown(text, prefix if sep else None), field="columns", value=given)
        column = Column(prefix.strip().lower() if sep else STANDARD, found)
        if column in columns:
            raise InvalidValue(f"Column {shown(text)} is chosen twice.", field="columns", value=given)
        columns.append(column)
    return columns


def _unknown(text: str, prefix: str | None) -> str:
    """Why a column name is refused."""
    if prefix is None:
        return f"Column {shown(text)} is not a standard attribute: one of {', '.join(STANDARD_COLUMNS)}."
    if prefix.strip().lower() == "custom":
        return f"Column {shown(text)} names no person attribute: define it first."
    if prefix.strip().lower() == "computed":
        return f"Column {shown(text)} names no computed attribute: define it first."
    kinds = ", ".join(f"{k}:NAME" for k in KINDS if k)
    return f"Column {shown(text)} is not a column: give a standard attribute or {kinds}."


def load_rows(columns: Sequence[Column], ids: list[int]) -> list[list[Any]]:
    """The rows of these persons (in the order of ``ids``; a person no longer there is left
    out), one value per column: a constant number of queries per batch (one for each kind
    used, plus contacts, tags and push registrations when chosen)."""
    by_kind: dict[str, list[str]] = {STANDARD: []}
    for column in columns:
        by_kind.setdefault(column.kind, []).append(column.name)
    loaded = {prefix: KINDS[prefix].load(names, ids) for prefix, names in by_kind.items()}
    present = loaded[STANDARD]
    return [
        [loaded[c.kind].get(person_id, {}).get(c.name) for c in columns]
        for person_id in ids
        if person_id in present
    ]
