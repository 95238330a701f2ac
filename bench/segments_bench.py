"""Time segment counts and member pages through the store against hand-written SQL.

Run from the repository root::

    .venv/bin/python bench/segments_bench.py                  # 50,000 persons, 500,000 events
    .venv/bin/python bench/segments_bench.py --full           # 1,000,000 persons, 10,000,000 events
    .venv/bin/python bench/segments_bench.py --persons 200000 --events 2000000 --rounds 5
    .venv/bin/python bench/segments_bench.py --full --postgres --explain

The SQLite database is built once per size and cached in ``bench/data/`` (gitignored),
named by the sizes, the seed and a hash of the schema the store creates plus the generator
version; a cached one of an older schema (same sizes and seed) is brought up to date by
the store's own migrations and ``ANALYZE`` of the tables they index, not built again;
``--rebuild`` forces a new one. ``store.open`` creates the schema, the store defines
the five events (PageView, EmailOpened, AddedToCart, Purchase with a decimal ``amount``,
SupportTicket) and the custom attributes ``visits`` (whole) and ``plan`` (text); then plain
``sqlite3`` ``executemany`` writes the rows in one transaction with the journal off,
``synchronous=off`` and the secondary indexes dropped until the load ends (they are
created again from the store's own SQL), then ``ANALYZE`` and WAL mode:

- persons: 50% customers, 35% leads, 5% agents, 10% anonymous (no name, rarely an email);
  cities weighted (Zagreb, Split, Rijeka, Osijek, Zadar, Berlin, Munich, Vienna, London,
  or none) with their countries (ISO codes, as the store keeps them), birth dates for 70%, an email for most, a phone for
  about 60%, a company for a quarter, tags ``newsletter`` (40%), ``vip`` (3%),
  ``churn-risk`` (5%), ``beta`` (2%), ``visits`` for 70% and ``plan`` for half;
- events: spread over the 365 days before the database's "now" (midnight of the day it
  was built, kept beside it so that a re-run counts the same members), one calendar day
  at a time in time order, over 70% of the persons with a skew (a few persons do many);
  the per-day rollup ``event_day`` is written alongside (the same day's counts, so it
  costs one ``Counter`` per day).

Ten segments, from the simple ones (type, a tag, a city, a custom attribute) to
"purchased at least 3 times in the last 30 days and lead score above 50" (``lead_score``
is a score computed attribute), are saved through the store and each counted through
``count_condition`` and through the hand-written SQL beside it below, on a second
connection with the store's page cache, in alternating order in ``--rounds`` rounds of
``--repeat`` calls; the two counts must be equal. Then the first page of members
(``member_ids(limit=50)``). Targets: every count within 2x of its hand-written SQL, and the
simple ones (marked below) under 100 ms. ``--explain`` prints ``EXPLAIN QUERY PLAN`` of
the store's query and of the hand-written one (printed anyway for a missed target).

Then (unless ``--no-export``) a fresh process runs ``profiles segments export`` of a
segment of nearly everyone (all but the 2% beta testers) to CSV with the default columns,
and reports rows, seconds and its peak resident memory (``VmHWM``); target under 200 MB.

``--postgres`` starts a throwaway server the way the tests do (``tests/pg_cluster.py``),
lets the store create the schema there, copies every row of the SQLite database in with
``COPY`` (secondary indexes dropped meanwhile, foreign-key triggers off), runs ``VACUUM
ANALYZE`` and times the same ten counts and pages (figures only, no target).
"""

from __future__ import annotations

import argparse
import bisect
import collections
import contextlib
import datetime as dt
import gc
import hashlib
import io
import json
import logging
import os
import platform
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import peewee

import store
from store.attributes import define_attribute
from store.companies import name_key as company_key
from store.db import SQLITE_PRAGMAS, db
from store.events import definitions as event_definitions
from store.folding import fold, name_keys
from store.segments import computed, segments
from store.segments.models import ComputedAttribute, Segment
from store.tags import tag_key

GENERATOR_VERSION = 2  # bump when the generated data changes, so cached databases are rebuilt
ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "bench" / "data"
QUICK = (50_000, 500_000)
FULL = (1_000_000, 10_000_000)
DAYS = 365
CHUNK = 50_000
COMPANIES = 2_000
RATIO_GOAL = 2.0
SIMPLE_MS = 100.0
PAGE = 50
# Both PostgreSQL connections: with the default 4 MB, a set of a few hundred thousand ids
# no longer fits a hashed subplan, and PostgreSQL scans the whole set again for every
# person (a count at 1M persons ran for minutes without finishing).
PG_WORK_MEM = "64MB"

# --------------------------------------------------------------------------- data

