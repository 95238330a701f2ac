"""The event actions: ``record_event`` (a custom event with mapped properties) and the
product events ``session_started`` / ``session_ended`` of a chatbot or inbox session.

A session from an unknown phone, email or external id creates a Customer holding it
(chatbot and inbox are verified channels, SPEC 5.3 and 8); a session or an event for an
unknown anonymous id creates an Anonymous profile, as tracking does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..attribute_types import TYPE_LABELS
from ..db import db, retry_races
from ..errors import InvalidRequest, InvalidValue
from ..events import identity, recording
from ..events.definitions import get_definition
from ..text_checks import shown
from . import compatibility, lookup, requests
from .writing import AttributeWrite, upsert

SESSION_CHANNELS = ("chatbot", "inbox")


def _check_types(event: str, types: Mapping[str, Any]) -> None:
    if not types:
        return
    definition = get_definition(event)
    properties = {p.name: p for p in definition.properties}
    for name, bot in types.items():
        prop = properties.get(name)
        if prop is None:
            raise InvalidRequest(
                f"types names {shown(name)}, which is not a property of event {definition.name!r}.",
                field=name,
                value=name,
            )
        compatibility.check_write(name, compatibility.bot_type(name, bot), TYPE_LABELS[prop.type])


def _record(kind: str, value: str, event: str, properties: Mapping[str, Any], at: Any) -> dict[str, Any]:
    if kind == "anonymous_id":
        tracked = identity.track(value, event, properties, at=at)
        return {"person_id": tracked.person_id, "created": tracked.created, "event_id": tracked.event.id}
    view = recording.record_event(lookup.require(kind, value), event, properties, at=at)
    return {"person_id": view.person_id, "created": False, "event_id": view.id}


@retry_races
def record_event(args: Mapping[str, Any]) -> dict[str, Any]:
    """Record a custom event for the person ``identify_by`` names.

    Arguments: ``{"identify_by", "event", "properties": {...}?, "types": {property:
    BOT_TYPE}?, "at": ISO-TIME?, "channel"?}``; properties are checked against the event's
    definition, and ``types`` against the SPEC 8 bot → profile table. Returns
    ``{"person_id", "created", "event_id"}`` (``created`` only for a new anonymous visitor).
    """
    args = requests.check_keys(
        args, "record_event", ("identify_by", "event"), ("properties", "types", "at", "channel")
    )
    kind, value = requests.identifier(args["identify_by"])
    event = requests.text_arg(args, "event") or ""
    properties = requests.object_arg(args, "properties")
    at = requests.text_arg(args, "at")
    requests.channel(args)
    with db.atomic():
        _check_types(event, requests.object_arg(args, "types"))
        return _record(kind, value, event, properties, at)


def _session(action: str, event: str, args: Mapping[str, Any], optional: tuple[str, ...]) -> dict[str, Any]:
    args = requests.check_keys(args, action, ("identify_by", "channel", "session_id"), ("at", *optional))
    kind, value = requests.identifier(args["identify_by"])
    channel = requests.text_arg(args, "channel")
    if channel not in SESSION_CHANNELS:
        raise InvalidValue(
            f"Session channel {shown(channel)} is not one of {', '.join(SESSION_CHANNELS)}.",
            field="channel",
            value=channel,
        )
    source = requests.channel(args)
    properties: dict[str, Any] = {"channel": channel, "sessionId": requests.text_arg(args, "session_id")}
    if "duration_seconds" in args:
        properties["durationSeconds"] = args["duration_seconds"]
    at = requests.text_arg(args, "at")
    recording.prepare_event(event, properties, at)  # a bad session id or time creates nobody
    with db.atomic():
        created = False
        if kind != "anonymous_id" and lookup.find(kind, value) is None:
            _person, created = upsert(kind, value, AttributeWrite(), source)
        result = _record(kind, value, event, properties, at)
    return {**result, "created": created or result["created"]}


@retry_races
def session_started(args: Mapping[str, Any]) -> dict[str, Any]:
    """A chatbot or inbox session started: the ``SessionStarted`` product event.

    Arguments: ``{"identify_by", "channel": "chatbot"|"inbox", "session_id", "at"?}``. An
    unknown phone, email or external id creates a Customer. Returns ``{"person_id",
    "created", "event_id"}``.
    """
    return _session("session_started", "SessionStarted", args, ())


@retry_races
def session_ended(args: Mapping[str, Any]) -> dict[str, Any]:
    """A chatbot or inbox session ended: the ``SessionEnded`` product event.

    Arguments as ``session_started``, plus ``"duration_seconds"?`` (a whole number).
    """
    return _session("session_ended", "SessionEnded", args, ("duration_seconds",))
