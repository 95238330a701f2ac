"""What an analysis shows beyond the counts (SPEC 6.4): joined rows and matched records.

``analysis_details`` reads the plan the import then runs, right after ``plan.match``
(inside the analysis's read transaction), and the spill of valid rows pass one wrote:

- **duplicates**: the records that several rows of the file joined into, each with its
  rows and the identifier that first joined two of them (``by``: external_id, phone,
  email or, for companies, name; ``value``: as stored);
- **matches**: the records that match existing profiles, each with what will happen
  (``merge``; ``fill_empty`` when a Lead import meets a Customer or an Agent, whose
  filled fields only are written; ``discard``; ``conflict`` when it matches several)
  and, for a merge, every change with its old and new value. The changes are
  ``updates.person_update`` / ``company_update``'s answer, the rule the writer applies,
  taken in the order the writer takes the records, so two records merging into one
  profile show what each will change.

Both lists are in the order of each record's first row. All are counted; details are
kept for the first ``limit`` of each, and the spill is read only up to the last row they
need, so a large file costs little more than its counts.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from typing import IO, Any

from ..companies import name_key as company_key
from ..db import db
from ..history import as_text
from ..protection import decide, import_source
from ..tags import tag_key
from .options import ImportOptions
from .plan import FilePlan
from .prepare import spilled_chunks
from .rowcheck import Layout, Row, layout
from .updates import (
    Update,
    company_update,
    current_companies,
    current_persons,
    current_tags,
    current_values,
    person_update,
)

DETAILS_LIMIT = 1000
"""How many duplicate groups and matches an analysis details by default (all are counted)."""
ACTIONS = {"merge": "merge", "discard": "discard", "invalid": "conflict"}


@dataclass(frozen=True)
class DuplicateGroup:
    """Rows of the file that become one record, and the identifier that joined them."""

    rows: list[int]
    by: str
    value: str

    def to_dict(self) -> dict[str, Any]:
        """As JSON: ``{"rows": [...], "by": ..., "value": ...}``."""
        return {"rows": self.rows, "by": self.by, "value": self.value}


@dataclass(frozen=True)
class FieldChange:
    """One value a merge will change: ``old`` (None: empty) becomes ``new``."""

    field: str
    old: str | None
    new: str | None

    def to_dict(self) -> dict[str, Any]:
        """As JSON: ``{"field": ..., "old": ..., "new": ...}``."""
        return {"field": self.field, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class MatchDetail:
    """A record that matches an existing profile: its rows, what will happen, the changes.

    ``action`` is ``merge``, ``fill_empty``, ``discard`` or ``conflict``; ``targets`` the
    profile matched (several for a conflict); ``changes`` those of a merge, else empty.
    """

    rows: list[int]
    action: str
    targets: tuple[int, ...]
    changes: list[FieldChange] = field(default_factory=list)

    def to_dict(self, of: str) -> dict[str, Any]:
        """As JSON: ``person_id`` (``company_id``), plus ``person_ids`` for a conflict."""
        key = "person_id" if of == "persons" else "company_id"
        data: dict[str, Any] = {"rows": self.rows}
        if self.action == "conflict":
            data[key] = None
            data[f"{key}s"] = list(self.targets)
        else:
            data[key] = self.targets[0]
        data["action"] = self.action
        data["changes"] = [c.to_dict() for c in self.changes]
        return data


@dataclass
class AnalysisDetails:
    """The joined rows and the matches of one analysis: how many of each, the first ones."""

    of: str
    duplicate_groups: int = 0
    duplicates: list[DuplicateGroup] = field(default_factory=list)
    matched: int = 0
    matches: list[MatchDetail] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The keys an analysis adds to the import's JSON object."""
        return {
            "duplicate_groups": self.duplicate_groups,
            "duplicates": [d.to_dict() for d in self.duplicates],
            "matched": self.matched,
            "matches": [m.to_dict(self.of) for m in self.matches],
        }


