"""Checking one data row of an import: every rule that makes a row invalid, in one place.

A row becomes a checked row (a flat list of the values as they will be stored, laid
out by ``Layout``) or a list of issues (row, column, value, reason). The same checker
runs when the file is analysed and when it is imported, so both give the same counts.
Field rules are the store's own (``fields``, ``contact_rules``, ``attribute_types``);
only what is particular to files (spreadsheet error cells, NUL bytes, too many fields,
date formats, several values in one cell) is here. Phones, emails and tags may come from
several columns, and one cell may hold several of them separated by `` ::: `` (as Google
Contacts writes them); each value is checked on its own and a row keeps each value once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import attribute_types
from ..attribute_types import parse_iso_date
from ..attributes import find_definition
from ..contact_rules import normalize_email, normalize_phone
from ..countries import country_code
from ..errors import InvalidValue, ProfilesError
from ..fields import (
    NAME_FIELDS,
    check_name,
    check_text,
    clean_company_field,
    clean_person_field,
    label,
    parse_date,
)
from ..settings import default_country
from ..tags import clean_tag_name
from ..text_checks import shown
from .options import COMPANY_COLUMNS, IDENTIFIERS, PERSON_COLUMNS, ImportOptions
from .table import Cell, CellError, SourceRow

Issue = tuple[int, str, str, str]  # row number, column header, value, reason


Row = list  # [number, *one value per FIELDS slot (None: absent), phones, emails, tags, custom]
EMPTY: tuple = ()  # stands for the list or dict of a column the mapping does not have
MEMO_SIZE = 20_000
"""Distinct accepted texts a column's check remembers (``_memoized``), and distinct phone
texts a checker remembers the outcome of: a few MB at most."""
VALUES_SEPARATOR = " ::: "
"""What separates several phones, emails or tags in one cell (Google Contacts' exports)."""

FIELDS = {"persons": (*PERSON_COLUMNS, "company"), "companies": COMPANY_COLUMNS}


@dataclass(frozen=True, slots=True)
class Layout:
    """Where each part of a checked row sits in its list (one layout per kind of import).

    A checked row is a flat list, so that pass one can spill it and pass two read it
    back cheaply (``marshal``): the row number, one slot per single-valued field in
    ``FIELDS`` order (None when the file gave no value; dates as ISO text), then the
    lists of phones, emails and tags and the dict of custom values (name → text, number).
    """

    of: str
    fields: tuple[str, ...]
    slot: dict[str, int]
    phones: int
    emails: int
    tags: int
    custom: int

    def keys(self, row: Row) -> list[str]:
        """Identifier keys of a row: external id, phones, emails (or company name)."""
        result = []
        external = row[self.slot["external_id"]]
        if external:
            result.append("\x00x:" + external)
        name = row[self.slot["name"]] if self.of == "companies" else None
        if name is not None:
            result.append("\x00n:" + " ".join(name.casefold().split()))
        return [*result, *row[self.phones], *row[self.emails]]

    def values(self, row: Row) -> dict[str, Any]:
        """The single-valued fields a row gives, by name."""
        return {name: row[i] for i, name in enumerate(self.fields, 1) if row[i] is not None}

    def merge(self, record: Row, row: Row) -> Row:
        """Merge a later row of the same profile into ``record``: later single values win,
        lists are united in order, custom values of the later row win."""
        for i in range(1, self.phones):
            if row[i] is not None:
                record[i] = row[i]
        for i in (self.phones, self.emails, self.tags):
            mine = record[i] = list(record[i])
            mine.extend(v for v in row[i] if v not in mine)
        if row[self.custom]:
            record[self.custom] = {**record[self.custom], **row[self.custom]}
        return record


def layout(of: str) -> Layout:
    """The row layout of a persons or companies import."""
    fields = FIELDS[of]
    width = len(fields)
    return Layout(
        of, fields, {n: i for i, n in enumerate(fields, 1)}, width + 1, width + 2, width + 3, width + 4
    )


def cell_text(cell: Cell) -> str:
    """A cell as text: dates in ISO form, ``''`` for empty."""
    if cell.__class__ is str:
        return cell
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat(sep=" ")
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, CellError):
        return cell.text
    return cell


@dataclass(frozen=True)
class CheckContext:
    """What the checks need from the store: the country of national phone numbers (None:
    none) and the type of each mapped custom attribute (``custom:<name>`` → type), so
    that a helper process checks rows without opening the store."""

    country: str | None
    custom_types: dict[str, str]

    @classmethod
    def from_store(cls, mapping: dict[int, str], options: ImportOptions) -> CheckContext:
        """The context of an import with ``mapping`` and ``options``, read from the store."""
        entity = "person" if options.of == "persons" else "company"
        types = {}
        for target in mapping.values():
            if target.startswith("custom:"):
                definition = find_definition(target[len("custom:") :], entity)
                if definition is not None:
                    types[target] = definition.type
        return cls(options.country or default_country(), types)


