"""The attribute names an action takes: a standard name, ``custom:NAME`` or ``computed:NAME``.

Each resolves to an ``Attribute`` with its profile type (the left column of the SPEC 8
tables) and whether it can be written. ``email`` and ``phone`` read the profile's first
email or phone, and written add one (they never remove a contact).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..attribute_types import TYPE_LABELS
from ..attributes import get_definition
from ..errors import InvalidValue
from ..fields import PERSON_FIELDS
from ..segments import computed, language
from ..text_checks import shown

CONTACT_NAMES = ("email", "phone")
READ_ONLY_NAMES = ("created_at", "modified_at")
STANDARD_TYPES = {
    **dict.fromkeys(PERSON_FIELDS, "Text"),
    "gender": "Gender",
    "birth_date": "Date",
    **dict.fromkeys(CONTACT_NAMES, "Text"),
    **dict.fromkeys(READ_ONLY_NAMES, "Date Time"),
}
"""The profile type of each standard name an action takes."""
COMPUTED_TYPES = {
    language.NUMBER: "Decimal number",
    language.BOOLEAN: "True/False",
    language.DATE: "Date",
    language.DATETIME: "Date Time",
    language.LIST: "List of objects",
}


@dataclass(frozen=True)
class Attribute:
    """One resolved attribute: ``kind`` is standard, contact, custom or computed; ``key`` its
    field or definition name; ``profile_type`` a label of the SPEC 8 tables."""

    name: str
    kind: str
    key: str
    profile_type: str

    @property
    def writable(self) -> bool:
        """Whether an action may set it (computed attributes and timestamps never)."""
        return self.kind != "computed" and self.key not in READ_ONLY_NAMES

    @property
    def is_list(self) -> bool:
        """Whether it is a List of objects (appended to unless overwritten)."""
        return self.profile_type == "List of objects"


def resolve(name: str) -> Attribute:
    """The attribute ``name`` stands for; ``NOT_FOUND`` for an unknown custom or computed one."""
    if name.startswith("custom:"):
        definition = get_definition(name[len("custom:") :], "person")
        return Attribute(name, "custom", definition.name, TYPE_LABELS[definition.type])
    if name.startswith("computed:"):
        found = computed.get_computed(name[len("computed:") :])
        return Attribute(name, "computed", found.name, COMPUTED_TYPES.get(found.kind_of_value, "Text"))
    if name in STANDARD_TYPES:
        kind = "contact" if name in CONTACT_NAMES else "standard"
        return Attribute(name, kind, name, STANDARD_TYPES[name])
    raise InvalidValue(
        f"{shown(name)} is not a person attribute: give a standard name, custom:NAME or computed:NAME.",
        field=name,
        value=name,
    )
