"""What the saved conditions name, so that nothing they use disappears or is renamed under them.

Segments and computed attributes name what they use (a tag, an attribute, an event,
another segment or computed attribute) as written. ``refuse_if_used`` keeps a deletion
from breaking one and names every user; ``rename_references`` rewrites the saved JSON
when a tag or a segment is renamed, in the same transaction as the rename.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from ..errors import InUse, InvalidValue
from ..events.definitions import event_key
from ..folding import fold
from ..tags import tag_key
from .models import ComputedAttribute, Segment

_FORMULA_REF = re.compile(r"\{\s*(custom|computed):([^{}]*)\}")
KIND_LABELS = {
    "segment": "Segment",
    "computed": "Computed attribute",
    "attribute": "Attribute",
    "company_attribute": "Company attribute",
    "tag": "Tag",
    "event": "Event",
}


def _key(kind: str, name: str) -> str:
    if kind == "tag":
        try:
            return tag_key(name)
        except InvalidValue:
            return name
    if kind == "event":
        return event_key(name)
    return fold(name)


def _prefixed(text: str) -> tuple[str, str] | None:
    for prefix, kind in (("custom:", "attribute"), ("computed:", "computed")):
        if text.startswith(prefix):
            return kind, text[len(prefix) :]
    return None


def _walk(data: Any) -> Iterator[tuple[str, str, dict[str, Any], str]]:
    """Every reference in a saved definition: (kind, name, the object holding it, its key)."""
    if isinstance(data, list):
        for item in data:
            yield from _walk(item)
        return
    if not isinstance(data, dict):
        return
    for key, kind in (("segment", "segment"), ("tag", "tag"), ("event", "event")):
        if isinstance(data.get(key), str):
            yield kind, data[key], data, key
    for key in ("field", "company_field"):
        found = _prefixed(data[key]) if isinstance(data.get(key), str) else None
        if found is not None:
            kind = "company_attribute" if key == "company_field" and found[0] == "attribute" else found[0]
            yield kind, found[1], data, key
    if isinstance(data.get("formula"), str):
        for match in _FORMULA_REF.finditer(data["formula"]):
            yield (
                ("attribute" if match.group(1) == "custom" else "computed"),
                match.group(2).strip(),
                data,
                "formula",
            )
    for value in data.values():
        if isinstance(value, list | dict):
            yield from _walk(value)


def _definitions() -> Iterator[tuple[str, Segment | ComputedAttribute, Any]]:
    for segment in Segment.select():
        yield f"segment {segment.name!r}", segment, json.loads(segment.condition)
    for computed in ComputedAttribute.select():
        yield f"computed attribute {computed.name!r}", computed, json.loads(computed.spec)


def users(kind: str, name: str) -> list[str]:
    """Who uses the ``kind`` thing called ``name``: ``["segment 'VIP'", ...]``."""
    wanted = _key(kind, name)
    found = []
    for label, _row, data in _definitions():
        if any(k == kind and _key(k, n) == wanted for k, n, _o, _f in _walk(data)):
            found.append(label)
    return found


def refuse_if_used(kind: str, name: str) -> None:
    """``IN_USE`` naming every segment and computed attribute that uses the thing."""
    used_by = users(kind, name)
    if used_by:
        raise InUse(
            f"{KIND_LABELS[kind]} {name!r} is used by {', '.join(used_by)}: change or delete "
            f"{'it' if len(used_by) == 1 else 'them'} first.",
            field=kind,
            value=name,
        )


def rename_references(kind: str, old: str, new: str) -> int:
    """Rewrite every saved reference to ``old`` as ``new``; returns how many definitions changed."""
    wanted = _key(kind, old)
    changed = 0
    for _label, row, data in _definitions():
        touched = False
        for ref_kind, name, holder, key in list(_walk(data)):
            if ref_kind != kind or _key(kind, name) != wanted:
                continue
            touched = True
            holder[key] = _renamed(holder[key], key, name, new)
        if touched:
            changed += 1
            if isinstance(row, Segment):
                row.condition = json.dumps(data, ensure_ascii=False)
            else:
                row.spec = json.dumps(data, ensure_ascii=False)
            row.save()
    return changed


def _renamed(text: str, key: str, name: str, new: str) -> str:
    replace: Callable[[re.Match[str]], str]
    if key == "formula":

        def replace(match: re.Match[str]) -> str:
            return f"{{{match.group(1)}:{new}}}" if match.group(2).strip() == name else match.group(0)

        return _FORMULA_REF.sub(replace, text)
    found = _prefixed(text) if key in ("field", "company_field") else None
    if found is not None:
        return text[: len(text) - len(found[1])] + new
    return new
