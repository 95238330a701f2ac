"""Import benchmark: a 50 MB CSV (and the same rows as XLSX) into an empty and a 1,000,000-person database.

Run: ``.venv/bin/python bench/import_bench.py`` (``--rebuild`` regenerates the data).

It generates the CSV (about 450,000 rows: mixed phone formats with national numbers,
~5 % of rows sharing an identifier, ~0.5 % invalid phones and emails), takes the cached
1M-person database of ``store_bench.py`` and gives ~10 % of the CSV's persons an email
there, so the import merges into them. Then, in the same run, it times:

- the full import through the real code path: ``profiles import --on-match merge --yes``
  (analysis and run) into an empty store (the schema made beforehand): the case issue 15
  measured, and the one ``sqlite-utils`` measures, since it too writes into an empty
  database; this run gets the speed verdict;
- ``sqlite-utils insert --csv`` of the same file into an empty table (its default type
  detection): the plain-loader baseline;
- the same import into a copy of the 1M database: the realistic case (matching against
  a million profiles, 10 % of the records merged), reported with no speed verdict;
- a minimal raw ``sqlite3`` parse + insert: the floor;
- the same import into PostgreSQL (a throwaway server started as the tests start theirs,
  ``tests/pg_cluster.py``, but durable: ``fsync``, ``synchronous_commit`` and
  ``full_page_writes`` left at their defaults, on, so that its commit is as durable as
  SQLite's; the settings are printed), into a copy of the
  same 1M database (loaded once with ``COPY``, copied for each round with ``CREATE
  DATABASE ... TEMPLATE``), compared with the SQLite import into the 1M copy;
  ``--no-postgres`` leaves it out;
- the XLSX import into another copy of the 1M database (``--skip-xlsx`` leaves it out).

The imports and ``sqlite-utils`` take turns for ``--rounds`` rounds (3), so that a slow
spell of a shared machine falls on all of them; each verdict is the median round's
ratio. Each run's CPU seconds (user + system, helper processes included) and the load
average at its start are printed too: on a machine shared with other work the wall
times stretch with the load, the CPU seconds much less. Peak memory is the largest sum
of the RSS of the process and all its descendants, sampled every 20 ms, over all rounds
of both SQLite CSV imports. Targets (issue 15): the CSV import into the empty store
<= 0.6x the sqlite-utils time; <= 450 MB; PostgreSQL import <= 2x the SQLite import
(1M database both); XLSX import <= 1.5x the CSV import and < 1.5 GB.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import import_data  # noqa: E402
import store_bench  # noqa: E402

DATA = store_bench.DATA_DIR
BIN = Path(sys.executable).parent
PERSONS = 1_000_000
OVERLAP = 0.10
RATIO_TARGET = 0.6  # CSV import / sqlite-utils
PEAK_TARGET_MB = 450
PG_TARGET = 2.0  # PostgreSQL import / SQLite import
SERVER_SETTINGS: dict[str, str] = {}


@dataclass
class Run:
    """One timed command."""

    name: str
    seconds: float
    peak_mb: float
    output: str
    cpu: float = 0.0  # user + system seconds of the process and the helpers it waited for
    load: float = 0.0  # one-minute load average when it started


def _tree_rss(pid: int) -> int:
    """RSS in bytes of ``pid`` and all its descendants."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack += [int(c) for c in children.read().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def timed(name: str, command: list[str]) -> Run:
    """Run ``command``: its wall time, CPU seconds and the peak RSS of its process tree."""
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if process.returncode not in (0,):
        raise SystemExit(f"{name} failed ({process.returncode}): {err[-2000:]}")
    return Run(name, seconds, peak / 2**20, out, cpu, load)


def empty_store() -> Path:
    """A store with the schema and no data (made by ``store.open``), to copy for each round."""
    path = DATA / "import-empty-base.db"
    store_bench.remove_database(path)
    store_bench.schema_sql(path)  # opens the store there (migrations) and closes it
    return path


