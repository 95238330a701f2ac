"""Time the store's person list, lookups, name search and counts at 10,000 and 1,000,000 persons.

Run from the repository root::

    .venv/bin/python bench/store_bench.py                      # both sizes, 50 repeats
    .venv/bin/python bench/store_bench.py --sizes 10000 --repeat 20
    .venv/bin/python bench/store_bench.py --rebuild --explain  # fresh databases, every plan

Databases are built once and cached in ``bench/data/`` (gitignored), named by size, seed
and a hash of the schema the store creates plus the generator version, so a schema change
builds new ones; ``--rebuild`` forces it. The schema comes from ``store.open``; the rows
(persons with Croatian, German and English names, one email and one valid mobile phone
each, companies, tags) are written with plain ``sqlite3`` in one transaction, with the
secondary indexes dropped during the load and created again afterwards, then ``ANALYZE``.

Each operation runs through the store (the Peewee connection ``store.open`` makes) and as
the same queries written by hand on a separate ``sqlite3`` connection to the same file
with the same page cache. Figures are the median of ``--repeat`` timed calls after
``--warmup`` untimed ones; lookups take a different existing email or phone on each call.
Before timing, the store's and the hand-written result are compared once.

It prints the machine (CPU count, SQLite, Python, Peewee), the build time and file size
of each database, then one line per operation: the store and SQL milliseconds at each
size, the largest/smallest-size ratio of the store, the store/SQL ratio at the largest
size, the number of queries the store sent, the target and PASS/FAIL. Targets: every
store call but the counts costs at the largest size at most 2x its cost at the smallest
and under 5 ms; a count by type takes under 20 ms. For a FAIL or a figure over 2 ms at
the largest size (every operation with ``--explain``) it prints the SQL the store sent,
captured from the ``peewee`` logger, with ``EXPLAIN QUERY PLAN``.
"""

from __future__ import annotations

import argparse
import bisect
import gc
import hashlib
import itertools
import json
import logging
import os
import platform
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import peewee
import phonenumbers

import store
from store.companies import name_key as company_key
from store.db import SQLITE_PRAGMAS
from store.fields import PERSON_TYPES
from store.folding import fold, name_keys, prefix_bounds
from store.persons import listing, profiles
from store.persons.listing import PersonCriteria
from store.tags import tag_key

GENERATOR_VERSION = 2  # bump when the generated data changes, so cached databases are rebuilt
DATA_DIR = Path(__file__).resolve().parent / "data"
PAGE = 50
PREFIXES = ("kov", "hor", "mül")
LOOKUP_MS = 5.0  # store call at the largest size must be under this...
LOOKUP_GROWTH = 2.0  # ...and at most this times its cost at the smallest size
COUNT_MS = 20.0  # a count by type at the largest size must be under this
EXPLAIN_OVER_MS = 2.0  # print the query plans of store calls slower than this
CHUNK = 50_000  # persons generated and inserted per executemany batch

# --------------------------------------------------------------------------- data

# (name, weight). The weights put "hor" (Horvat, Horvatić, Horn, Horton; Horst as a first
# name), "kov" (Kovač, Kovačević, Kovačić) and "mül" (Müller) each on 1-5% of persons.
HR_MALE = (
    "Ivan", "Marko", "Luka", "Josip", "Ante", "Tomislav", "Nikola", "Petar", "Stjepan", "Mario",
    "Dražen", "Krešimir", "Zvonimir", "Goran", "Hrvoje", "Dario", "Filip", "Matej", "Domagoj", "Đuro",
)  # fmt: skip
HR_FEMALE = (
    "Ana", "Marija", "Ivana", "Petra", "Lucija", "Maja", "Katarina", "Nikolina", "Mirjana", "Željka",
    "Vesna", "Snježana", "Iva", "Mia", "Ema", "Dora", "Lana", "Sara", "Kristina", "Đurđica",
)  # fmt: skip
HR_LAST = (
    ("Horvat", 8), ("Kovačević", 6), ("Babić", 7), ("Marić", 7), ("Jurić", 7), ("Novak", 7),
    ("Kovačić", 4), ("Knežević", 6), ("Vuković", 6), ("Marković", 6), ("Petrović", 6), ("Matić", 5),
    ("Tomić", 5), ("Pavlović", 5), ("Kovač", 4), ("Božić", 5), ("Blažević", 5), ("Grgić", 5),
    ("Pavić", 5), ("Radić", 4), ("Perić", 4), ("Šarić", 4), ("Lovrić", 4), ("Vidović", 4),
    ("Perković", 4), ("Popović", 4), ("Nikolić", 4), ("Bošnjak", 4), ("Jukić", 4), ("Đurić", 3),
    ("Čović", 3), ("Horvatić", 3), ("Lončar", 3), ("Živković", 3), ("Šimić", 3), ("Galić", 3),
    ("Barišić", 3), ("Mandić", 3), ("Rukavina", 2), ("Žeravica", 1),
)  # fmt: skip
DE_MALE = (
    "Hans", "Jürgen", "Klaus", "Stefan", "Michael", "Thomas", "Andreas", "Horst", "Uwe", "Lukas",
    "Jörg", "Günter", "Björn", "Felix", "Maximilian", "Paul", "Wolfgang", "Dieter", "Tobias", "Jan",
)  # fmt: skip
DE_FEMALE = (
    "Anna", "Ursula", "Sabine", "Monika", "Petra", "Sophie", "Lena", "Julia", "Katrin", "Birgit",
    "Jutta", "Hannah", "Lea", "Marie", "Renate", "Gisela", "Anja", "Käthe", "Sünje", "Heike",
)  # fmt: skip
DE_LAST = (
    ("Müller", 9), ("Schmidt", 7), ("Schneider", 5), ("Fischer", 5), ("Weber", 4), ("Meyer", 4),
    ("Wagner", 4), ("Becker", 3), ("Schulz", 3), ("Hoffmann", 3), ("Schäfer", 3), ("Koch", 3),
    ("Bauer", 3), ("Richter", 3), ("Klein", 3), ("Wolf", 3), ("Schröder", 3), ("Neumann", 3),
    ("Schwarz", 3), ("Zimmermann", 3), ("Braun", 2), ("Krüger", 2), ("Hofmann", 2), ("Hartmann", 2),
    ("Lange", 2), ("Schmitt", 2), ("Werner", 2), ("Krause", 2), ("Meier", 2), ("Lehmann", 2),
    ("Horn", 2), ("Köhler", 2), ("Weiß", 2), ("Groß", 2), ("Jäger", 2), ("Böhm", 2),
)  # fmt: skip
EN_MALE = (
    "James", "John", "Robert", "Michael", "William", "David", "Oliver", "Harry", "George", "Jack",
    "Thomas", "Charlie", "Daniel", "Samuel", "Henry", "Horace", "Leo", "Arthur", "Noah", "Edward",
)  # fmt: skip
EN_FEMALE = (
    "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Sarah", "Emily", "Charlotte", "Amelia",
    "Olivia", "Isla", "Ava", "Grace", "Sophie", "Lily", "Chloe", "Jessica", "Ruby", "Ella", "Holly",
)  # fmt: skip
EN_LAST = (
    ("Smith", 6), ("Jones", 5), ("Williams", 5), ("Taylor", 5), ("Brown", 5), ("Davies", 4),
    ("Evans", 4), ("Wilson", 4), ("Thomas", 4), ("Johnson", 4), ("Roberts", 3), ("Robinson", 3),
    ("Thompson", 3), ("Wright", 3), ("Walker", 3), ("White", 3), ("Edwards", 3), ("Hughes", 3),
    ("Green", 3), ("Hall", 3), ("Lewis", 3), ("Harris", 3), ("Clarke", 3), ("Patel", 3),
    ("Jackson", 3), ("Wood", 2), ("Turner", 2), ("Martin", 2), ("Cooper", 2), ("Hill", 2),
    ("Ward", 2), ("Morris", 2), ("Moore", 2), ("Clark", 2), ("Lee", 2), ("King", 2), ("Baker", 2),
    ("Horton", 2), ("Mullins", 1), ("Kowalski", 1),
)  # fmt: skip


