"""Checking one data row of an import: every rule that makes a row invalid, in one place.

A row becomes a ``ParsedRow`` (the values as they will be stored) or a list of issues
(row, column, value, reason). The same checker runs when the file is analysed and when
it is imported, so both give the same counts. Field rules are the store's own
(``person_fields``, ``contact_rules``, ``attribute_types``); only what is particular to
files (spreadsheet error cells, NUL bytes, too many fields, date formats) is here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .. import attribute_types
from ..attributes import find_definition
from ..contact_rules import normalize_email, normalize_phone
from ..errors import InvalidValue, ProfilesError
from ..person_fields import (
    NAME_FIELDS,
    check_name,
    clean_company_field,
    clean_person_field,
    label,
    parse_date,
)
from ..settings import default_country
from .options import IDENTIFIERS, ImportOptions
from .table import Cell, CellError, SourceRow

Issue = tuple[int, str, str, str]  # row number, column header, value, reason


@dataclass(slots=True)
class ParsedRow:
    """A valid row's values, ready to merge into a record.

    ``fields`` holds single-valued fields (standard attributes, ``company``; for company
    imports ``name`` too); ``custom`` maps attribute names to their stored text and number.
    """

    number: int
    fields: dict[str, Any] = field(default_factory=dict)
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    custom: dict[str, tuple[str, float | None]] = field(default_factory=dict)

    def dump(self) -> tuple:
        """The row as plain tuples for the spill file (``marshal`` has no dates)."""
        fields = self.fields
        if "birth_date" in fields:
            fields = {**fields, "birth_date": fields["birth_date"].isoformat()}
        return (
            self.number,
            tuple(fields.items()),
            self.phones,
            self.emails,
            self.tags,
            tuple(self.custom.items()),
        )

    @classmethod
    def load(cls, data: tuple) -> ParsedRow:
        """A row back from ``dump``."""
        number, fields, phones, emails, tags, custom = data
        values = dict(fields)
        if "birth_date" in values:
            values["birth_date"] = dt.date.fromisoformat(values["birth_date"])
        return cls(number, values, phones, emails, tags, dict(custom))

    def keys(self) -> list[str]:
        """Identifier keys of this row: external id, phones, emails (or company name)."""
        result = []
        if self.fields.get("external_id"):
            result.append("\x00x:" + self.fields["external_id"])
        if "name" in self.fields:
            result.append("\x00n:" + " ".join(self.fields["name"].casefold().split()))
        return result + self.phones + self.emails


def cell_text(cell: Cell) -> str:
    """A cell as text: dates in ISO form, ``''`` for empty."""
    if cell.__class__ is str:
        return cell  # type: ignore[return-value]
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat(sep=" ")
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, CellError):
        return cell.text
    return cell


class RowChecker:
    """Turns source rows into parsed rows or issues, for one file and one mapping.

    Phone numbers are normalised once per distinct text and kept, so checking the file
    a second time (analyse, then import) costs little.
    """

    def __init__(self, header: list[str], mapping: dict[int, str], options: ImportOptions) -> None:
        """Prepare the checks of each mapped column."""
        self.header = header
        self.mapping = mapping
        self.options = options
        self.of = options.of
        self.country = options.country or default_country()
        self.identifiers = IDENTIFIERS[options.of]
        self.phone_cache: dict[str, str] = {}
        self.phone_errors: dict[str, str] = {}
        entity = "person" if self.of == "persons" else "company"
        self.custom_types: dict[str, str] = {}
        for target in mapping.values():
            if target.startswith("custom:"):
                definition = find_definition(target[len("custom:") :], entity)
                if definition is not None:
                    self.custom_types[target] = definition.type
        names = " or ".join(label(i).lower() if i != "name" else "company name" for i in self.identifiers)
        self.no_identifier = f"no identifier: the row has no {names}"
        self.columns = [
            (position, self.column_name(position), target in self.identifiers, self._handler(target))
            for position, target in mapping.items()
        ]

    def column_name(self, position: int) -> str:
        """The header text of a column (its letter-free position when the header is empty)."""
        text = self.header[position] if position < len(self.header) else ""
        return text or f"column {position + 1}"

    def check(self, row: SourceRow) -> tuple[ParsedRow | None, list[Issue]]:
        """Check one row: the parsed row, or None and the reasons it is invalid."""
        parsed = ParsedRow(row.number)
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
            if cell.__class__ is CellError:
                issues.append((row.number, column, cell.text, f"spreadsheet error value {cell.text}"))
                continue
            if cell.__class__ is str and "\x00" in cell:
                issues.append((row.number, column, cell.replace("\x00", "\\0"), "contains a NUL character"))
                continue
            has_identifier = has_identifier or is_identifier
            try:
                handler(parsed, cell)
            except ProfilesError as exc:
                issues.append((row.number, column, cell_text(cell), exc.message))
        if not has_identifier and not issues:
            issues.append((row.number, "", "", self.no_identifier))
        return (None, issues) if issues else (parsed, [])

    def _handler(self, target: str) -> Callable[[ParsedRow, Cell], None]:
        """The check of one mapped column: stores the value in the parsed row or raises."""
        if target == "phone":
            return lambda parsed, cell: parsed.phones.append(self._phone(cell_text(cell)))
        if target == "email":
            return lambda parsed, cell: parsed.emails.append(normalize_email(cell_text(cell)))
        if target == "tags":
            delimiter = self.options.tag_delimiter

            def tags(parsed: ParsedRow, cell: Cell) -> None:
                parsed.tags.extend(p.strip() for p in cell_text(cell).split(delimiter) if p.strip())

            return tags
        if target.startswith("custom:"):
            return self._custom_handler(target)
        if target == "birth_date":
            return self._birth_date
        if target == "company" or self.of == "companies":
            key = "company" if target == "company" else target
            field_name = "name" if target == "company" else target
            return lambda parsed, cell: parsed.fields.__setitem__(
                key, clean_company_field(field_name, cell_text(cell))
            )
        if target in NAME_FIELDS:

            def name(parsed: ParsedRow, cell: Cell) -> None:
                text = cell_text(cell)
                check_name(target, text)
                parsed.fields[target] = text

            return name
        if target in ("gender", "profile_picture_url"):
            return lambda parsed, cell: parsed.fields.__setitem__(
                target, clean_person_field(target, cell_text(cell))
            )

        def text(parsed: ParsedRow, cell: Cell) -> None:
            parsed.fields[target] = cell_text(cell)

        return text

    def _birth_date(self, parsed: ParsedRow, cell: Cell) -> None:
        if isinstance(cell, dt.date):
            parsed.fields["birth_date"] = cell.date() if isinstance(cell, dt.datetime) else cell
        elif self.options.date_format:
            parsed.fields["birth_date"] = self._date("birth_date", cell_text(cell)).date()
        else:
            parsed.fields["birth_date"] = parse_date("birth_date", cell_text(cell))

    def _custom_handler(self, target: str) -> Callable[[ParsedRow, Cell], None]:
        name = target[len("custom:") :]
        type_ = self.custom_types[target]

        def custom(parsed: ParsedRow, cell: Cell) -> None:
            value: Any = cell if isinstance(cell, dt.date) else cell_text(cell)
            if type_ in ("date", "datetime") and isinstance(value, str) and self.options.date_format:
                value = self._date(target, value)
            try:
                parsed.custom[name] = attribute_types.parse(name, type_, value)
            except ProfilesError as exc:
                raise InvalidValue(
                    f"value of the wrong type: {exc.message}", field=name, value=value
                ) from None

        return custom

    def phone_texts(self, rows: list[SourceRow]) -> set[str]:
        """The distinct phone texts of these rows that are not normalised yet."""
        positions = [p for p, t in self.mapping.items() if t == "phone"]
        found: set[str] = set()
        for row in rows:
            cells = row.cells
            for position in positions:
                cell = cells[position] if position < len(cells) else None
                if cell.__class__ is str and cell not in self.phone_cache and cell not in self.phone_errors:
                    found.add(cell)
        return found

    def learn_phones(self, outcomes: list[tuple[str, str | None, str | None]]) -> None:
        """Take phone results computed elsewhere (same rule, another process)."""
        for text, value, error in outcomes:
            if value is not None:
                self.phone_cache[text] = value
            else:
                self.phone_errors[text] = error or "is not a valid phone number"

    def _phone(self, text: str) -> str:
        cached = self.phone_cache.get(text)
        if cached is not None:
            return cached
        if text in self.phone_errors:
            raise InvalidValue(self.phone_errors[text], field="phone", value=text)
        try:
            value = normalize_phone(text, self.country)
        except InvalidValue as exc:
            self.phone_errors[text] = exc.message
            raise
        self.phone_cache[text] = value
        return value

    def _date(self, target: str, text: str) -> dt.datetime:
        try:
            return dt.datetime.strptime(text, self.options.date_format or "%Y-%m-%d")
        except ValueError:
            raise InvalidValue(
                f"{label(target)} {text!r} does not match the date format {self.options.date_format}.",
                field=target,
                value=text,
            ) from None