def prepare(rebuild: bool) -> tuple[Path, Path, Path, int]:
    """The CSV, the XLSX and the 1M database with the overlap; returns them and the row count."""
    DATA.mkdir(exist_ok=True)
    csv_path, xlsx_path = DATA / "people-50mb.csv", DATA / "people-50mb.xlsx"
    if rebuild or not csv_path.exists():
        rows = import_data.write_csv(csv_path)
        print(f"generated {csv_path.name}: {rows:,} rows, {csv_path.stat().st_size:,} bytes")
    with open(csv_path, encoding="utf-8", newline="") as source:
        rows = sum(1 for _ in csv.reader(source)) - 1
    if rebuild or not xlsx_path.exists() or xlsx_path.stat().st_mtime < csv_path.stat().st_mtime:
        import_data.write_xlsx(csv_path, xlsx_path)
        print(f"generated {xlsx_path.name}: {xlsx_path.stat().st_size:,} bytes")
    base, facts, built = store_bench.ensure_database(PERSONS, 42, store_bench.schema_hash(), True, rebuild)
    if built:
        print(f"built the 1M database in {facts['build_s']} s")
    target = DATA / f"import-base-{base.stem}.db"
    if rebuild or not target.exists():
        shutil.copyfile(base, target)
        con = sqlite3.connect(target)
        overlap = int(rows * OVERLAP)
        ids = [
            r[0]
            for r in con.execute(
                "SELECT person_id FROM contact WHERE kind = 'email' ORDER BY person_id LIMIT ?", (overlap,)
            )
        ]
        con.executemany(
            "UPDATE contact SET value = ? WHERE person_id = ? AND kind = 'email'",
            [(import_data.email_for(i), pid) for i, pid in enumerate(ids)],
        )
        con.commit()
        con.execute("PRAGMA journal_mode=wal")
        con.close()
        print(f"gave {len(ids):,} persons of the 1M database an email of the CSV")
    return csv_path, xlsx_path, target, rows


def fresh_copy(base: Path, name: str) -> Path:
    """A throwaway copy of the prepared database."""
    path = DATA / name
    store_bench.remove_database(path)
    shutil.copyfile(base, path)
    os.sync()  # write the copy back now, not during the timed run (its fsyncs would wait for it)
    return path


def timed_import(name: str, source: Path, database: Path | str) -> Run:
    """The real import (analyse + run, merge policy) of ``source`` into ``database``, timed.

    ``database`` is a SQLite file or a PostgreSQL URL.
    """
    url = database if isinstance(database, str) else f"sqlite:///{database}"
    command = [str(BIN / "profiles"), "--db", url, "import", str(source),
               "--country", "HR", "--on-match", "merge", "--yes", "--json"]  # fmt: skip
    return timed(name, command)


class Postgres:
    """A throwaway PostgreSQL server holding the prepared 1M database as a template."""

    TEMPLATE = "import_base"

    def __init__(self, resources: ExitStack, base: Path, settings: dict[str, str] | None = None) -> None:
        """Start a durable server (with ``settings``), load ``base`` into the template database."""
        import psycopg2

        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        from pg_cluster import PgCluster
        from segments_bench import load_postgres

        chosen = SERVER_SETTINGS if settings is None else settings
        cluster = resources.enter_context(PgCluster(durable=True, settings=chosen))
        assert cluster.url is not None
        self.psycopg2 = psycopg2
        self.server = cluster.url.rsplit("/", 1)[0]
        self.admin = psycopg2.connect(cluster.url)
        self.admin.autocommit = True
        resources.callback(self.admin.close)
        with self.admin.cursor() as cur:
            shown = []
            for setting in ("fsync", "synchronous_commit", "full_page_writes", *chosen):
                cur.execute(f"SHOW {setting}")
                shown.append(f"{setting}={cur.fetchone()[0]}")
            self.settings = ", ".join(shown)
            print(f"PostgreSQL server: {self.settings}", flush=True)
            cur.execute(f"CREATE DATABASE {self.TEMPLATE}")
        print("loading the 1M database into PostgreSQL...", flush=True)
        started = time.perf_counter()
        url = f"{self.server}/{self.TEMPLATE}"
        load_postgres(url, base)
        connection = psycopg2.connect(url)
        connection.autocommit = True
        with connection.cursor() as cur:  # COPY gave the ids: move each sequence past them
            cur.execute(
                "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' "
                "AND column_default LIKE 'nextval(%%'"
            )
            for (table,) in cur.fetchall():
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
                )
        connection.close()
        print(f"loaded in {time.perf_counter() - started:.1f} s", flush=True)

    def fresh_copy(self, name: str) -> str:
        """A new database copied from the template; returns its URL."""
        with self.admin.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS {name}")
            cur.execute(f"CREATE DATABASE {name} TEMPLATE {self.TEMPLATE}")
            cur.execute("CHECKPOINT")  # write the copy now, not during the timed run
        return f"{self.server}/{urllib.parse.quote(name)}"

    def drop(self, name: str) -> None:
        """Drop a database made by ``fresh_copy``."""
        with self.admin.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS {name}")