@dataclass(frozen=True)
class Origin:
    """Where a generated person comes from: names, cities, phone prefixes, email domains."""

    country: str
    language: str
    share: float
    male: tuple[str, ...]
    female: tuple[str, ...]
    last: tuple[str, ...]
    last_cum: tuple[int, ...]
    cities: tuple[str, ...]
    streets: tuple[str, ...]
    phones: tuple[tuple[str, int], ...]  # (E.164 prefix, number of digits after it)
    domains: tuple[str, ...]


def _origin(
    country: str,
    language: str,
    share: float,
    male: Sequence[str],
    female: Sequence[str],
    last: Sequence[tuple[str, int]],
    cities: str,
    streets: str,
    phones: Sequence[tuple[str, int]],
    domains: str,
) -> Origin:
    """An ``Origin`` from space-separated word lists and weighted last names."""
    return Origin(
        country,
        language,
        share,
        tuple(male),
        tuple(female),
        tuple(name for name, _ in last),
        tuple(itertools.accumulate(weight for _, weight in last)),
        tuple(cities.split(",")),
        tuple(streets.split(",")),
        tuple(phones),
        tuple(domains.split()),
    )


# Every phone prefix below is a mobile range where phonenumbers 9.x accepts all numbers
# of that length (checked on samples at build time).
ORIGINS = (
    _origin(
        "HR", "hr", 0.55, HR_MALE, HR_FEMALE, HR_LAST,
        "Zagreb,Split,Rijeka,Osijek,Zadar,Pula,Varaždin,Dubrovnik,Slavonski Brod,Karlovac",
        "Ilica,Vukovarska,Savska cesta,Ulica kralja Zvonimira,Frankopanska,Trg bana Jelačića",
        (("+38591", 7), ("+38592", 7), ("+38595", 7), ("+38598", 7), ("+38599", 7)),
        "gmail.com t-com.hr net.hr yahoo.com outlook.com",
    ),
    _origin(
        "DE", "de", 0.25, DE_MALE, DE_FEMALE, DE_LAST,
        "Berlin,München,Hamburg,Köln,Frankfurt am Main,Stuttgart,Düsseldorf,Leipzig,Dresden",
        "Hauptstraße,Schulstraße,Gartenstraße,Bahnhofstraße,Dorfstraße,Bergstraße,Lindenstraße",
        (("+49151", 8), ("+49152", 8), ("+49160", 8), ("+49170", 8), ("+49171", 8), ("+49176", 8)),
        "gmx.de web.de t-online.de gmail.com posteo.de",
    ),
    _origin(
        "GB", "en", 0.20, EN_MALE, EN_FEMALE, EN_LAST,
        "London,Manchester,Birmingham,Leeds,Glasgow,Liverpool,Bristol,Edinburgh,Cardiff",
        "High Street,Station Road,Church Lane,Victoria Road,Green Lane,Park Road,Mill Lane",
        (("+4474", 8), ("+4475", 8), ("+4478", 8)),
        "gmail.com outlook.com btinternet.com yahoo.co.uk hotmail.co.uk",
    ),
)  # fmt: skip
ORIGIN_CUM = tuple(itertools.accumulate(o.share for o in ORIGINS))
TYPES = (("customer", 0.60), ("lead", 0.30), ("agent", 0.07), ("anonymous", 0.03))
TYPE_CUM = tuple(itertools.accumulate(share for _, share in TYPES))
TAGS = (
    "VIP", "Newsletter", "Black Friday 2025", "Loyalty Gold", "Loyalty Silver", "B2B", "Webshop",
    "Event Zagreb", "Churn risk", "Beta tester", "Partner", "Wholesale", "Retail", "Do not call",
    "GDPR consent", "Sample request", "Trade fair München", "Referral", "Student", "Senior",
)  # fmt: skip
COMPANIES = 2_000
COMPANY_WORDS = (
    "Adria", "Jadran", "Alpen", "Nord", "Sava", "Drava", "Panonia", "Dalmacija", "Istra", "Rhein",
    "Elbe", "Thames", "Mersey", "Velebit", "Kvarner", "Bavaria", "Harz", "Pennine", "Severn", "Lika",
    "Zagorje", "Neckar", "Mosel", "Clyde", "Tyne", "Una", "Krka", "Cetina",
)  # fmt: skip
COMPANY_TRADES = (
    "Tech", "Logistik", "Trade", "Consulting", "Solutions", "Foods", "Energy", "Bau", "Software",
    "Media", "Transport", "Pharma", "Textil", "Digital", "Metal", "Holz", "Wein", "Tours", "Print",
    "Design", "Finance", "Retail", "Systems", "Agrar",
)  # fmt: skip
COMPANY_FORMS = ("d.o.o.", "d.d.", "GmbH", "AG", "Ltd", "plc", "KG", "j.d.o.o.")
INDUSTRIES = ("retail", "manufacturing", "logistics", "software", "food", "tourism", "energy", "media")
PHONE_MULTIPLIER = 7_919_913  # odd and not a multiple of 5: i -> i*M mod 10**k is a bijection
START = 1_514_764_800  # 2018-01-01 00:00:00 UTC
SPAN = 8 * 365 * 86_400  # persons are created over eight years, in id order


