"""The channel actions: ``identify`` (SPEC 5.3), ``inbound_message`` and ``submit_form``.

An inbound message or a form comes from an untrusted channel: an unknown phone or email
creates a Lead, and a known Customer or Agent only gets its empty fields filled
(``protection``, SPEC 2.4). A form needs no anonymous id. The store keeps no message
log: a message's text is checked and may be mapped into attributes with the bot type
``MO``; what the action records is the profile and its history.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import attribute_types, protection
from ..db import db, retry_races
from ..errors import InvalidRequest, InvalidValue
from ..events import identity
from ..text_checks import shown
from . import requests
from .writing import plan_attributes, upsert


@retry_races
def identify(args: Mapping[str, Any]) -> dict[str, Any]:
    """Tie an anonymous visitor to a profile by the rules of SPEC 5.3 (``events.identity.identify``).

    Arguments: ``{"anonymous_id", "identify_by", "attributes"?, "types"?, "verified":
    true|false?}``; ``attributes`` may also give more contacts as ``email`` and
    ``phone``. Returns ``{"person_id", "outcome", "merge_id"}``; contacts of two
    different profiles are ``CONFLICT``.
    """
    args = requests.check_keys(
        args, "identify", ("anonymous_id", "identify_by"), ("attributes", "types", "verified", "channel")
    )
    anonymous_id = requests.text_arg(args, "anonymous_id") or ""
    kind, value = requests.identifier(args["identify_by"], kinds=("phone", "email", "external_id"))
    verified = requests.bool_arg(args, "verified")
    requests.channel(args)
    plan = plan_attributes(requests.object_arg(args, "attributes"), requests.object_arg(args, "types"))
    data: dict[str, Any] = dict(plan.fields)
    if plan.custom:
        data["custom"] = plan.custom
    result = identity.identify(
        anonymous_id,
        emails=[*plan.emails, *([value] if kind == "email" else [])],
        phones=[*plan.phones, *([value] if kind == "phone" else [])],
        external_id=value if kind == "external_id" else data.pop("external_id", None),
        data=data,
        verified=verified,
    )
    return {"person_id": result.person.id, "outcome": result.outcome, "merge_id": result.merge_id}


def _untrusted(args: Mapping[str, Any], default: str) -> protection.Source:
    source = requests.channel(args, default)
    if source.trust is not protection.Trust.UNTRUSTED:
        raise InvalidValue(
            f"Channel {shown(source.history)} is not an inbound channel: chatbot and inbox use "
            "session_started, the business's own programs upsert_person.",
            field="channel",
            value=source.history,
        )
    return source


@retry_races
def inbound_message(args: Mapping[str, Any]) -> dict[str, Any]:
    """A message arrived on a channel (``sms``, ``whatsapp``, ``email`` or another name).

    Arguments: ``{"channel", "from": {"phone"|"email": ...}, "text", "attributes"?,
    "types"?}``. An unknown sender becomes a Lead holding the contact; a known one is
    updated under customer protection. Returns ``{"person_id", "created"}``.
    """
    args = requests.check_keys(args, "inbound_message", ("channel", "from", "text"), ("attributes", "types"))
    source = _untrusted(args, "sms")
    kind, value = requests.identifier(args["from"], key="from", kinds=requests.CONTACTS)
    attribute_types.parse("text", "text", requests.text_arg(args, "text"))  # bounded, no NUL
    with db.atomic():
        plan = plan_attributes(requests.object_arg(args, "attributes"), requests.object_arg(args, "types"))
        person_id, created = upsert(kind, value, plan, source)
    return {"person_id": person_id, "created": created}


@retry_races
def submit_form(args: Mapping[str, Any]) -> dict[str, Any]:
    """A form was submitted: its ``attributes`` go to the person ``identify_by`` names.

    Arguments: ``{"form", "identify_by": {"phone"|"email"|"external_id": ...},
    "attributes", "types"?, "channel"?}`` (``channel`` defaults to ``form``; it must be an
    untrusted one). An unknown contact becomes a Lead; a known Customer gets only its
    empty fields filled. Returns ``{"person_id", "created", "form"}``.
    """
    args = requests.check_keys(
        args, "submit_form", ("form", "identify_by", "attributes"), ("types", "channel")
    )
    form = requests.text_arg(args, "form")
    if not form or not form.strip() or len(form) > 200:
        raise InvalidRequest(
            f"form must name the form in 1 to 200 characters, not {shown(form)}.", field="form", value=form
        )
    source = _untrusted(args, "form")
    kind, value = requests.identifier(args["identify_by"], kinds=("phone", "email", "external_id"))
    with db.atomic():
        plan = plan_attributes(requests.object_arg(args, "attributes"), requests.object_arg(args, "types"))
        person_id, created = upsert(kind, value, plan, source)
    return {"person_id": person_id, "created": created, "form": form.strip()}