def raw_floor(csv_path: Path) -> float:
    """Seconds for csv.reader + executemany into an empty table, one transaction."""
    path = DATA / "floor.db"
    path.unlink(missing_ok=True)
    started = time.perf_counter()
    con = sqlite3.connect(path)
    with open(csv_path, encoding="utf-8", newline="") as source:
        reader = csv.reader(source)
        header = next(reader)
        con.execute(f"CREATE TABLE persons ({', '.join(f'c{i} TEXT' for i in range(len(header)))})")
        con.executemany(f"INSERT INTO persons VALUES ({', '.join('?' * len(header))})", reader)
    con.commit()
    con.close()
    seconds = time.perf_counter() - started
    path.unlink()
    return seconds


def median_round(rounds: list[list[Run]], first: int, second: int) -> tuple[list[Run], float, str]:
    """The round whose ``first`` / ``second`` ratio is the median, that ratio, and all of them."""
    ordered = sorted(rounds, key=lambda r: r[first].seconds / r[second].seconds)
    middle = ordered[len(ordered) // 2]
    ratios = ", ".join(f"{r[first].seconds / r[second].seconds:.2f}" for r in rounds)
    return middle, middle[first].seconds / middle[second].seconds, ratios


def verdict(ok: bool) -> str:
    """PASS or FAIL."""
    return "PASS" if ok else "FAIL"


def main(argv: list[str] | None = None) -> int:
    """Prepare the data, run the measurements, print the figures and the verdicts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="regenerate the CSV, XLSX and databases")
    parser.add_argument("--skip-xlsx", action="store_true")
    parser.add_argument("--no-postgres", action="store_true", help="leave out the PostgreSQL import")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of CSV import and plain loader")
    args = parser.parse_args(argv)
    csv_path, xlsx_path, base, rows = prepare(args.rebuild)
    print(f"CPUs: {os.cpu_count()}  SQLite {sqlite3.sqlite_version}  Python {sys.version.split()[0]}")
    print(f"CSV: {csv_path.stat().st_size:,} bytes, {rows:,} rows; database: {PERSONS:,} persons\n")
    empty_base = empty_store()
    with ExitStack() as resources:
        postgres = None if args.no_postgres else Postgres(resources, base)
        # The imports and the plain loader take turns, round after round, so a slow spell
        # of this shared machine falls on all of them; each verdict takes the median round.
        # Each round: [import into the empty store, sqlite-utils, import into the 1M copy,
        # PostgreSQL import into the 1M copy].
        rounds: list[list[Run]] = []
        for number in range(1, args.rounds + 1):
            empty_db = fresh_copy(empty_base, "import-empty.db")
            imported = timed_import("profiles import CSV, empty store", csv_path, empty_db)
            store_bench.remove_database(empty_db)
            loader_db = DATA / "sqlite-utils.db"
            store_bench.remove_database(loader_db)
            os.sync()
            baseline = timed(
                "sqlite-utils insert --csv",
                [str(BIN / "sqlite-utils"), "insert", str(loader_db), "persons", str(csv_path), "--csv"],
            )
            store_bench.remove_database(loader_db)
            full_db = fresh_copy(base, "import-csv.db")
            into_full = timed_import("profiles import CSV, 1M database", csv_path, full_db)
            store_bench.remove_database(full_db)
            runs = [imported, baseline, into_full]
            line = (
                f"round {number}: import (empty) {imported.seconds:.2f} s ({imported.cpu:.1f} CPU s, "
                f"{imported.peak_mb:.0f} MB), sqlite-utils {baseline.seconds:.2f} s ({baseline.cpu:.1f} CPU s), "
                f"import (1M) {into_full.seconds:.2f} s ({into_full.cpu:.1f} CPU s, {into_full.peak_mb:.0f} MB)"
            )
            if postgres is not None:
                url = postgres.fresh_copy("import_round")
                runs.append(timed_import("profiles import CSV, PostgreSQL 1M", csv_path, url))
                postgres.drop("import_round")
                line += f", PostgreSQL import (1M) {runs[3].seconds:.2f} s ({runs[3].cpu:.1f} CPU s)"
            rounds.append(runs)
            loads = " / ".join(f"{run.load:.1f}" for run in runs)
            print(f"{line} (load {loads})", flush=True)
    store_bench.remove_database(empty_base)
    chosen, ratio, ratios = median_round(rounds, 0, 1)
    imported, baseline = chosen[0], chosen[1]
    full_round, _, _ = median_round(rounds, 2, 1)
    into_full = full_round[2]
    peak = max(max(r[0].peak_mb, r[2].peak_mb) for r in rounds)
    result = json.loads(imported.output)
    full_result = json.loads(into_full.output)
    floor = raw_floor(csv_path)
    table = [imported, baseline, into_full]
    pg = None
    if postgres is not None:
        pg_round, pg_ratio, pg_ratios = median_round(rounds, 3, 2)
        pg = pg_round[3]
        pg_result = json.loads(pg.output)
        table.append(pg)
    xlsx_result = None
    if not args.skip_xlsx:
        xlsx_db = fresh_copy(base, "import-xlsx.db")
        xlsx = timed_import("profiles import XLSX", xlsx_path, xlsx_db)
        xlsx_result = json.loads(xlsx.output)
        table.append(xlsx)
        store_bench.remove_database(xlsx_db)
    print(
        "\nmedian round of each ratio (import peak memory: the largest of all rounds)\n"
        f"{'run':36} {'seconds':>8} {'CPU s':>7} {'load':>5} {'rows/s':>9} {'peak MB':>8}"
    )
    for run in table:
        print(
            f"{run.name:36} {run.seconds:8.2f} {run.cpu:7.1f} {run.load:5.1f} "
            f"{rows / run.seconds:9,.0f} {run.peak_mb:8.0f}"
        )
    print(f"{'raw sqlite3 parse+insert':36} {floor:8.2f} {'':7} {'':5} {rows / floor:9,.0f}")
    keys = ("status", "rows", "valid", "invalid", "created", "updated", "discarded")

    def counts(outcome: dict) -> str:
        return ", ".join(
            f"{k} {outcome[k]:,}" if isinstance(outcome[k], int) else f"{k} {outcome[k]}" for k in keys
        )

    def phases(outcome: dict) -> str:
        return ", ".join(f"{k} {v:.1f} s" for k, v in outcome.get("seconds", {}).items())

    print(f"\nCSV import, empty store: {counts(result)}\n  phases: {phases(result)}")
    print(f"CSV import, 1M database: {counts(full_result)}\n  phases: {phases(full_result)}")
    if pg is not None:
        same = all(pg_result[k] == full_result[k] for k in keys)
        print(
            "PostgreSQL (1M):         "
            + ("same counts as SQLite (1M)" if same else json.dumps({k: pg_result[k] for k in keys}))
        )
        print(f"  phases: {phases(pg_result)}")
    if xlsx_result:
        same = all(xlsx_result[k] == full_result[k] for k in keys)
        print(
            "XLSX import (1M):        "
            + ("same counts as the CSV (1M)" if same else json.dumps({k: xlsx_result[k] for k in keys}))
        )
    print(
        f"\nimport (empty store) / sqlite-utils = {ratio:.2f}, the median of {ratios}  "
        f"(target <= {RATIO_TARGET:.2f})  {verdict(ratio <= RATIO_TARGET)}"
    )
    print(
        f"import (1M database) / sqlite-utils = {into_full.seconds / full_round[1].seconds:.2f} (no target)"
    )
    print(f"import (empty store) / raw floor    = {imported.seconds / floor:.2f}")
    print(
        f"import peak memory (both)           = {peak:.0f} MB (target <= {PEAK_TARGET_MB})  "
        f"{verdict(peak <= PEAK_TARGET_MB)}"
    )
    passed = ratio <= RATIO_TARGET and peak <= PEAK_TARGET_MB
    if pg is not None:
        print(
            f"PostgreSQL / SQLite (1M)            = {pg_ratio:.2f}, the median of {pg_ratios}  "
            f"(target <= {PG_TARGET:.2f})  {verdict(pg_ratio <= PG_TARGET)}"
        )
        passed = passed and pg_ratio <= PG_TARGET
    if xlsx_result:
        xratio = table[-1].seconds / into_full.seconds
        print(
            f"XLSX / CSV import (1M)              = {xratio:.2f}  (target <= 1.50)  {verdict(xratio <= 1.5)}"
        )
        print(
            f"XLSX peak memory                    = {table[-1].peak_mb:.0f} MB (target < 1536)  "
            f"{verdict(table[-1].peak_mb < 1536)}"
        )
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