def analysis_details(
    plan: FilePlan, spill: IO[bytes], options: ImportOptions, import_tags: list[str], limit: int
) -> AnalysisDetails:
    """The details of an analysis whose plan was just matched (see the module docstring).

    ``import_tags`` are the tags the import would put on what it touches; ``limit`` how
    many duplicate groups and matches to detail. Reads the store, never writes; leaves
    ``spill`` wherever it stopped reading (the writer seeks to its start).
    """
    details = AnalysisDetails(options.of)
    sizes = array("l", [0]) * len(plan.parent)
    for group in plan.groups:
        sizes[group] += 1
    joined: list[int] = []
    for group, size in enumerate(sizes):
        if size > 1:
            details.duplicate_groups += 1
            if len(joined) < limit:
                joined.append(group)
    del sizes
    matched: list[int] = []
    for group, decision in plan.decisions.items():  # in the order of each record's first row
        if decision.action != "create":
            details.matched += 1
            if len(matched) < limit:
                matched.append(group)
    rows = _rows_of(plan, {*joined, *matched})
    merges = [g for g in matched if plan.decisions[g].action == "merge"]
    targets = {plan.decisions[g].target for g in merges}
    merging = {g for g, d in plan.decisions.items() if d.action == "merge" and d.target in targets}
    shape = layout(options.of)
    keys, records = _read_spill(plan, spill, shape, set(joined), merging, rows)
    details.duplicates = [DuplicateGroup([n for n, _ in rows[g]], *keys[g]) for g in joined]
    changes, actions = _Changes(plan, options, import_tags, shape).of(records, set(merges))
    for group in matched:
        decision = plan.decisions[group]
        live = [n for n, dropped in rows[group] if not dropped] or [n for n, _ in rows[group]]
        action = actions.get(group) or ACTIONS[decision.action]
        named = decision.targets or ((decision.target,) if decision.target is not None else ())
        details.matches.append(MatchDetail(live, action, named, changes.get(group, [])))
    return details


def _rows_of(plan: FilePlan, groups: set[int]) -> dict[int, list[tuple[int, bool]]]:
    """The file's row numbers of each of ``groups``' valid rows, with whether a match dropped it."""
    found: dict[int, list[tuple[int, bool]]] = {g: [] for g in groups}
    if groups:
        numbers, dropped = plan.numbers, plan.dropped
        for k, group in enumerate(plan.groups):
            if group in found:
                found[group].append((numbers[k], k in dropped))
    return found


def _read_spill(
    plan: FilePlan,
    spill: IO[bytes],
    shape: Layout,
    joined: set[int],
    merging: set[int],
    rows: dict[int, list[tuple[int, bool]]],
) -> tuple[dict[int, tuple[str, str]], list[tuple[int, Row]]]:
    """One read of the spill up to the last row needed.

    Returns the identifier that first joined two rows of each group in ``joined`` and the
    records of ``merging`` joined as pass two joins them (``Layout.merge``, the rows a
    match dropped left out), in the order they complete (the writer's order).
    """
    groups = plan.groups
    ordinals = [k for k in range(len(groups)) if groups[k] in joined or groups[k] in merging]
    keys: dict[int, tuple[str, str]] = {}
    seen: dict[int, set[str]] = {g: set() for g in joined}
    pending: dict[int, Row] = {}
    records: list[tuple[int, Row]] = []
    if not ordinals:
        return keys, records
    wanted, last, dropped, end = set(ordinals), plan.last, plan.dropped, ordinals[-1]
    spill.seek(0)
    k = 0
    for chunk in spilled_chunks(spill, end + 1):
        for row in chunk:
            if k in wanted:
                group = groups[k]
                if group in joined and group not in keys:
                    for key in shape.keys(row):
                        if key in seen[group]:
                            keys[group] = _identifier(key, row, shape)
                            break
                        seen[group].add(key)
                if group in merging and k not in dropped:
                    record = pending.pop(group, None)
                    row = row if record is None else shape.merge(record, row)
                    if last[group] == k:
                        records.append((group, row))
                    else:
                        pending[group] = row
            k += 1
            if k > end:
                break
    return keys, records  # every joined group has a row sharing a key with an earlier one


def _identifier(key: str, row: Row, shape: Layout) -> tuple[str, str]:
    """``(by, value)`` of an identifier key (``Layout.keys``) of ``row``."""
    if key.startswith("\x00x:"):
        return "external_id", key[3:]
    if key.startswith("\x00n:"):
        return "name", row[shape.slot["name"]]
    return ("phone" if key.startswith("+") else "email"), key