def timestamp(seconds: int) -> str:
    """Seconds since the epoch as the 'YYYY-MM-DD HH:MM:SS' text Peewee stores."""
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(seconds))


@dataclass
class Generator:
    """Produces the rows of one database deterministically from a seed."""

    size: int
    rng: random.Random
    keys: dict[tuple[str | None, str | None, str | None], tuple[str | None, str | None]] = field(
        default_factory=dict
    )
    phone_counters: dict[str, int] = field(default_factory=dict)
    phones_checked: int = 0

    def name_keys(self, first: str | None, last: str | None, nickname: str | None) -> tuple[Any, Any]:
        """``store.folding.name_keys``, memoised (there are few distinct names)."""
        key = (first, last, nickname)
        found = self.keys.get(key)
        if found is None:
            found = self.keys[key] = name_keys(first, last, nickname)
        return found

    def phone(self, origin: Origin) -> str:
        """A new, unique, valid E.164 mobile number of ``origin`` (samples are validated)."""
        prefix, digits = origin.phones[self.rng.randrange(len(origin.phones))]
        if prefix not in self.phone_counters:
            self.phone_counters[prefix] = self.rng.randrange(10**digits)  # where the sequence starts
        counter = self.phone_counters[prefix]
        self.phone_counters[prefix] = counter + 1
        number = f"{prefix}{counter * PHONE_MULTIPLIER % 10**digits:0{digits}d}"
        if counter % 997 == 0:
            self.phones_checked += 1
            if not phonenumbers.is_valid_number(phonenumbers.parse(number)):
                raise AssertionError(f"generated phone {number} is not valid for phonenumbers")
        return number

    def companies(self) -> list[tuple[Any, ...]]:
        """Rows of the ``company`` table, unique by ``name_key``."""
        rows, seen = [], set()
        while len(rows) < COMPANIES:
            name = (
                f"{self.rng.choice(COMPANY_WORDS)} {self.rng.choice(COMPANY_TRADES)} "
                f"{self.rng.choice(COMPANY_FORMS)}"
            )
            if company_key(name) in seen:
                name = f"{name} {len(rows)}"
            seen.add(company_key(name))
            origin = ORIGINS[bisect.bisect(ORIGIN_CUM, self.rng.random() * ORIGIN_CUM[-1])]
            created = timestamp(START + self.rng.randrange(SPAN))
            domain = fold(name.split()[0] + name.split()[1]) + "." + origin.country.lower()
            rows.append(
                (
                    len(rows) + 1,
                    name,
                    company_key(name),
                    domain,
                    self.rng.choice(INDUSTRIES),
                    self.rng.choice(origin.cities),
                    origin.country,
                    created,
                    created,
                )
            )
        return rows

    def tags(self) -> list[tuple[Any, ...]]:
        """Rows of the ``tag`` table."""
        created = timestamp(START)
        return [(i, name, tag_key(name), created) for i, name in enumerate(TAGS, 1)]

    def chunks(self) -> Iterator[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[int, int]]]]:
        """Persons, contacts and person tags, ``CHUNK`` persons at a time, ids from 1."""
        rng = self.rng
        for start in range(1, self.size + 1, CHUNK):
            people, contacts, person_tags = [], [], []
            for pid in range(start, min(start + CHUNK, self.size + 1)):
                origin = ORIGINS[bisect.bisect(ORIGIN_CUM, rng.random() * ORIGIN_CUM[-1])]
                type_ = TYPES[bisect.bisect(TYPE_CUM, rng.random() * TYPE_CUM[-1])][0]
                people.append(self._person(pid, origin, type_))
                first, last = people[-1][3], people[-1][4]
                contacts.append((2 * pid - 1, pid, "phone", self.phone(origin)))
                contacts.append((2 * pid, pid, "email", self._email(pid, origin, first, last)))
                if type_ != "anonymous" and rng.random() < 0.20:
                    for tag in rng.sample(range(1, len(TAGS) + 1), rng.choice((1, 1, 1, 2, 2, 3))):
                        person_tags.append((tag, pid))
            yield people, contacts, person_tags

    def _person(self, pid: int, origin: Origin, type_: str) -> tuple[Any, ...]:
        """One ``person`` row (columns as in ``PERSON_COLUMNS``)."""
        rng = self.rng
        created = START + pid * SPAN // max(self.size, 1) + rng.randrange(3_600)
        modified = created + (rng.randrange(400 * 86_400) if rng.random() < 0.4 else 0)
        if type_ == "anonymous":
            return (pid, type_, None, None, None, None, None, None, None, None, None, None, None, None,
                    None, None, None, timestamp(created), timestamp(modified))  # fmt: skip
        male = rng.random() < 0.5
        first = rng.choice(origin.male if male else origin.female)
        last = origin.last[bisect.bisect(origin.last_cum, rng.random() * origin.last_cum[-1])]
        middle = rng.choice(origin.male if male else origin.female) if rng.random() < 0.05 else None
        nickname = first[:3] + "y" if rng.random() < 0.02 else None
        full_key, last_key = self.name_keys(first, last, nickname)
        birth = (
            time.strftime("%Y-%m-%d", time.gmtime(rng.randrange(-1_500_000_000, 1_100_000_000)))
            if rng.random() < 0.6
            else None
        )
        return (
            pid,
            type_,
            f"CRM-{pid:08d}" if rng.random() < 0.4 else None,
            first,
            last,
            middle,
            nickname,
            ("male" if male else "female") if rng.random() < 0.7 else None,
            birth,
            f"{rng.choice(origin.streets)} {rng.randrange(1, 200)}" if rng.random() < 0.5 else None,
            rng.choice(origin.cities) if rng.random() < 0.8 else None,
            origin.country if rng.random() < 0.9 else None,
            origin.language if rng.random() < 0.5 else None,
            f"https://cdn.example.com/p/{pid}.jpg" if rng.random() < 0.05 else None,
            rng.randrange(1, COMPANIES + 1) if rng.random() < 0.30 else None,
            full_key,
            last_key,
            timestamp(created),
            timestamp(modified),
        )

    def _email(self, pid: int, origin: Origin, first: str | None, last: str | None) -> str:
        """A unique, lower-case email (the form ``normalize_email`` stores)."""
        domain = origin.domains[pid % len(origin.domains)]
        if not first or not last:
            return f"user{pid}@example.net"
        f, la = fold(first).replace(" ", ""), fold(last).replace(" ", "")
        pattern = pid % 3
        local = (
            f"{f}.{la}{pid}" if pattern == 0 else f"{f[0]}{la}.{pid}" if pattern == 1 else f"{la}.{f}{pid}"
        )
        return f"{local}@{domain}"


