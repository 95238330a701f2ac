"""Time the person export (CSV or XLSX) and its peak memory beside a plain one-query baseline.

Run from the repository root::

    .venv/bin/python bench/export_bench.py                        # 100,000 persons, CSV
    .venv/bin/python bench/export_bench.py --persons 1000000      # the real figure
    .venv/bin/python bench/export_bench.py --persons 100000 --format xlsx

The persons come from ``store_bench``'s generator (cached in ``bench/data/``: names, one
email and one phone each, companies, tags; built with ``executemany`` in one
transaction). A working copy gets one custom attribute, ``score`` (Whole number), on every
other person, so the default columns hold a custom column too.

Each round runs two fresh processes, alternating which goes first:

- ``store``: ``store.persons.export.export_persons`` with the default columns (every
  standard column but push registrations, then ``custom:score``), exactly as
  ``profiles persons export --csv FILE`` runs it;
- ``sql``: the baseline, the same rows from one hand-written SQL query (correlated
  ``group_concat`` subqueries for phones, emails and tags) written by a plain
  ``csv.writer`` (or an openpyxl write-only sheet), with no neutralising.

Each process reports its rows, seconds and peak resident memory
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``, the whole process: interpreter, Peewee,
openpyxl). The database is prepared in a process of its own, as Linux carries a parent's
peak into its children's ``ru_maxrss``. The report prints the median of the rounds. Targets (exit 1 when one fails): the
store's peak memory under 200 MB, and the same number of rows as the baseline.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from store_bench import DATA_DIR, ensure_database, parse_size, schema_hash  # noqa: E402

# store_bench loads the store, Peewee and phonenumbers: the baseline's process carries them
# too, so both sides' memory includes the same interpreter and libraries.

MEMORY_MB = 200.0

BASELINE_SQL = """
SELECT p.id, p.type, p.external_id, p.first_name, p.last_name, p.middle_name, p.nickname,
       p.gender, p.birth_date, p.address, p.city, p.country, p.preferred_language,
       p.profile_picture_url, c.name,
       (SELECT group_concat(value, '; ') FROM contact WHERE person_id = p.id AND kind = 'phone'),
       (SELECT group_concat(value, '; ') FROM contact WHERE person_id = p.id AND kind = 'email'),
       (SELECT group_concat(t.name, '; ') FROM person_tag pt JOIN tag t ON t.id = pt.tag_id
         WHERE pt.person_id = p.id),
       p.created_at, p.modified_at,
       (SELECT v.value FROM person_value v JOIN attribute_def a ON a.id = v.attribute_id
         WHERE v.person_id = p.id AND a.entity = 'person' AND a.name = 'score')
FROM person p LEFT JOIN company c ON c.id = p.company_id
WHERE p.type != 'anonymous'
ORDER BY p.id
"""


def working_copy(size: int, seed: int) -> Path:
    """A copy of the cached database of ``size`` persons with ``custom:score`` on every other one."""
    source, _facts, _built = ensure_database(size, seed, schema_hash(), analyze=True, rebuild=False)
    work = DATA_DIR / f"export-{source.name}"
    if work.exists():
        return work
    building = work.with_name(work.name + ".building")
    shutil.copyfile(source, building)
    con = sqlite3.connect(building, isolation_level=None)
    con.execute("BEGIN")
    con.execute(
        "INSERT INTO attribute_def (id, entity, name, name_key, type, created_at) "
        "VALUES (1, 'person', 'score', 'score', 'whole', '2026-01-01 00:00:00')"
    )
    con.executemany(
        "INSERT INTO person_value (person_id, attribute_id, value, number) VALUES (?, 1, ?, ?)",
        ((pid, str(pid % 100), float(pid % 100)) for pid in range(1, size + 1, 2)),
    )
    con.execute("COMMIT")
    con.close()
    building.replace(work)
    return work


def peak_mb() -> float:
    """This process's peak resident memory in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_store(db: Path, out: Path, file_format: str) -> int:
    """The real export, as the command line runs it."""
    import store
    from store.db import path_url
    from store.persons.export import export_persons
    from store.persons.listing import PersonCriteria

    store.open(path_url(db))
    try:
        return export_persons(PersonCriteria(), out, file_format=file_format).exported
    finally:
        store.close()


