"""The profile actions: ``get_information`` (read mapped attributes) and ``upsert_person``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..db import db, read_transaction, retry_races
from ..errors import InvalidRequest, InvalidValue
from ..persons.views import PersonView, load_person
from ..text_checks import shown
from . import compatibility, lookup, requests
from .attribute_names import Attribute, resolve
from .writing import plan_attributes, upsert

PERSON_TYPES = ("lead", "customer")


def _value(view: PersonView, attribute: Attribute) -> Any:
    if attribute.kind == "custom":
        return view.custom.get(attribute.key)
    if attribute.kind == "computed":
        return view.computed.get(attribute.key)
    if attribute.kind == "contact":
        contacts = view.emails if attribute.key == "email" else view.phones
        return contacts[0] if contacts else None
    return view.to_dict()[attribute.key]


def _mapping(name: str, spec: Any) -> tuple[str, str | None]:
    """``(variable, bot type or None)`` of one ``as`` entry."""
    if not isinstance(spec, Mapping) or not spec or set(spec) - {"variable", "type"}:
        raise InvalidRequest(
            f'as.{name} must be {{"variable": NAME, "type": BOT_TYPE}}, not {shown(spec)}.',
            field=name,
            value=spec,
        )
    variable = spec.get("variable", name)
    if not isinstance(variable, str) or not variable:
        raise InvalidRequest(
            f"as.{name}.variable must be a name, not {shown(variable)}.", field=name, value=variable
        )
    bot = spec.get("type")
    return variable, None if bot is None else compatibility.bot_type(name, bot)


def get_information(args: Mapping[str, Any]) -> dict[str, Any]:
    """Find a person by ``identify_by`` and return the ``attributes`` asked for, mapped by ``as``.

    Arguments: ``{"identify_by", "attributes": [names], "as": {name: {"variable", "type"}}?}``.
    Returns ``{"person_id", "type", "values": {name or variable: value}}``; an attribute
    without a value is null. Raises ``PROFILE_NOT_FOUND`` for an unknown identifier,
    ``INCOMPATIBLE_TYPE`` for a mapping the SPEC 8 table refuses.
    """
    args = requests.check_keys(args, "get_information", ("identify_by",), ("attributes", "as", "channel"))
    kind, value = requests.identifier(args["identify_by"])
    names = requests.list_arg(args, "attributes")
    mappings = requests.object_arg(args, "as")
    requests.channel(args)
    for name in mappings:
        if name not in names:
            raise InvalidRequest(
                f"as names {shown(name)}, which attributes does not ask for.", field=name, value=name
            )
    with read_transaction():
        person_id = lookup.require(kind, value)
        attributes = [resolve(name) for name in names]
        view = load_person(person_id)
    values: dict[str, Any] = {}
    for attribute in attributes:
        found = _value(view, attribute)
        variable, bot = (
            _mapping(attribute.name, mappings[attribute.name])
            if attribute.name in mappings
            else (attribute.name, None)
        )
        if bot is not None:
            compatibility.check_read(attribute.name, attribute.profile_type, bot)
            found = compatibility.to_bot(bot, found)
        values[variable] = found
    return {"person_id": view.id, "type": view.type, "values": values}


def person_type(args: Mapping[str, Any]) -> str | None:
    """The ``type`` argument: ``lead``, ``customer`` or None."""
    asked = requests.text_arg(args, "type")
    if asked is not None and asked not in PERSON_TYPES:
        raise InvalidValue(f"Type {shown(asked)} is not one of lead, customer.", field="type", value=asked)
    return asked


@retry_races
def upsert_person(args: Mapping[str, Any]) -> dict[str, Any]:
    """Create or update a person by ``identify_by``, atomically.

    Arguments: ``{"identify_by", "attributes": {name: value}, "types": {name: BOT_TYPE}?,
    "overwrite": [list names]?, "type": "lead"|"customer"?, "channel"?}``. A new profile is
    a Customer unless ``type`` says otherwise (a Lead from an untrusted channel); an
    existing one is changed under the channel's protection row. Returns ``{"person_id",
    "created"}``.
    """
    args = requests.check_keys(
        args, "upsert_person", ("identify_by",), ("attributes", "types", "overwrite", "type", "channel")
    )
    kind, value = requests.identifier(args["identify_by"])
    source = requests.channel(args)
    asked = person_type(args)
    types = requests.object_arg(args, "types")
    with db.atomic():
        plan = plan_attributes(
            requests.object_arg(args, "attributes"), types, requests.list_arg(args, "overwrite")
        )
        person_id, created = upsert(kind, value, plan, source, asked)
    return {"person_id": person_id, "created": created}
