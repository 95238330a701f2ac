"""The condition being edited on the segments screen: JSON data, walked and changed by path.

A draft is the condition language's JSON (``{"all": [...]}``) as the store takes it; the
editor changes it only through these functions and sends the whole of it to the store
to count, check and save. A node's place is a ``Path``, a tuple of steps from the top:
``("all", 2)`` is the third item of the top ``all`` group, ``("not",)`` the item of a
``not``. ``path_text`` writes it as the store's ``InvalidCondition.path`` does
(``all[2].any[0]``), so a refusal is shown at the condition it is about. ``words`` says
a node in a few words for the tree; it reads a draft that may not be valid yet.
"""

from __future__ import annotations

import copy
import json
from typing import Any

Step = tuple[str, int] | tuple[str]
Path = tuple[Step, ...]
GROUPS = ("all", "any")
OP_WORDS = {
    "equals": "=",
    "not_equals": "≠",
    "greater_than": ">",
    "less_than": "<",
    "has_not": "has not",
    "not_performed": "did not perform",
    "exists": "has",
    "not_exists": "has no",
    "not_in": "not in",
    "is_not": "is not",
}


def group_kind(node: Any) -> str | None:
    """``all`` or ``any`` for a group node, else None."""
    if isinstance(node, dict):
        for kind in GROUPS:
            if kind in node:
                return kind
    return None


def children(node: Any) -> list[tuple[Step, Any]]:
    """The items of a group (``(kind, index)`` steps) or of a ``not`` (the ``("not",)`` step)."""
    kind = group_kind(node)
    if kind is not None:
        items = node[kind]
        return [((kind, i), item) for i, item in enumerate(items)] if isinstance(items, list) else []
    if isinstance(node, dict) and "not" in node:
        return [(("not",), node["not"])]
    return []


def node_at(draft: Any, path: Path) -> Any:
    """The node at ``path``."""
    node = draft
    for step in path:
        node = node[step[0]] if len(step) == 1 else node[step[0]][step[1]]
    return node


def path_text(path: Path) -> str:
    """``path`` as the store writes it: ``all[2].any[0]``, ``all[0].not``; ``""`` for the top."""
    text = ""
    for step in path:
        part = step[0] if len(step) == 1 else f"{step[0]}[{step[1]}]"
        text = f"{text}.{part}" if text else part
    return text


def paths(draft: Any, path: Path = ()) -> list[Path]:
    """Every node's path, the top first, in the order the tree shows them."""
    found = [path]
    for step, _child in children(node_at(draft, path)):
        found += paths(draft, (*path, step))
    return found


def path_of_error(draft: Any, error_path: str) -> Path:
    """The deepest node that a store error's path (``all[1].any[0].op``) is about."""
    best: Path = ()
    for path in paths(draft):
        text = path_text(path)
        if not text:
            continue
        rest = error_path[len(text) :]
        if error_path.startswith(text) and (not rest or rest[0] in ".[") and len(path) > len(best):
            best = path
    return best


def add(draft: Any, at: Path, item: Any) -> tuple[Any, Path]:
    """A copy of ``draft`` with ``item`` added to the group at ``at`` (or, for a condition, to the
    group that holds it, after it) and the new item's path.

    A lone condition at the top becomes the first item of an ``all`` group; a ``not`` takes
    no second item, so the item goes to the group that holds the ``not``.
    """
    result = copy.deepcopy(draft)
    node = node_at(result, at)
    kind = group_kind(node)
    if kind is not None:
        node[kind].append(item)
        return result, (*at, (kind, len(node[kind]) - 1))
    if not at:
        return {"all": [result, item]}, (("all", 1),)
    parent_path, step = at[:-1], at[-1]
    if len(step) == 1:  # the item of a not: add beside the not
        return add(draft, parent_path, item)
    parent = node_at(result, parent_path)
    items = parent[step[0]]
    items.insert(step[1] + 1, item)
    return result, (*parent_path, (step[0], step[1] + 1))


