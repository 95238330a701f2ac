"""Bounds on what an import file may cost: a zip's real expansion, the rows and the memory
of one import, and a quote left open that would swallow the rest of a file."""

from __future__ import annotations

import json
import os
import re
import struct
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from store.importing import plan
from store.importing.csv_reader import MAX_RECORD_LINES
from store.importing.engine import import_file
from store.importing.errors import FileRefused
from store.importing.options import ImportOptions
from store.importing.progress import drive
from store.importing.source import open_table
from store.persons import listing
from store.settings import set_setting


def lying_zip(path: Path, data: bytes, declared: int) -> Path:
    """A zip of ``data`` whose headers declare ``declared`` bytes, with the CRC of that prefix.

    ``zipfile`` trusts the declared size: it stops there, finds the checksum right and
    would take the prefix as the whole member.
    """
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.csv", data)
    blob = bytearray(path.read_bytes())
    crc = zlib.crc32(data[:declared])
    local = blob.index(b"PK\x03\x04")
    central = blob.index(b"PK\x01\x02")
    struct.pack_into("<I", blob, local + 14, crc)
    struct.pack_into("<I", blob, local + 22, declared)
    struct.pack_into("<I", blob, central + 16, crc)
    struct.pack_into("<I", blob, central + 24, declared)
    path.write_bytes(bytes(blob))
    return path


def test_a_zip_whose_header_understates_its_size_is_refused_against_the_real_bytes(store_db, tmp_path):
    set_setting("zip_max_uncompressed", "10000")
    data = b"email\n" + b"".join(b"p%d@example.com\n" % i for i in range(2000))  # ~36 KB
    path = lying_zip(tmp_path / "small.zip", data, declared=60)
    with zipfile.ZipFile(path) as archive:  # what the headers claim: a tiny, intact member
        assert archive.read("data.csv") == data[:60]
    result = drive(import_file(path, ImportOptions()))
    assert (result.status, result.reason) == ("refused", "too-large")
    assert "more than 10,000 bytes" in result.message
    assert listing.count_persons() == 0


def test_a_zip_whose_header_misstates_its_size_under_the_bound_is_corrupt(store_db, tmp_path):
    data = b"email\n" + b"".join(b"p%d@example.com\n" % i for i in range(50))
    result = drive(import_file(lying_zip(tmp_path / "lies.zip", data, declared=60), ImportOptions()))
    assert (result.status, result.reason) == ("refused", "corrupt")
    assert listing.count_persons() == 0


def test_an_honest_zip_under_the_bound_imports(store_db, tmp_path):
    set_setting("zip_max_uncompressed", "10000")
    path = tmp_path / "fine.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.csv", b"email\n" + b"".join(b"p%d@example.com\n" % i for i in range(100)))
    result = drive(import_file(path, ImportOptions()))
    assert (result.status, result.created) == ("completed", 100)


# --- a quote left open ---------------------------------------------------------------------


def _rows(count: int) -> str:
    return "".join(f"p{i}@example.com,P{i}\n" for i in range(count))


def test_a_quote_never_closed_is_refused_naming_the_row_where_it_opens(store_db, tmp_path):
    path = tmp_path / "open.csv"
    path.write_text("email,name\n" + _rows(3) + 'a@example.com,"Ana\n' + _rows(1000), encoding="utf-8")
    result = drive(import_file(path, ImportOptions()))
    assert (result.status, result.reason) == ("refused", "corrupt")
    assert result.message.startswith("Row 5 (line 5 of the file) opens a quote that is never closed")
    assert listing.count_persons() == 0


def test_a_quote_closed_only_a_thousand_lines_later_is_refused(tmp_path):
    path = tmp_path / "stray.csv"
    path.write_text(
        'email,name\na@example.com,"Ana\n' + _rows(1000) + 'z@example.com,"Zed"\n', encoding="utf-8"
    )
    refused = refusal(path)
    assert refused.reason == "corrupt"
    assert "Row 2 (line 2 of the file) has a quoted cell running over 1002 lines" in refused.message


def test_quoted_cells_of_a_few_lines_and_a_last_line_without_a_break_are_read(tmp_path):
    notes = "\n".join(f"line {i}" for i in range(MAX_RECORD_LINES))
    path = tmp_path / "notes.csv"
    path.write_text(f'email,notes\na@example.com,"{notes}"\nb@example.com,"one\r\ntwo"', encoding="utf-8")
    with open_table(path) as table:
        assert [row.cells for row in table.rows] == [
            ["a@example.com", notes],
            ["b@example.com", "one\r\ntwo"],
        ]


def refusal(path: Path) -> FileRefused:
    with pytest.raises(FileRefused) as caught, open_table(path) as table:
        list(table.rows)
    return caught.value


