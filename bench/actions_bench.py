"""Time the integration actions through ``profiles batch`` beside the same actions as direct store calls.

Run from the repository root::

    .venv/bin/python bench/actions_bench.py                 # 100,000 persons, 10,000 actions
    .venv/bin/python bench/actions_bench.py --full          # 1,000,000 persons, 100,000 actions
    .venv/bin/python bench/actions_bench.py --persons 50000 --actions 5000

The database is built once per size in ``bench/data/`` (gitignored): the store creates the
schema (``store.open``), then plain ``sqlite3`` ``executemany`` writes the persons (each
with a phone, a first name and a ``tier`` value) in one transaction with the journal off.

Two mixes of actions of the same make-up (get_information 30%, upsert_person 20%,
record_event 20%, add_tags 10%, has_tag 10%, session_started 10%; a tenth of the
upserts and sessions come from unknown phones and create a profile) are drawn with
different seeds:

- **batch**: one mix is written to ``profiles --db URL batch`` as fast as it reads it, and
  the throughput is the actions divided by the time from the first line written to the
  last result read (process start included); then 200 actions of each type are sent one
  at a time, each waiting for its answer, for the latency per action type (the round
  trip an interactive bot sees);
- **direct**: the other mix through ``store.actions.run`` in this process, each call its
  own transaction, timed one by one.

The exit status is 0 when the batch's throughput is at least 0.7x the direct calls'.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import store  # noqa: E402
from store import actions  # noqa: E402

DATA = REPO / "bench" / "data"
PROFILES = Path(sys.executable).parent / "profiles"
MIX = (
    ("get_information", 30),
    ("upsert_person", 20),
    ("record_event", 20),
    ("add_tags", 10),
    ("has_tag", 10),
    ("session_started", 10),
)
TIERS = ("bronze", "silver", "gold")
LATENCY_SAMPLE = 200


def phone(i: int) -> str:
    """The phone of person ``i`` (from 0): a valid Croatian mobile number."""
    return f"+38591{1_000_000 + i:07d}"


def build(path: Path, persons: int) -> None:
    """Create the schema through the store, then fill it with raw ``executemany``."""
    started = time.perf_counter()
    store.open(f"sqlite:///{path}")
    from store.attributes import define_attribute
    from store.events.definitions import define_event

    define_attribute("tier", "text")
    define_event("Purchase", properties=["amount:decimal", "product:text"])
    store.close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    tier_id = con.execute("SELECT id FROM attribute_def WHERE name = 'tier'").fetchone()[0]
    now = str(dt.datetime(2026, 12, 1))
    names = ("Ana", "Ivo", "Maja", "Luka", "Petra", "Marko")
    with con:
        con.executemany(
            "INSERT INTO person (id, type, first_name, created_at, modified_at) VALUES (?, ?, ?, ?, ?)",
            ((i + 1, "customer" if i % 3 else "lead", names[i % 6], now, now) for i in range(persons)),
        )
        con.executemany(
            "INSERT INTO contact (person_id, kind, value) VALUES (?, 'phone', ?)",
            ((i + 1, phone(i)) for i in range(persons)),
        )
        con.executemany(
            "INSERT INTO person_value (person_id, attribute_id, value, number) VALUES (?, ?, ?, NULL)",
            ((i + 1, tier_id, TIERS[i % 3]) for i in range(persons)),
        )
    con.execute("ANALYZE")
    con.close()
    print(f"built {path.name}: {persons:,} persons in {time.perf_counter() - started:.1f} s")


def mix(count: int, persons: int, seed: int) -> list[dict]:
    """``count`` action lines of the mix, on random persons (a tenth of creations new)."""
    rng = random.Random(seed)
    kinds = [name for name, weight in MIX for _ in range(weight)]
    lines = []
    for n in range(count):
        kind = rng.choice(kinds)
        who = {"phone": phone(rng.randrange(persons))}
        if kind in ("upsert_person", "session_started") and rng.random() < 0.1:
            who = {"phone": f"+38598{seed * 1_000_000 + n:07d}"}  # nobody has a 098 number yet
        args: dict = {"identify_by": who}
        if kind == "get_information":
            args |= {"attributes": ["first_name", "custom:tier"], "as": {"custom:tier": {"variable": "tier"}}}
        elif kind == "upsert_person":
            args |= {"attributes": {"city": rng.choice(("Zagreb", "Split", "Rijeka")), "custom:tier": "gold"}}
        elif kind == "record_event":
            args |= {"event": "Purchase", "properties": {"amount": "12.50", "product": "P-1"}}
        elif kind in ("add_tags", "has_tag"):
            args |= {"tags": [rng.choice(("vip", "newsletter", "churn risk"))]}
        else:
            args |= {"channel": "chatbot", "session_id": f"s-{seed}-{n}"}
        lines.append({"action": kind, "args": args})
    return lines


def p99(values: list[float]) -> float:
    """The 99th percentile, in milliseconds."""
    return statistics.quantiles(values, n=100)[98] * 1000 if len(values) > 1 else values[0] * 1000


def run_batch(url: str, lines: list[dict]) -> tuple[float, dict[str, str]]:
    """Actions per second through one ``profiles batch``, and the status counts."""
    process = subprocess.Popen(
        [str(PROFILES), "--db", url, "batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=1 << 16
    )
    assert process.stdin is not None and process.stdout is not None

    def feed() -> None:
        assert process.stdin is not None
        for line in lines:
            process.stdin.write((json.dumps(line) + "\n").encode())
        process.stdin.close()

    started = time.perf_counter()
    writer = threading.Thread(target=feed)
    writer.start()
    statuses: dict[str, int] = defaultdict(int)
    for _ in lines:
        statuses[json.loads(process.stdout.readline())["status"]] += 1
    elapsed = time.perf_counter() - started
    writer.join()
    process.wait()
    return len(lines) / elapsed, dict(statuses)


def batch_latency(url: str, lines: list[dict]) -> dict[str, float]:
    """p99 round trip per action type, one line at a time through one ``profiles batch``."""
    process = subprocess.Popen(
        [str(PROFILES), "--db", url, "batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert process.stdin is not None and process.stdout is not None
    times: dict[str, list[float]] = defaultdict(list)
    for line in lines:
        if len(times[line["action"]]) >= LATENCY_SAMPLE:
            continue
        started = time.perf_counter()
        process.stdin.write((json.dumps(line) + "\n").encode())
        process.stdin.flush()
        process.stdout.readline()
        times[line["action"]].append(time.perf_counter() - started)
    process.stdin.close()
    process.wait()
    return {name: p99(values) for name, values in times.items()}


def run_direct(url: str, lines: list[dict]) -> tuple[float, dict[str, float], dict[str, int]]:
    """Actions per second and p99 per type of the same actions as ``store.actions.run`` calls."""
    store.open(url)
    times: dict[str, list[float]] = defaultdict(list)
    statuses: dict[str, int] = defaultdict(int)
    started = time.perf_counter()
    for line in lines:
        begun = time.perf_counter()
        statuses[actions.run(line["action"], line["args"]).status] += 1
        times[line["action"]].append(time.perf_counter() - begun)
    elapsed = time.perf_counter() - started
    store.close()
    return len(lines) / elapsed, {name: p99(values) for name, values in times.items()}, dict(statuses)


def main() -> int:
    """Build (once), run both ways, print the figures; 0 when the target is met."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--actions", type=int, default=10_000)
    parser.add_argument("--full", action="store_true", help="1,000,000 persons and 100,000 actions")
    parser.add_argument("--rebuild", action="store_true")
    opts = parser.parse_args()
    persons, count = (1_000_000, 100_000) if opts.full else (opts.persons, opts.actions)
    DATA.mkdir(exist_ok=True)
    path = DATA / f"actions-{persons}.db"
    if opts.rebuild or not path.exists():
        path.unlink(missing_ok=True)
        build(path, persons)
    url = f"sqlite:///{path}"
    batch_rate, batch_statuses = run_batch(url, mix(count, persons, seed=1))
    latency = batch_latency(url, mix(LATENCY_SAMPLE * 20, persons, seed=2))
    direct_rate, direct_p99, direct_statuses = run_direct(url, mix(count, persons, seed=3))
    print(f"{persons:,} persons, {count:,} mixed actions")
    print(f"batch : {batch_rate:8,.0f} actions/s  {batch_statuses}")
    print(f"direct: {direct_rate:8,.0f} actions/s  {direct_statuses}")
    print(f"ratio : {batch_rate / direct_rate:.2f} (target >= 0.70)")
    print(f"{'p99 ms':<16} {'batch (one at a time)':>22} {'direct':>8}")
    for name, _weight in MIX:
        print(f"{name:<16} {latency.get(name, 0):>22.2f} {direct_p99.get(name, 0):>8.2f}")
    return 0 if batch_rate >= 0.7 * direct_rate else 1


if __name__ == "__main__":
    sys.exit(main())