FIRST = (
    "Ivan", "Marko", "Luka", "Josip", "Ana", "Marija", "Ivana", "Petra", "Lucija", "Maja",
    "Hans", "Stefan", "Julia", "Lena", "James", "Oliver", "Emily", "Grace", "Nikola", "Sara",
)  # fmt: skip
LAST = (
    "Horvat", "Kovačević", "Babić", "Marić", "Jurić", "Novak", "Kovačić", "Knežević",
    "Vuković", "Marković", "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Smith",
    "Jones", "Williams", "Taylor", "Brown",
)  # fmt: skip
# (city, country, weight, phone prefix and digits); None: no address.
CITIES = (
    ("Zagreb", "HR", 20, "+38591", 7),
    ("Split", "HR", 8, "+38598", 7),
    ("Rijeka", "HR", 5, "+38595", 7),
    ("Osijek", "HR", 4, "+38599", 7),
    ("Zadar", "HR", 3, "+38592", 7),
    ("Berlin", "DE", 10, "+49151", 8),
    ("Munich", "DE", 6, "+49170", 8),
    ("Vienna", "AT", 6, "+43664", 7),
    ("London", "GB", 10, "+4474", 8),
    (None, None, 28, "+38597", 7),
)
TYPES = (("customer", 50), ("lead", 35), ("agent", 5), ("anonymous", 10))
TAGS = (("newsletter", 0.40), ("vip", 0.03), ("churn-risk", 0.05), ("beta", 0.02))
PLANS = ("free", "free", "basic", "basic", "pro", "enterprise")
DOMAINS = ("example.com", "mail.example.org", "post.example.net")
# (name, properties, share of the events)
EVENTS = (
    ("PageView", ("url:text", "referrer:text?"), 50),
    ("EmailOpened", ("campaign:text",), 20),
    ("AddedToCart", ("sku:text", "price:decimal"), 15),
    ("Purchase", ("amount:decimal", "currency:text"), 10),
    ("SupportTicket", ("priority:text",), 5),
)


def _ts(moment: dt.datetime) -> str:
    """A time as the store keeps it in SQLite (``yyyy-mm-dd hh:mm:ss``, naive UTC)."""
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _weighted(pairs: Sequence[tuple[Any, float]]) -> Callable[[random.Random], Any]:
    """A picker of the first item of each pair, by the weights in the second."""
    items = [p[0] for p in pairs]
    bounds = []
    total = 0.0
    for _item, weight in pairs:
        total += weight
        bounds.append(total)
    return lambda rng: items[bisect.bisect(bounds, rng.random() * total)]


def _persons(
    count: int, now: dt.datetime, ids: dict[str, int], rng: random.Random
) -> Iterator[tuple[list[tuple], list[tuple], list[tuple], list[tuple]]]:
    """Person, contact, person_tag and person_value rows, ``CHUNK`` persons at a time."""
    pick_type = _weighted(TYPES)
    pick_city = _weighted([(c, c[2]) for c in CITIES])
    keys: dict[tuple[str, str], tuple[str | None, str | None]] = {}
    contact_id = 0
    tag_ids = [(ids[f"tag:{name}"], share) for name, share in TAGS]
    for start in range(1, count + 1, CHUNK):
        people, contacts, tagged, values = [], [], [], []
        for pid in range(start, min(start + CHUNK, count + 1)):
            type_ = pick_type(rng)
            city, country, _w, prefix, digits = pick_city(rng)
            anonymous = type_ == "anonymous"
            first = None if anonymous else FIRST[rng.randrange(len(FIRST))]
            last = None if anonymous else LAST[rng.randrange(len(LAST))]
            key = (None, None) if anonymous else keys.get((first, last))  # type: ignore[arg-type]
            if key is None:
                key = keys[(first, last)] = name_keys(first, last, None)  # type: ignore[index]
            birth = (
                (dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20_000))).isoformat()
                if not anonymous and rng.random() < 0.7
                else None
            )
            company = rng.randrange(1, COMPANIES + 1) if not anonymous and rng.random() < 0.25 else None
            created = _ts(now - dt.timedelta(seconds=rng.randrange(5 * 365 * 86_400)))
            people.append(
                (pid, type_, first, last, birth, city, country, company, key[0], key[1], created, created)
            )
            if rng.random() < (0.1 if anonymous else 0.85):
                contact_id += 1
                domain = DOMAINS[rng.randrange(len(DOMAINS))]
                contacts.append((contact_id, pid, "email", f"person{pid}@{domain}"))
            if rng.random() < (0.05 if anonymous else 0.6):
                contact_id += 1
                contacts.append(
                    (contact_id, pid, "phone", f"{prefix}{pid * 7_919_913 % 10**digits:0{digits}d}")
                )
            tagged += [(tag_id, pid) for tag_id, share in tag_ids if rng.random() < share]
            if rng.random() < 0.7:
                visits = int(rng.expovariate(1 / 25))
                values.append((pid, ids["visits"], str(visits), float(visits)))
            if rng.random() < 0.5:
                values.append((pid, ids["plan"], PLANS[rng.randrange(len(PLANS))], None))
        yield people, contacts, tagged, values


def _property_pools(rng: random.Random) -> dict[int, list[str]]:
    """Per event definition id, 300 property sets as the store writes them (checked by it)."""
    pools = {}
    for name, _props, _share in EVENTS:
        info = event_definitions.get_definition(name)
        sets = []
        for i in range(300):
            values: dict[str, Any] = {
                "PageView": {"url": f"/products/{i}", "referrer": "search" if i % 3 else None},
                "EmailOpened": {"campaign": f"spring-{i % 12}"},
                "AddedToCart": {"sku": f"SKU-{i}", "price": f"{rng.uniform(2, 400):.2f}"},
                "Purchase": {"amount": f"{rng.lognormvariate(4.5, 1.0):.2f}", "currency": "EUR"},
                "SupportTicket": {"priority": ("low", "normal", "high")[i % 3]},
            }[name]
            checked = event_definitions.check_properties(info, values)
            sets.append(json.dumps(checked, separators=(",", ":")))
        pools[info.id] = sets
    return pools