class _Changes:
    """The changes of the merges, computed as the writer will, without writing anything.

    Company names and tag texts are looked up; one the import would create gets a
    stand-in id (negative), so that it differs from every stored one.
    """

    def __init__(self, plan: FilePlan, options: ImportOptions, import_tags: list[str], shape: Layout) -> None:
        self.plan, self.options, self.shape = plan, options, shape
        self.persons = options.of == "persons"
        self.ids: dict[tuple[str, str], int] = {}  # (table, name key) → id or stand-in
        self.names: dict[tuple[str, int], str] = {}  # (table, id) → name shown
        self.import_tag_ids = [self._id("tag", tag_key(t), t) for t in import_tags]

    def of(
        self, records: list[tuple[int, Row]], shown: set[int]
    ) -> tuple[dict[int, list[FieldChange]], dict[int, str]]:
        """The changes of each record of ``shown`` and, for persons, its action (merge or fill_empty)."""
        decisions = self.plan.decisions
        ids = sorted({t for g, _ in records if (t := decisions[g].target) is not None})
        entity = "person" if self.persons else "company"
        current = current_persons(ids) if self.persons else current_companies(ids)
        have_tags, have_values = current_tags(entity, ids), current_values(entity, ids)
        source = import_source(self.options.person_type)
        changes: dict[int, list[FieldChange]] = {}
        actions: dict[int, str] = {}
        for group, record in records:
            target = decisions[group].target
            assert target is not None  # a merge names its profile
            old = current[target]
            tag_ids = self._tag_ids(record[self.shape.tags])
            if self.persons:
                allowed = decide(source, old["type"])
                update = person_update(
                    record,
                    self.shape,
                    old,
                    allowed,
                    self.options.person_type,
                    self.plan.contact_owner,
                    self._company_id,
                    tag_ids,
                    have_tags[target],
                    have_values[target],
                )
                actions[group] = "merge" if allowed.overwrite else "fill_empty"
            else:
                update = company_update(
                    record, self.shape, old, tag_ids, have_tags[target], have_values[target]
                )
            if group in shown:
                changes[group] = self._shown(update, old, record, have_values[target])
            old.update(update.fields)  # a later record into the same profile sees this one's
            have_tags[target].update(update.tags)
        return changes, actions

    def _shown(
        self, update: Update, old: dict[str, Any], record: Row, values: dict[str, str]
    ) -> list[FieldChange]:
        shown = []
        for name, value in update.fields.items():
            if name == "company_id":
                before = self._name("company", old["company_id"])
                shown.append(FieldChange("company", before, record[self.shape.slot["company"]]))
            else:
                shown.append(FieldChange(name, as_text(old[name]), as_text(value)))
        shown += [FieldChange("phone" if c.startswith("+") else "email", None, c) for c in update.contacts]
        shown += [FieldChange("tags", None, self.names[("tag", t)]) for t in update.tags]
        shown += [FieldChange(f"custom:{n}", values.get(n), text) for n, (text, _) in update.values.items()]
        return shown

    def _id(self, table: str, key: str, text: str) -> int:
        """The id of the company or tag whose name key is ``key`` (a stand-in when none is stored)."""
        found = self.ids.get((table, key))
        if found is None:
            row = db.execute_sql(
                f"SELECT id, name FROM {table} WHERE name_key = {db.param}", (key,)
            ).fetchone()
            found, text = (row[0], row[1]) if row else (-1 - len(self.ids), text)
            self.ids[(table, key)] = found
            self.names[(table, found)] = text
        return found

    def _company_id(self, name: str) -> int:
        return self._id("company", company_key(name), name)

    def _name(self, table: str, ident: int | None) -> str | None:
        if ident is None:
            return None
        if (table, ident) not in self.names:
            (name,) = db.execute_sql(f"SELECT name FROM {table} WHERE id = {db.param}", (ident,)).fetchone()
            self.names[(table, ident)] = name
        return self.names[(table, ident)]

    def _tag_ids(self, names: list[str]) -> list[int]:
        """As ``Writer._tag_ids``: the import's own tags, then the record's."""
        return list(dict.fromkeys([*self.import_tag_ids, *(self._id("tag", tag_key(n), n) for n in names)]))
