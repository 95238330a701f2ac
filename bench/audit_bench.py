"""Time the audit's figures and the persons list filtered to each, on a large database.

Run from the repository root::

    .venv/bin/python bench/audit_bench.py                    # the largest bench/data/persons-*.db
    .venv/bin/python bench/audit_bench.py --db PATH --repeat 5 --explain

The database (one that ``bench/store_bench.py`` builds) is copied to a temporary
directory first, because opening it may migrate it; the copy is deleted at the end.
The audit's "now" is the newest creation time in the database, so "created in the last
7 / 30 days" finds persons. For every figure of ``audit.audit_report`` it prints the
count, then the persons list filtered to it: the first page, the page after it and the
last page (50 rows each), each the median of ``--repeat`` calls, in milliseconds, and
whether the list's count equals the figure. ``--explain`` adds ``EXPLAIN QUERY PLAN``
of the page query. A figure that finds few persons is the slow case: its page walks an
index far, as its count does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import store  # noqa: E402
from store import audit  # noqa: E402
from store.db import db  # noqa: E402
from store.persons import listing  # noqa: E402

PAGE = 50


class _Captured(logging.Handler):
    """Keeps the SQL Peewee logs."""

    def __init__(self) -> None:
        super().__init__()
        self.queries: list[tuple[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.queries.append(record.msg)


def median_ms(call: Callable[[], Any], repeat: int) -> float:
    """The median time of ``repeat`` calls, in milliseconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def plan(call: Callable[[], Any]) -> list[str]:
    """``EXPLAIN QUERY PLAN`` of the first query ``call`` sends."""
    handler, logger = _Captured(), logging.getLogger("peewee")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        call()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    sql, params = handler.queries[0]
    return [row[-1] for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()]


def largest_database() -> Path:
    """The bench database with the most persons in ``bench/data``."""
    found = sorted(
        (REPO / "bench" / "data").glob("persons-*-seed*.db"), key=lambda p: int(p.name.split("-")[1])
    )
    if not found:
        raise SystemExit("no bench/data/persons-*.db: run bench/store_bench.py first")
    return found[-1]


def main() -> None:
    """Parse the arguments, copy the database, time every figure and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, help="a bench database (default: the largest in bench/data)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--explain", action="store_true", help="print the plan of each page query")
    args = parser.parse_args()
    source = args.db or largest_database()
    with tempfile.TemporaryDirectory(prefix="audit-bench-") as folder:
        copy = Path(folder) / "copy.db"
        shutil.copy(source, copy)
        store.open(f"sqlite:///{copy}")
        try:
            run(source, args.repeat, args.explain)
        finally:
            store.close()


def run(source: Path, repeat: int, explain: bool) -> None:
    """Time the report and every figure's list; print one line per figure."""
    (newest,) = db.execute_sql("SELECT MAX(created_at) FROM person").fetchone()
    now = dt.datetime.fromisoformat(newest)
    started = time.perf_counter()
    report = audit.audit_report(now)
    total_s = time.perf_counter() - started
    print(f"{source.name}: {report.total:,} persons; the whole audit report took {total_s:.2f} s")
    print(f"{'figure':<16}{'count':>10}{'first':>10}{'next':>10}{'last':>10}  list count = figure")
    for finding in report.findings():
        criteria = finding.criteria
        first = listing.page_persons(criteria, limit=PAGE)
        first_ms = median_ms(lambda c=criteria: listing.page_persons(c, limit=PAGE), repeat)
        after = first.last if first.has_after else None
        next_ms = (
            median_ms(lambda c=criteria, a=after: listing.page_persons(c, after=a, limit=PAGE), repeat)
            if after
            else 0.0
        )
        last_ms = median_ms(lambda c=criteria: listing.page_persons(c, last=True, limit=PAGE), repeat)
        same = listing.count_persons(criteria) == finding.count
        print(
            f"{finding.key[:16]:<16}{finding.count:>10,}{first_ms:>9.1f} {next_ms:>9.1f} {last_ms:>9.1f}  "
            f"{'yes' if same else 'NO'}"
        )
        if explain:
            for line in plan(lambda c=criteria, a=after: listing.page_persons(c, after=a, limit=PAGE)):
                print(f"    {line}")


if __name__ == "__main__":
    main()