def _events(
    total: int, persons: int, now: dt.datetime, pools: dict[int, list[str]], rng: random.Random
) -> Iterator[tuple[list[tuple], list[tuple]]]:
    """Event rows and their ``event_day`` rows, one calendar day at a time, in time order."""
    active = rng.sample(range(1, persons + 1), int(persons * 0.7))
    pick_definition = _weighted(
        [(def_id, share) for def_id, (_n, _p, share) in zip(pools, EVENTS, strict=True)]
    )
    first_day = now - dt.timedelta(days=DAYS)
    done = 0
    for index in range(DAYS):
        start = first_day + dt.timedelta(days=index)
        n = total * (index + 1) // DAYS - done
        done += n
        picks = sorted(
            (rng.randrange(86_400), active[int(len(active) * rng.random() ** 2)], pick_definition(rng))
            for _ in range(n)
        )
        rows, counts = [], collections.Counter()
        day = start.date().isoformat()
        for second, pid, def_id in picks:
            pool = pools[def_id]
            rows.append(
                (pid, def_id, _ts(start + dt.timedelta(seconds=second)), pool[rng.randrange(len(pool))])
            )
            counts[(pid, def_id)] += 1
        yield rows, [(day, pid, def_id, c) for (pid, def_id), c in counts.items()]


def _define_catalog() -> dict[str, int]:
    """Events and custom attributes through the store; tags by id. Returns the ids by name."""
    ids = {}
    for name, props, _share in EVENTS:
        ids[f"event:{name}"] = event_definitions.define_event(name, properties=props).id
    ids["visits"] = define_attribute("visits", "whole").id
    ids["plan"] = define_attribute("plan", "text").id
    for number, (name, _share) in enumerate(TAGS, start=1):
        ids[f"tag:{name}"] = number
    return ids


def _insert(con: sqlite3.Connection, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    con.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows
    )


def build(path: Path, persons: int, events: int, seed: int) -> dict[str, Any]:
    """Build one database at ``path``; returns its build facts (with the "now" it was built for)."""
    started = time.perf_counter()
    now = dt.datetime.combine(dt.datetime.now(dt.UTC).date(), dt.time())
    building = path.with_name(path.name + ".building")
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{building}{suffix}").unlink(missing_ok=True)
    rng = random.Random(seed)
    store.open("sqlite:///" + str(building))
    try:
        ids = _define_catalog()
        pools = _property_pools(rng)
    finally:
        store.close()
    con = sqlite3.connect(building, isolation_level=None)
    for pragma in ("journal_mode=off", "synchronous=off", "cache_size=-1000000", "temp_store=memory"):
        con.execute(f"PRAGMA {pragma}")
    indexes = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ).fetchall()
    con.execute("BEGIN")
    for name, _sql in indexes:
        con.execute(f'DROP INDEX "{name}"')
    stamp = _ts(now - dt.timedelta(days=5 * 365))
    _insert(con, "tag", ("id", "name", "name_key", "created_at"),
            [(ids[f"tag:{n}"], n, tag_key(n), stamp) for n, _s in TAGS])  # fmt: skip
    _insert(con, "company", ("id", "name", "name_key", "city", "country", "created_at", "modified_at"),
            [(i, f"Company {i}", company_key(f"Company {i}"), *CITIES[i % len(CITIES)][:2], stamp, stamp)
             for i in range(1, COMPANIES + 1)])  # fmt: skip
    person_columns = ("id", "type", "first_name", "last_name", "birth_date", "city", "country", "company_id",
                      "name_key", "last_key", "created_at", "modified_at")  # fmt: skip
    for people, contacts, tagged, values in _persons(persons, now, ids, rng):
        _insert(con, "person", person_columns, people)
        _insert(con, "contact", ("id", "person_id", "kind", "value"), contacts)
        _insert(con, "person_tag", ("tag_id", "person_id"), tagged)
        _insert(con, "person_value", ("person_id", "attribute_id", "value", "number"), values)
    loaded_persons = time.perf_counter()
    for rows, days in _events(events, persons, now, pools, rng):
        _insert(con, "event", ("person_id", "definition_id", "at", "properties"), rows)
        _insert(con, "event_day", ("day", "person_id", "definition_id", "count"), days)
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
        "persons": persons,
        "events": events,
        "now": now.isoformat(),
        "build_s": round(time.perf_counter() - started, 1),
        "persons_s": round(loaded_persons - started, 1),
        "events_s": round(loaded - loaded_persons, 1),
        "index_s": round(indexed - loaded, 1),
        "size_mb": round(path.stat().st_size / 1e6),
    }


def _schema_text(path: Path) -> str:
    """Every ``CREATE`` statement of the SQLite file at ``path``, in name order (``ANALYZE``'s
    own tables left out: a built database has them, a new one not)."""
    con = sqlite3.connect(path)
    try:
        rows = con.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_stat%' ORDER BY name"
        ).fetchall()
    finally:
        con.close()
    return "\n".join(sql for (sql,) in rows)


def _hash(schema: str) -> str:
    return hashlib.sha256(f"{schema}\nsegments generator {GENERATOR_VERSION}".encode()).hexdigest()[:10]


