"""Checking the arguments object of an action: its keys, their kinds, ``identify_by``, ``channel``.

An argument that is missing, unknown or of the wrong JSON kind is ``INVALID_REQUEST``
naming the argument; a value of the right kind that breaks a field's rule is the field's
own error (``INVALID_VALUE``...), raised where the value is used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import protection
from ..errors import InvalidRequest, InvalidValue
from ..text_checks import shown

IDENTIFIERS = ("phone", "email", "external_id", "anonymous_id")
CONTACTS = ("phone", "email")
MAX_ITEMS = 1000  # names, tags or attributes in one request


def check_keys(
    args: Any, action: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> Mapping[str, Any]:
    """``args`` as a mapping holding every ``required`` key and nothing but those and ``optional``."""
    if not isinstance(args, Mapping):
        raise InvalidRequest(
            f"The arguments of {action} must be a JSON object, not {shown(args)}.", field="args", value=args
        )
    for key in args:
        if key not in required and key not in optional:
            allowed = ", ".join((*required, *optional))
            raise InvalidRequest(
                f"{shown(key)} is not an argument of {action} (it takes {allowed}).",
                field=str(key),
                value=key,
            )
    for key in required:
        if key not in args:
            raise InvalidRequest(f"{action} needs the argument {key!r}.", field=key, value=None)
    return args


def text_arg(args: Mapping[str, Any], key: str, *, default: str | None = None) -> str | None:
    """A text argument (None or ``default`` when absent); another JSON kind is ``INVALID_REQUEST``."""
    value = args.get(key, default)
    if value is not None and not isinstance(value, str):
        raise InvalidRequest(f"{key!r} must be text, not {shown(value)}.", field=key, value=value)
    return value


def object_arg(args: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """A JSON object argument (empty when absent), at most ``MAX_ITEMS`` keys."""
    value = args.get(key)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidRequest(f"{key!r} must be a JSON object, not {shown(value)}.", field=key, value=value)
    _bounded(key, value)
    return value


def list_arg(args: Mapping[str, Any], key: str) -> list[str]:
    """A list-of-text argument (empty when absent), at most ``MAX_ITEMS`` items."""
    value = args.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidRequest(f"{key!r} must be a list of names, not {shown(value)}.", field=key, value=value)
    _bounded(key, value)
    return value


def bool_arg(args: Mapping[str, Any], key: str, default: bool = False) -> bool:
    """A true/false argument (``default`` when absent)."""
    value = args.get(key, default)
    if not isinstance(value, bool):
        raise InvalidRequest(f"{key!r} must be true or false, not {shown(value)}.", field=key, value=value)
    return value


def _bounded(key: str, value: Mapping[str, Any] | list[Any]) -> None:
    if len(value) > MAX_ITEMS:
        raise InvalidRequest(
            f"{key!r} holds {len(value)} items; one request takes at most {MAX_ITEMS}.",
            field=key,
            value=len(value),
        )


def identifier(value: Any, key: str = "identify_by", kinds: tuple[str, ...] = IDENTIFIERS) -> tuple[str, str]:
    """``(kind, value)`` of an ``identify_by`` object: exactly one of ``kinds`` with a text value."""
    if not isinstance(value, Mapping) or len(value) != 1:
        raise InvalidRequest(
            f"{key!r} must be an object with one of {', '.join(kinds)}, not {shown(value)}.",
            field=key,
            value=value,
        )
    ((kind, given),) = value.items()
    if kind not in kinds:
        raise InvalidRequest(
            f"{key!r} takes one of {', '.join(kinds)}, not {shown(kind)}.", field=key, value=kind
        )
    if not isinstance(given, str):
        raise InvalidRequest(f"{key}.{kind} must be text, not {shown(given)}.", field=kind, value=given)
    return kind, given


def channel(args: Mapping[str, Any], default: str = "api") -> protection.Source:
    """The source of the ``channel`` argument (``default`` when absent): its protection row."""
    name = text_arg(args, "channel", default=default) or default
    try:
        return protection.channel_source(name)
    except ValueError:
        raise InvalidValue(
            f"Channel {shown(name)} must be 1 to {protection.MAX_CHANNEL} of a-z, 0-9, '_' or '-', "
            "starting with a letter.",
            field="channel",
            value=name,
        ) from None