def run_sql(db: Path, out: Path, file_format: str) -> int:
    """The baseline: one query, rows straight to a plain writer."""
    con = sqlite3.connect(db)
    headers = [d[0] for d in con.execute(BASELINE_SQL + " LIMIT 0").description]
    rows = 0
    if file_format == "csv":
        with out.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(headers)
            for row in con.execute(BASELINE_SQL):
                writer.writerow(row)
                rows += 1
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("Persons")
        sheet.append(headers)
        for row in con.execute(BASELINE_SQL):
            sheet.append(row)
            rows += 1
        book.save(out)
    con.close()
    return rows


def child(kind: str, db: Path, out: Path, file_format: str) -> None:
    """One timed export in this process; prints its figures as JSON."""
    started = time.perf_counter()
    rows = (run_store if kind == "store" else run_sql)(db, out, file_format)
    seconds = time.perf_counter() - started
    print(json.dumps({"rows": rows, "seconds": seconds, "peak_mb": peak_mb(), "bytes": out.stat().st_size}))


def measure(kind: str, db: Path, file_format: str) -> dict[str, Any]:
    """Run one export in a fresh process and return its figures."""
    out = DATA_DIR / f"export-out-{kind}.{file_format}"
    argv = [
        sys.executable,
        __file__,
        "--child",
        kind,
        "--db",
        str(db),
        "--out",
        str(out),
        "--format",
        file_format,
    ]
    done = subprocess.run(argv, capture_output=True, text=True, check=True)
    out.unlink(missing_ok=True)
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    """Build or reuse the database, run the rounds and print the report."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--persons", type=parse_size, default=100_000, help="persons in the database (1M)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of (store, baseline)")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child", choices=("store", "sql"), help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.db, args.out, args.format)
        return 0
    if args.prepare:
        print(working_copy(args.persons, args.seed))
        return 0
    DATA_DIR.mkdir(exist_ok=True)
    started = time.perf_counter()
    # In a process of its own: Linux carries a process's peak memory across fork and exec
    # into ru_maxrss, so a parent that built the database would show its peak in each child.
    prepare = [
        sys.executable,
        __file__,
        "--prepare",
        "--persons",
        str(args.persons),
        "--seed",
        str(args.seed),
    ]
    db = Path(subprocess.run(prepare, capture_output=True, text=True, check=True).stdout.strip())
    print(
        f"{platform.python_implementation()} {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{os.cpu_count()} CPUs; {args.persons:,} persons ({db.stat().st_size / 2**20:,.0f} MiB), "
        f"database ready in {time.perf_counter() - started:.1f} s"
    )
    results: dict[str, list[dict[str, Any]]] = {"store": [], "sql": []}
    for round_ in range(args.rounds):
        order = ("store", "sql") if round_ % 2 == 0 else ("sql", "store")
        for kind in order:
            results[kind].append(measure(kind, db, args.format))
            figures = results[kind][-1]
            print(
                f"  round {round_ + 1} {kind:5}: {figures['rows']:,} rows in {figures['seconds']:.1f} s, "
                f"peak {figures['peak_mb']:.0f} MB"
            )
    median = {
        kind: {
            key: statistics.median(r[key] for r in runs) for key in ("rows", "seconds", "peak_mb", "bytes")
        }
        for kind, runs in results.items()
    }
    print(f"{args.format.upper()} export, median of {args.rounds} rounds:")
    print(f"  {'':8}{'rows':>12}{'rows/s':>12}{'seconds':>10}{'peak MB':>10}{'file MiB':>10}")
    for kind in ("store", "sql"):
        m = median[kind]
        print(
            f"  {kind:8}{m['rows']:>12,.0f}{m['rows'] / m['seconds']:>12,.0f}{m['seconds']:>10.1f}"
            f"{m['peak_mb']:>10.0f}{m['bytes'] / 2**20:>10.1f}"
        )
    ratio = median["store"]["seconds"] / median["sql"]["seconds"]
    same_rows = median["store"]["rows"] == median["sql"]["rows"]
    memory_ok = max(r["peak_mb"] for r in results["store"]) < MEMORY_MB
    print(f"  store/baseline time: {ratio:.2f}x")
    print(f"  same rows as the baseline: {'PASS' if same_rows else 'FAIL'}")
    print(f"  store peak memory under {MEMORY_MB:.0f} MB: {'PASS' if memory_ok else 'FAIL'}")
    return 0 if same_rows and memory_ok else 1


if __name__ == "__main__":
    sys.exit(main())