class RowChecker:
    """Turns source rows into parsed rows or issues, for one file and one mapping.

    The outcome of the first MEMO_SIZE distinct phone texts it normalises is kept (a
    file's phones are mostly distinct, and keeping all of a 50 MB file's took ~50 MB);
    outcomes computed elsewhere (``learn_phones``) are all kept.
    """

    def __init__(
        self,
        header: list[str],
        mapping: dict[int, str],
        options: ImportOptions,
        context: CheckContext | None = None,
    ) -> None:
        """Prepare the checks of each mapped column (``context``: read from the store when None)."""
        self.header = header
        self.mapping = mapping
        self.options = options
        self.of = options.of
        self.context = context or CheckContext.from_store(mapping, options)
        self.country = self.context.country
        self.identifiers = IDENTIFIERS[options.of]
        self.phone_cache: dict[str, str] = {}
        self.phone_errors: dict[str, str] = {}
        self.custom_types = self.context.custom_types
        names = " or ".join(label(i).lower() if i != "name" else "company name" for i in self.identifiers)
        self.no_identifier = f"no identifier: the row has no {names}"
        self.layout = layout(options.of)
        self.phone_positions = [p for p, t in mapping.items() if t == "phone"]
        targets = set(mapping.values())
        self.nones = [None] * len(self.layout.fields)
        self.has_lists = ("phone" in targets, "email" in targets, "tags" in targets, bool(self.custom_types))
        self.columns = [
            (position, self.column_name(position), target in self.identifiers, self._handler(target))
            for position, target in mapping.items()
        ]

    def column_name(self, position: int) -> str:
        """The header text of a column (``column N`` when its header cell is empty)."""
        text = self.header[position] if position < len(self.header) else ""
        return text or f"column {position + 1}"

    def check(self, row: SourceRow) -> tuple[Row | None, list[Issue]]:
        """Check one row: the checked row (see ``Layout``), or None and why it is invalid."""
        phones, emails, tags, custom = self.has_lists
        parsed = [
            row.number,
            *self.nones,
            [] if phones else EMPTY,
            [] if emails else EMPTY,
            [] if tags else EMPTY,
            {} if custom else EMPTY,
        ]
        issues: list[Issue] = []
        if row.too_many_fields:
            issues.append((row.number, "", "", "too many fields: the row has more fields than the header"))
        cells = row.cells
        width = len(cells)
        has_identifier = False
        for position, column, is_identifier, handler in self.columns:
            cell = cells[position] if position < width else None
            if cell is None:
                continue
            if cell.__class__ is str:
                if "\x00" in cell:
                    issues.append(
                        (row.number, column, cell.replace("\x00", "\\0"), "contains a NUL character")
                    )
                    continue
            elif cell.__class__ is CellError:
                issues.append((row.number, column, cell.text, f"spreadsheet error value {cell.text}"))
                continue
            has_identifier = has_identifier or is_identifier
            try:
                handler(parsed, cell)
            except ProfilesError as exc:
                issues.append((row.number, column, cell_text(cell), exc.message))
        if not has_identifier and not issues:
            issues.append((row.number, "", "", self.no_identifier))
        return (None, issues) if issues else (parsed, [])

    def _handler(self, target: str) -> Callable[[Row, Cell], None]:
        """The check of one mapped column: stores the value in the checked row or raises."""
        layout = self.layout
        if target == "phone":
            known = self.phone_cache

            def phone(parsed: Row, cell: Cell) -> None:
                phones = parsed[layout.phones]
                if cell.__class__ is str and VALUES_SEPARATOR in cell:
                    for text in _parts(cell):
                        if (value := self._phone(text)) not in phones:
                            phones.append(value)
                elif (value := known.get(cell) or self._phone(cell_text(cell))) not in phones:  # type: ignore[arg-type]
                    phones.append(value)

            return phone
        if target == "email":

            def email(parsed: Row, cell: Cell) -> None:
                emails = parsed[layout.emails]
                for text in _parts(cell_text(cell)):
                    value = normalize_email(text)
                    if value not in emails:
                        emails.append(value)

            return email
        if target == "tags":
            delimiter = self.options.tag_delimiter

            memo: dict[Cell, list[str]] = {}

            def tags(parsed: Row, cell: Cell) -> None:
                names = parsed[layout.tags]
                cleaned = memo.get(cell)
                if cleaned is None:
                    text = cell_text(cell).replace(VALUES_SEPARATOR, delimiter)
                    cleaned = [clean_tag_name(part) for part in text.split(delimiter) if part.strip()]
                    if cell.__class__ is str and len(memo) < MEMO_SIZE:
                        memo[cell] = cleaned
                for name in cleaned:
                    if name not in names:
                        names.append(name)

            return tags
        if target.startswith("custom:"):
            return self._custom_handler(target)
        return _memoized(layout.slot[target], self._converter(target))

    def _converter(self, target: str) -> Callable[[Cell], Any]:
        """The stored value of one cell of a single-valued field (raises when invalid)."""
        if target == "birth_date":
            return self._birth_date
        if target == "company" or self.of == "companies":
            field_name = "name" if target == "company" else target
            return lambda cell: clean_company_field(field_name, cell_text(cell))
        if target in NAME_FIELDS:

            def name(cell: Cell) -> str:
                text = cell_text(cell)
                check_name(target, text)
                check_text(target, text)
                return text

            return name
        if target == "country":

            def country(cell: Cell) -> str:
                text = cell_text(cell)
                check_text(target, text)
                return country_code(text)

            return country
        if target in ("gender", "profile_picture_url"):
            return lambda cell: clean_person_field(target, cell_text(cell))

        def text(cell: Cell) -> str:
            value = cell_text(cell)
            check_text(target, value)
            return value

        return text

    def _birth_date(self, cell: Cell) -> str | None:
        if cell.__class__ is str and not self.options.date_format and parse_iso_date(cell) is not None:
            return cell  # already the stored form
        value: dt.date | None
        if isinstance(cell, dt.date):
            value = cell.date() if isinstance(cell, dt.datetime) else cell
        elif self.options.date_format:
            value = self._date("birth_date", cell_text(cell), label("birth_date")).date()
        else:
            value = parse_date("birth_date", cell_text(cell))
        return None if value is None else value.isoformat()

    def _custom_handler(self, target: str) -> Callable[[Row, Cell], None]:
        name = target[len("custom:") :]
        type_ = self.custom_types[target]
        index = self.layout.custom

        def custom(parsed: Row, cell: Cell) -> None:
            value: Any = cell if isinstance(cell, dt.date) else cell_text(cell)
            if type_ in ("date", "datetime") and isinstance(value, str) and self.options.date_format:
                value = self._date(name, value, f"Attribute {shown(name)}")
            try:
                parsed[index][name] = attribute_types.parse(name, type_, value)
            except ProfilesError as exc:
                raise InvalidValue(
                    f"value of the wrong type: {exc.message}", field=name, value=value
                ) from None

        return custom

    def phone_texts(self, rows: list[SourceRow]) -> set[str]:
        """The distinct phone texts of these rows (cells are padded to the header's width)."""
        positions = self.phone_positions
        texts = {cell for row in rows for p in positions if (cell := row.cells[p]).__class__ is str}
        several = [text for text in texts if VALUES_SEPARATOR in text]
        for text in several:
            texts.discard(text)
            texts.update(_parts(text))
        return texts

    def learn_phones(self, outcomes: tuple[dict[str, str], dict[str, str]]) -> None:
        """Take phone results computed elsewhere (same rule, another process)."""
        values, errors = outcomes
        self.phone_cache.update(values)
        self.phone_errors.update(errors)

    def _phone(self, text: str) -> str:
        cached = self.phone_cache.get(text)
        if cached is not None:
            return cached
        if text in self.phone_errors:
            raise InvalidValue(self.phone_errors[text], field="phone", value=text)
        remember = len(self.phone_cache) + len(self.phone_errors) < MEMO_SIZE
        try:
            value = normalize_phone(text, self.country)
        except InvalidValue as exc:
            if remember:
                self.phone_errors[text] = exc.message
            raise
        if remember:
            self.phone_cache[text] = value
        return value

    def _date(self, field: str, text: str, title: str) -> dt.datetime:
        """A date text read with the import's date format (``field``: birth_date or an
        attribute's name, ``title`` its words in the message)."""
        try:
            return dt.datetime.strptime(text, self.options.date_format or "%Y-%m-%d")
        except ValueError:
            raise InvalidValue(
                f"{title} {shown(text)} does not match the date format {self.options.date_format}.",
                field=field,
                value=text,
            ) from None


def _memoized(slot: int, convert: Callable[[Cell], Any]) -> Callable[[Row, Cell], None]:
    """A column's check that remembers the stored value of each text it accepted.

    Names, cities, countries, companies and dates repeat down a file, and each rule is a
    function of the cell alone, so a repeated text costs a lookup. Only texts (a number
    cell equal to another kind's key must not share its entry) and at most MEMO_SIZE of
    them a column; a refused text is checked again each time, for its own message.
    """
    memo: dict[str, Any] = {}

    def check(parsed: Row, cell: Cell) -> None:
        value = memo.get(cell)  # type: ignore[arg-type]
        if value is None:
            value = convert(cell)
            if cell.__class__ is str and len(memo) < MEMO_SIZE:
                memo[cell] = value
        parsed[slot] = value

    return check


def _parts(text: str) -> list[str]:
    """The values of one cell: split at `` ::: ``, trimmed, empty parts left out."""
    if VALUES_SEPARATOR not in text:
        return [text]
    return [part for piece in text.split(VALUES_SEPARATOR) if (part := piece.strip())]