def schema_hash() -> str:
    """Short hash of the schema the store creates plus the generator version."""
    probe = DATA_DIR / f"probe-{os.getpid()}.db"
    try:
        store.open("sqlite:///" + str(probe))
        store.close()
        return _hash(_schema_text(probe))
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{probe}{suffix}").unlink(missing_ok=True)


def migrate_cached(path: Path) -> bool:
    """Bring a cached database of the same sizes and seed but an older schema to ``path``.

    The store's own migrations run on it (as on any user's database), then ``ANALYZE``
    of the tables whose indexes a migration may have made (the build analyzes everything);
    it is renamed to ``path`` only when its schema then hashes as a new database's does.
    Returns whether one was migrated.
    """
    prefix = path.name.rsplit("-", 1)[0]
    for older in sorted(DATA_DIR.glob(f"{prefix}-*.db")):
        sidecar = older.with_suffix(".json")
        if older == path or not sidecar.exists():
            continue
        print(f"migrating {older.name} to the current schema...", flush=True)
        started = time.perf_counter()
        store.open("sqlite:///" + str(older))
        try:
            db.execute_sql("ANALYZE person")
            db.execute_sql("ANALYZE person_value")
        finally:
            store.close()
        if _hash(_schema_text(older)) != path.name.rsplit("-", 1)[1].removesuffix(".db"):
            print(f"  {older.name} still differs from a new database's schema: not used", flush=True)
            continue
        facts = json.loads(sidecar.read_text())
        facts["migrated_s"] = round(time.perf_counter() - started, 1)
        older.replace(path)
        path.with_suffix(".json").write_text(json.dumps(facts, indent=2) + "\n")
        sidecar.unlink()
        return True
    return False


def ensure(persons: int, events: int, seed: int, rebuild: bool) -> tuple[Path, dict[str, Any]]:
    """The cached database of these sizes, built when missing (or with ``--rebuild``).

    A cached one of an older schema is migrated rather than built again (``migrate_cached``).
    """
    DATA_DIR.mkdir(exist_ok=True)
    path = DATA_DIR / f"segments-{persons}p-{events}e-s{seed}-{schema_hash()}.db"
    sidecar = path.with_suffix(".json")
    if not rebuild and not (path.exists() and sidecar.exists()):
        migrate_cached(path)
    if path.exists() and sidecar.exists() and not rebuild:
        return path, json.loads(sidecar.read_text())
    print(f"building {path.name} ({persons:,} persons, {events:,} events)...", flush=True)
    facts = build(path, persons, events, seed)
    sidecar.write_text(json.dumps(facts, indent=2) + "\n")
    return path, facts


# --------------------------------------------------------------------------- the segments

# lead_score: points for signs of interest; the tenth segment asks for more than 50.
LEAD_SCORE = {
    "rules": [
        {"points": 20, "condition": {"tag": "newsletter", "op": "has"}},
        {"points": 20, "condition": {"contact": "email", "op": "exists"}},
        {"points": 20, "condition": {"field": "custom:visits", "op": "greater_than", "value": 20}},
        {
            "points": 30,
            "condition": {"event": "PageView", "op": "performed", "min_count": 5, "within_days": 30},
        },
        {"points": 10, "condition": {"field": "custom:plan", "op": "equals", "value": "pro"}},
    ]
}
ZAGREB_LEADS = "Leads in Zagreb with an email"
# The export's segment: everyone but the 2% beta testers (about 980,000 at full size).
EXPORT_SEGMENT = "Everyone but beta testers"
EXPORT_CONDITION = {"not": {"tag": "beta", "op": "has"}}
EXPORT_MB = 200.0


@dataclass(frozen=True)
class Case:
    """One segment: the condition the store counts and the SQL an engineer would write.

    The SQL takes named parameters from ``parameters``; ``simple`` marks the segments
    that must count in under 100 ms: one condition on the type, a tag, a standard or a
    custom attribute.
    """

    name: str
    condition: dict[str, Any]
    sql: str
    simple: bool = False


