"""Schema version 7, "email forms": stored emails rewritten in the form emails now take.

From this version on an email is NFKC-normalised before it is trimmed and lower-cased
(full-width ``ａｂｃ@example.com`` is ``abc@example.com``), so that two spellings of one
address are one contact. Emails stored before were only trimmed and lower-cased; this
version rewrites each one whose form changes. Where the new form is already stored (on
another profile, or on the same one) the email is left as it was: the two profiles
probably are one person, and the audit's "old-form email" figure lists them.

Only emails with a character outside printable ASCII can change (NFKC, trimming and
lower-casing leave the rest as stored), so the rewrite reads those alone. No DDL: the
schema is the same as version 6's. The form is written out here, not taken from
``contact_rules``, so that this version stays what it was when the rule changes again.
"""

from __future__ import annotations

import unicodedata

import peewee

from .ddl import on_postgres

SQLITE_SELECT = "SELECT id, value FROM contact WHERE kind = 'email' AND value GLOB '*[^ -~]*' ORDER BY id"
POSTGRES_SELECT = "SELECT id, value FROM contact WHERE kind = 'email' AND value ~ '[^ -~]' ORDER BY id"


def email_form(value: str) -> str:
    """An email in the form of version 7: NFKC, then trimmed and lower-cased."""
    return unicodedata.normalize("NFKC", value).strip().lower()


def apply(database: peewee.Database) -> None:
    """Rewrite every stored email whose version-7 form differs and is not taken."""
    select = POSTGRES_SELECT if on_postgres(database) else SQLITE_SELECT
    p = database.param
    for contact_id, value in database.execute_sql(select).fetchall():
        new = email_form(value)
        if new == value:
            continue
        taken = database.execute_sql(f"SELECT 1 FROM contact WHERE value = {p}", (new,)).fetchone()
        if taken is None:
            database.execute_sql(f"UPDATE contact SET value = {p} WHERE id = {p}", (new, contact_id))
