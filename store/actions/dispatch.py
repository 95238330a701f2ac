"""Running an action by name: ``run(name, args)`` gives an ``ActionResult`` whatever happens.

A store refusal becomes its status code; a bug in the store becomes ``INTERNAL`` (the
caller logs nothing of the arguments: they are personal data).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..errors import InvalidRequest, ProfilesError
from ..text_checks import shown
from . import channel_actions, event_actions, people, tag_actions
from .contract import ACTION_NAMES, INTERNAL, SUCCESS, ActionResult, refused

Action = Callable[[Mapping[str, Any]], dict[str, Any]]
ACTIONS: dict[str, Action] = {
    "get_information": people.get_information,
    "upsert_person": people.upsert_person,
    "record_event": event_actions.record_event,
    "add_tags": tag_actions.add_tags,
    "has_tag": tag_actions.has_tag,
    "remove_tags": tag_actions.remove_tags,
    "session_started": event_actions.session_started,
    "session_ended": event_actions.session_ended,
    "identify": channel_actions.identify,
    "inbound_message": channel_actions.inbound_message,
    "submit_form": channel_actions.submit_form,
}
assert tuple(ACTIONS) == ACTION_NAMES


def action(name: Any) -> Action:
    """The function of action ``name``, or ``INVALID_REQUEST`` naming it."""
    found = ACTIONS.get(name) if isinstance(name, str) else None
    if found is None:
        raise InvalidRequest(
            f"Action {shown(name)} is not one of {', '.join(ACTION_NAMES)}.", field="action", value=name
        )
    return found


def run(name: str, args: Mapping[str, Any] | None = None) -> ActionResult:
    """Run action ``name`` with its arguments object; never raises for a refusal.

    Returns ``ActionResult(SUCCESS, data)``, or the status code and message of the store
    error that refused it (nothing of it was written), or ``INTERNAL`` for a bug.
    """
    try:
        return ActionResult(SUCCESS, action(name)({} if args is None else args))
    except ProfilesError as exc:
        return refused(exc)
    except Exception as exc:  # noqa: BLE001 - a bug in one action must not end a stream of them
        return bug(exc)


def bug(error: Exception) -> ActionResult:
    """The result of an action that met an unexpected error (its type only: no personal data)."""
    return ActionResult(INTERNAL, {}, f"Unexpected error ({type(error).__name__}). This is a bug.")