CASES = (
    Case(
        "Leads",
        {"field": "type", "op": "equals", "value": "lead"},
        "SELECT COUNT(*) FROM person WHERE type = 'lead'",
        simple=True,
    ),
    Case(
        "VIP",
        {"tag": "vip", "op": "has"},
        "SELECT COUNT(*) FROM person_tag WHERE tag_id = (SELECT id FROM tag WHERE name_key = :vip)",
        simple=True,
    ),
    Case(
        "In Split",
        {"field": "city", "op": "equals", "value": "Split"},
        "SELECT COUNT(*) FROM person WHERE lower(city) = 'split'",
        simple=True,
    ),
    Case(
        "Frequent visitors",
        {"field": "custom:visits", "op": "greater_than", "value": 50},
        "SELECT COUNT(*) FROM person_value WHERE attribute_id = "
        "(SELECT id FROM attribute_def WHERE entity = 'person' AND name_key = :visits) AND number > 50",
        simple=True,
    ),
    Case(
        ZAGREB_LEADS,
        {
            "all": [
                {"field": "type", "op": "equals", "value": "lead"},
                {"field": "city", "op": "equals", "value": "Zagreb"},
                {"contact": "email", "op": "exists"},
            ]
        },
        "SELECT COUNT(*) FROM person p WHERE p.type = 'lead' AND lower(p.city) = 'zagreb' "
        "AND EXISTS (SELECT 1 FROM contact c WHERE c.person_id = p.id AND c.kind = 'email')",
    ),
    Case(
        "Big spenders in 90 days",
        {
            "event": "Purchase",
            "op": "performed",
            "within_days": 90,
            "where": {"property": "amount", "op": "greater_than", "value": 500},
        },
        "SELECT COUNT(DISTINCT person_id) FROM event WHERE definition_id = "
        "(SELECT id FROM event_definition WHERE name_key = :purchase) AND at BETWEEN :d90 AND :now "
        "AND CAST(json_extract(properties, '$.amount') AS REAL) > 500",
    ),
    Case(
        "Newsletter or pro without phone outside Germany",
        {
            "all": [
                {
                    "any": [
                        {"tag": "newsletter", "op": "has"},
                        {"field": "custom:plan", "op": "equals", "value": "pro"},
                    ]
                },
                {
                    "not": {
                        "any": [
                            {"contact": "phone", "op": "exists"},
                            {"field": "country", "op": "equals", "value": "Germany"},
                        ]
                    }
                },
            ]
        },  # fmt: skip
        "SELECT COUNT(*) FROM person p WHERE (p.id IN (SELECT person_id FROM person_tag WHERE tag_id = "
        "(SELECT id FROM tag WHERE name_key = :newsletter)) OR p.id IN (SELECT person_id FROM person_value "
        "WHERE attribute_id = (SELECT id FROM attribute_def WHERE entity = 'person' AND name_key = :plan) "
        "AND lower(value) = 'pro')) "
        "AND NOT EXISTS (SELECT 1 FROM contact c WHERE c.person_id = p.id AND c.kind = 'phone') "
        "AND (p.country IS NULL OR lower(p.country) <> 'de')",
    ),
    Case(
        "Zagreb email leads on the newsletter",
        {"all": [{"segment": ZAGREB_LEADS, "op": "in"}, {"tag": "newsletter", "op": "has"}]},
        "SELECT COUNT(*) FROM person p WHERE p.type = 'lead' AND lower(p.city) = 'zagreb' "
        "AND EXISTS (SELECT 1 FROM contact c WHERE c.person_id = p.id AND c.kind = 'email') "
        "AND EXISTS (SELECT 1 FROM person_tag t WHERE t.person_id = p.id AND t.tag_id = "
        "(SELECT id FROM tag WHERE name_key = :newsletter))",
    ),
    Case(
        "Lapsed customers",
        {
            "all": [
                {"field": "type", "op": "equals", "value": "customer"},
                {"event": "PageView", "op": "performed", "within_days": 30},
                {"event": "Purchase", "op": "not_performed", "within_days": 90},
            ]
        },
        "SELECT COUNT(*) FROM person p WHERE p.type = 'customer' "
        "AND p.id IN (SELECT person_id FROM event WHERE definition_id = "
        "(SELECT id FROM event_definition WHERE name_key = :pageview) AND at BETWEEN :d30 AND :now) "
        "AND p.id NOT IN (SELECT person_id FROM event WHERE definition_id = "
        "(SELECT id FROM event_definition WHERE name_key = :purchase) AND at BETWEEN :d90 AND :now)",
    ),
    Case(
        "Hot leads - 3 purchases in 30 days and score over 50",
        {
            "all": [
                {"event": "Purchase", "op": "performed", "min_count": 3, "within_days": 30},
                {"field": "computed:lead_score", "op": "greater_than", "value": 50},
            ]
        },
        "SELECT COUNT(*) FROM person p WHERE p.id IN (SELECT person_id FROM event WHERE definition_id = "
        "(SELECT id FROM event_definition WHERE name_key = :purchase) AND at BETWEEN :d30 AND :now "
        "GROUP BY person_id HAVING COUNT(*) >= 3) "
        "AND CASE WHEN EXISTS (SELECT 1 FROM person_tag t WHERE t.person_id = p.id AND t.tag_id = "
        "(SELECT id FROM tag WHERE name_key = :newsletter)) THEN 20 ELSE 0 END "
        "+ CASE WHEN EXISTS (SELECT 1 FROM contact c WHERE c.person_id = p.id AND c.kind = 'email') "
        "THEN 20 ELSE 0 END "
        "+ CASE WHEN EXISTS (SELECT 1 FROM person_value v WHERE v.person_id = p.id AND v.attribute_id = "
        "(SELECT id FROM attribute_def WHERE entity = 'person' AND name_key = :visits) AND v.number > 20) "
        "THEN 20 ELSE 0 END "
        "+ CASE WHEN (SELECT COUNT(*) FROM event e WHERE e.person_id = p.id AND e.at BETWEEN :d30 AND :now "
        "AND e.definition_id = (SELECT id FROM event_definition WHERE name_key = :pageview)) >= 5 "
        "THEN 30 ELSE 0 END "
        "+ CASE WHEN EXISTS (SELECT 1 FROM person_value v WHERE v.person_id = p.id AND v.attribute_id = "
        "(SELECT id FROM attribute_def WHERE entity = 'person' AND name_key = :plan) AND lower(v.value) = 'pro') "
        "THEN 10 ELSE 0 END > 50",
    ),
)


