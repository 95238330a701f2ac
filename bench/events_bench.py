"""Time event recording, the timeline, the activity chart and duplicate candidates at 100k and 10M events.

Run from the repository root::

    .venv/bin/python bench/events_bench.py                   # both sizes
    .venv/bin/python bench/events_bench.py --sizes 100k      # the small one only
    .venv/bin/python bench/events_bench.py --rebuild         # fresh databases

Two SQLite databases are built once and cached in ``bench/data/`` (gitignored), named by
size and a hash of the schema the store creates plus the generator version:

- ``100k``: 100,000 events of 10,000 persons;
- ``10m``: 10,000,000 events of 1,000,000 persons.

In both, person 1 has 10,000 events over the last 90 days (the timeline and the chart are
timed on it), the other events are spread over a year and the other persons, in time
order as they would arrive. Persons carry names, birth dates, companies and phones
(three countries) drawn from short lists, so that the duplicate rules find plenty. The
schema and the event definitions come from ``store.open`` and the e-commerce templates;
the rows go in with plain ``sqlite3`` ``executemany`` in one transaction, journal off,
``synchronous=off``, secondary indexes dropped during the load and built afterwards; the
per-day rollup is written alongside, then ``ANALYZE``.

Each read runs through the store (the Peewee connection ``store.open`` makes) and as
hand-written SQL on a separate ``sqlite3`` connection; figures are medians of
``--repeat`` calls after a warm-up. Recording is timed through ``recording.record_event``
(one transaction per event; events per second from the median call) and
``recording.record_events`` (batches of 50,000 events of random persons: one untimed to warm
the page cache, then the median of three), beside the same rows written by hand; what
the timing wrote is removed afterwards, so the cached databases stay as built. Targets: the timeline page and the
per-day counts cost at 10M at most 2x their cost at 100k, and under 10 ms; batched
recording reaches 20,000 events per second.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import hashlib
import json
import os
import platform
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import peewee

import store
from store.events import definitions as event_definitions
from store.events import recording
from store.events.recording import NewEvent
from store.folding import name_keys
from store.merging import duplicates

GENERATOR_VERSION = 2
DATA_DIR = Path(__file__).resolve().parent / "data"
SIZES = {"100k": (100_000, 10_000), "10m": (10_000_000, 1_000_000)}
HEAVY = 1  # the person with 10,000 events
HEAVY_EVENTS = 10_000
END = dt.date(2026, 6, 30)  # the last day with events; "today" for the chart
YEAR = 365
PAGE = 50
BATCH = 50_000
SINGLE = 300
TARGET_MS = 10.0
TARGET_GROWTH = 2.0
TARGET_RATE = 20_000

FIRST_MALE = [
    "Ivan",
    "Marko",
    "Luka",
    "Josip",
    "Ante",
    "Petar",
    "Mario",
    "Hans",
    "Klaus",
    "Stefan",
    "Lukas",
    "Jan",
    "James",
    "John",
    "Oliver",
    "Harry",
    "Jack",
    "Leo",
]
FIRST_FEMALE = [
    "Ana",
    "Anna",
    "Marija",
    "Ivana",
    "Petra",
    "Lucija",
    "Maja",
    "Iva",
    "Ema",
    "Sara",
    "Sabine",
    "Julia",
    "Lena",
    "Marie",
    "Mary",
    "Emily",
    "Grace",
    "Ella",
]
LAST = [
    "Horvat",
    "Kovačević",
    "Babić",
    "Marić",
    "Jurić",
    "Novak",
    "Kovačić",
    "Knežević",
    "Vuković",
    "Marković",
    "Petrović",
    "Matić",
    "Tomić",
    "Pavlović",
    "Kovač",
    "Božić",
    "Blažević",
    "Grgić",
    "Pavić",
    "Radić",
    "Perić",
    "Šarić",
    "Lovrić",
    "Vidović",
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Brown",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Johnson",
]
PHONES = (("+38591", 7), ("+38598", 7), ("+49151", 8), ("+49170", 8), ("+4474", 8), ("+4478", 8))
COMPANIES = 2_000


def _ts(day: dt.date, second: int) -> str:
    return f"{day.isoformat()} {second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}"


# --------------------------------------------------------------------------- build


def schema_hash() -> str:
    """Short hash of the schema the store creates plus the generator version."""
    probe = DATA_DIR / f"probe-{os.getpid()}.db"
    try:
        store.open("sqlite:///" + str(probe))
        store.close()
        with sqlite3.connect(probe) as con:
            sql = [
                s for (s,) in con.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
            ]
        con.close()
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{probe}{suffix}").unlink(missing_ok=True)
    text = "\n".join(sql) + f"\nevents generator {GENERATOR_VERSION}"
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def _persons(count: int, rng: random.Random) -> Iterator[tuple[list[tuple], list[tuple]]]:
    """Person rows and phone contact rows, 50,000 persons at a time."""
    counters = {prefix: rng.randrange(10**digits) for prefix, digits in PHONES}
    contact_id = 0
    keys: dict[tuple[str, str], tuple[str | None, str | None]] = {}
    created = dt.datetime(2020, 1, 1)
    for start in range(1, count + 1, 50_000):
        people, phones = [], []
        for pid in range(start, min(start + 50_000, count + 1)):
            male = rng.random() < 0.5
            first = rng.choice(FIRST_MALE if male else FIRST_FEMALE)
            last = rng.choice(LAST)
            key = keys.get((first, last))
            if key is None:
                key = keys[(first, last)] = name_keys(first, last, None)
            birth = (
                (dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20_000))).isoformat()
                if rng.random() < 0.6
                else None
            )
            company = rng.randrange(1, COMPANIES + 1) if rng.random() < 0.3 else None
            stamp = str(created + dt.timedelta(seconds=pid * 60))
            people.append(
                (pid, "customer" if rng.random() < 0.6 else "lead", first, last,
                 ("male" if male else "female") if rng.random() < 0.7 else None,
                 birth, company, key[0], key[1], stamp, stamp)
            )  # fmt: skip
            if rng.random() < 0.7:
                prefix, digits = PHONES[rng.randrange(len(PHONES))]
                counters[prefix] += 1
                contact_id += 1
                phones.append(
                    (
                        contact_id,
                        pid,
                        "phone",
                        f"{prefix}{counters[prefix] * 7_919_913 % 10**digits:0{digits}d}",
                    )
                )
        yield people, phones


def _events(
    total: int, persons: int, definitions: list[tuple[int, list[str]]], rng: random.Random
) -> Iterator[tuple[list[tuple], list[tuple]]]:
    """Event rows and their per-day rollup rows, one day at a time, in time order."""
    pools = {d: [json.dumps(p, separators=(",", ":")) for p in props] for d, props in definitions}
    def_ids = [d for d, _props in definitions]
    spread = total - HEAVY_EVENTS
    first_day = END - dt.timedelta(days=YEAR - 1)
    done = 0
    for index in range(YEAR):
        day = first_day + dt.timedelta(days=index)
        n = spread * (index + 1) // YEAR - done
        done += n
        heavy = HEAVY_EVENTS * (index - (YEAR - 90) + 1) // 90 - HEAVY_EVENTS * (index - (YEAR - 90)) // 90
        batch = [(rng.randrange(2, persons + 1), rng.randrange(86_400)) for _ in range(n)]
        batch += [(HEAVY, rng.randrange(86_400)) for _ in range(heavy if index >= YEAR - 90 else 0)]
        batch.sort(key=lambda r: r[1])
        rows, counts = [], collections.Counter()
        for pid, second in batch:
            def_id = def_ids[rng.randrange(len(def_ids))]
            pool = pools[def_id]
            rows.append((pid, def_id, _ts(day, second), pool[rng.randrange(len(pool))]))
            counts[(pid, def_id)] += 1
        yield rows, sorted((day.isoformat(), pid, def_id, c) for (pid, def_id), c in counts.items())


def _definitions(rng: random.Random) -> list[tuple[int, list[dict]]]:
    """Every enabled definition with 200 valid property sets each (checked by the store)."""
    result = []
    for info in event_definitions.list_definitions():
        sets = []
        for i in range(200):
            values: dict[str, Any] = {}
            for prop in info.properties:
                if not prop.required and rng.random() < 0.5:
                    continue
                values[prop.name] = {
                    "text": f"{prop.name}-{i}",
                    "decimal": f"{rng.randrange(100, 100_000) / 100:.2f}",
                    "whole": rng.randrange(1, 10),
                    "boolean": rng.random() < 0.5,
                    "date": "2026-05-01",
                    "datetime": "2026-05-01T10:00:00+00:00",
                    "list": [{"sku": f"S{i}"}],
                }[prop.type]
            sets.append(event_definitions.check_properties(info, values))
        result.append((info.id, sets))
    return result


def build(path: Path, total: int, persons: int, seed: int = 42) -> dict[str, Any]:
    """Build one database; returns its build facts."""
    started = time.perf_counter()
    building = path.with_name(path.name + ".building")
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{building}{suffix}").unlink(missing_ok=True)
    rng = random.Random(seed)
    store.open("sqlite:///" + str(building))
    event_definitions.enable_template("ecommerce")
    con = sqlite3.connect(building, isolation_level=None)
    definitions = _definitions(rng)
    store.close()
    for pragma in ("journal_mode=off", "synchronous=off", "cache_size=-1000000", "temp_store=memory"):
        con.execute(f"PRAGMA {pragma}")
    indexes = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ).fetchall()
    con.execute("BEGIN")
    for name, _sql in indexes:
        con.execute(f'DROP INDEX "{name}"')
    con.executemany(
        "INSERT INTO company (id, name, name_key, created_at, modified_at) VALUES (?, ?, ?, ?, ?)",
        [
            (i, f"Company {i}", f"company {i}", "2020-01-01 00:00:00", "2020-01-01 00:00:00")
            for i in range(1, COMPANIES + 1)
        ],
    )
    for people, phones in _persons(persons, rng):
        con.executemany(
            "INSERT INTO person (id, type, first_name, last_name, gender, birth_date, company_id, name_key, "
            "last_key, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            people,
        )
        con.executemany("INSERT INTO contact (id, person_id, kind, value) VALUES (?, ?, ?, ?)", phones)
    loaded_persons = time.perf_counter()
    for rows, days in _events(total, persons, definitions, rng):
        con.executemany(
            "INSERT INTO event (person_id, definition_id, at, properties) VALUES (?, ?, ?, ?)", rows
        )
        con.executemany(
            "INSERT INTO event_day (day, person_id, definition_id, count) VALUES (?, ?, ?, ?)", days
        )
    loaded = time.perf_counter()
    for _name, sql in indexes:
        con.execute(sql)
    con.execute("COMMIT")
    indexed = time.perf_counter()
    con.execute("ANALYZE")
    con.execute("PRAGMA journal_mode=wal")
    con.close()
    building.replace(path)
    return {
        "events": total,
        "persons": persons,
        "build_s": round(time.perf_counter() - started, 1),
        "persons_s": round(loaded_persons - started, 1),
        "events_s": round(loaded - loaded_persons, 1),
        "index_s": round(indexed - loaded, 1),
        "size_mb": round(path.stat().st_size / 1e6),
    }


def ensure(size: str, digest: str, rebuild: bool) -> tuple[Path, dict[str, Any]]:
    """The cached database of a size, built when missing (or with ``--rebuild``)."""
    total, persons = SIZES[size]
    path = DATA_DIR / f"events-{size}-{digest}.db"
    sidecar = path.with_suffix(".json")
    if path.exists() and sidecar.exists() and not rebuild:
        return path, json.loads(sidecar.read_text())
    DATA_DIR.mkdir(exist_ok=True)
    print(f"building {path.name} ({total:,} events, {persons:,} persons)...", flush=True)
    facts = build(path, total, persons)
    sidecar.write_text(json.dumps(facts, indent=2) + "\n")
    return path, facts


# --------------------------------------------------------------------------- timing


def median_ms(call: Callable[[], Any], repeat: int, warmup: int = 5) -> float:
    """Median wall time of ``call`` in milliseconds."""
    for _ in range(warmup):
        call()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _batch(rng: random.Random, persons: int, props: dict[str, Any]) -> list[NewEvent]:
    at = "2026-07-01T12:00:00Z"
    return [NewEvent(rng.randrange(2, persons + 1), "ProductViewed", props, at) for _ in range(BATCH)]


def _undo_writes(con: sqlite3.Connection, last_event: int) -> None:
    """Remove what the recording timings wrote: events above ``last_event`` and their day counts."""
    added = con.execute(
        "SELECT person_id, date(at), definition_id, COUNT(*) FROM event WHERE id > ? GROUP BY 1, 2, 3",
        (last_event,),
    ).fetchall()
    con.execute("BEGIN")
    con.executemany(
        "UPDATE event_day SET count = count - ? WHERE person_id = ? AND day = ? AND definition_id = ?",
        [(n, pid, day, def_id) for pid, day, def_id, n in added],
    )
    con.executemany(
        "DELETE FROM event_day WHERE person_id = ? AND day = ? AND definition_id = ? AND count <= 0",
        [(pid, day, def_id) for pid, day, def_id, _n in added],
    )
    con.execute("DELETE FROM event WHERE id > ?", (last_event,))
    con.execute("COMMIT")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def measure(path: Path, persons: int, repeat: int) -> dict[str, tuple[float, float]]:
    """Every figure of one database: ``{operation: (store, hand-written SQL)}``."""
    rng = random.Random(7)
    database = store.open("sqlite:///" + str(path))
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA cache_size=-64000")
    figures: dict[str, tuple[float, float]] = {}
    last_event = con.execute("SELECT MAX(id) FROM event").fetchone()[0]
    props = {"productId": "p-1", "productName": "Shoe", "price": "19.90"}
    view = event_definitions.get_definition("ProductViewed")
    text = json.dumps(event_definitions.check_properties(view, props), separators=(",", ":"))

    def store_single() -> None:
        recording.record_event(
            rng.randrange(2, persons + 1), "ProductViewed", props, at="2026-07-01T12:00:00Z"
        )

    def sql_single() -> None:
        pid = rng.randrange(2, persons + 1)
        con.execute("BEGIN")
        con.execute(
            "INSERT INTO event (person_id, definition_id, at, properties) VALUES (?, ?, ?, ?)",
            (pid, view.id, "2026-07-01 12:00:00", text),
        )
        con.execute(
            "INSERT INTO event_day (day, person_id, definition_id, count) VALUES (?, ?, ?, 1) "
            "ON CONFLICT (day, person_id, definition_id) DO UPDATE SET count = count + 1",
            ("2026-07-01", pid, view.id),
        )
        con.execute("COMMIT")

    def store_batch() -> float:
        batch = _batch(rng, persons, props)
        started = time.perf_counter()
        recording.record_events(batch)
        return BATCH / (time.perf_counter() - started)

    def sql_batch() -> float:
        rows = [(rng.randrange(2, persons + 1), view.id, "2026-07-01 12:00:00", text) for _ in range(BATCH)]
        started = time.perf_counter()
        rows.sort()  # the store sorts its batch too: index leaves in order
        con.execute("BEGIN")
        con.executemany(
            "INSERT INTO event (person_id, definition_id, at, properties) VALUES (?, ?, ?, ?)", rows
        )
        counts = collections.Counter(r[0] for r in rows)
        con.executemany(
            "INSERT INTO event_day (day, person_id, definition_id, count) VALUES ('2026-07-01', ?, ?, ?) "
            "ON CONFLICT (day, person_id, definition_id) DO UPDATE SET count = count + excluded.count",
            [(pid, view.id, n) for pid, n in sorted(counts.items())],
        )
        con.execute("COMMIT")
        return BATCH / (time.perf_counter() - started)

    try:
        # One event per transaction, after a few untimed ones.
        single = []
        for call in (store_single, sql_single):
            single.append(1000 / median_ms(call, SINGLE, warmup=30))
        figures["record_event, events/s"] = (single[0], single[1])
        # Batches: one untimed of each warms the page cache, then the median of three.
        store_batch(), sql_batch()
        rates = [(store_batch(), sql_batch()) for _ in range(3)]
        figures[f"record_events ({BATCH:,}), events/s"] = (
            statistics.median(r[0] for r in rates),
            statistics.median(r[1] for r in rates),
        )
    finally:
        _undo_writes(con, last_event)
    # The timeline of the heavy person: first page, and a page 5,000 events deep.
    sql = (
        "SELECT e.id, d.name, e.at, e.properties FROM event e JOIN event_definition d ON d.id = e.definition_id "
        "WHERE e.person_id = ? {} ORDER BY e.at DESC, e.id DESC LIMIT ?"
    )

    def by_hand(cursor: tuple[str, int] | None) -> list:
        if cursor is None:
            rows = con.execute(sql.format(""), (HEAVY, PAGE + 1)).fetchall()
        else:
            rows = con.execute(sql.format("AND (e.at, e.id) < (?, ?)"), (HEAVY, *cursor, PAGE + 1)).fetchall()
        return [(i, n, a, json.loads(p)) for i, n, a, p in rows]

    figures["timeline first page, ms"] = (
        median_ms(lambda: recording.timeline(HEAVY, limit=PAGE), repeat),
        median_ms(lambda: by_hand(None), repeat),
    )
    deep = con.execute(
        "SELECT at, id FROM event WHERE person_id = ? ORDER BY at DESC, id DESC LIMIT 1 OFFSET 5000", (HEAVY,)
    ).fetchone()
    cursor = (dt.datetime.fromisoformat(deep[0]), deep[1])
    figures["timeline page 5,000 deep, ms"] = (
        median_ms(lambda: recording.timeline(HEAVY, limit=PAGE, before=cursor), repeat),
        median_ms(lambda: by_hand(deep), repeat),
    )
    start = (END - dt.timedelta(days=89)).isoformat()
    window = [(END - dt.timedelta(days=i)).isoformat() for i in range(90)]
    by_day = f"SELECT day, SUM(count) FROM event_day WHERE day IN ({', '.join('?' * 90)}) AND person_id = ? GROUP BY day"
    figures["day counts, 90 days, ms"] = (
        median_ms(lambda: recording.day_counts(HEAVY, 90, today=END), repeat),
        median_ms(lambda: con.execute(by_day, (*window, HEAVY)).fetchall(), repeat),
    )
    no_rollup = median_ms(
        lambda: con.execute(
            "SELECT date(at), COUNT(*) FROM event WHERE person_id = ? AND at >= ? GROUP BY date(at)",
            (HEAVY, start),
        ).fetchall(),
        repeat,
    )
    figures["day counts from the events (no rollup), ms"] = (float("nan"), no_rollup)
    rule = (
        "SELECT name_key, birth_date, GROUP_CONCAT(id) FROM person WHERE birth_date IS NOT NULL "
        "AND last_key IS NOT NULL GROUP BY name_key, birth_date HAVING COUNT(*) > 1 ORDER BY name_key, birth_date LIMIT 110"
    )
    few = max(3, repeat // 10)
    figures["duplicates, limit 50, ms"] = (
        median_ms(lambda: duplicates.find_duplicates(limit=50), few, 1),
        median_ms(lambda: con.execute(rule).fetchall(), few, 1),
    )
    figures["duplicates similar names, limit 50, ms"] = (
        median_ms(lambda: duplicates.find_duplicates(limit=50, rules=["similar_name"]), few, 1),
        float("nan"),
    )
    figures["duplicates, all same-name groups, ms"] = (
        median_ms(
            lambda: duplicates.find_duplicates(limit=1000, rules=["name_birth_date", "name_company"]), few, 1
        ),
        median_ms(lambda: con.execute(rule.replace("LIMIT 110", "")).fetchall(), few, 1),
    )
    con.close()
    database.close()
    store.close()
    return figures


# --------------------------------------------------------------------------- report


def _fmt(value: float) -> str:
    if value != value:  # nan
        return "-"
    return f"{value:,.0f}" if value >= 100 else f"{value:.3f}"


def report(results: dict[str, dict[str, tuple[float, float]]], facts: dict[str, dict[str, Any]]) -> bool:
    """Print the table and PASS/FAIL lines; True when every target holds."""
    sizes = list(results)
    print()
    print(f"machine: {os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}, "
          f"SQLite {sqlite3.sqlite_version}, Peewee {peewee.__version__}")  # fmt: skip
    for size in sizes:
        f = facts[size]
        print(f"{size}: {f['events']:,} events, {f['persons']:,} persons, {f['size_mb']} MB, built in "
              f"{f['build_s']} s (persons {f['persons_s']}, events {f['events_s']}, indexes {f['index_s']})")  # fmt: skip
    header = ["operation"]
    for size in sizes:
        header += [f"{size} store", f"{size} SQL"]
    if len(sizes) > 1:
        header += [f"{sizes[-1]}/{sizes[0]}", f"store/SQL at {sizes[-1]}"]
    rows = []
    for name in results[sizes[0]]:
        row = [name]
        for size in sizes:
            row += [_fmt(v) for v in results[size][name]]
        if len(sizes) > 1:
            big, small = results[sizes[-1]][name], results[sizes[0]][name]
            row.append(_fmt(big[0] / small[0]) if small[0] == small[0] and small[0] else "-")
            row.append(_fmt(big[0] / big[1]) if big[1] == big[1] and big[0] == big[0] else "-")
        rows.append(row)
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print()
    print(
        " | ".join(
            h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths, strict=True))
        )
    )
    print("-|-".join("-" * w for w in widths))
    for row in rows:
        print(
            " | ".join(
                c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    print()
    ok = True
    small, big = sizes[0], sizes[-1]
    for name in ("timeline first page, ms", "timeline page 5,000 deep, ms", "day counts, 90 days, ms"):
        cost, base = results[big][name][0], results[small][name][0]
        passed = cost < TARGET_MS and (len(sizes) == 1 or cost <= TARGET_GROWTH * base)
        ok &= passed
        print(f"{'PASS' if passed else 'FAIL'}  {name}: {cost:.3f} ms at {big} (< {TARGET_MS} ms), "
              f"{cost / base:.2f}x its {small} cost (<= {TARGET_GROWTH}x)")  # fmt: skip
    for size in sizes:
        rate = results[size][f"record_events ({BATCH:,}), events/s"][0]
        passed = rate >= TARGET_RATE
        ok &= passed
        print(
            f"{'PASS' if passed else 'FAIL'}  batched recording at {size}: {rate:,.0f} events/s (>= {TARGET_RATE:,})"
        )
    return ok


def main(argv: list[str] | None = None) -> int:
    """Build or reuse the databases, time everything, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k,10m", help="comma-separated: 100k, 10m")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)
    sizes = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    digest = schema_hash()
    results, facts = {}, {}
    for size in sizes:
        path, facts[size] = ensure(size, digest, args.rebuild)
        print(f"timing {path.name}...", flush=True)
        results[size] = measure(path, SIZES[size][1], args.repeat)
    return 0 if report(results, facts) else 1


if __name__ == "__main__":
    sys.exit(main())