PERSON_COLUMNS = (
    "id", "type", "external_id", "first_name", "last_name", "middle_name", "nickname", "gender",
    "birth_date", "address", "city", "country", "preferred_language", "profile_picture_url",
    "company_id", "name_key", "last_key", "created_at", "modified_at",
)  # fmt: skip


def insert_sql(table: str, columns: Sequence[str]) -> str:
    """``INSERT INTO table (columns) VALUES (?, ...)``."""
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


# --------------------------------------------------------------------------- build


def sqlite_url(path: Path) -> str:
    """The ``store.open`` URL of a file."""
    return "sqlite:///" + str(path.resolve())


def schema_sql(path: Path) -> list[str]:
    """The ``CREATE`` statements of the schema the store makes, in a fresh file at ``path``."""
    store.open(sqlite_url(path))
    store.close()
    con = sqlite3.connect(path)
    try:
        rows = con.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name").fetchall()
    finally:
        con.close()
    return [sql for (sql,) in rows]


def remove_database(path: Path) -> None:
    """Delete a database file with its WAL, shared-memory and journal files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def schema_hash() -> str:
    """Short hash of the store's schema and the generator version (names cached databases)."""
    probe = DATA_DIR / f"schema-probe-{os.getpid()}.db"
    try:
        statements = schema_sql(probe)
    finally:
        remove_database(probe)
    text = "\n".join(statements) + f"\ngenerator {GENERATOR_VERSION}"
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def build_database(path: Path, size: int, seed: int, analyze: bool) -> dict[str, Any]:
    """Build the database of ``size`` persons at ``path``; returns build facts for the sidecar.

    The store creates the schema; rows go in with ``executemany`` in one transaction with
    the journal off and ``synchronous=off`` (the file has a temporary name until it is
    complete, so a crash leaves nothing to trust or repair) and the secondary indexes
    dropped, then created again from the store's own SQL. Ends with ``ANALYZE`` (unless
    ``analyze`` is false) and WAL mode, the mode the store uses.
    """
    started = time.perf_counter()
    building = path.with_name(path.name + ".building")
    remove_database(building)
    schema_sql(building)
    con = sqlite3.connect(building, isolation_level=None)
    for pragma in ("journal_mode=off", "synchronous=off", "cache_size=-1000000", "temp_store=memory"):
        con.execute(f"PRAGMA {pragma}")
    indexes = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ).fetchall()
    generator = Generator(size, random.Random(seed))
    con.execute("BEGIN")
    for name, _sql in indexes:
        con.execute(f'DROP INDEX "{name}"')
    con.executemany(insert_sql("tag", ("id", "name", "name_key", "created_at")), generator.tags())
    con.executemany(
        insert_sql(
            "company",
            ("id", "name", "name_key", "domain", "industry", "city", "country", "created_at", "modified_at"),
        ),
        generator.companies(),
    )
    for people, contacts, person_tags in generator.chunks():
        con.executemany(insert_sql("person", PERSON_COLUMNS), people)
        con.executemany(insert_sql("contact", ("id", "person_id", "kind", "value")), contacts)
        con.executemany(insert_sql("person_tag", ("tag_id", "person_id")), person_tags)
    loaded = time.perf_counter()
    for _name, sql in indexes:
        con.execute(sql)
    con.execute("COMMIT")
    indexed = time.perf_counter()
    if analyze:
        con.execute("ANALYZE")
    con.execute("PRAGMA journal_mode=wal")
    con.close()
    remove_database(path)
    building.replace(path)
    done = time.perf_counter()
    return {
        "size": size,
        "seed": seed,
        "analyze": analyze,
        "build_s": round(done - started, 2),
        "load_s": round(loaded - started, 2),
        "index_s": round(indexed - loaded, 2),
        "analyze_s": round(done - indexed, 2),
        "phones_validated": generator.phones_checked,
        "built_at": time.strftime("%Y-%m-%d %H:%M:%S"),
    }