def parameters(now: dt.datetime) -> dict[str, str]:
    """The named parameters of the hand-written SQL: keys of names, window bounds."""
    return {
        "now": _ts(now),
        "d30": _ts(now - dt.timedelta(days=30)),
        "d90": _ts(now - dt.timedelta(days=90)),
        "vip": tag_key("vip"),
        "newsletter": tag_key("newsletter"),
        "visits": fold("visits"),
        "plan": fold("plan"),
        "purchase": event_definitions.event_key("Purchase"),
        "pageview": event_definitions.event_key("PageView"),
    }


def postgres_sql(sql: str) -> str:
    """The same SQL in PostgreSQL's words: byte-collation ``lower`` (the index's), ``->>``, ``%(name)s``."""
    sql = re.sub(r"lower\(([\w.]+)\)", r'lower(\1 COLLATE "C")', sql)
    sql = sql.replace(
        "CAST(json_extract(properties, '$.amount') AS REAL)",
        "CAST(properties::json ->> 'amount' AS double precision)",
    )
    return re.sub(r"(?<![:\w]):(\w+)", r"%(\1)s", sql)


def save_segments() -> None:
    """Define ``lead_score`` and save the ten segments in the open store (replacing earlier ones)."""
    Segment.delete().execute()
    ComputedAttribute.delete().execute()
    computed.define_computed("lead_score", "score", LEAD_SCORE)
    for case in CASES:
        segments.create_segment(case.name, case.condition)
    segments.create_segment(EXPORT_SEGMENT, EXPORT_CONDITION)


# --------------------------------------------------------------------------- export


def peak_mb() -> float:
    """This process's peak resident memory in MB (``VmHWM``).

    Not ``ru_maxrss``: Linux carries the forked parent's peak into it across ``exec``,
    and the parent here holds the benchmark's own caches.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def export_child(url: str, out: Path) -> None:
    """Run ``profiles segments export`` of the export segment in this process; print its figures."""
    from tui.main import main as profiles

    started = time.perf_counter()
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = profiles(["--db", url, "--json", "segments", "export", EXPORT_SEGMENT, "--csv", str(out)])
    seconds = time.perf_counter() - started
    result = json.loads(printed.getvalue()) if code == 0 else {"error": printed.getvalue()}
    figures = {"code": code, "rows": result.get("exported"), "seconds": seconds, "peak_mb": peak_mb()}
    print(json.dumps(figures | {"bytes": out.stat().st_size if out.exists() else 0}))


def measure_export(url: str) -> dict[str, Any]:
    """``segments export`` of the export segment to CSV in a fresh process: rows, time, peak memory."""
    out = DATA_DIR / "segments-export.csv"
    out.unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, __file__, "--export-child", url, str(out)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the export process failed: {done.stderr or done.stdout}")
    figures: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    out.unlink(missing_ok=True)
    return figures


def report_export(figures: dict[str, Any], members: int) -> list[str]:
    """Print the export's line; returns what missed (memory over the target, rows not the members)."""
    rate = figures["rows"] / figures["seconds"] if figures["seconds"] else 0.0
    print(
        f"export of {EXPORT_SEGMENT!r} to CSV ({members:,} members, `profiles segments export`, "
        f"default columns): {figures['rows']:,} rows in {figures['seconds']:.1f} s ({rate:,.0f} rows/s), "
        f"peak {figures['peak_mb']:.0f} MB (target < {EXPORT_MB:g} MB), {figures['bytes'] / 2**20:.1f} MiB"
    )
    missed = []
    if figures["peak_mb"] >= EXPORT_MB:
        missed.append("export memory")
    if figures["rows"] != members:
        missed.append(f"export rows ({figures['rows']:,} of {members:,})")
    return missed


# --------------------------------------------------------------------------- timing


class SqlCapture(logging.Handler):
    """Collects the ``(sql, params)`` Peewee logs at DEBUG while attached."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[tuple[str, Sequence[Any]]] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the statement of a ``peewee`` debug record."""
        if isinstance(record.msg, tuple) and len(record.msg) == 2:
            sql, params = record.msg
            self.statements.append((sql, tuple(params or ())))


def captured(call: Callable[[], Any]) -> tuple[Any, list[tuple[str, Sequence[Any]]]]:
    """Run ``call`` once and return its result with the SQL the store sent."""
    logger = logging.getLogger("peewee")
    capture = SqlCapture()
    level = logger.level
    logger.addHandler(capture)
    logger.setLevel(logging.DEBUG)
    try:
        result = call()
    finally:
        logger.removeHandler(capture)
        logger.setLevel(level)
    return result, capture.statements


@dataclass
class Figure:
    """One segment's timings on one database (seconds of every timed call)."""

    members: int = 0
    store_s: list[float] = field(default_factory=list)
    sql_s: list[float] = field(default_factory=list)
    page_s: list[float] = field(default_factory=list)
    by_hand: int = 0
    store_sql: tuple[str, Sequence[Any]] = ("", ())

    def ms(self, side: str) -> float:
        """Median milliseconds of ``store``, ``sql`` or ``page``."""
        return statistics.median(getattr(self, f"{side}_s")) * 1000


@dataclass
class Backend:
    """How to run the hand-written SQL and explain queries on one database."""

    count: Callable[[str], int]
    store_plan: Callable[[str, Sequence[Any]], list[str]]
    hand_plan: Callable[[str], list[str]]