def remove(draft: Any, at: Path) -> tuple[Any, Path]:
    """A copy of ``draft`` without the node at ``at`` (not the top), and the path to show next.

    Removing the item of a ``not`` removes the ``not``.
    """
    if not at:
        raise ValueError("the top of a condition cannot be removed")
    if len(at[-1]) == 1:
        return remove(draft, at[:-1])
    result = copy.deepcopy(draft)
    parent_path, (kind, index) = at[:-1], at[-1]
    items = node_at(result, parent_path)[kind]
    del items[index]
    if items:
        return result, (*parent_path, (kind, min(index, len(items) - 1)))
    return result, parent_path


def replace(draft: Any, at: Path, item: Any) -> Any:
    """A copy of ``draft`` with ``item`` in place of the node at ``at``."""
    if not at:
        return copy.deepcopy(item)
    result = copy.deepcopy(draft)
    parent = node_at(result, at[:-1])
    step = at[-1]
    if len(step) == 1:
        parent[step[0]] = copy.deepcopy(item)
    else:
        parent[step[0]][step[1]] = copy.deepcopy(item)
    return result


def switch_group(draft: Any, at: Path) -> Any:
    """A copy of ``draft`` with the group at ``at`` turned from ``all`` into ``any`` or back."""
    node = node_at(draft, at)
    kind = group_kind(node)
    if kind is None:
        return copy.deepcopy(draft)
    other = "any" if kind == "all" else "all"
    return replace(draft, at, {other: node[kind]})


def new_group(parent: Any) -> dict[str, list[Any]]:
    """An empty group of the other kind than ``parent`` (``any`` inside ``all``, and back)."""
    return {"all": []} if group_kind(parent) == "any" else {"any": []}


def _value(value: Any) -> str:
    if isinstance(value, list) and len(value) == 2:
        return f"{_value(value[0])} … {_value(value[1])}"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(value)


def _op(op: Any) -> str:
    return OP_WORDS.get(op, str(op).replace("_", " "))


def _compare(name: Any, node: dict[str, Any]) -> str:
    op = node.get("op")
    if op in ("within_last_days", "birthday_within_days"):
        return f"{name} {_op(op)} {node.get('days')}"
    if "value" in node:
        return f"{name} {_op(op)} {_value(node['value'])}"
    return f"{name} {_op(op)}"


def _event(node: dict[str, Any]) -> str:
    text = f"{_op(node.get('op'))} {node.get('event')}"
    low, high = node.get("min_count", 1), node.get("max_count")
    if high is not None:
        text += f" {low}-{high} times"
    elif low != 1:
        text += f" {low}+ times"
    if node.get("within_days") is not None:
        text += f" in the last {node['within_days']} days"
    where = node.get("where")
    tests = where if isinstance(where, list) else [where] if where else []
    for test in tests:
        if isinstance(test, dict):
            text += f" where {_compare(test.get('property'), test)}"
    return text


def words(node: Any) -> str:
    """A node in a few words: ``all of``, ``city = "Zagreb"``, ``has tag vip``."""
    kind = group_kind(node)
    if kind is not None:
        return "all of" if kind == "all" else "any of"
    if not isinstance(node, dict):
        return json.dumps(node, ensure_ascii=False)
    if "not" in node:
        return "not"
    if "field" in node:
        return _compare(node["field"], node)
    if "company_field" in node:
        return _compare(f"company {node['company_field']}", node)
    if "tag" in node:
        return f"{_op(node.get('op'))} tag {node['tag']}"
    if "company" in node:
        return f"company {_op(node.get('op'))} {node['company']}"
    if "contact" in node:
        if node.get("op") == "country":
            return f"has a phone of {node.get('value')}"
        return f"{_op(node.get('op'))} {node['contact']}"
    if "event" in node:
        return _event(node)
    if "segment" in node:
        return f"{'in' if node.get('op') == 'in' else _op(node.get('op'))} segment {node['segment']}"
    return json.dumps(node, ensure_ascii=False)
