"""What the user chose for an import, and the column mapping it resolves to.

``ImportOptions`` holds what the command line asks for (and what the demo's files use).
``resolve_mapping`` turns the user's (column, field) pairs (or, without any, the mapping
proposed from the header names and the custom attributes' names) into column positions
and the columns left out. Phones, emails and tags may take several columns; a second
column for any other field is refused (``FieldMappedTwice``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..attributes import attribute_names, find_definition
from ..errors import InvalidValue, ProfilesError
from ..fields import PERSON_FIELDS as STANDARD_FIELDS
from ..fields import PERSON_TYPES, label
from ..text_checks import shown
from .mapping import MULTI_VALUED, Proposal, propose_company_mapping, propose_mapping

# The standard attributes a file can set (a picture URL is not an import field).
PERSON_COLUMNS = tuple(f for f in STANDARD_FIELDS if f != "profile_picture_url")
COMPANY_COLUMNS = ("name", "external_id", "domain", "industry", "size", "address", "city", "country")
PERSON_FIELDS = (*PERSON_COLUMNS, "company", "phone", "email", "tags")
COMPANY_FIELDS = ("name", "domain", "industry", "size", "address", "city", "country", "external_id", "tags")
IDENTIFIERS = {"persons": ("external_id", "phone", "email"), "companies": ("external_id", "name")}


class MappingUsageError(ProfilesError):
    """An option no import can use, or a mapping naming a missing column or an unknown field.

    ``field`` is the option's attribute on ``ImportOptions`` (``skip_rows``, ``on_match``,
    ``mapping``...). When the message is about the option's value it begins with that
    name (``"skip_rows must be 0 or more."``), so each face can put its own name for the
    option there: the command line its flag, the console its label.
    """

    code = "USAGE"


class FieldMappedTwice(InvalidValue):
    """Two columns mapped to a field that holds one value (only phones, emails and tags take several).

    ``field`` is the field, ``columns`` the two columns' header texts, in file order.
    """

    def __init__(self, target: str, columns: tuple[str, str]) -> None:
        first, second = columns
        name = target[len("custom:") :] if target.startswith("custom:") else label(target)
        super().__init__(
            f"{name} holds one value, but two columns map to it: {shown(first)} and {shown(second)}.",
            field=target,
            value=second,
        )
        self.columns = columns


@dataclass
class ImportOptions:
    """Everything that decides what an import does with a file.

    Attributes:
        of: ``persons`` or ``companies``.
        person_type: type of the persons the import creates: ``lead`` or ``customer``.
        on_match: what happens to records matching an existing profile: ``discard`` or ``merge``.
        mapping: ``[(column header, field)]`` as given; None proposes one from the header.
        skip_rows: records (or sheet rows) before the header to ignore.
        country: region for national phone numbers (else the store's default country).
        encoding: codec of a text file (else detected).
        delimiter: field delimiter of a text file (``tab`` or one character; else detected).
        date_format: ``strptime`` format of date texts in the birth date and date custom
            columns (else ISO ``yyyy-mm-dd``); a spreadsheet's date cells are dates either way.
        tag_delimiter: what separates tags in a tags cell.
        tags: ``none``, ``auto`` (a tag naming the import) or a list of tag names.
        display_name: the file's name for the history and messages (else its own name).
    """

    of: str = "persons"
    person_type: str = "lead"
    on_match: str = "discard"
    mapping: list[tuple[str, str]] | None = None
    skip_rows: int = 0
    country: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    date_format: str | None = None
    tag_delimiter: str = ","
    tags: str | list[str] = "none"
    display_name: str | None = None

    def check(self) -> None:
        """Refuse values no import can use (these are usage errors)."""
        if self.of not in IDENTIFIERS:
            raise MappingUsageError(f"of {self.of!r}: use persons or companies.", field="of", value=self.of)
        if self.person_type not in ("lead", "customer") or self.person_type not in PERSON_TYPES:
            raise MappingUsageError(
                f"person_type {self.person_type!r}: an import creates lead or customer.",
                field="person_type",
                value=self.person_type,
            )
        if self.on_match not in ("discard", "merge"):
            raise MappingUsageError(
                f"on_match {self.on_match!r}: use discard or merge.", field="on_match", value=self.on_match
            )
        if self.skip_rows < 0:
            raise MappingUsageError("skip_rows must be 0 or more.", field="skip_rows", value=self.skip_rows)
        if self.delimiter is not None:
            from .csv_reader import parse_delimiter  # the text readers load only to import

            try:
                parse_delimiter(self.delimiter)
            except ValueError:
                raise MappingUsageError(
                    f"delimiter {self.delimiter!r}: use one character or tab.",
                    field="delimiter",
                    value=self.delimiter,
                ) from None
        if self.date_format is not None:
            check_date_format(self.date_format)
        if not self.tag_delimiter:
            raise MappingUsageError("tag_delimiter must not be empty.", field="tag_delimiter", value="")

    def as_record(self) -> dict[str, object]:
        """The options as JSON-ready data for the history entry."""
        return {
            "of": self.of,
            "type": self.person_type,
            "on_match": self.on_match,
            "map": [f"{c}={f}" for c, f in self.mapping] if self.mapping is not None else None,
            "skip_rows": self.skip_rows,
            "country": self.country,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "date_format": self.date_format,
            "tag_delimiter": self.tag_delimiter,
            "tags": self.tags,
        }


SAMPLE_DAY = dt.datetime(2001, 2, 3, 4, 5, 6)
"""A moment whose year, month and day all differ, to tell whether a format holds them."""


def check_date_format(text: str) -> None:
    """Refuse a date format that ``strptime`` cannot use or that does not give a whole date.

    A format is good when a date written with it reads back as the same day
    (``%d.%m.%Y``, ``%m/%d/%y``, ``%d %b %Y``); ``dd.mm.yyyy`` (no codes) or ``%m/%Y``
    (no day) would make every row invalid, so the import refuses to start.
    """
    try:
        day = dt.datetime.strptime(SAMPLE_DAY.strftime(text), text).date()
    except ValueError:
        day = None
    if day != SAMPLE_DAY.date():
        raise MappingUsageError(
            f"date_format {text!r} does not give a whole date: use strftime codes for the "
            "day, month and year, such as %d.%m.%Y or %m/%d/%Y.",
            field="date_format",
            value=text,
        )


def known_fields(of: str) -> tuple[str, ...]:
    """The fields a column can map to in an import of ``of`` (``skip`` aside)."""
    return PERSON_FIELDS if of == "persons" else COMPANY_FIELDS


def check_field(of: str, name: str) -> str:
    """A field name as the engine uses it; ``custom:<name>`` must name a defined attribute."""
    text = name.strip()
    if text == "skip" or text in known_fields(of):
        return text
    if text.startswith("custom:"):
        attr = text[len("custom:") :].strip()
        entity = "person" if of == "persons" else "company"
        definition = find_definition(attr, entity) if attr else None
        if definition is None:
            raise MappingUsageError(
                f"Field {text!r}: there is no {entity} attribute {attr!r}; define it first.",
                field="mapping",
                value=name,
            )
        return f"custom:{definition.name}"
    raise MappingUsageError(
        f"Field {text!r} is not one of {' '.join(known_fields(of))} skip custom:<name>.",
        field="mapping",
        value=name,
    )


def resolve_mapping(header: list[str], options: ImportOptions) -> Proposal:
    """Column position → field, and the columns left out with the reason of each.

    Without a mapping the one proposed from the header names is used. A mapped column is
    a header cell compared exactly after trimming; a header that occurs more than once
    means its first occurrence; a column given twice takes its later field.

    Raises:
        MappingUsageError: a column the file lacks, or an unknown field.
        FieldMappedTwice: two columns for a field that holds one value.
    """
    entity = "person" if options.of == "persons" else "company"
    if options.mapping is None:
        custom = attribute_names(entity)
        if options.of == "persons":
            return propose_mapping(header, custom)
        return propose_company_mapping(header, custom)
    first: dict[str, int] = {}
    for position, cell in enumerate(header):
        first.setdefault(cell.strip(), position)
    chosen: dict[int, str] = {}
    for column, name in options.mapping:
        found = first.get(column.strip())
        if found is None:
            raise MappingUsageError(
                f"mapping {column!r}: the file has no such column (its columns: "
                f"{', '.join(repr(h) for h in header[:12])}{' ...' if len(header) > 12 else ''}).",
                field="mapping",
                value=column,
            )
        chosen[found] = check_field(options.of, name)
    fields = {p: f for p, f in sorted(chosen.items()) if f != "skip"}
    single: dict[str, int] = {}
    for position, target in fields.items():
        if target in MULTI_VALUED:
            continue
        before = single.setdefault(target, position)
        if before != position:
            raise FieldMappedTwice(target, (header[before], header[position]))
    skipped = [
        (p, "mapped to skip" if chosen.get(p) == "skip" else "not in the mapping given")
        for p in range(len(header))
        if p not in fields
    ]
    return Proposal(fields, skipped)


def has_identifier(mapping: dict[int, str], of: str) -> bool:
    """True when some column maps to an identifier (phone, email, external id; name for companies)."""
    return any(f in IDENTIFIERS[of] for f in mapping.values())