def sqlite_backend(path: Path, params: dict[str, str]) -> tuple[Backend, Callable[[], None]]:
    """A second connection to the SQLite file with the store's page cache."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute(f"PRAGMA cache_size={SQLITE_PRAGMAS['cache_size']}")

    def count(sql: str) -> int:
        return int(con.execute(sql, params).fetchone()[0])

    def plan(sql: str, args: Sequence[Any] | dict[str, str]) -> list[str]:
        return [row[3] for row in con.execute("EXPLAIN QUERY PLAN " + sql, args)]

    return Backend(count, plan, lambda sql: plan(sql, params)), con.close


def measure(backend: Backend, now: dt.datetime, rounds: int, repeat: int) -> dict[str, Figure]:
    """Count every segment through the store and by hand, alternately, ``rounds`` times; then pages.

    The open store must hold the segments (``save_segments``). Each pair runs store-first
    in one round and SQL-first in the next, so a slow spell falls on both; the collector
    is paused while timing.
    """
    figures = {case.name: Figure() for case in CASES}
    for case in CASES:  # warm-up, and the counts must agree
        figure = figures[case.name]
        figure.members, statements = captured(lambda c=case: segments.count_condition(c.condition, now=now))
        figure.store_sql = [s for s in statements if s[0].lstrip().upper().startswith("SELECT COUNT")][-1]
        figure.by_hand = backend.count(case.sql)
    for round_ in range(rounds):
        gc.collect()
        gc.disable()
        try:
            for index, case in enumerate(CASES):
                figure = figures[case.name]
                sides: list[tuple[list[float], Callable[[], Any]]] = [
                    (figure.store_s, lambda c=case: segments.count_condition(c.condition, now=now)),
                    (figure.sql_s, lambda c=case: backend.count(c.sql)),
                ]
                if (round_ + index) % 2:
                    sides.reverse()
                for _ in range(repeat):
                    for times, call in sides:
                        started = time.perf_counter()
                        call()
                        times.append(time.perf_counter() - started)
            for case in CASES:
                for _ in range(repeat):
                    started = time.perf_counter()
                    segments.member_ids(case.name, limit=PAGE, now=now)
                    figures[case.name].page_s.append(time.perf_counter() - started)
        finally:
            gc.enable()
    return figures


def print_plans(backend: Backend, case: Case, figure: Figure) -> None:
    """The query plans of the store's count and of the hand-written one."""
    sql, args = figure.store_sql
    print(f"  {case.name}")
    print(f"    store: {sql}")
    for line in backend.store_plan(sql, args):
        print(f"      -> {line}")
    print("    by hand:")
    for line in backend.hand_plan(case.sql):
        print(f"      -> {line}")


# --------------------------------------------------------------------------- PostgreSQL


def pg_tables() -> tuple[str, ...]:
    """The tables the SQLite build fills, parents before children."""
    return (
        "event_definition", "event_property", "attribute_def", "tag", "company", "person",
        "contact", "person_tag", "person_value", "event", "event_day",
    )  # fmt: skip


def _copy_text(value: Any) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def load_postgres(url: str, path: Path) -> dict[str, float]:
    """Let the store create the schema at ``url``, then COPY in every row of the SQLite file."""
    import psycopg2

    started = time.perf_counter()
    store.open(url)
    store.close()
    pg = psycopg2.connect(url)
    pg.autocommit = True
    cur = pg.cursor()
    cur.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"
    )
    indexes = cur.fetchall()
    for name, _sql in indexes:
        cur.execute(f'DROP INDEX "{name}"')
    cur.execute(
        f"TRUNCATE {', '.join(pg_tables())} CASCADE"
    )  # the rows the migrations wrote come from SQLite too
    cur.execute("SET session_replication_role = replica")  # no foreign-key triggers while loading
    source = sqlite3.connect(path)
    for table in pg_tables():
        cursor = source.execute(f"SELECT * FROM {table}")
        columns = ", ".join(f'"{d[0]}"' for d in cursor.description)
        while rows := cursor.fetchmany(200_000):
            buffer = io.StringIO("".join("\t".join(map(_copy_text, row)) + "\n" for row in rows))
            cur.copy_expert(f'COPY "{table}" ({columns}) FROM STDIN', buffer)
    source.close()
    cur.execute("SET session_replication_role = DEFAULT")
    loaded = time.perf_counter()
    cur.execute("SET maintenance_work_mem = '256MB'")
    for _name, sql in indexes:
        cur.execute(sql)
    indexed = time.perf_counter()
    cur.execute("VACUUM ANALYZE")
    pg.close()
    return {
        "copy_s": round(loaded - started, 1),
        "index_s": round(indexed - loaded, 1),
        "vacuum_s": round(time.perf_counter() - indexed, 1),
    }


def postgres_backend(url: str, params: dict[str, str]) -> tuple[Backend, Callable[[], None]]:
    """A second psycopg2 connection, autocommit like the store's reads outside a transaction."""
    import psycopg2

    pg = psycopg2.connect(url)
    pg.autocommit = True
    cur = pg.cursor()

    def count(sql: str) -> int:
        cur.execute(postgres_sql(sql), params)
        return int(cur.fetchone()[0])

    def plan(sql: str, args: Sequence[Any] | dict[str, str]) -> list[str]:
        cur.execute("EXPLAIN " + sql, args)
        return [row[0] for row in cur.fetchall()]

    return Backend(count, plan, lambda sql: plan(postgres_sql(sql), params)), pg.close


