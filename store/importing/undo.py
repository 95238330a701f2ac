"""Undoing an import: remove what it created, give back what it changed.

Works from the change history the import wrote (source ``import #N``): the persons of
its creation batch and profiles with a "created" entry are deleted; for every other
entry, a field that still holds the imported value gets its earlier value back, a
contact or tag the import added is taken off. A field changed again since the import is
left as it is now and named in the report. A company's custom values are not given
back: they stay as the import set them. All in one transaction; the entry's status
becomes ``undone`` and the merged profiles get their modified-at of before the import.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .. import attribute_types, history
from ..db import db, tuple_rows
from ..errors import InvalidValue
from ..folding import name_keys
from ..history import as_text
from ..models import Change, Company, CompanyTag, Contact, Person, PersonTag, PersonValue, Tag, utcnow
from .history import get_run
from .records import ImportPrior


@dataclass
class UndoReport:
    """What an undo did and what it left alone."""

    import_id: int
    removed_persons: int = 0
    removed_companies: int = 0
    restored_fields: int = 0
    kept: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "import_id": self.import_id,
            "status": "undone",
            "removed_persons": self.removed_persons,
            "removed_companies": self.removed_companies,
            "restored_fields": self.restored_fields,
            "changed_since": self.kept,
        }


def undo_import(import_id: int) -> UndoReport:
    """Undo a completed import exactly, leaving fields changed since as they are."""
    run = get_run(import_id)
    if run.status not in ("completed", "completed_with_errors"):
        raise InvalidValue(
            f"Import #{import_id} is {run.status}: only a completed import can be undone.",
            field="import",
            value=import_id,
        )
    source = f"import #{import_id}"
    report = UndoReport(import_id)
    with db.atomic():
        entries = list(Change.select().where(Change.source == source).order_by(Change.id.desc()))
        created_people = {e.person_id for e in entries if e.field == "profile" and e.person_id}
        for first, last, at in history.batch_created(source):
            created = Person.select(Person.id).where(
                Person.id.between(first, last) & (Person.created_at == at)
            )
            created_people.update(person_id for (person_id,) in tuple_rows(created))
        created_companies = {e.company_id for e in entries if e.field == "profile" and e.company_id}
        for entry in entries:
            if entry.field == "profile":
                continue
            if entry.person_id and entry.person_id not in created_people:
                _restore_person(entry, report)
            elif entry.company_id and entry.company_id not in created_companies:
                _restore_company(entry, report)
        for chunk in _chunks(sorted(created_people)):
            report.removed_persons += Person.delete().where(Person.id.in_(chunk)).execute()
        for chunk in _chunks(sorted(created_companies)):
            Person.update(company=None).where(Person.company.in_(chunk)).execute()
            report.removed_companies += Company.delete().where(Company.id.in_(chunk)).execute()
        Change.delete().where(Change.source == source).execute()
        history.forget_batches(source)
        for prior in ImportPrior.select().where(ImportPrior.run == run.id):
            if prior.person_id:
                Person.update(modified_at=prior.modified_at).where(Person.id == prior.person_id).execute()
            else:
                Company.update(modified_at=prior.modified_at).where(Company.id == prior.company_id).execute()
        ImportPrior.delete().where(ImportPrior.run == run.id).execute()
        if run.tag:
            Tag.delete().where((Tag.name == run.tag) & ~Tag.id.in_(PersonTag.select(PersonTag.tag))).execute()
        run.status = "undone"
        run.message = f"Undone at {utcnow():%Y-%m-%d %H:%M} UTC."
        run.save()
    return report


def preview_undo(import_id: int) -> UndoReport:
    """What ``undo_import`` would do now, done and rolled back: removals, values given back, and
    the fields changed since the import (left as they are). Nothing is kept; the store's
    rules are the undo's own, so the preview and the undo that follows it agree.

    Raises:
        NotFound, InvalidValue: as ``undo_import``.
    """
    with db.atomic() as transaction:
        report = undo_import(import_id)
        transaction.rollback()
    return report


def _chunks(values: list[int], size: int = 500) -> list[list[int]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


def _keep(report: UndoReport, entry: Change, now: Any) -> None:
    report.kept.append(
        {
            "person": entry.person_id,
            "company": entry.company_id,
            "field": entry.field,
            "imported": entry.new_value,
            "now": as_text(now),
        }
    )


def _restore_person(entry: Change, report: UndoReport) -> None:
    person = Person.get_or_none(Person.id == entry.person_id)
    if person is None:
        return
    name = entry.field
    if name in ("phone", "email"):
        gone = (
            Contact.delete()
            .where((Contact.person == person.id) & (Contact.value == entry.new_value))
            .execute()
        )
        report.restored_fields += gone
        return
    if name == "tags":
        tag = Tag.get_or_none(Tag.name == entry.new_value)
        if tag is not None:
            report.restored_fields += (
                PersonTag.delete()
                .where((PersonTag.person == person.id) & (PersonTag.tag == tag.id))
                .execute()
            )
        return
    if name.startswith("custom:"):
        _restore_value(entry, person.id, report)
        return
    current = person.company_id if name == "company" else getattr(person, name, None)
    if as_text(current) != entry.new_value:
        _keep(report, entry, current)
        return
    old: Any = entry.old_value
    if name == "birth_date" and old is not None:
        old = dt.date.fromisoformat(old)
    elif name == "company" and old is not None:
        old = int(old)
    setattr(person, "company_id" if name == "company" else name, old)
    person.name_key, person.last_key = name_keys(person.first_name, person.last_name, person.nickname)
    person.save()
    report.restored_fields += 1


def _restore_value(entry: Change, person_id: int, report: UndoReport) -> None:
    from ..attributes import find_definition

    definition = find_definition(entry.field[len("custom:") :], "person")
    if definition is None:
        return
    row = PersonValue.get_or_none(
        (PersonValue.person == person_id) & (PersonValue.attribute == definition.id)
    )
    current = row.value if row else None
    if current != entry.new_value:
        _keep(report, entry, current)
        return
    if entry.old_value is None:
        if row is not None:
            row.delete_instance()
    else:
        text, number = attribute_types.parse(definition.name, definition.type, entry.old_value)
        if row is None:
            PersonValue.insert(person=person_id, attribute=definition.id, value=text, number=number).execute()
        else:
            row.value, row.number = text, number
            row.save()
    report.restored_fields += 1


def _restore_company(entry: Change, report: UndoReport) -> None:
    company = Company.get_or_none(Company.id == entry.company_id)
    if company is None:
        return
    if entry.field == "tags":
        tag = Tag.get_or_none(Tag.name == entry.new_value)
        if tag is not None:
            CompanyTag.delete().where(
                (CompanyTag.company == company.id) & (CompanyTag.tag == tag.id)
            ).execute()
            report.restored_fields += 1
        return
    if entry.field.startswith("custom:"):
        return
    current = getattr(company, entry.field, None)
    if as_text(current) != entry.new_value:
        _keep(report, entry, current)
        return
    setattr(company, entry.field, entry.old_value)
    company.save()
    report.restored_fields += 1
