"""Pass two of an import: write the batches ``prepare`` makes.

Runs inside the import's one transaction. New persons arrive as ready-made rows (ids
taken up front, ``Writer.take_ids``) and are inserted with ``bulk.append_rows``: plain
``executemany`` on SQLite (peewee's ``insert_many`` costs about 5x more per row at this
size, PERF-NOTES d1/d5), ``COPY`` on PostgreSQL;
only company names, tag texts and attribute names are turned into ids here, where the
database is, a batch at a time (``bulk``). Merges update only the fields that change,
under ``protection``'s rule for a Lead or a Customer import (SPEC 2.4, 6.5), asked once
per type of the matched profile, and every change is written to the history with the
source ``import #N`` so that the import can be undone.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from typing import Any

from psycopg2.extras import execute_batch

from .. import history, protection
from ..attributes import find_definition
from ..companies import name_key as company_key
from ..db import db, is_postgres
from ..fields import PERSON_TYPES
from ..folding import name_keys
from ..history import as_text
from ..models import utcnow
from ..tags import ensure_tags, tag_key
from . import bulk
from .options import COMPANY_COLUMNS, PERSON_COLUMNS, ImportOptions
from .plan import Decision
from .prepare import Batch
from .rowcheck import Row, layout
from .updates import company_update, current_persons, current_tags, current_values, person_update

CONTACT_ROW = ("person_id", "kind", "value")
RESERVE_FROM = 10_000
"""PostgreSQL: from this many new persons their ids are one reserved block (``bulk.reserve_ids``;
403,146 ``nextval`` calls took 2-4 s), below it one ``nextval`` each (no second connection)."""
PERSON_ROW = (
    "id",
    "type",
    *PERSON_COLUMNS,
    "company_id",
    "name_key",
    "last_key",
    "created_at",
    "modified_at",
)


def _executemany(sql: str, rows: list[tuple]) -> None:
    if not rows:
        return
    if is_postgres():
        # psycopg2's executemany is one round trip a row; a page of statements a trip is ~10x
        # faster (plain inserts take ``bulk.append_rows``: COPY).
        execute_batch(db.cursor(), sql.replace("?", db.param), rows, page_size=1000)
    else:
        db.cursor().executemany(sql, rows)


def _update_persons(updates: dict[int, dict[str, Any]]) -> None:
    """Set the given columns of each person (id → {column: value}), rows setting the same columns together."""
    groups: dict[tuple[str, ...], list[tuple]] = defaultdict(list)
    for person_id, new in updates.items():
        keys = tuple(sorted(new))
        groups[keys].append((*(new[k] for k in keys), person_id))
    for keys, rows in groups.items():
        bulk.update_rows("person", keys, rows)


class Writer:
    """Writes records of one import; call ``add`` per record, then ``close``."""

    def __init__(
        self,
        options: ImportOptions,
        run_id: int,
        import_tags: list[str],
        owners: dict[str, int],
        decisions: dict[int, Decision],
    ) -> None:
        """Prepare caches for tags, companies and attributes."""
        self.options = options
        self.run_id = run_id
        source = protection.import_source(options.person_type)
        self.source = f"{source.history} #{run_id}"
        # The rule for each type a matched profile can have, asked once (not per record).
        self.permissions = {t: protection.decide(source, t) for t in PERSON_TYPES}
        self._tag_names: dict[int, str] = {}
        self.now = utcnow()
        # Raw rows get the time as the text SQLite stores (adapting 1.5M datetimes costs ~3 s).
        self.stamp: Any = self.now if is_postgres() else self.now.isoformat(" ")
        self.entity = "person" if options.of == "persons" else "company"
        self.layout = layout(options.of)
        self.import_tag_ids = list(ensure_tags(import_tags).values()) if import_tags else []
        self.tag_ids: dict[str, int] = {}  # tag text as in the file → id
        self.company_ids: dict[str, int] = {}  # company name as in the file → id
        self.attribute_ids: dict[str, int] = {}
        self.owners = owners
        self.decisions = decisions
        self._prior_kept: set[int] = set()  # profiles whose modified-at of before is kept

    def write(self, batch: Batch) -> None:
        """Write one batch from ``prepare``."""
        _done, people, contacts, tags, values, creates, merges = batch
        if self.entity == "person":
            self._create_persons(people, contacts, tags, values)
            self._merge_persons([(row, self.decisions[group]) for group, row in merges])
        else:
            self._create_companies(creates)
            self._merge_companies([(row, self.decisions[group]) for group, row in merges])

    def take_ids(self, count: int) -> array:
        """Ids for ``count`` new persons (an ``array``: compact), taken in one go before any is inserted.

        The persons' "created" history is one ``CreationBatch`` row, written here.
        """
        if is_postgres():
            block = bulk.reserve_ids("person", count) if count >= RESERVE_FROM else None
            if block is not None:
                ids = array("q", block)
            else:
                cursor = db.execute_sql(
                    "SELECT nextval(pg_get_serial_sequence('person', 'id')) FROM generate_series(1, %s)",
                    (count,),
                )
                ids = array("q", [r[0] for r in cursor.fetchall()])
        else:
            seq = db.execute_sql("SELECT seq FROM sqlite_sequence WHERE name = 'person'").fetchone()
            top = db.execute_sql("SELECT MAX(id) FROM person").fetchone()[0]
            start = max(seq[0] if seq else 0, top or 0) + 1
            ids = array("q", range(start, start + count))
        history.record_batch(self.source, ids, self.now)
        return ids

    # ---- shared helpers -------------------------------------------------------------

    def _tag_ids(self, names: list[str]) -> list[int]:
        """Ids of the file's tag texts (created when missing), with the import's own tags."""
        if not names:
            return self.import_tag_ids
        known = self._resolve_tags(names)
        return list(dict.fromkeys(self.import_tag_ids + [known[name] for name in names]))

    def _resolve_tags(self, names: set[str] | list[str]) -> dict[str, int]:
        """Ids of tag texts of the file, creating the missing tags (remembered)."""
        missing = {name for name in names if name not in self.tag_ids}
        if missing:
            keys = {name: tag_key(name) for name in missing}
            found = bulk.ids_by("tag", "name_key", set(keys.values()))
            absent = [name for name, key in keys.items() if key not in found]
            if absent:
                found.update(ensure_tags(absent))
            for name, key in keys.items():
                self.tag_ids[name] = found[key]
        return self.tag_ids

    def _company_id(self, name: str | None) -> int | None:
        return self._resolve_companies({name})[name] if name else None

    def _resolve_companies(self, names: set[str]) -> dict[str, int]:
        """Ids of company names of the file, creating the missing companies (remembered)."""
        missing = {name for name in names if name not in self.company_ids}
        if missing:
            keys = {name: company_key(name) for name in missing}
            found = bulk.ids_by("company", "name_key", set(keys.values()))
            absent: dict[str, str] = {}
            for name, key in keys.items():
                if key not in found:
                    absent.setdefault(key, name)
            if absent:
                stamp = self.now.isoformat(" ")
                bulk.insert_rows(
                    "company",
                    ("name", "name_key", "created_at", "modified_at"),
                    [(name, key, stamp, stamp) for key, name in absent.items()],
                )
                created = bulk.ids_by("company", "name_key", absent)
                bulk.insert_rows(
                    "change",
                    ("company_id", "at", "source", "field", "old_value", "new_value"),
                    [(i, stamp, self.source, "profile", None, "created") for i in created.values()],
                )
                found.update(created)
            for name, key in keys.items():
                self.company_ids[name] = found[key]
        return self.company_ids

    def _attribute_id(self, name: str) -> int:
        if name not in self.attribute_ids:
            definition = find_definition(name, self.entity)
            assert definition is not None, name  # checked when the mapping was resolved
            self.attribute_ids[name] = definition.id
        return self.attribute_ids[name]

    def _history(self, rows: list[tuple[Any, ...]]) -> None:
        column = "person_id" if self.entity == "person" else "company_id"
        bulk.append_rows("change", (column, "at", "source", "field", "old_value", "new_value"), rows)

    def _values(
        self, owner_id: int, custom: dict[str, tuple[str, float | None]], current: dict[str, str]
    ) -> tuple[list, list]:
        value_rows, changes = [], []
        for name, (text, number) in custom.items() if custom else ():
            old = current.get(name)
            if old == text:
                continue
            value_rows.append((owner_id, self._attribute_id(name), text, number))
            changes.append((owner_id, self.stamp, self.source, f"custom:{name}", old, text))
        return value_rows, changes

    def _upsert_values(self, rows: list[tuple]) -> None:
        table, owner = (
            ("person_value", "person_id") if self.entity == "person" else ("company_value", "company_id")
        )
        _executemany(
            f"INSERT INTO {table} ({owner}, attribute_id, value, number) VALUES (?, ?, ?, ?) "
            f"ON CONFLICT ({owner}, attribute_id) DO UPDATE SET value = excluded.value, number = excluded.number",
            rows,
        )

    # ---- persons --------------------------------------------------------------------

    def _create_persons(
        self, people: list[tuple], contacts: list[tuple], tags: list[tuple], values: list[tuple]
    ) -> None:
        if not people:
            return
        at = 2 + len(PERSON_COLUMNS)  # the company: a name from ``prepare``, an id here
        companies = self._resolve_companies({p[at] for p in people if p[at] is not None})
        people = [p if p[at] is None else (*p[:at], companies[p[at]], *p[at + 1 :]) for p in people]
        tag_rows = [(t, p[0]) for p in people for t in self.import_tag_ids]
        if tags:
            known = self._resolve_tags({text for text, _ in tags})
            tag_rows += [(known[text], person_id) for text, person_id in tags]
        value_rows = [(p, self._attribute_id(name), text, n) for p, name, text, n in values]
        bulk.append_rows("person", PERSON_ROW, people)
        bulk.append_rows("contact", CONTACT_ROW, contacts)
        bulk.append_rows("person_tag", ("tag_id", "person_id"), list(dict.fromkeys(tag_rows)))
        self._upsert_values(value_rows)

    def _merge_persons(self, merges: list[tuple[Row, Decision]]) -> None:
        if not merges:
            return
        shape = self.layout
        company = shape.slot["company"]
        self._resolve_companies({r[company] for r, _d in merges if r[company]})
        self._resolve_tags({t for r, _d in merges for t in r[shape.tags]})
        ids = [d.target for _r, d in merges if d.target is not None]
        current = current_persons(ids)
        have_tags = current_tags("person", ids)
        have_values = current_values("person", ids)
        updates: dict[int, dict[str, Any]] = defaultdict(dict)  # person id → its new values
        contacts: list[tuple[int, str, str]] = []
        tags: list[tuple[int, int]] = []
        values: list[tuple[Any, ...]] = []
        changes: list[tuple[int, Any, str, str, str | None, str | None]] = []
        priors: list[tuple[int, int, Any]] = []
        for record, decision in merges:
            person_id = decision.target
            assert person_id is not None  # a merge always names the profile it goes into
            old = current[person_id]
            update = person_update(
                record,
                shape,
                old,
                self.permissions[old["type"]],
                self.options.person_type,
                self.owners,
                self._company_id,
                self._tag_ids(record[shape.tags]),
                have_tags[person_id],
                have_values[person_id],
            )
            new = dict(update.fields)
            added = update.contacts
            contacts += [(person_id, "phone" if c.startswith("+") else "email", c) for c in added]
            changes += [
                (person_id, self.stamp, self.source, "phone" if c.startswith("+") else "email", None, c)
                for c in added
            ]
            for tag_id in update.tags:
                have_tags[person_id].add(tag_id)  # two records may merge into one profile
                tags.append((tag_id, person_id))
                changes.append((person_id, self.stamp, self.source, "tags", None, self._tag_name(tag_id)))
            for name, (text, number) in update.values.items():
                values.append((person_id, self._attribute_id(name), text, number))
                changes.append(
                    (
                        person_id,
                        self.stamp,
                        self.source,
                        f"custom:{name}",
                        have_values[person_id].get(name),
                        text,
                    )
                )
            if update:
                if person_id not in self._prior_kept:  # the first record into it saw it as it was
                    self._prior_kept.add(person_id)
                    priors.append((self.run_id, person_id, old["modified_at"]))
                if {"first_name", "last_name", "nickname"} & set(new):
                    merged = {**old, **new}
                    new["name_key"], new["last_key"] = name_keys(
                        merged["first_name"], merged["last_name"], merged["nickname"]
                    )
                new["modified_at"] = self.stamp
                for name, value in new.items():
                    if name in PERSON_COLUMNS or name in ("type", "company_id"):
                        field_name = "company" if name == "company_id" else name
                        changes.append(
                            (
                                person_id,
                                self.stamp,
                                self.source,
                                field_name,
                                as_text(old[name]),
                                as_text(value),
                            )
                        )
                updates[person_id].update(new)  # a later record into the same profile wins
                old.update({k: v for k, v in new.items() if k != "modified_at"})
        _update_persons(updates)
        bulk.append_rows("contact", CONTACT_ROW, contacts)
        bulk.append_rows("person_tag", ("tag_id", "person_id"), tags)
        self._upsert_values(values)
        self._history(changes)
        bulk.append_rows("import_prior", ("run_id", "person_id", "modified_at"), priors)

    def _tag_name(self, tag_id: int) -> str:
        names = self._tag_names
        if tag_id not in names:
            names[tag_id] = db.execute_sql(
                f"SELECT name FROM tag WHERE id = {db.param}", (tag_id,)
            ).fetchone()[0]
        return names[tag_id]

    # ---- companies ------------------------------------------------------------------

    def _create_companies(self, records: list[Row]) -> None:
        from ..models import Company

        shape = self.layout
        for record in records:
            fields = shape.values(record)
            company = Company.create(
                **fields, name_key=company_key(fields["name"]), created_at=self.now, modified_at=self.now
            )
            tag_rows = [(t, company.id) for t in self._tag_ids(record[shape.tags])]
            _executemany("INSERT INTO company_tag (tag_id, company_id) VALUES (?, ?)", tag_rows)
            rows, _ = self._values(company.id, record[shape.custom], {})
            self._upsert_values(rows)
            self._history([(company.id, self.stamp, self.source, "profile", None, "created")])

    def _merge_companies(self, merges: list[tuple[Row, Decision]]) -> None:
        from ..models import Company

        shape = self.layout
        for record, decision in merges:
            company = Company.get_by_id(decision.target)
            have_tags = current_tags("company", [company.id])[company.id]
            have_values = current_values("company", [company.id])[company.id]
            update = company_update(
                record,
                shape,
                {name: getattr(company, name) for name in COMPANY_COLUMNS},
                self._tag_ids(record[shape.tags]),
                have_tags,
                have_values,
            )
            changes = []
            for name, value in update.fields.items():
                changes.append((company.id, self.stamp, self.source, name, getattr(company, name), value))
                setattr(company, name, value)
            _executemany(
                "INSERT INTO company_tag (tag_id, company_id) VALUES (?, ?)",
                [(t, company.id) for t in update.tags],
            )
            changes += [
                (company.id, self.stamp, self.source, "tags", None, self._tag_name(t)) for t in update.tags
            ]
            rows, value_changes = self._values(company.id, update.values, have_values)
            self._upsert_values(rows)
            changes += value_changes
            if changes:
                _executemany(
                    "INSERT INTO import_prior (run_id, company_id, modified_at) VALUES (?, ?, ?)",
                    [(self.run_id, company.id, company.modified_at)],
                )
                company.name_key = company_key(company.name)
                company.modified_at = self.now
                company.save()
                self._history(changes)
