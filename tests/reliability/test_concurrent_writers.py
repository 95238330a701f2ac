"""Writers wait for each other and never fail: four writer processes beside a running import.

Each writer process (``concurrent_writer.py``) does a mix of operations through the Python
API while an import is in its write phase: add a person with a shared tag and company,
change one shared person, add contacts to shared persons, tag persons. Afterwards every
operation is in the store and none failed; the longest wait of one operation is printed.
The default command imports 20,000 rows beside 4 x 200 operations; the heavy run imports a
50 MB file (455,000 rows) beside 4 x 1,000.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import store
from store.models import Change, Company, Contact, Person, PersonTag, Tag
from store.persons import profiles
from store.tags import find_tag

WORKER = Path(__file__).with_name("concurrent_writer.py")
PROFILES = os.path.join(os.path.dirname(sys.executable), "profiles")


def _write_rows(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("email,first name,last name,phone,city,address\n")
        for i in range(rows):
            out.write(
                f"user{i}@import.test,Name{i},Imported,+38591{i:07d},Zagreb,Ilica {i % 300} and a longer line\n"
            )


def _import_status(url: str) -> str | None:
    watcher = store.connect(url)
    try:
        if "import_run" not in watcher.get_tables():
            return None
        row = watcher.execute_sql("SELECT status FROM import_run ORDER BY id DESC LIMIT 1").fetchone()
        return row[0] if row else None
    finally:
        watcher.close()


def _wait_for_write_phase(url: str, importer: subprocess.Popen[bytes]) -> None:
    """Until the import holds the write lock (SQLite: its note) or is running (PostgreSQL)."""
    note = Path(url.split(":///", 1)[1] + "-writer") if url.startswith("sqlite") else None
    deadline = time.monotonic() + 1200
    while time.monotonic() < deadline and importer.poll() is None:
        if note is not None and note.exists():
            return
        if note is None and _import_status(url) == "running":
            return
        time.sleep(0.01)
    raise AssertionError("the import ended before its write phase was seen")


def run_beside_import(url: str, tmp_path: Path, rows: int, writers: int, ops: int) -> dict[str, float]:
    """Run ``writers`` x ``ops`` operations beside an import of ``rows`` rows; assert all landed."""
    store.open(url)
    adds = writers * math.ceil(ops / 4)  # how many emails go to shared persons (kind 2)
    shared = [
        profiles.create_person({"first_name": f"Shared{k}", "emails": [f"shared{k}@writers.test"]}).id
        for k in range(max(1, math.ceil(adds / 80) + 1))
    ]
    store.close()
    source = tmp_path / "import.csv"
    _write_rows(source, rows)
    start = tmp_path / "start"
    importer = subprocess.Popen(
        [PROFILES, "--db", url, "import", str(source), "--yes", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), url, str(w), str(ops), ",".join(map(str, shared)), str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for w in range(writers)
    ]
    _wait_for_write_phase(url, importer)
    start.touch()
    reports = []
    for worker in workers:
        out, err = worker.communicate(timeout=1800)
        assert worker.returncode == 0, err.decode()
        reports.append(json.loads(out.decode().strip().splitlines()[-1]))
    out, err = importer.communicate(timeout=1800)
    assert importer.returncode == 0, err.decode() + out.decode()
    result = json.loads(out.decode())
    failures = [f for report in reports for f in report["failures"]]
    assert failures == [], "\n".join(failures[:5])

    per_kind = [len(range(kind, ops, 4)) for kind in range(4)]
    store.open(url)
    try:
        assert Person.select().join(Contact).where(Contact.value.endswith("@import.test")).count() == rows
        assert result["created"] == rows
        created = Person.select().where(Person.first_name.startswith("Writer"))
        assert created.count() == writers * per_kind[0]
        shared_tag = find_tag("shared tag")
        assert shared_tag is not None
        assert PersonTag.select().where(PersonTag.tag == shared_tag.id).count() == writers * per_kind[0]
        company = Company.select().where(Company.name == "Shared Company")
        assert company.count() == 1
        assert created.where(Person.company == company.get().id).count() == writers * per_kind[0]
        city_changes = Change.select().where((Change.person == shared[0]) & (Change.field == "city"))
        assert city_changes.count() == writers * per_kind[1]
        assert Contact.select().where(Contact.value.startswith("shared.")).count() == writers * per_kind[2]
        writer_tags = Tag.select(Tag.id).where(Tag.name.startswith("writer tag"))
        tagged = PersonTag.select().where(PersonTag.tag.in_(writer_tags) & (PersonTag.person != shared[0]))
        assert tagged.count() == writers * per_kind[3]
    finally:
        store.close()
    return {
        "worst_wait": max(r["worst_wait"] for r in reports),
        "write_phase": float(result.get("seconds", {}).get("write", 0.0)),
    }


def _report(capsys: pytest.CaptureFixture[str], label: str, figures: dict[str, float]) -> None:
    with capsys.disabled():
        print(
            f"\n{label}: longest wait of one operation {figures['worst_wait']} s; import write phase {figures['write_phase']} s"
        )


def test_four_writers_beside_an_import_all_land(store_url, tmp_path, capsys):
    figures = run_beside_import(store_url, tmp_path, rows=20_000, writers=4, ops=200)
    _report(capsys, "4 x 200 beside 20,000 rows", figures)


@pytest.mark.heavy
def test_four_writers_beside_a_50_mb_import_all_land(store_url, tmp_path, capsys):
    figures = run_beside_import(store_url, tmp_path, rows=455_000, writers=4, ops=1_000)
    _report(capsys, "4 x 1,000 beside 455,000 rows", figures)
