"""Checking one data row of an import: every rule that makes a row invalid, in one place.

A row becomes a ``ParsedRow`` (the values as they will be stored) or a list of issues
(row, column, value, reason). The same checker runs when the file is analysed and when
it is imported, so both give the same counts. Field rules are the store's own
(``person_fields``, ``contact_rules``, ``attribute_types``); only what is particular to
files (spreadsheet error cells, NUL bytes, too many fields, date formats) is here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .. import attribute_types
from ..attributes import find_definition
from ..contact_rules import normalize_email, normalize_phone
from ..errors import InvalidValue, ProfilesError
from ..person_fields import clean_company_field, clean_person_field, label
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
        self.country = options.country
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
        has_identifier = False
        for position, target in self.mapping.items():
            cell = cells[position] if position < len(cells) else None
            if cell is None:
                continue
            column = self.column_name(position)
            if isinstance(cell, CellError):
                issues.append((row.number, column, cell.text, f"spreadsheet error value {cell.text}"))
                continue
            if isinstance(cell, str) and "\x00" in cell:
                issues.append((row.number, column, cell.replace("\x00", "\\0"), "contains a NUL character"))
                continue
            if target in self.identifiers:
                has_identifier = True
            try:
                self._apply(parsed, target, cell)
            except ProfilesError as exc:
                issues.append((row.number, column, cell_text(cell), exc.message))
        if not has_identifier and not issues:
            names = " or ".join(label(i).lower() if i != "name" else "company name" for i in self.identifiers)
            issues.append((row.number, "", "", f"no identifier: the row has no {names}"))
        return (None, issues) if issues else (parsed, [])

    def _apply(self, parsed: ParsedRow, target: str, cell: Cell) -> None:
        if target == "phone":
            parsed.phones.append(self._phone(cell_text(cell)))
        elif target == "email":
            parsed.emails.append(normalize_email(cell_text(cell)))
        elif target == "tags":
            parts = cell_text(cell).split(self.options.tag_delimiter)
            parsed.tags.extend(p.strip() for p in parts if p.strip())
        elif target.startswith("custom:"):
            name = target[len("custom:") :]
            value: Any = cell if isinstance(cell, dt.date) else cell_text(cell)
            type_ = self.custom_types[target]
            if type_ in ("date", "datetime") and isinstance(value, str) and self.options.date_format:
                value = self._date(target, value)
            try:
                parsed.custom[name] = attribute_types.parse(name, type_, value)
            except ProfilesError as exc:
                raise InvalidValue(
                    f"value of the wrong type: {exc.message}", field=name, value=value
                ) from None
        elif target == "birth_date":
            if isinstance(cell, dt.date):
                parsed.fields["birth_date"] = cell.date() if isinstance(cell, dt.datetime) else cell
            elif self.options.date_format:
                parsed.fields["birth_date"] = self._date(target, cell_text(cell)).date()
            else:
                parsed.fields["birth_date"] = clean_person_field("birth_date", cell_text(cell))
        elif target == "company":
            parsed.fields["company"] = clean_company_field("name", cell_text(cell))
        elif self.of == "companies":
            parsed.fields[target] = clean_company_field(target, cell_text(cell))
        else:
            parsed.fields[target] = clean_person_field(target, cell_text(cell))

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
