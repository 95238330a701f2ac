"""Everything the store holds about one person, as one JSON document (SPEC 10: subject access).

``export_person`` gathers, for one person: the profile (standard and custom values,
contacts, tags, company, push registrations), the anonymous ids tracking tied to them,
every event with its properties (newest first), the whole change history (newest first),
the merges they took part in with what each snapshot kept of them (never what it kept of
the other persons), and the imports that created or changed them. ``write_export`` saves
it to a file readable by its owner only.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .. import history
from ..db import tuple_rows
from ..errors import InvalidValue
from ..events import recording
from ..events.models import AnonymousId, PersonMerge
from ..importing.records import ImportPrior, ImportRun
from ..merging.snapshot import removal
from ..models import CreationBatch, PushRegistration, utcnow
from .profiles import get_person_row
from .traces import lineage, merges_of
from .views import iso_utc, load_person

FORMAT = "customer-profiles/subject-access/1"
PAGE = 1000


def export_person(person_id: int) -> dict[str, Any]:
    """The document of everything about one person (``ProfileNotFound`` when there is none)."""
    person = get_person_row(int(person_id))
    ids = lineage(person.id)
    changes = _history(person.id)
    return {
        "format": FORMAT,
        "exported_at": iso_utc(utcnow()),
        "person_id": person.id,
        "former_ids": ids[1:],
        "profile": load_person(person.id).to_dict(),
        "push_registrations": _push(person.id),
        "anonymous_ids": _anonymous(person.id),
        "events": _events(person.id),
        "history": [entry.to_dict() for entry in changes],
        "merges": [_merge(merge, ids) for merge in merges_of(person.id, ids)],
        "imports": _imports(ids, changes),
    }


def write_export(person_id: int, path: str | os.PathLike[str]) -> Path:
    """Write ``export_person`` as JSON to ``path``, readable and writable by its owner only.

    An existing file is replaced and its mode set to owner-only as well. Returns the path.
    """
    document = json.dumps(export_person(person_id), ensure_ascii=False, indent=2)
    target = Path(path).expanduser()
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as exc:
        raise InvalidValue(
            f"Cannot write {target}: {exc.strerror}.", field="path", value=str(target)
        ) from None
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(document + "\n")
    return target


def _push(person_id: int) -> list[dict[str, Any]]:
    query = PushRegistration.select().where(PushRegistration.person == person_id)
    return [
        {"id": r.registration_id, "platform": r.platform, "created_at": iso_utc(r.created_at)}
        for r in query.order_by(PushRegistration.created_at)
    ]


def _anonymous(person_id: int) -> list[dict[str, Any]]:
    query = AnonymousId.select().where(AnonymousId.person == person_id).order_by(AnonymousId.created_at)
    return [{"id": a.value, "created_at": iso_utc(a.created_at)} for a in query]


def _events(person_id: int) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    page = recording.timeline(person_id, limit=PAGE)
    events += [{"id": e.id, **e.to_dict()} for e in page.events]
    while page.next is not None:
        page = recording.timeline(person_id, limit=PAGE, before=page.next)
        events += [{"id": e.id, **e.to_dict()} for e in page.events]
    return events


def _history(person_id: int) -> list[history.ChangeEntry]:
    entries: list[history.ChangeEntry] = []
    before: int | None = None
    while True:
        page = history.person_history(person_id, limit=PAGE, before_id=before)
        entries += page
        if len(page) < PAGE or page[-1].id == 0:
            return entries
        before = page[-1].id


def _merge(merge: PersonMerge, ids: list[int]) -> dict[str, Any]:
    """A merge and what its snapshot kept of the person (under each of their ids), nothing else."""
    snapshot = json.loads(merge.snapshot)
    kept = None if removal(snapshot) is not None else snapshot["before"]
    return {
        "id": merge.id,
        "at": iso_utc(merge.at),
        "source": merge.source,
        "kept": merge.kept_id,
        "merged": json.loads(merge.merged_ids),
        "undone_at": iso_utc(merge.undone_at),
        "snapshot_removed": kept is None,
        "kept_of_this_person": {pid: data for pid, data in (kept or {}).items() if int(pid) in ids},
    }


def _number(source: str) -> int | None:
    """The import's number of a history source ``import #N`` (None for other sources)."""
    return int(source.split("#", 1)[1]) if source.startswith("import #") else None


def _imports(ids: list[int], changes: list[history.ChangeEntry]) -> list[dict[str, Any]]:
    """The imports that created or changed the person, with the fields each one wrote."""
    fields: dict[int, set[str]] = {}
    created: set[int] = set()
    for entry in changes:
        number = _number(entry.source)
        if number is not None:
            fields.setdefault(number, set()).add(entry.field)
            if entry.field == "profile" and entry.new_value == "created":
                created.add(number)
    for former in ids[1:]:  # a profile an import created and that was merged into this one
        batch = CreationBatch.select(CreationBatch.source).where(
            (CreationBatch.first_person <= former) & (CreationBatch.last_person >= former)
        )
        created.update(n for (source,) in tuple_rows(batch) if (n := _number(source)) is not None)
    priors = ImportPrior.select(ImportPrior.run).where(ImportPrior.person_id.in_(ids))
    updated = {run for (run,) in tuple_rows(priors)}
    numbers = sorted(set(fields) | created | updated)
    runs = {r.id: r for r in ImportRun.select().where(ImportRun.id.in_(numbers))}
    result = []
    for number in numbers:
        run = runs.get(number)
        result.append(
            {
                "import": number,
                "file_name": run.file_name if run else None,
                "started_at": iso_utc(run.started_at) if run else None,
                "status": run.status if run else None,
                "created": number in created,
                "fields": sorted(fields.get(number, set()) - {"profile"}),
            }
        )
    return result
