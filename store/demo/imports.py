"""The demo's import history: small CSV files run through the real import engine.

``write_imports`` writes three files into a temporary directory and imports them with
``importing.engine.import_file``, as a user of the console or the command line would:

- ``trade-fair-leads.csv``: leads met at a fair, some of them known already (merged),
  one person on two rows, and a few rows the rules refuse (an email without a domain,
  a phone number too short, a forbidden character in a name, a date that does not
  exist, a row without any contact): completed with errors, the error records kept;
- ``webinar-attendees.csv``: Croatian headers, national phone numbers; attendees who
  are already customers are discarded: completed;
- ``crm-notes.csv``: notes without any phone, email or id column: refused.

The engine stamps what it writes with the clock and the machine (the OS user, the
process, the host). Afterwards each import's stamp is replaced with the demo's moment
for it and the machine with the demo's own, so a seed and a "now" still give one file.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import phonenumbers

from ..db import db
from ..importing.engine import import_file
from ..importing.options import ImportOptions
from ..importing.progress import drive
from ..spreadsheet_cells import neutralise_row

DEMO_USER = "demo"
TABLE_STAMPS = (
    ("person", "created_at"),
    ("person", "modified_at"),
    ("company", "created_at"),
    ("company", "modified_at"),
    ("change", "at"),
    ("creation_batch", "at"),
)


@dataclass(frozen=True)
class Newcomer:
    """A person an import file brings in for the first time."""

    first: str
    last: str
    email: str
    phone: str  # E.164
    city: str | None
    country: str


@dataclass(frozen=True)
class Known:
    """A person already in the demo whom an import file mentions again."""

    first: str
    last: str
    email: str


@dataclass(frozen=True)
class DemoImport:
    """One file of the history: its name, rows, options and how long before "now" it ran."""

    name: str
    header: list[str]
    rows: list[list[str]]
    options: ImportOptions
    days_ago: float
    delimiter: str = ","


def _spaced(phone: str) -> str:
    """An E.164 number as people write it: ``+385 91 234 5678``."""
    return phonenumbers.format_number(phonenumbers.parse(phone), phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _national(phone: str) -> str:
    """An E.164 number in its country's national form: ``091 234 5678``."""
    return phonenumbers.format_number(phonenumbers.parse(phone), phonenumbers.PhoneNumberFormat.NATIONAL)


def trade_fair(
    rng: random.Random, newcomers: Sequence[Newcomer], known: Sequence[Known], companies: Sequence[str]
) -> DemoImport:
    """Leads from a trade fair: new and known persons, one person on two rows, five bad rows."""
    header = ["First name", "Last name", "E-mail", "Mobile", "Company", "City", "Country", "Birth date"]
    rows = []
    for person in newcomers:
        company = rng.choice(companies) if rng.random() < 0.4 else ""
        born = f"{rng.randrange(1960, 2002)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        rows.append([person.first, person.last, person.email, _spaced(person.phone), company,
                     person.city or "", person.country, born if rng.random() < 0.3 else ""])  # fmt: skip
    for known_person in known:
        rows.append([known_person.first, known_person.last, known_person.email.upper(), "", "", "", "", ""])
    again = newcomers[0]
    rows.append([again.first, again.last, again.email, "", "", again.city or "", again.country, ""])
    bad = newcomers[1]
    rows += [
        ["Ivan", "Horvat", "ivan.horvat@gmail", "", "", "Zagreb", "HR", ""],
        ["Petra", "Jurić", "", "12345", "", "Split", "HR", ""],
        ["Ana (Marketing)", "Babić", "ana.babic.marketing@example.hr", "", "", "", "HR", ""],
        [bad.first, bad.last, f"x.{bad.email}", "", "", "", bad.country, "1988-02-31"],
        ["Stand", "Visitor", "", "", "", "München", "DE", ""],
    ]
    rng.shuffle(rows)
    options = ImportOptions(person_type="lead", on_match="merge", tags=["trade fair"])
    return DemoImport("trade-fair-leads.csv", header, rows, options, 6.2)


def webinar(rng: random.Random, newcomers: Sequence[Newcomer], known: Sequence[Known]) -> DemoImport:
    """Webinar attendees with Croatian headers and national numbers; known persons discarded."""
    header = ["Ime", "Prezime", "E-mail", "Mobitel"]
    rows = [[p.first, p.last, p.email, _national(p.phone)] for p in newcomers]
    rows += [[p.first, p.last, p.email, ""] for p in known]
    rng.shuffle(rows)
    options = ImportOptions(person_type="lead", on_match="discard", country="HR", tags=["webinar"])
    return DemoImport("webinar-attendees.csv", header, rows, options, 1.4)


def crm_notes(known: Sequence[Known]) -> DemoImport:
    """Notes exported without any identifier column: the import is refused."""
    header = ["Name", "Notes", "Customer since"]
    rows = [[f"{p.first} {p.last}", "called back, wants the catalogue", "2024"] for p in known]
    return DemoImport("crm-notes.csv", header, rows, ImportOptions(), 3.1, delimiter=";")


def write_imports(files: Sequence[DemoImport], now: dt.datetime) -> int:
    """Write ``files`` to a temporary directory, import each, then date them as the demo says.

    Returns how many imports the history holds. Runs outside any transaction: each
    import is one of its own, as in real use.
    """
    done: list[tuple[int, dt.datetime]] = []
    with tempfile.TemporaryDirectory(prefix="profiles-demo-") as folder:
        for item in sorted(files, key=lambda f: -f.days_ago):
            path = Path(folder) / item.name
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle, delimiter=item.delimiter)
                writer.writerow(neutralise_row(item.header))
                writer.writerows(neutralise_row(row) for row in item.rows)
            result = drive(import_file(path, item.options))
            moment = now - dt.timedelta(seconds=int(item.days_ago * 86_400))
            done.append((result.import_id, moment))
    with db.atomic():
        for run_id, moment in done:
            _date_import(run_id, moment)
    return len(done)


def _date_import(run_id: int, moment: dt.datetime) -> None:
    """Replace the clock's stamp of one import with ``moment``, the machine with the demo's."""
    text = moment.strftime("%Y-%m-%d %H:%M:%S")
    source = f"import #{run_id}"
    row = db.execute_sql("SELECT at FROM creation_batch WHERE source = ? LIMIT 1", (source,)).fetchone()
    row = row or db.execute_sql("SELECT at FROM change WHERE source = ? LIMIT 1", (source,)).fetchone()
    if row is not None:
        for table, column in TABLE_STAMPS:
            db.execute_sql(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (text, row[0]))
    finished = (moment + dt.timedelta(seconds=2)).strftime("%Y-%m-%d %H:%M:%S")
    db.execute_sql(
        "UPDATE import_run SET started_at = ?, finished_at = ?, imported_by = ?, pid = NULL, host = NULL "
        "WHERE id = ?",
        (text, finished, DEMO_USER, run_id),
    )
