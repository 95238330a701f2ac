"""Finding the person an action names by phone, email, external id or anonymous id."""

from __future__ import annotations

from ..errors import ProfileNotFound
from ..events import identity
from ..persons import profiles
from ..text_checks import shown


def find(kind: str, value: str) -> int | None:
    """The id of the person with this identifier now, or None; a malformed one is ``INVALID_VALUE``."""
    if kind == "anonymous_id":
        return identity.person_for_anonymous_id(identity.clean_anonymous_id(value))
    try:
        return profiles.find_person_id(**{kind: value})
    except ProfileNotFound:
        return None


def require(kind: str, value: str) -> int:
    """The id of the person with this identifier, or ``PROFILE_NOT_FOUND`` naming it."""
    person_id = find(kind, value)
    if person_id is None:
        raise ProfileNotFound(
            f"There is no person with {kind.replace('_', ' ')} {shown(value)}.", field=kind, value=value
        )
    return person_id
