"""Turning an action's ``attributes`` (with their bot ``types`` and ``overwrite``) into a person write.

``plan_attributes`` checks every name and mapping first; ``upsert`` then finds the profile
by its identifier or creates it, and writes through ``persons.profiles`` under the
channel's protection row (SPEC 2.4), so a refusal leaves nothing written. List of objects
attributes are appended to (items already there are not added twice) unless the
request names them in ``overwrite``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import custom_values, protection
from ..errors import InvalidRequest, MissingDefinition, ProfileNotFound, ReadOnlyAttribute
from ..persons import profiles
from ..segments import computed
from ..text_checks import shown
from . import compatibility, lookup
from .attribute_names import Attribute, resolve


@dataclass
class AttributeWrite:
    """Checked attribute values, sorted by where they go."""

    fields: dict[str, Any] = field(default_factory=dict)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    custom: dict[str, Any] = field(default_factory=dict)
    appended: set[str] = field(default_factory=set)


def _writable(name: str) -> Attribute:
    try:
        attribute = resolve(name)
    except MissingDefinition:
        if not computed.is_computed(name.removeprefix("custom:")):
            raise
        attribute = Attribute(name, "computed", name, "")  # custom:NAME of a computed attribute
    if not attribute.writable:
        raise ReadOnlyAttribute(
            f"{shown(name)} is read-only: the store works it out and it cannot be set.",
            field=name,
            value=name,
        )
    return attribute


def plan_attributes(
    attributes: Mapping[str, Any], types: Mapping[str, Any] | None = None, overwrite: list[str] | None = None
) -> AttributeWrite:
    """Check names, bot types (SPEC 8 tables) and ``overwrite``; nothing is written."""
    types, overwrite = types or {}, overwrite or []
    for name in [*types, *overwrite]:
        if name not in attributes:
            raise InvalidRequest(
                f"{shown(name)} is named in types or overwrite but not given in attributes.",
                field=name,
                value=name,
            )
    plan = AttributeWrite()
    for name, value in attributes.items():
        attribute = _writable(name)
        if name in types:
            compatibility.check_write(name, compatibility.bot_type(name, types[name]), attribute.profile_type)
        if attribute.kind == "contact":
            (plan.emails if name == "email" else plan.phones).append(value)
        elif attribute.kind == "custom":
            plan.custom[attribute.key] = value
            if attribute.is_list and name not in overwrite:
                plan.appended.add(attribute.key)
        else:
            plan.fields[attribute.key] = value
    for name in overwrite:
        if not resolve(name).is_list:
            raise InvalidRequest(
                f"{shown(name)} is not a list attribute: only lists are overwritten.", field=name, value=name
            )
    return plan


def _appended(plan: AttributeWrite, person_id: int) -> dict[str, Any]:
    custom = dict(plan.custom)
    if plan.appended:
        current = custom_values.values_for("person", [person_id])[person_id]
        for key in plan.appended:
            have, given = current.get(key), custom[key]
            if isinstance(have, list) and isinstance(given, list):
                custom[key] = have + [item for item in given if item not in have]
    return custom


def upsert(
    kind: str, value: str, plan: AttributeWrite, source: protection.Source, asked_type: str | None = None
) -> tuple[int, bool]:
    """Find the person by ``(kind, value)`` and update it, or create it; ``(person_id, created)``.

    A new profile holds the identifier and gets ``protection.new_profile_type``; an unknown
    anonymous id is ``PROFILE_NOT_FOUND`` (a visitor's profile comes from tracking). Run
    inside the caller's transaction.
    """
    person_id = lookup.find(kind, value)
    if person_id is None:
        if kind == "anonymous_id":
            raise ProfileNotFound(
                f"There is no person with anonymous id {shown(value)}.", field=kind, value=value
            )
        data: dict[str, Any] = {
            **plan.fields,
            "type": protection.new_profile_type(source, asked_type),
            "emails": [*plan.emails, *([value] if kind == "email" else [])],
            "phones": [*plan.phones, *([value] if kind == "phone" else [])],
            "custom": plan.custom,
        }
        if kind == "external_id":
            data["external_id"] = value
        return profiles.create_person(data, source=source.history).id, True
    update: dict[str, Any] = {**plan.fields, "custom": _appended(plan, person_id)}
    if plan.emails:
        update["add_emails"] = plan.emails
    if plan.phones:
        update["add_phones"] = plan.phones
    if asked_type is not None:
        update["type"] = asked_type
    profiles.update_person(person_id, update, source=source)
    return person_id, False