def ensure_database(
    size: int, seed: int, digest: str, analyze: bool, rebuild: bool
) -> tuple[Path, dict[str, Any], bool]:
    """The cached database of ``size`` persons, built when missing or when ``rebuild``.

    Returns the path, its build facts and whether it was built now.
    """
    path = DATA_DIR / f"persons-{size}-seed{seed}-{digest}{'' if analyze else '-noanalyze'}.db"
    sidecar = path.with_suffix(".json")
    if path.exists() and sidecar.exists() and not rebuild:
        return path, json.loads(sidecar.read_text()), False
    sidecar.unlink(missing_ok=True)
    facts = build_database(path, size, seed, analyze)
    sidecar.write_text(json.dumps(facts, indent=2) + "\n")
    return path, facts, True


# --------------------------------------------------------------------------- operations


@dataclass
class Operation:
    """One thing to time: the store call and the same queries by hand, on call number ``i``.

    ``extra`` marks operations beyond the issue's list (they are held to the same targets).
    """

    name: str
    store: Callable[[int], Any]
    sql: Callable[[int], Any]
    is_count: bool = False
    extra: bool = False


@dataclass
class Samples:
    """Existing contacts to look up, a different one per call."""

    emails: list[str]
    phones_typed: list[str]  # international format with spaces, as a user types it
    phones: list[str]  # the stored E.164 form


