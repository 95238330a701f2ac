"""What a person leaves outside their own rows, and removing it when they go (SPEC 10).

A person's own rows (contacts, push registrations, anonymous ids, tags, custom values,
events, change history) go with the person row: their foreign keys cascade. Other rows
still hold what was theirs:

- **merge snapshots**: every merge they took part in keeps the capture of each input,
  to undo it exactly. Those are the merges that kept them or any id merged into them
  (``lineage``), and the merges that took them away and were undone since (their history
  says ``unmerge #N``). Each snapshot becomes a marker that says which person went and
  how; such a merge cannot be undone anyway (its kept person is gone, or it was undone);
- **other persons' history of those merges** (``merge #N``, ``unmerge #N``): a merge into
  someone else records the contacts and values it took from them; a value that was theirs
  becomes ``REMOVED``;
- **import error records** whose cell holds one of their values;
- **the per-day event counts** (no foreign key).

Aliases (``PersonAlias``) and merge records hold ids only and stay, so that a merged-away
id still says where it went ("... person 9 no longer exists"). Creation batches hold id
ranges only and stay too. Import priors (an import's run, a person id, the modified-at
before it) hold no personal data either, and the undo of that import passes over a person
who is gone; only an erase removes them (``forget_import_priors``: a scan of the table,
about 60 ms at 400,000 priors, which a plain delete does not pay). Nothing here deletes
the person row: the caller does, in the same transaction, right after ``remove_traces``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import peewee

from ..db import tuple_rows
from ..events import recording
from ..events.models import PersonMerge
from ..importing.records import ImportIssue, ImportPrior
from ..merging.snapshot import capture, removal, removed_snapshot
from ..models import Change

REMOVED = "(removed)"
"""What stands in place of a removed person's value in other rows."""

# The columns of a person row that say who they are; the others (type, gender, city,
# country, language, company, times) are shared by many and stay in other persons' rows.
IDENTIFYING_COLUMNS = (
    "external_id",
    "first_name",
    "last_name",
    "middle_name",
    "nickname",
    "birth_date",
    "address",
    "profile_picture_url",
)


@dataclass(frozen=True)
class Traces:
    """What ``remove_traces`` took out of rows that are not the person's own."""

    merges: int
    history_values: int
    import_values: int

    def to_dict(self) -> dict[str, int]:
        """``{"merge_snapshots", "history_values", "import_values"}``."""
        return {
            "merge_snapshots": self.merges,
            "history_values": self.history_values,
            "import_values": self.import_values,
        }


def lineage(person_id: int) -> list[int]:
    """The person's id and every id merged into it, directly or through a chain (merges not undone)."""
    found, frontier, seen = [person_id], [person_id], {person_id}
    while frontier:
        taken: list[int] = []
        for chunk in peewee.chunked(frontier, 500):
            rows = PersonMerge.select(PersonMerge.merged_ids).where(
                PersonMerge.kept_id.in_(list(chunk)) & PersonMerge.undone_at.is_null()
            )
            for (merged,) in tuple_rows(rows):
                taken += [pid for pid in json.loads(merged) if pid not in seen]
                seen.update(taken)
        found += taken
        frontier = taken
    return found


def merges_of(person_id: int, ids: list[int]) -> list[PersonMerge]:
    """Every merge whose snapshot holds data of the person whose ids are ``ids``.

    The merges that kept one of the ids, and those that took the person away and were
    undone since (the unmerge wrote ``unmerge #N`` in their history, which the later
    merges into ``person_id`` moved to it).
    """
    undone = Change.select(Change.source).where(
        (Change.person == person_id) & Change.source.startswith("unmerge #")
    )
    numbers = {int(source.split("#", 1)[1]) for (source,) in tuple_rows(undone.distinct())}
    found: dict[int, PersonMerge] = {}
    for chunk in peewee.chunked(ids, 500):
        for merge in PersonMerge.select().where(PersonMerge.kept_id.in_(list(chunk))):
            found[merge.id] = merge
    for chunk in peewee.chunked(sorted(numbers - set(found)), 500):
        for merge in PersonMerge.select().where(PersonMerge.id.in_(list(chunk))):
            found[merge.id] = merge
    return [found[i] for i in sorted(found)]


def personal_values(captures: Iterable[dict[str, Any]]) -> set[str]:
    """The values that say who someone is, from captures (``merging.snapshot.capture``).

    Identifying columns, contacts, push registrations, anonymous ids and custom values
    stored as text (numbers, dates and booleans also have a number and are left out).
    """
    values: set[str] = set()
    for data in captures:
        row = data["row"]
        values.update(str(row[c]) for c in IDENTIFYING_COLUMNS if row.get(c) not in (None, ""))
        values.update(value for _kind, value in data["contacts"])
        values.update(data["push"])
        values.update(data["anonymous"])
        values.update(text for _attribute, text, number in data["custom"] if number is None and text)
    return values


def remove_traces(person_id: int, how: str) -> Traces:
    """Remove what ``person_id`` left outside their own rows (inside the caller's transaction).

    ``how`` (``deleted``, ``erased``) is what the merge snapshots' markers say. Call it
    before the person row is deleted: it reads the person's events and values.
    """
    ids = lineage(person_id)
    merges = merges_of(person_id, ids)
    captures = [capture(person_id)]
    for merge in merges:
        snapshot = json.loads(merge.snapshot)
        if removal(snapshot) is None:
            captures += [data for pid, data in snapshot["before"].items() if int(pid) in ids]
    values = sorted(personal_values(captures))
    marker = removed_snapshot(person_id, how)
    for chunk in peewee.chunked([m.id for m in merges], 500):
        PersonMerge.update(snapshot=marker).where(PersonMerge.id.in_(list(chunk))).execute()
    sources = [f"{verb} #{m.id}" for m in merges for verb in ("merge", "unmerge")]
    history_values = _scrub_history(person_id, sources, values)
    import_values = _scrub_import_issues(values)
    recording.drop_day_counts([person_id])
    return Traces(len(merges), history_values, import_values)


def forget_import_priors(ids: list[int]) -> None:
    """Remove the import priors of these person ids (what an undo would reset their modified-at to)."""
    for chunk in peewee.chunked(ids, 500):
        ImportPrior.delete().where(ImportPrior.person_id.in_(list(chunk))).execute()


def _scrub_history(person_id: int, sources: list[str], values: list[str]) -> int:
    """Replace ``values`` in other persons' history entries of ``sources``; returns how many."""
    count = 0
    for source_chunk in peewee.chunked(sources, 200):
        of_merges = Change.source.in_(list(source_chunk)) & (Change.person != person_id)
        for value_chunk in peewee.chunked(values, 200):
            for column in (Change.old_value, Change.new_value):
                count += (
                    Change.update({column: REMOVED})
                    .where(of_merges & column.in_(list(value_chunk)))
                    .execute()
                )
    return count


def _scrub_import_issues(values: list[str]) -> int:
    """Replace ``values`` in the import error records (cell and reason); returns how many."""
    count = 0
    for chunk in peewee.chunked(values, 200):
        for issue in ImportIssue.select().where(ImportIssue.value.in_(list(chunk))):
            ImportIssue.update(value=REMOVED, reason=issue.reason.replace(issue.value, REMOVED)).where(
                ImportIssue.id == issue.id
            ).execute()
            count += 1
    return count
