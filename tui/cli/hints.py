"""The command line's own words for what to do next: the flag that fixes what the store reported.

Store errors and import results say what is wrong in the domain's words and carry a
code, a field or a refusal reason; they never name a flag. This module turns those
into the ``profiles`` flags: an option named by its field at the start of a usage
message becomes its flag (``skip_rows must be 0 or more.`` reads ``--skip-rows must be
0 or more.``), and a confirmation, an encoding or a missing identifier column gets a
sentence naming the flag that settles it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from store.errors import DisabledEvent, MissingDefinition, ProfilesError

if TYPE_CHECKING:  # the import engine loads only for the commands that import
    from store.importing.engine import ImportResult

# ImportOptions field → the ``profiles import`` flag that sets it.
IMPORT_FLAGS = {
    "of": "--of",
    "person_type": "--type",
    "on_match": "--on-match",
    "mapping": "--map",
    "skip_rows": "--skip-rows",
    "country": "--country",
    "encoding": "--encoding",
    "delimiter": "--delimiter",
    "date_format": "--date-format",
    "tag_delimiter": "--tag-delimiter",
    "tags": "--tags",
}
CONFIRM_HINT = "Give --yes to confirm."
DEFINITION_HINTS = {
    "event": "Define it with 'profiles events define', or see the templates with 'profiles events templates'.",
    "attribute": "Define it with 'profiles attributes define NAME TYPE'.",
}
DISABLED_HINT = "Enable it with 'profiles events enable NAME'."
ENCODING_HINT = "Give the encoding with --encoding ENC."
DETECTED_HINT = "To read the file with another encoding, give --encoding ENC."
# The field of an export refusal → the ``persons export`` flag that settles it.
EXPORT_HINTS = {
    "separator": "Give another with --separator TEXT.",
    "columns": "Choose columns with --columns A,B,custom:NAME.",
}
REFUSAL_HINTS = {
    "encoding": ENCODING_HINT,
    "no-identifier-column": 'For example --map "E-mail=email" (the --map options are the whole mapping).',
}


def error_message(error: ProfilesError) -> str:
    """The error's message as the command line prints it: its flag in place of the field, a hint."""
    message = error.message
    flag = IMPORT_FLAGS.get(error.field or "")
    if error.code == "USAGE" and flag and message.startswith(f"{error.field} "):
        message = flag + message[len(error.field or "") :]
    if error.code == "CONFIRMATION_REQUIRED":
        message = f"{message} {CONFIRM_HINT}"
    elif isinstance(error, MissingDefinition):
        message = f"{message} {DEFINITION_HINTS[error.kind]}"
    elif isinstance(error, DisabledEvent):
        message = f"{message} {DISABLED_HINT}"
    elif error.code == "INVALID_VALUE" and error.field in EXPORT_HINTS:
        message = f"{message} {EXPORT_HINTS[error.field]}"
    return message


def import_message(result: ImportResult) -> str:
    """An import's message, with the flag that fixes a refusal where one does."""
    hint = REFUSAL_HINTS.get(result.reason or "") if result.status == "refused" else None
    return f"{result.message} {hint}" if hint else result.message


def import_notes(result: ImportResult) -> list[str]:
    """An import's notes, and the flag to give when the encoding was only detected."""
    return [*result.notes, DETECTED_HINT] if result.encoding_detected else list(result.notes)


def import_data(result: ImportResult) -> dict[str, object]:
    """An import's JSON object, its message and notes worded for the command line."""
    return {**result.to_dict(), "message": import_message(result), "notes": import_notes(result)}
