"""The seeded generator that writes one demo database's rows (persons, companies, events...).

``Population.write()`` inserts everything with ``executemany`` on one cursor inside the
caller's transaction; ``import_files()`` gives the three small files whose import
history the demo carries. The same seed and ``now`` give the same rows.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

import phonenumbers

from .. import attribute_types
from ..companies import name_key as company_key
from ..db import db
from ..events.definitions import enable_template
from ..events.recording import NewEvent, record_events
from ..folding import fold, name_keys
from ..tags import tag_key
from .data import (
    ATTRIBUTES,
    CHANNELS,
    COMPANIES,
    COMPANY_FORMS,
    COMPANY_TRADES,
    COMPANY_WORDS,
    INDUSTRIES,
    ORIGINS,
    PERSON_COLUMNS,
    PRODUCTS,
    SIZES,
    TAGS,
    TYPES,
    Origin,
)
from .imports import DemoImport, Known, Newcomer, crm_notes, trade_fair, webinar


def _stamp(moment: dt.datetime) -> str:
    """A time as the text Peewee stores in SQLite."""
    return moment.strftime("%Y-%m-%d %H:%M:%S")


class Population:
    """Produces and writes the rows of one demo database from a seeded random source."""

    def __init__(self, rng: random.Random, size: int, now: dt.datetime) -> None:
        self.rng = rng
        self.size = size
        self.now = now
        self.phones: set[str] = set()
        self.emails: set[str] = set()
        self.people: list[dict[str, Any]] = []
        self.companies: list[str] = []
        self.cursor = db.cursor()

    def _many(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        if rows:
            marks = ", ".join("?" * len(columns))
            self.cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    def _pick(self, weighted: Sequence[tuple[Any, float]]) -> Any:
        roll, total = self.rng.random(), 0.0
        for value, share in weighted:
            total += share
            if roll < total:
                return value
        return weighted[-1][0]

    def phone(self, origin: Origin) -> str:
        """A new valid mobile number of ``origin`` in E.164 (checked with phonenumbers)."""
        while True:
            prefix, digits = self.rng.choice(origin.phones)
            number = f"{prefix}{self.rng.randrange(10 ** (digits - 1), 10**digits)}"
            if number not in self.phones and phonenumbers.is_valid_number(phonenumbers.parse(number)):
                self.phones.add(number)
                return number

    def email(self, origin: Origin, first: str, last: str, pid: int) -> str:
        """A new lower-case email from the name."""
        f = fold(first).replace(" ", "").replace("'", "")
        la = fold(last).replace(" ", "").replace("'", "")
        pattern = pid % 4
        local = (f"{f}.{la}", f"{f[0]}{la}", f"{la}.{f}{pid % 97}", f"{f}{pid}")[pattern]
        value = f"{local}@{self.rng.choice(origin.domains)}"
        if value in self.emails:
            value = f"{f}.{la}.{pid}@{origin.domains[0]}"
        self.emails.add(value)
        return value

    def ago(self, days: float) -> dt.datetime:
        """The moment ``days`` before now, to the second."""
        return self.now - dt.timedelta(seconds=int(days * 86_400))

    def write(self) -> tuple[int, int, int, int]:
        """Write everything; returns (persons, companies, events, duplicate pairs planted)."""
        tags = self.write_tags()
        companies = self.write_companies()
        attributes = self.write_attributes()
        people = [self.person(pid, companies) for pid in range(1, self.size + 1)]
        duplicates = self.plant_duplicates(people)
        self.people = people
        rows = [p["row"] for p in people]
        self._many("person", PERSON_COLUMNS, rows)
        self._many(
            "contact",
            ("person_id", "kind", "value"),
            [(p["row"][0], k, v) for p in people for k, v in p["contacts"]],
        )
        self._many("person_tag", ("tag_id", "person_id"), self.person_tags(people, tags))
        self._many(
            "person_value", ("person_id", "attribute_id", "value", "number"), self.values(people, attributes)
        )
        self._many(
            "push_registration",
            ("registration_id", "person_id", "platform", "created_at"),
            self.pushes(people),
        )
        self._many("anonymous_id", ("value", "person_id", "created_at"), self.anonymous_ids(people))
        self._many(
            "change", ("person_id", "at", "source", "field", "old_value", "new_value"), self.changes(people)
        )
        events = self.write_events(people)
        # The definitions were created just now; date them like the rest, so a seed gives one file.
        db.execute_sql("UPDATE event_definition SET created_at = ?", (_stamp(self.ago(400)),))
        return len(people), len(companies), events, duplicates

    def write_tags(self) -> dict[str, int]:
        """Write the demo's tags; returns their ids by name."""
        created = _stamp(self.ago(900))
        rows = [(i, name, tag_key(name), created) for i, name in enumerate(TAGS, 1)]
        self._many("tag", ("id", "name", "name_key", "created_at"), rows)
        return {name: i for i, name in enumerate(TAGS, 1)}

    def write_companies(self) -> list[tuple[int, str]]:
        """Write the companies (unique names); returns each one's id and country."""
        rows: list[tuple[Any, ...]] = []
        seen: set[str] = set()
        result: list[tuple[int, str]] = []
        wanted = max(5, min(COMPANIES, self.size // 25))
        while len(rows) < wanted:
            origin = self._pick(ORIGINS)
            word, trade = self.rng.choice(COMPANY_WORDS), self.rng.choice(COMPANY_TRADES)
            name = f"{word} {trade} {COMPANY_FORMS[origin.country]}"
            if company_key(name) in seen:
                continue
            seen.add(company_key(name))
            cid = len(rows) + 1
            created = _stamp(self.ago(self.rng.uniform(200, 1500)))
            domain = (
                f"{fold(word)}-{fold(trade)}.{origin.country.lower() if origin.country != 'GB' else 'co.uk'}"
            )
            rows.append(
                (
                    cid, name, company_key(name), f"C-{cid:05d}", domain, self.rng.choice(INDUSTRIES),
                    self.rng.choice(SIZES), f"{self.rng.choice(origin.streets)} {self.rng.randrange(1, 90)}",
                    self.rng.choice(origin.cities), origin.country, created, created,
                )
            )  # fmt: skip
            result.append((cid, origin.country))
            self.companies.append(name)
        self._many(
            "company",
            ("id", "name", "name_key", "external_id", "domain", "industry", "size", "address", "city",
             "country", "created_at", "modified_at"),
            rows,
        )  # fmt: skip
        return result

    def write_attributes(self) -> dict[str, tuple[int, str]]:
        """Write the custom attribute definitions; returns each one's id and type by name."""
        created = _stamp(self.ago(900))
        rows = [
            (i, "person", name, fold(name), type_, created) for i, (name, type_) in enumerate(ATTRIBUTES, 1)
        ]
        self._many("attribute_def", ("id", "entity", "name", "name_key", "type", "created_at"), rows)
        return {name: (i, type_) for i, (name, type_) in enumerate(ATTRIBUTES, 1)}

    def person(self, pid: int, companies: list[tuple[int, str]]) -> dict[str, Any]:
        """One person: its row, contacts and what else it gets."""
        rng = self.rng
        type_ = self._pick(TYPES)
        # Created over three years; one in fifty in the last month, so the audit's
        # "created in the last 7 / 30 days" shows something.
        age = rng.uniform(0, 30) if rng.random() < 0.02 else rng.uniform(30, 1100)
        created = self.ago(age)
        modified = created + dt.timedelta(days=rng.uniform(0, age)) if rng.random() < 0.4 else created
        if type_ == "anonymous":
            row = (pid, type_, *([None] * 15), _stamp(created), _stamp(modified))
            return {"row": row, "contacts": [], "origin": None, "type": type_}
        origin = self._pick(ORIGINS)
        male = rng.random() < 0.5
        first = rng.choice(origin.male if male else origin.female)
        last = rng.choice(origin.last)
        middle = rng.choice(origin.male if male else origin.female) if rng.random() < 0.04 else None
        nickname = first[:3] + ("i" if origin.country == "DE" else "y") if rng.random() < 0.03 else None
        birth = (self.now.date() - dt.timedelta(days=rng.randrange(18 * 365, 85 * 365))).isoformat()
        company = None
        if rng.random() < 0.3:
            same = [c for c, country in companies if country == origin.country]
            company = rng.choice(same or [c for c, _ in companies])
        contacts: list[tuple[str, str]] = []
        roll = rng.random()
        if roll > 0.03:  # 3% have no contact at all (the audit finds them)
            if roll < 0.85 or type_ == "agent":
                contacts.append(("email", self.email(origin, first, last, pid)))
            if roll > 0.25:
                contacts.append(("phone", self.phone(origin)))
            if rng.random() < 0.06:
                contacts.append(("phone", self.phone(origin)))
            if rng.random() < 0.05:
                contacts.append(("email", f"{fold(first)}.{pid}@work-mail.{origin.country.lower()}"))
        if pid % 331 == 7 and contacts and contacts[0][0] == "email":
            contacts[0] = ("email", contacts[0][1].split("@")[0] + "@example.com")  # a test address
        if pid % 499 == 11:
            nickname = f"{first}2"  # a digit in a name
        full_key, last_key = name_keys(first, last, nickname)
        row = (
            pid,
            type_,
            f"CRM-{pid:06d}" if type_ == "customer" and rng.random() < 0.7 else None,
            first,
            last,
            middle,
            nickname,
            ("male" if male else "female") if rng.random() < 0.8 else None,
            "1890-02-28" if pid % 701 == 3 else birth if rng.random() < 0.6 else None,
            f"{rng.choice(origin.streets)} {rng.randrange(1, 200)}" if rng.random() < 0.5 else None,
            rng.choice(origin.cities) if rng.random() < 0.85 else None,
            origin.country if rng.random() < 0.9 else None,
            origin.language if rng.random() < 0.6 else None,
            f"https://cdn.example.com/avatars/{pid}.jpg" if rng.random() < 0.05 else None,
            company,
            full_key,
            last_key,
            _stamp(created),
            _stamp(modified),
        )
        return {"row": row, "contacts": contacts, "origin": origin, "type": type_}

    def plant_duplicates(self, people: list[dict[str, Any]]) -> int:
        """Turn some persons into near-copies of others: what the duplicate finder should find."""
        named = [p for p in people if p["origin"] is not None]
        planted = 0
        half = len(named) // 2
        step = max(1, half // max(3, len(named) // 100))
        for n, (original, copy) in enumerate(zip(named[1:half:step], named[half + 1 :: step], strict=False)):
            row, new = list(original["row"]), list(copy["row"])
            first, last = row[3], row[4]
            if n % 3 == 2 and len(first) >= 4:
                # A typo: two neighbouring letters swapped, with a phone of the same country.
                i = 1 + n % (len(first) - 2)
                first = first[:i] + first[i + 1] + first[i] + first[i + 2 :]
                copy["contacts"] = [("phone", self.phone(original["origin"]))]
                if not any(k == "phone" for k, _v in original["contacts"]):
                    original["contacts"].append(("phone", self.phone(original["origin"])))
                new[7] = row[7]  # same gender
            elif n % 3 == 1:
                new[14] = row[14] or new[14] or 1  # same name, same company
                row[14] = new[14]
            else:
                new[8] = row[8] or "1984-05-17"  # same name, same birth date
                row[8] = new[8]
            new[3], new[4] = first, last
            new[15], new[16] = name_keys(first, last, new[6])
            new[6] = None
            original["row"], copy["row"] = tuple(row), tuple(new)
            planted += 1
        return planted

    def changes(self, people: list[dict[str, Any]]) -> list[tuple]:
        """The history a profile would have: its creation, and a change when it was modified."""
        rows = []
        for p in people:
            row = p["row"]
            rows.append((row[0], row[17], self.rng.choice(("api", "cli", "tui")), "profile", None, "created"))
            if row[18] != row[17] and p["origin"] is not None:
                old = self.rng.choice(p["origin"].cities)
                rows.append((row[0], row[18], "tui", "city", old, row[10]))
        return rows

    def person_tags(self, people: list[dict[str, Any]], tags: dict[str, int]) -> list[tuple[int, int]]:
        """``(tag id, person id)`` rows: one to three tags on about a third of the named persons."""
        rows = []
        for p in people:
            if p["type"] != "anonymous" and self.rng.random() < 0.35:
                for name in self.rng.sample(TAGS, self.rng.choice((1, 1, 2, 3))):
                    rows.append((tags[name], p["row"][0]))
        return rows

    def values(self, people: list[dict[str, Any]], attributes: dict[str, tuple[int, str]]) -> list[tuple]:
        """Custom value rows of customers and leads, checked by ``attribute_types.parse``."""
        rows = []
        for p in people:
            if p["type"] not in ("customer", "lead") or self.rng.random() < 0.3:
                continue
            rng = self.rng
            raw = {
                "loyalty points": rng.randrange(0, 5000) if p["type"] == "customer" else None,
                "lifetime value": f"{rng.uniform(0, 4000):.2f}" if p["type"] == "customer" else None,
                "newsletter opt-in": rng.random() < 0.6,
                "preferred channel": rng.choice(CHANNELS) if rng.random() < 0.7 else None,
                "last order": self.ago(rng.uniform(1, 360)).date() if p["type"] == "customer" else None,
            }
            for name, value in raw.items():
                if value is not None:
                    attribute_id, type_ = attributes[name]
                    text, number = attribute_types.parse(name, type_, value)
                    rows.append((p["row"][0], attribute_id, text, number))
        return rows

    def pushes(self, people: list[dict[str, Any]]) -> list[tuple]:
        """Push registration rows for about one customer in eight."""
        rows = []
        for p in people:
            if p["type"] == "customer" and self.rng.random() < 0.12:
                pid = p["row"][0]
                platform = self.rng.choice(("android", "ios"))
                created = dt.datetime.fromisoformat(p["row"][17]) + dt.timedelta(days=1)
                rows.append((f"{platform}-{self.rng.getrandbits(64):016x}", pid, platform, _stamp(created)))
        return rows

    def anonymous_ids(self, people: list[dict[str, Any]]) -> list[tuple]:
        """One web anonymous id per Anonymous visitor."""
        return [
            (f"web-{self.rng.getrandbits(64):016x}", p["row"][0], p["row"][17])
            for p in people
            if p["type"] == "anonymous"
        ]

    def write_events(self, people: list[dict[str, Any]]) -> int:
        """A year of shop and chat events, heavier for customers, checked by ``record_events``."""
        enable_template("ecommerce")
        rng = self.rng
        batch: list[NewEvent] = []
        for p in people:
            pid, type_ = p["row"][0], p["type"]
            if rng.random() < (0.25 if type_ == "lead" else 0.1 if type_ == "agent" else 0.7):
                continue
            visits = rng.randrange(1, 12) if type_ != "customer" else rng.randrange(2, 25)
            for _ in range(visits):
                at = self.ago(rng.uniform(0, 365))
                product, name, category, price = rng.choice(PRODUCTS)
                batch.append(
                    NewEvent(pid, "ProductViewed", {"productId": product, "productName": name, "category": category, "price": price, "currency": "EUR"}, at)
                )  # fmt: skip
                if type_ == "anonymous" or rng.random() < 0.5:
                    continue
                later = at + dt.timedelta(minutes=rng.randrange(1, 30))
                batch.append(NewEvent(pid, "AddedToCart", {"productId": product, "productName": name, "productPrice": price, "quantity": 1, "currency": "EUR"}, later))  # fmt: skip
                if type_ == "customer" and rng.random() < 0.6:
                    done = later + dt.timedelta(minutes=rng.randrange(2, 20))
                    batch.append(NewEvent(pid, "OrderCompleted", {"orderId": f"O-{len(batch):07d}", "orderTotal": price, "currency": "EUR", "itemCount": 1, "paymentMethod": rng.choice(("card", "paypal", "cash on delivery"))}, done))  # fmt: skip
                elif rng.random() < 0.3:
                    batch.append(NewEvent(pid, "CartAbandoned", {"cartId": f"C-{len(batch):07d}", "cartValue": price}, later + dt.timedelta(hours=1)))  # fmt: skip
            if type_ == "customer" and rng.random() < 0.3:
                at = self.ago(rng.uniform(0, 200))
                session = f"S-{pid}-{rng.randrange(1000)}"
                batch.append(NewEvent(pid, "SessionStarted", {"channel": rng.choice(("chatbot", "inbox")), "sessionId": session}, at))  # fmt: skip
                batch.append(NewEvent(pid, "SessionEnded", {"channel": "chatbot", "sessionId": session, "durationSeconds": rng.randrange(30, 900)}, at + dt.timedelta(minutes=8)))  # fmt: skip
        return record_events(batch)

    def newcomers(self, count: int, origin: Origin | None = None) -> list[Newcomer]:
        """Persons an import file brings in: new names with new phones and emails."""
        found = []
        for n in range(count):
            where = origin or self._pick(ORIGINS)
            first = self.rng.choice(where.male if self.rng.random() < 0.5 else where.female)
            last = self.rng.choice(where.last)
            email = self.email(where, first, last, self.size + 100 + n)
            city = self.rng.choice(where.cities) if self.rng.random() < 0.8 else None
            found.append(Newcomer(first, last, email, self.phone(where), city, where.country))
        return found

    def known(self, count: int, type_: str) -> list[Known]:
        """Persons of ``type_`` already in the demo, with their first email, picked at random."""
        with_email = [
            p for p in self.people if p["type"] == type_ and p["contacts"] and p["contacts"][0][0] == "email"
        ]
        chosen = self.rng.sample(with_email, min(count, len(with_email)))
        return [Known(p["row"][3], p["row"][4], p["contacts"][0][1]) for p in chosen]

    def import_files(self) -> list[DemoImport]:
        """The files of the import history (written and imported by ``demo.imports``)."""
        croatia = next(origin for origin, _share in ORIGINS if origin.country == "HR")
        fair = trade_fair(
            self.rng, self.newcomers(14), self.known(2, "lead") + self.known(2, "customer"), self.companies
        )
        return [
            fair,
            webinar(self.rng, self.newcomers(8, croatia), self.known(3, "customer")),
            crm_notes(self.known(3, "lead")),
        ]