def pick_samples(con: sqlite3.Connection, size: int, count: int, seed: int) -> Samples:
    """``count`` random persons' email and phone."""
    rng = random.Random(seed + size)
    emails, phones = [], []
    for pid in (rng.randrange(1, size + 1) for _ in range(count)):
        found = dict(con.execute("SELECT kind, value FROM contact WHERE person_id = ?", (pid,)).fetchall())
        emails.append(found["email"])
        phones.append(found["phone"])
    typed = [
        phonenumbers.format_number(phonenumbers.parse(p), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        for p in phones
    ]
    return Samples(emails, typed, phones)


def placeholders(values: Sequence[Any]) -> str:
    """``?, ?, ...`` for an ``IN`` list."""
    return ", ".join("?" * len(values))


def sql_rows(con: sqlite3.Connection, ids: list[int]) -> list[tuple[Any, ...]]:
    """``person_rows`` by hand: persons, their contacts, their tags (three queries)."""
    if not ids:
        return []
    marks = placeholders(ids)
    people = {
        row[0]: row
        for row in con.execute(
            f"SELECT id, type, first_name, last_name, nickname, city FROM person WHERE id IN ({marks})", ids
        )
    }
    first: dict[tuple[int, str], str] = {}
    for pid, kind, value in con.execute(
        f"SELECT person_id, kind, value FROM contact WHERE person_id IN ({marks}) ORDER BY id", ids
    ):
        first.setdefault((pid, kind), value)
    tags: dict[int, list[str]] = {i: [] for i in ids}
    for pid, name in con.execute(
        "SELECT pt.person_id, t.name FROM person_tag pt JOIN tag t ON t.id = pt.tag_id "
        f"WHERE pt.person_id IN ({marks}) ORDER BY t.name_key",
        ids,
    ):
        tags[pid].append(name)
    rows = []
    for i in ids:
        p = people.get(i)
        if p is not None:
            email, phone = first.get((i, "email")), first.get((i, "phone"))
            name = " ".join(x for x in (p[2], p[3]) if x) or p[4] or email or phone or f"#{i}"
            rows.append((i, p[1], name, email, phone, p[5], tags[i]))
    return rows


def sql_page(
    con: sqlite3.Connection, *, after: int | None = None, backwards: bool = False, tag: str | None = None
) -> list[int]:
    """A page by id by hand: the keyset query for ``PAGE + 1`` ids, then the rows.

    With ``tag`` the walk goes along ``person_tag``'s ``(tag_id, person_id)`` key.
    """
    order = "DESC" if backwards else ""
    keyset = "" if after is None else "AND p.id > ?"
    tagged = "" if tag is None else "JOIN person_tag pt ON pt.person_id = p.id AND pt.tag_id = ?"
    sort = "p.id" if tag is None else "pt.person_id"
    args = [a for a in (tag and tag_id(con, tag), after) if a is not None]
    ids = [
        i
        for (i,) in con.execute(
            f"SELECT p.id FROM person p {tagged} WHERE p.type != 'anonymous' {keyset} "
            f"ORDER BY {sort} {order} LIMIT ?",
            (*args, PAGE + 1),
        )
    ][:PAGE]
    if backwards:
        ids.reverse()
    return [row[0] for row in sql_rows(con, ids)]


def tag_id(con: sqlite3.Connection, name: str) -> int:
    """The id of a tag by name, any case."""
    return con.execute("SELECT id FROM tag WHERE name_key = ?", (tag_key(name),)).fetchone()[0]


def sql_prefix_page(con: sqlite3.Connection, prefix: str, type_: str | None = None) -> list[int]:
    """The first page of a name-prefix search by hand: two index ranges merged, then the rows."""
    low, high = prefix_bounds(fold(prefix))
    kind = "type != 'anonymous'" if type_ is None else "type = ?"
    typed: tuple[str, ...] = () if type_ is None else (type_,)
    full = con.execute(
        f"SELECT name_key, id FROM person WHERE {kind} AND name_key >= ? AND name_key < ? "
        "ORDER BY name_key, id LIMIT ?",
        (*typed, low, high, PAGE + 1),
    ).fetchall()
    last = con.execute(
        f"SELECT last_key, id FROM person WHERE {kind} AND last_key >= ? AND last_key < ? "
        "AND (name_key < ? OR name_key >= ? OR name_key IS NULL) ORDER BY last_key, id LIMIT ?",
        (*typed, low, high, low, high, PAGE + 1),
    ).fetchall()
    ids = [i for _key, i in sorted(full + last)[:PAGE]]
    return [row[0] for row in sql_rows(con, ids)]


def sql_find(con: sqlite3.Connection, value: str) -> int:
    """The owner of a contact value by hand."""
    return con.execute("SELECT person_id FROM contact WHERE value = ?", (value,)).fetchone()[0]


def sql_get(con: sqlite3.Connection, pid: int) -> tuple[Any, ...]:
    """``load_person`` by hand: person with company, contacts, push registrations, tags, values."""
    person = con.execute(
        "SELECT p.*, c.name FROM person p LEFT JOIN company c ON c.id = p.company_id WHERE p.id = ?", (pid,)
    ).fetchone()
    phones, emails = [], []
    for kind, value in con.execute(
        "SELECT kind, value FROM contact WHERE person_id = ? ORDER BY id", (pid,)
    ).fetchall():
        (phones if kind == "phone" else emails).append(value)
    con.execute(
        "SELECT registration_id, platform FROM push_registration WHERE person_id = ? ORDER BY created_at",
        (pid,),
    ).fetchall()
    tags = [
        name
        for (name,) in con.execute(
            "SELECT t.name FROM person_tag pt JOIN tag t ON t.id = pt.tag_id "
            "WHERE pt.person_id = ? ORDER BY t.name_key",
            (pid,),
        )
    ]
    con.execute(
        "SELECT v.value, a.name, a.type FROM person_value v JOIN attribute_def a ON a.id = v.attribute_id "
        "WHERE v.person_id = ? ORDER BY a.name_key",
        (pid,),
    ).fetchall()
    return (person[0], emails, phones, tags)


def view_key(view: Any) -> tuple[Any, ...]:
    """What a store ``PersonView`` and ``sql_get`` are compared by."""
    return (view.id, view.emails, view.phones, view.tags)


def page_ids(page: listing.PersonPage) -> list[int]:
    """The person ids of a store page."""
    return [row.id for row in page.rows]


def operations(con: sqlite3.Connection, size: int, samples: Samples) -> list[Operation]:
    """Every timed operation for a database of ``size`` persons.

    The issue's list first (pages, lookups, name prefixes, counts), then extras: a name
    prefix with a type filter, a tag-filtered page and the CLI's ``persons count``.
    """
    middle = size // 2
    n = len(samples.emails)
    email, typed, e164 = samples.emails, samples.phones_typed, samples.phones
    ops = [
        Operation(
            "page first",
            lambda i: page_ids(listing.page_persons(limit=PAGE)),
            lambda i: sql_page(con),
        ),
        Operation(
            "page middle",
            lambda i: page_ids(listing.page_persons(after=(middle,), limit=PAGE)),
            lambda i: sql_page(con, after=middle),
        ),
        Operation(
            "page last",
            lambda i: page_ids(listing.page_persons(last=True, limit=PAGE)),
            lambda i: sql_page(con, backwards=True),
        ),
        Operation(
            "find by email",
            lambda i: profiles.find_person_id(email=email[i % n]),
            lambda i: sql_find(con, email[i % n]),
        ),
        Operation(
            "get by email (find+get)",
            lambda i: view_key(profiles.get_person(profiles.find_person_id(email=email[i % n]))),
            lambda i: sql_get(con, sql_find(con, email[i % n])),
        ),
        Operation(
            "find by phone",
            lambda i: profiles.find_person_id(phone=typed[i % n]),
            lambda i: sql_find(con, e164[i % n]),
        ),
        Operation(
            "get by phone (find+get)",
            lambda i: view_key(profiles.get_person(profiles.find_person_id(phone=typed[i % n]))),
            lambda i: sql_get(con, sql_find(con, e164[i % n])),
        ),
    ]
    for prefix in PREFIXES:
        criteria = PersonCriteria(types=None, name_prefix=prefix)
        ops.append(
            Operation(
                f"name prefix {prefix!r}",
                lambda i, c=criteria: page_ids(listing.page_persons(c, limit=PAGE)),
                lambda i, p=prefix: sql_prefix_page(con, p),
            )
        )
    ops += [
        Operation(
            "count type=lead",
            lambda i: listing.count_persons(PersonCriteria(types=("lead",))),
            lambda i: con.execute("SELECT COUNT(*) FROM person WHERE type = 'lead'").fetchone()[0],
            is_count=True,
        ),
        Operation(
            "count_by_type()",
            lambda i: listing.count_by_type(),
            lambda i: dict(con.execute("SELECT type, COUNT(*) FROM person GROUP BY type").fetchall()),
            is_count=True,
        ),
        Operation(
            "name prefix 'kov' type=lead",
            lambda i: page_ids(
                listing.page_persons(PersonCriteria(types=("lead",), name_prefix="kov"), limit=PAGE)
            ),
            lambda i: sql_prefix_page(con, "kov", "lead"),
            extra=True,
        ),
        Operation(
            "page first tag 'VIP'",
            lambda i: page_ids(listing.page_persons(PersonCriteria(tag="VIP"), limit=PAGE)),
            lambda i: sql_page(con, tag="VIP"),
            extra=True,
        ),
        Operation(
            "page last tag 'VIP'",
            lambda i: page_ids(listing.page_persons(PersonCriteria(tag="VIP"), last=True, limit=PAGE)),
            lambda i: sql_page(con, backwards=True, tag="VIP"),
            extra=True,
        ),
        Operation(
            "count every type (CLI)",
            lambda i: listing.count_persons(PersonCriteria(types=PERSON_TYPES)),
            lambda i: con.execute("SELECT COUNT(*) FROM person").fetchone()[0],
            is_count=True,
            extra=True,
        ),
    ]
    return ops


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
    """The timings of one operation at one size (seconds of every timed call)."""

    store_s: list[float] = field(default_factory=list)
    sql_s: list[float] = field(default_factory=list)
    queries: int = 0
    statements: list[tuple[str, Sequence[Any]]] = field(default_factory=list)
    agrees: bool = True
    is_count: bool = False
    extra: bool = False

    @property
    def store_ms(self) -> float:
        """Median milliseconds of the store call."""
        return statistics.median(self.store_s) * 1000

    @property
    def sql_ms(self) -> float:
        """Median milliseconds of the hand-written SQL."""
        return statistics.median(self.sql_s) * 1000


def time_pair(op: Operation, figure: Figure, first: int, repeat: int, warmup: int) -> None:
    """Time ``op`` on calls ``first...``: warm-ups, then store and SQL alternately.

    Each call number gets both sides, in alternating order, so both see the same lookups
    and the same moment of a noisy machine. The garbage collector is paused while timing.
    """
    for i in range(first, first + warmup):
        op.store(i)
        op.sql(i)
    gc.collect()
    gc.disable()
    try:
        for i in range(first + warmup, first + warmup + repeat):
            for side in (op.store, op.sql) if i % 2 else (op.sql, op.store):
                started = time.perf_counter()
                side(i)
                elapsed = time.perf_counter() - started
                (figure.store_s if side is op.store else figure.sql_s).append(elapsed)
    finally:
        gc.enable()


def measure(
    paths: dict[int, Path], repeat: int, warmup: int, rounds: int, seed: int
) -> dict[int, dict[str, Figure]]:
    """Time every operation on every database, ``rounds`` times over, pooling the calls.

    Rounds alternate between the sizes so that a slow spell of the machine spreads over
    all of them; each round reopens the databases and looks up different persons.
    """
    results: dict[int, dict[str, Figure]] = {size: {} for size in paths}
    per_round = repeat + warmup
    samples: dict[int, Samples] = {}
    for round_ in range(rounds):
        for size, path in paths.items():
            store.open(sqlite_url(path))
            con = sqlite3.connect(path, isolation_level=None)
            con.execute(f"PRAGMA cache_size={SQLITE_PRAGMAS['cache_size']}")  # the store's page cache
            try:
                if size not in samples:
                    samples[size] = pick_samples(con, size, rounds * per_round, seed)
                for op in operations(con, size, samples[size]):
                    figure = results[size].setdefault(op.name, Figure(is_count=op.is_count, extra=op.extra))
                    if round_ == 0:
                        result, figure.statements = captured(lambda op=op: op.store(0))
                        figure.queries = len(figure.statements)
                        figure.agrees = result == op.sql(0)
                        if not figure.agrees:
                            print(f"  ! {op.name}: store and SQL results differ at {size:,}", file=sys.stderr)
                    time_pair(op, figure, round_ * per_round, repeat, warmup)
            finally:
                con.close()
                store.close()
    return results


def explain(path: Path, statements: Sequence[tuple[str, Sequence[Any]]]) -> list[str]:
    """``EXPLAIN QUERY PLAN`` of each statement, as indented lines."""
    lines = []
    con = sqlite3.connect(path)
    try:
        for sql, params in statements:
            lines.append(f"    {sql}")
            lines.append(f"      params: {list(params)[:8]}{' ...' if len(params) > 8 else ''}")
            for _id, _parent, _unused, detail in con.execute("EXPLAIN QUERY PLAN " + sql, params):
                lines.append(f"      -> {detail}")
    finally:
        con.close()
    return lines


# --------------------------------------------------------------------------- report


def fmt_size(size: int) -> str:
    """10000 -> '10k', 1000000 -> '1M'."""
    for unit, scale in (("M", 1_000_000), ("k", 1_000)):
        if size >= scale and size % scale == 0:
            return f"{size // scale}{unit}"
    return str(size)


def verdict(is_count: bool, small: Figure | None, large: Figure) -> tuple[str, bool]:
    """The target of an operation and whether the figures meet it."""
    if is_count:
        return f"< {COUNT_MS:g} ms", large.store_ms < COUNT_MS
    growth_ok = small is None or large.store_ms <= LOOKUP_GROWTH * small.store_ms
    return f"<= {LOOKUP_GROWTH:g}x, < {LOOKUP_MS:g} ms", growth_ok and large.store_ms < LOOKUP_MS


def report(
    sizes: list[int],
    results: dict[int, dict[str, Figure]],
    paths: dict[int, Path],
    explain_all: bool,
) -> bool:
    """Print the table and the plans of slow or failing store calls; True when all pass."""
    small, large = sizes[0], sizes[-1]
    header = ["operation"]
    for size in sizes:
        header += [f"{fmt_size(size)} store ms", f"{fmt_size(size)} SQL ms"]
    if len(sizes) > 1:
        header.append(f"{fmt_size(large)}/{fmt_size(small)}")
    header += [f"store/SQL {fmt_size(large)}", "queries", "target", "result"]
    lines: list[list[str]] = []
    slow, all_pass, first_extra = [], True, None
    for name, big in results[large].items():
        if big.extra and first_extra is None:
            first_extra = len(lines)
        little = results[small][name] if len(sizes) > 1 else None
        target, ok = verdict(big.is_count, little, big)
        all_pass &= ok
        agrees = all(results[s][name].agrees for s in sizes)
        row = [name + ("" if agrees else " (results differ!)")]
        for size in sizes:
            row += [f"{results[size][name].store_ms:.3f}", f"{results[size][name].sql_ms:.3f}"]
        if little is not None:
            row.append(f"{big.store_ms / little.store_ms:.2f}")
        row += [f"{big.store_ms / big.sql_ms:.2f}", str(big.queries), target, "PASS" if ok else "FAIL"]
        lines.append(row)
        if explain_all or not ok or big.store_ms > EXPLAIN_OVER_MS:
            slow.append((name, big))
    widths = [max(len(cell) for cell in column) for column in zip(header, *lines, strict=True)]
    rule = "-+-".join("-" * w for w in widths)
    for i, row in enumerate([header, *lines]):
        if i - 1 == first_extra:
            print(f"{rule}\nextra, not in the issue's list:")
        cells = zip(row, widths, strict=True)
        print(" | ".join(c.ljust(w) if j == 0 else c.rjust(w) for j, (c, w) in enumerate(cells)))
        if i == 0:
            print(rule)
    for name, figure in slow:
        print(f"\nStore SQL of {name!r} at {large:,} persons ({figure.store_ms:.3f} ms), with its plan:")
        print("\n".join(explain(paths[large], figure.statements)))
    return all_pass


def parse_size(text: str) -> int:
    """'10000', '10_000', '10k' or '1M' as a number of persons."""
    text = text.strip().lower().replace("_", "").replace(",", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(text[:-1] if scale > 1 else text) * scale


def main(argv: list[str] | None = None) -> int:
    """Build or reuse the databases, time every operation and print the report."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="10000,1000000", help="comma-separated person counts (10k, 1M)")
    parser.add_argument("--repeat", type=int, default=50, help="timed calls per operation and round")
    parser.add_argument("--warmup", type=int, default=3, help="untimed calls per operation and round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over all sizes (calls are pooled)")
    parser.add_argument("--seed", type=int, default=42, help="seed of the generated data")
    parser.add_argument("--rebuild", action="store_true", help="build the databases even when cached")
    parser.add_argument(
        "--no-analyze", action="store_true", help="build without ANALYZE, as a database the store grew itself"
    )
    parser.add_argument("--explain", action="store_true", help="print the query plans of every operation")
    args = parser.parse_args(argv)
    sizes = sorted({parse_size(s) for s in args.sizes.split(",") if s.strip()})
    if not sizes or sizes[0] < 2 * PAGE or args.repeat < 1 or args.warmup < 0 or args.rounds < 1:
        parser.error(f"sizes must be at least {2 * PAGE} persons, --repeat and --rounds at least 1")

    print(
        f"CPUs: {os.cpu_count()} ({platform.machine()})  |  SQLite {sqlite3.sqlite_version}  |  "
        f"Python {platform.python_version()}  |  Peewee {peewee.__version__}  |  "
        f"phonenumbers {phonenumbers.__version__}"
    )
    print(
        f"median of {args.rounds} x {args.repeat} calls (after {args.warmup} warm-ups per round), "
        f"page size {PAGE}\n"
    )
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    digest = schema_hash()
    paths: dict[int, Path] = {}
    for size in sizes:
        path, facts, built = ensure_database(size, args.seed, digest, not args.no_analyze, args.rebuild)
        paths[size] = path
        how = "built now" if built else f"cached, built {facts['built_at']}"
        analyzed = f"ANALYZE {facts['analyze_s']} s" if facts.get("analyze", True) else "no ANALYZE"
        print(
            f"{size:>9,} persons: {path.stat().st_size / 2**20:7.1f} MiB  build {facts['build_s']:6.2f} s "
            f"(load {facts['load_s']} s, indexes {facts['index_s']} s, {analyzed}; {how})  {path.name}"
        )
    print()
    results = measure(paths, args.repeat, args.warmup, args.rounds, args.seed)
    all_pass = report(sizes, results, paths, args.explain)
    print(f"\n{'every target met' if all_pass else 'some targets missed'}")
    return 0 if all_pass else 1


if __name__ == "__main__":
    sys.exit(main())