def run_postgres(
    path: Path, now: dt.datetime, args: argparse.Namespace
) -> tuple[dict[str, Figure], dict[str, Any]]:
    """Start a throwaway server, load the SQLite data, time the ten counts there."""
    sys.path.insert(0, str(ROOT / "tests"))
    from pg_cluster import PgCluster

    with PgCluster() as cluster:
        assert cluster.url is not None
        url = f"{cluster.url}?options={urllib.parse.quote(f'-c work_mem={PG_WORK_MEM}')}"
        print("loading PostgreSQL...", flush=True)
        facts = load_postgres(url, path)
        store.open(url)
        backend, close = postgres_backend(url, parameters(now))
        try:
            save_segments()
            facts["version"] = backend.count("SELECT current_setting('server_version_num')::int")
            facts["work_mem"] = backend.count("SELECT pg_size_bytes(current_setting('work_mem')) / 1048576")
            print("timing PostgreSQL...", flush=True)
            figures = measure(backend, now, args.rounds, args.repeat)
            if args.explain:
                for case in CASES:
                    print_plans(backend, case, figures[case.name])
        finally:
            close()
            store.close()
    return figures, facts


# --------------------------------------------------------------------------- report


def machine() -> str:
    """CPU count, load, platform and versions."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} CPUs (load {load}), {platform.platform()}, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, Peewee {peewee.__version__}"
    )


def report(title: str, figures: dict[str, Figure], goals: bool) -> list[str]:
    """Print the table of one database; returns the segments that miss a goal or count differently."""
    print()
    print(title)
    header = ["segment", "members", "store ms", "SQL ms", "store/SQL", "page ms"] + (
        ["goal"] if goals else []
    )
    rows, missed = [], []
    for case in CASES:
        f = figures[case.name]
        ratio = f.ms("store") / f.ms("sql") if f.ms("sql") else float("inf")
        row = [case.name, f"{f.members:,}", f"{f.ms('store'):.1f}", f"{f.ms('sql'):.1f}", f"{ratio:.2f}",
               f"{f.ms('page'):.1f}"]  # fmt: skip
        if goals:
            ok = ratio <= RATIO_GOAL and (not case.simple or f.ms("store") < SIMPLE_MS)
            goal = f"<= {RATIO_GOAL:g}x" + (f", < {SIMPLE_MS:g} ms" if case.simple else "")
            row.append(f"{'PASS' if ok else 'FAIL'} ({goal})")
            if not ok:
                missed.append(case.name)
        if f.by_hand != f.members:
            row[1] += f" (SQL: {f.by_hand:,}!)"
            missed.append(f"{case.name} (counts differ)")
        rows.append(row)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths], *rows]:
        print(
            " | ".join(
                c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    return missed


def main(argv: list[str] | None = None) -> int:
    """Build or reuse the database, time the ten segments, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=QUICK[0])
    parser.add_argument("--events", type=int, default=QUICK[1])
    parser.add_argument("--full", action="store_true", help=f"{FULL[0]:,} persons and {FULL[1]:,} events")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3, help="calls of each side per round")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--explain", action="store_true", help="query plans of every count")
    parser.add_argument("--postgres", action="store_true", help="the same counts on a throwaway PostgreSQL")
    parser.add_argument("--no-export", action="store_true", help="skip the export of a segment to CSV")
    parser.add_argument("--export-child", nargs=2, metavar=("URL", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.export_child:
        export_child(args.export_child[0], Path(args.export_child[1]))
        return 0
    persons, events = FULL if args.full else (args.persons, args.events)
    path, facts = ensure(persons, events, args.seed, args.rebuild)
    now = dt.datetime.fromisoformat(facts["now"])
    print(f"machine: {machine()}")
    print(f"data: {facts['persons']:,} persons, {facts['events']:,} events, {facts['size_mb']} MB, now {now}, "
          f"built in {facts['build_s']} s (persons {facts['persons_s']}, events {facts['events_s']}, "
          f"indexes {facts['index_s']})")  # fmt: skip
    store.open("sqlite:///" + str(path))
    backend, close = sqlite_backend(path, parameters(now))
    try:
        save_segments()
        print(f"timing SQLite ({args.rounds} rounds x {args.repeat} calls)...", flush=True)
        figures = measure(backend, now, args.rounds, args.repeat)
        missed = report(f"SQLite, median ms (machine after timing: {machine()})", figures, goals=True)
        for case in CASES:
            if args.explain or case.name in missed:
                print_plans(backend, case, figures[case.name])
        exported = segments.count_members(EXPORT_SEGMENT, now=now)
    finally:
        close()
        store.close()
    if not args.no_export:
        print("exporting...", flush=True)
        missed += report_export(measure_export("sqlite:///" + str(path)), exported)
    if args.postgres:
        pg_figures, pg_facts = run_postgres(path, now, args)
        missed += report(f"PostgreSQL {pg_facts['version']} (work_mem {pg_facts['work_mem']} MB), median ms (load {pg_facts['copy_s']} s, indexes "
               f"{pg_facts['index_s']} s, VACUUM ANALYZE {pg_facts['vacuum_s']} s; {machine()})",
               pg_figures, goals=False)  # fmt: skip
    print()
    print("every target met" if not missed else f"missed: {', '.join(missed)}")
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
