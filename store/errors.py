"""Errors a user can meet, each with a stable code, the field and the value it is about.

The console and the command line show ``str(error)``; scripts branch on ``error.code``.
Every store operation validates before it writes, and writes inside one transaction, so
an error always means nothing was saved.
"""

from __future__ import annotations

from typing import Any


class ProfilesError(Exception):
    """Base of every error the store raises on purpose.

    Attributes:
        code: a stable upper-case code, e.g. ``INVALID_VALUE``.
        field: the field, attribute or option the error is about, or None.
        value: the offending value, or None.
        message: a sentence for a user that names the field and the value.
    """

    code = "ERROR"

    def __init__(self, message: str, *, field: str | None = None, value: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.value = value


class InvalidValue(ProfilesError):
    """A value that does not meet a field's rule (a forbidden character, a bad phone...)."""

    code = "INVALID_VALUE"


class IncompatibleType(ProfilesError):
    """A value of a type that the attribute cannot hold (a list for a Whole number...)."""

    code = "INCOMPATIBLE_TYPE"


class ReadOnlyAttribute(ProfilesError):
    """An attempt to set a read-only or computed attribute."""

    code = "READ_ONLY_ATTRIBUTE"


class ProfileNotFound(ProfilesError):
    """No person or company matches the given id, contact or name."""

    code = "PROFILE_NOT_FOUND"


class NotFound(ProfilesError):
    """A tag, attribute definition, setting or other named thing that does not exist."""

    code = "NOT_FOUND"


class MissingDefinition(NotFound):
    """An event or a custom attribute used before it is defined (each face says how to define one).

    Attributes:
        kind: ``"event"`` or ``"attribute"``.
    """

    def __init__(self, message: str, *, kind: str, field: str | None = None, value: Any = None) -> None:
        super().__init__(message, field=field, value=value)
        self.kind = kind


class DisabledEvent(InvalidValue):
    """An event whose definition is disabled: it must be enabled before it is recorded."""


class DuplicateContact(ProfilesError):
    """A phone number or email that already belongs to another profile."""

    code = "DUPLICATE_CONTACT"


class Conflict(DuplicateContact):
    """Identifiers of one request that point at two different profiles (nothing was merged)."""

    code = "CONFLICT"


class InvalidRequest(ProfilesError):
    """A request of the integration interface that is not well formed (bad JSON, unknown action or key)."""

    code = "INVALID_REQUEST"


class DuplicateValue(ProfilesError):
    """A value that must be unique and is taken (external id, company or tag name)."""

    code = "DUPLICATE_VALUE"


class LimitExceeded(ProfilesError):
    """An operation that would pass a limit, such as 100 contacts per profile."""

    code = "LIMIT_EXCEEDED"


class InUse(ProfilesError):
    """Something that cannot be deleted or changed because something else uses it."""

    code = "IN_USE"


class ConfirmationRequired(ProfilesError):
    """A destructive operation that needs an explicit confirmation (each face asks its own way)."""

    code = "CONFIRMATION_REQUIRED"


class DatabaseBusy(ProfilesError):
    """A write that waited for another writer longer than the busy timeout (nothing was written)."""

    code = "BUSY"


class StorageError(ProfilesError):
    """The database could not store a change (full, read-only, failing disk): nothing of it was kept.

    Raised in place of the driver's error where the store's writes meet the database
    (``storage_errors.translate``), so every operation says the same thing.
    """

    code = "STORAGE_ERROR"


class StorageFull(StorageError):
    """The disk (or the database's size limit) holding the database is full."""

    code = "STORAGE_FULL"


class ReadOnlyDatabase(StorageError):
    """The database can be read but not written (file mode, read-only mount or server)."""

    code = "READ_ONLY"


class StorageIOError(StorageError):
    """The disk failed to read or write the database."""

    code = "IO_ERROR"
