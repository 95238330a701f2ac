"""The contract of the integration actions (SPEC 8): names, status codes and the result.

Every action takes one JSON object of arguments and gives back an ``ActionResult``: a
status code a caller branches on (``SUCCESS`` or the code of the store error that
refused it), the action's data and, for a refusal, a message naming the field and the
value. A refusal never leaves anything half-written: each action is one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import ProfilesError

SUCCESS = "SUCCESS"
INTERNAL = "INTERNAL"
STATUS_CODES = (
    SUCCESS,
    "INVALID_REQUEST",
    "PROFILE_NOT_FOUND",
    "NOT_FOUND",
    "INVALID_VALUE",
    "INCOMPATIBLE_TYPE",
    "READ_ONLY_ATTRIBUTE",
    "DUPLICATE_CONTACT",
    "DUPLICATE_VALUE",
    "CONFLICT",
    "LIMIT_EXCEEDED",
    "BUSY",
    "STORAGE_ERROR",
    "STORAGE_FULL",
    "READ_ONLY",
    "IO_ERROR",
    INTERNAL,
)
"""Every status an action can return: ``SUCCESS``, the store's error codes, and ``INTERNAL``
(a bug in the store; the batch reports it and goes on)."""

ACTION_NAMES = (
    "get_information",
    "upsert_person",
    "record_event",
    "add_tags",
    "has_tag",
    "remove_tags",
    "session_started",
    "session_ended",
    "identify",
    "inbound_message",
    "submit_form",
)


@dataclass(frozen=True)
class ActionResult:
    """What an action gave back: ``status``, its ``data`` and, for a refusal, a ``message``.

    ``field`` names the argument or attribute a refusal is about (None otherwise).
    """

    status: str
    data: dict[str, Any] = field(default_factory=dict)
    message: str | None = None
    field: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the action succeeded."""
        return self.status == SUCCESS

    def to_dict(self) -> dict[str, Any]:
        """``{"status", "data", "message"}`` (and ``"field"`` for a refusal), JSON-ready."""
        result: dict[str, Any] = {"status": self.status, "data": self.data, "message": self.message}
        if not self.ok:
            result["field"] = self.field
        return result


def refused(error: ProfilesError) -> ActionResult:
    """The result of an action the store refused with ``error``."""
    return ActionResult(error.code, {}, error.message, error.field)