# --- rows and memory -------------------------------------------------------------------------

ROW = b"EXT00000001,Ana,Horvat,person1@example1.com,+385911234567,1980-01-02,Zagreb,Ilica 1,HR,,vip\n"
HEADER = b"External id,First name,Last name,E-mail,Phone,Birth date,City,Address,Country,Company,Tags\n"


def repeated_zip(path: Path, rows: int) -> Path:
    """A zip of one data row repeated ``rows`` times: tiny, and one record once read."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("data.csv", "w") as member:
        member.write(HEADER)
        for start in range(0, rows, 10_000):
            member.write(ROW * min(10_000, rows - start))
    return path


def test_a_file_past_the_row_bound_is_refused_while_it_is_read(store_db, tmp_path, monkeypatch):
    monkeypatch.setattr(plan, "MAX_ROWS", 3_000)
    result = drive(import_file(repeated_zip(tmp_path / "many.zip", 20_000), ImportOptions()))
    assert (result.status, result.reason) == ("refused", "too-large")
    assert result.message == (
        "The file has more than 3,000 data rows, the most one import takes: split it into smaller files."
    )
    assert result.rows == 0 and listing.count_persons() == 0


def test_repeated_rows_within_the_bound_import_as_one_record(store_db, tmp_path, monkeypatch):
    monkeypatch.setattr(plan, "MAX_ROWS", 3_000)
    result = drive(import_file(repeated_zip(tmp_path / "same.zip", 3_000), ImportOptions()))
    assert (result.status, result.rows, result.created) == ("completed", 3_000, 1)


def test_a_file_whose_analysis_would_outgrow_its_memory_is_refused_naming_the_row(
    store_db, tmp_path, monkeypatch
):
    monkeypatch.setattr(plan, "MAX_HELD_BYTES", 1_000_000)
    path = tmp_path / "wide.csv"
    path.write_text("email\n" + "".join(f"person{i}@example.com\n" for i in range(20_000)), encoding="utf-8")
    result = drive(import_file(path, ImportOptions()))
    assert (result.status, result.reason) == ("refused", "too-large")
    assert re.fullmatch(
        r"The file is too large to import at once: by row [0-9,]+ its identifiers, contacts and error "
        r"records would take more than 1 MB of memory\. Split it into smaller files\.",
        result.message,
    )
    assert listing.count_persons() == 0


# --- the same at full size (pytest -m heavy) -------------------------------------------------

GIB = 1 << 30


def _tree_rss(pid: int) -> int:
    """RSS in bytes of ``pid`` and all its descendants (Linux)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(
                int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmRSS:")
            )
            for task in os.listdir(f"/proc/{current}/task"):
                stack += [int(c) for c in Path(f"/proc/{current}/task/{task}/children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, StopIteration):
            continue
    return total


def import_peak(path: Path, database: Path) -> tuple[dict, int]:
    """Import ``path`` with the installed command; its JSON result and the peak RSS of its processes."""
    command = [str(Path(sys.executable).parent / "profiles"), "--db", f"sqlite:///{database}", "import",
               str(path), "--yes", "--json"]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak, done = 0, threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    done.set()
    sampler.join()
    assert out, err
    print(f"{path.name}: peak {peak / 2**20:.0f} MiB")  # shown with pytest -s
    return json.loads(out), peak


@pytest.mark.heavy
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="measures memory through /proc")
def test_a_973_mb_zip_of_one_repeated_row_is_refused_within_1_gb(tmp_path):
    rows = (973_000_000 - len(HEADER)) // len(ROW)
    path = repeated_zip(tmp_path / "repeated.zip", rows)
    assert path.stat().st_size < 5_000_000
    result, peak = import_peak(path, tmp_path / "profiles.db")
    assert (result["status"], result["reason"]) == ("refused", "too-large"), result["message"]
    assert peak < GIB, f"peak {peak / 2**20:.0f} MiB"


@pytest.mark.heavy
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="measures memory through /proc")
def test_a_file_just_within_the_memory_bound_imports_within_1_gb(tmp_path):
    path = tmp_path / "people.zip"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("people.csv", "w") as member,
    ):
        member.write(HEADER)
        for start in range(0, 600_000, 10_000):
            member.write(b"".join(
                b"EXT%08d,Ana,Horvat,person%d@example%d.com,+38591%07d,1980-01-02,Zagreb,Ilica %d,HR,,vip\n"
                % (i, i, i % 97, i, i % 300)
                for i in range(start, start + 10_000)
            ))  # fmt: skip
    result, peak = import_peak(path, tmp_path / "profiles.db")
    assert (result["status"], result["created"]) == ("completed", 600_000), result["message"]
    assert peak < GIB, f"peak {peak / 2**20:.0f} MiB"
