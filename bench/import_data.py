"""Generating the import benchmark's data: a 50 MB CSV of persons and an XLSX of the same rows.

Rows mix phone formats (E.164, spaced international, national numbers that need the
default country), repeat an identifier on about 5 % of rows and spoil about 0.5 % of the
phones and emails. The first ``overlap`` emails are the ones the 1M database also holds.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

FIRST = ["Ana", "Ivan", "Marko", "Petra", "Luka", "Maja", "Josip", "Ivana", "Tomislav", "Katarina",
         "Anna", "Lukas", "Sophie", "Jonas", "Emma", "Paul", "John", "Mary", "James", "Linda", "Željka", "Đuro"]  # fmt: skip
LAST = ["Horvat", "Kovačević", "Babić", "Marić", "Jurić", "Novak", "Kovačić", "Knežević", "Vuković",
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Smith", "Johnson", "Brown", "Đurić"]  # fmt: skip
CITIES = ["Zagreb", "Split", "Rijeka", "Osijek", "Berlin", "München", "Wien", "London", "Zadar"]
HEADER = ["External id", "First name", "Last name", "E-mail", "Phone", "Birth date", "City", "Address", "Country", "Company", "Tags"]  # fmt: skip


def phone_for(i: int, rng: random.Random) -> str:
    """A valid phone in one of several formats (national ones need country HR)."""
    digits = f"{i % 10_000_000:07d}"
    style = rng.random()
    if style < 0.35:
        return f"+38591{digits}"
    if style < 0.6:
        return f"+385 98 {digits[:3]} {digits[3:]}"
    if style < 0.85:
        return f"095 {digits[:3]} {digits[3:]}"
    return f"(099) {digits[:3]}-{digits[3:]}"


def email_for(i: int) -> str:
    """The unique email of generated person ``i``."""
    return f"person{i}@example{i % 97}.com"


def row_for(i: int, rng: random.Random) -> list[str]:
    """One CSV row for person ``i`` (identifiers derived from ``i``)."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    phone = phone_for(i, rng) if rng.random() < 0.93 else ""
    email = email_for(i) if rng.random() < 0.96 else ""
    if rng.random() < 0.0025:
        phone = "12345"
    if rng.random() < 0.0025:
        email = email.replace("@", "") or "broken"
    return [
        f"EXT{i:08d}",
        first,
        last,
        email,
        phone,
        f"{rng.randint(1940, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        rng.choice(CITIES),
        f"{rng.choice(['Ilica', 'Vukovarska', 'Hauptstraße', 'High Street'])} {rng.randint(1, 300)}",
        rng.choice(["HR", "DE", "AT", "GB"]),
        f"Company {rng.randint(1, 3000)}" if rng.random() < 0.3 else "",
        rng.choice(["", "", "", "vip", "newsletter", "vip,newsletter"]),
    ]


def write_csv(path: Path, target_bytes: int = 50 * 1024 * 1024 - 4096, seed: int = 7) -> int:
    """Write rows until the file reaches ``target_bytes``; returns the number of data rows."""
    rng = random.Random(seed)
    count = 0
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        while out.tell() < target_bytes:
            if count > 10 and rng.random() < 0.05:
                # about 5 % of rows repeat an earlier person's identifier with other details
                row = row_for(rng.randint(0, count - 1), rng)
                row[3] = ""
            else:
                row = row_for(count, rng)
            writer.writerow(row)
            count += 1
    return count


def write_xlsx(csv_path: Path, xlsx_path: Path) -> None:
    """The same rows as an XLSX (openpyxl write-only)."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("People")
    with csv_path.open(encoding="utf-8", newline="") as source:
        for row in csv.reader(source):
            sheet.append(row)
    book.save(xlsx_path)
