"""The import history tables: one entry per import (refused files included) and its error records.

Kept apart from the data: an import's entry is written and updated in transactions of
its own, so a cancelled, failed or killed import leaves every other table as it was
while its entry says what happened.
"""

from __future__ import annotations

import peewee

from ..models import BaseModel, StableIdField, utcnow


class ImportRun(BaseModel):
    """One import: what, by whom, when, the counts and the status (ids are never reused)."""

    id = StableIdField()
    started_at = peewee.DateTimeField(default=utcnow)
    finished_at = peewee.DateTimeField(null=True)
    imported_by = peewee.TextField()
    pid = peewee.IntegerField(null=True)
    host = peewee.TextField(null=True)
    file_name = peewee.TextField()
    file_size = peewee.BigIntegerField(default=0)
    of = peewee.TextField(default="persons")
    options = peewee.TextField(default="{}")  # JSON of the options, for the record
    # analysing, analysed, running, completed, completed_with_errors, refused, failed,
    # cancelled, interrupted or undone
    status = peewee.TextField(index=True)
    rows = peewee.IntegerField(default=0)
    valid = peewee.IntegerField(default=0)
    invalid = peewee.IntegerField(default=0)
    created = peewee.IntegerField(default=0)
    updated = peewee.IntegerField(default=0)
    discarded = peewee.IntegerField(default=0)
    message = peewee.TextField(default="")
    tag = peewee.TextField(null=True)  # the tag the import put on what it touched


class ImportIssue(BaseModel):
    """One error record: the row as a spreadsheet numbers it, the column's header, value, reason."""

    id = peewee.AutoField()
    run = peewee.ForeignKeyField(ImportRun, on_delete="CASCADE", index=False)
    row = peewee.IntegerField()
    column = peewee.TextField(default="")
    value = peewee.TextField(default="")
    reason = peewee.TextField()

    class Meta:
        indexes = ((("run", "row"), False),)


class ImportPrior(BaseModel):
    """A profile an import merged into, with its modified-at before, so undo can restore it."""

    run = peewee.ForeignKeyField(ImportRun, on_delete="CASCADE", index=False)
    person_id = peewee.IntegerField(null=True)
    company_id = peewee.IntegerField(null=True)
    modified_at = peewee.DateTimeField()

    class Meta:
        primary_key = False
        indexes = ((("run",), False),)
