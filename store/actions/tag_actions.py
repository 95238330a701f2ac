"""The tag actions: ``add_tags`` (creating missing tags), ``has_tag`` and ``remove_tags``.

Tags are the business's labels, outside customer protection: every channel may add and
remove them; each change is in the person's history under the channel.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..db import db, read_transaction, retry_races
from ..errors import InvalidRequest
from ..persons import profiles
from ..tags import clean_tag_name, tag_key, tags_for
from . import lookup, requests


def _args(action: str, args: Any) -> tuple[str, str, list[str], Mapping[str, Any]]:
    args = requests.check_keys(args, action, ("identify_by", "tags"), ("channel",))
    kind, value = requests.identifier(args["identify_by"])
    names = [clean_tag_name(name) for name in requests.list_arg(args, "tags")]
    if not names:
        raise InvalidRequest(f"{action} needs at least one tag.", field="tags", value=[])
    return kind, value, names, args


def _keys(person_id: int) -> dict[str, str]:
    return {tag_key(name): name for name in tags_for([person_id])[person_id]}


@retry_races
def add_tags(args: Mapping[str, Any]) -> dict[str, Any]:
    """Put ``tags`` on the person ``identify_by`` names, creating the tags that do not exist.

    Arguments: ``{"identify_by", "tags": [names], "channel"?}``. Returns ``{"person_id",
    "added": [the tags the person did not have]}``.
    """
    kind, value, names, args = _args("add_tags", args)
    source = requests.channel(args)
    with db.atomic():
        person_id = lookup.require(kind, value)
        before = _keys(person_id)
        profiles.update_person(person_id, {"add_tags": names}, source=source)
    added = list(dict.fromkeys(name for name in names if tag_key(name) not in before))
    return {"person_id": person_id, "added": added}


def has_tag(args: Mapping[str, Any]) -> dict[str, Any]:
    """Whether the person ``identify_by`` names has each of ``tags`` (any case).

    Arguments: ``{"identify_by", "tags": [names]}``. Returns ``{"person_id", "present":
    {tag: true|false}}``; a tag that does not exist is simply not present.
    """
    kind, value, names, args = _args("has_tag", args)
    requests.channel(args)
    with read_transaction():
        person_id = lookup.require(kind, value)
        have = _keys(person_id)
    return {"person_id": person_id, "present": {name: tag_key(name) in have for name in names}}


@retry_races
def remove_tags(args: Mapping[str, Any]) -> dict[str, Any]:
    """Take ``tags`` off the person ``identify_by`` names (a tag it lacks is left alone).

    Arguments: ``{"identify_by", "tags": [names], "channel"?}``. Returns ``{"person_id",
    "removed": [the tags the person had]}``.
    """
    kind, value, names, args = _args("remove_tags", args)
    source = requests.channel(args)
    with db.atomic():
        person_id = lookup.require(kind, value)
        before = _keys(person_id)
        profiles.update_person(person_id, {"remove_tags": names}, source=source)
    removed = list(dict.fromkeys(before[tag_key(name)] for name in names if tag_key(name) in before))
    return {"person_id": person_id, "removed": removed}
