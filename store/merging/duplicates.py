"""Duplicate candidates: persons that are probably the same, listed for review with a reason.

The same phone or email cannot be on two profiles (2.1), so the rules look at names:

- **same name and birth date** (score 0.95): equal folded "first last" (case and accents
  ignored) and equal birth date;
- **same name and company** (0.85): equal folded "first last" in the same company;
- **similar name, same phone country** (0.6): the same folded last name, first names
  that differ by one edit (one letter added, removed, replaced, or two neighbours
  swapped: Ana/Anna, Ivan/Ivna; both at least three letters), genders not contradicting
  each other, and at least one phone each with the same country calling code.

Only persons with a last name take part. Nothing compares all pairs, and no index is
kept for this alone (two such indexes cost every large import ~2.6 s, docs/benchmarks.md): the first
two rules read the folded names held by two or more persons from the name index (a
covering scan), then those names' persons in name order, a growing batch of names at a
time, grouped by birth date and by company, and stop once the best wanted rule has enough
groups; the third walks the last-name index in pages and compares first names only
within one last name, through one-deletion keys (two names within one edit share a key),
so its cost grows with the persons walked, not with their square. Rules run in score
order and stop at ``limit``.
"""

from __future__ import annotations

import collections
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import phonenumbers

from ..arguments import check_limit
from ..db import db, tuple_rows
from ..errors import InvalidValue
from ..models import Company

RULES = {
    "name_birth_date": ("same name and birth date", 0.95),
    "name_company": ("same name and company", 0.85),
    "similar_name": ("similar name, same phone country", 0.6),
}
MAX_LIMIT = 1000
WALK_PAGE = 5000
MIN_NAME = 3
FIRST_NAMES, MAX_NAMES = 8, 512  # names read by the first batch; each batch doubles, up to the second


@dataclass(frozen=True)
class DuplicateCandidate:
    """Persons that are probably one, why, and how sure (0-1)."""

    person_ids: tuple[int, ...]
    rule: str
    reason: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        """The candidate as JSON-ready data."""
        return {
            "persons": list(self.person_ids),
            "rule": self.rule,
            "reason": self.reason,
            "score": self.score,
        }


def find_duplicates(*, limit: int = 50, rules: Sequence[str] | None = None) -> list[DuplicateCandidate]:
    """Up to ``limit`` candidates, best rule first; ``rules`` picks some of ``RULES``."""
    limit = check_limit(limit, maximum=MAX_LIMIT)
    chosen = sorted(set(RULES) if not rules else {_rule(r) for r in rules}, key=list(RULES).index)
    found: list[DuplicateCandidate] = []
    seen: set[tuple[int, ...]] = set()
    same_name = _same_names([r for r in chosen if r != "similar_name"], limit)
    for rule in chosen:
        source = _similar_names() if rule == "similar_name" else same_name[rule]
        for candidate in source:
            if candidate.person_ids in seen:
                continue
            seen.add(candidate.person_ids)
            found.append(candidate)
            if len(found) >= limit:
                return found
    return found


def _rule(name: str) -> str:
    key = name.strip().lower().replace("-", "_")
    if key not in RULES:
        raise InvalidValue(
            f"Duplicate rule {name!r} is not one of {', '.join(RULES)}.", field="rule", value=name
        )
    return key


def _same_names(rules: list[str], limit: int) -> dict[str, list[DuplicateCandidate]]:
    """Candidates of the same-name rules wanted, by rule, in name then value order.

    The walk stops once the first wanted rule has ``limit`` groups: its groups are listed
    before any other rule's, and no two of them hold the same persons.
    """
    groups: dict[str, list[tuple[str, Any, tuple[int, ...]]]] = {rule: [] for rule in rules}
    if rules:
        names = [
            name
            for (name,) in db.execute_sql(
                "SELECT name_key FROM person WHERE name_key IS NOT NULL "
                "GROUP BY name_key HAVING COUNT(*) > 1 ORDER BY name_key"
            )
        ]
        start, size = 0, FIRST_NAMES
        while start < len(names) and len(groups[rules[0]]) < limit:
            chunk = names[start : start + size]
            start, size = start + len(chunk), min(2 * size, MAX_NAMES)
            for rule, name, value, members in _name_groups(chunk):
                if rule in groups:
                    groups[rule].append((name, value, members))
    companies: dict[int, str] = {}
    if groups.get("name_company"):
        wanted = list({value for _n, value, _m in groups["name_company"]})
        for start in range(0, len(wanted), 900):
            chunk = wanted[start : start + 900]
            companies.update(
                tuple_rows(Company.select(Company.id, Company.name).where(Company.id.in_(chunk)))
            )
    found: dict[str, list[DuplicateCandidate]] = {}
    for rule, listed in groups.items():
        label, score = RULES[rule]
        found[rule] = [
            DuplicateCandidate(
                members,
                rule,
                f"{label}: {name!r}, {companies.get(value, value) if rule == 'name_company' else value}",
                score,
            )
            for name, value, members in listed
        ]
    return found


def _name_groups(names: list[str]) -> list[tuple[str, str, Any, tuple[int, ...]]]:
    """(rule, name, birth date or company id, person ids) of the persons with these names
    sharing a birth date or a company, in rule, name and value order."""
    marks = ", ".join([db.param] * len(names))
    groups: dict[tuple[str, str, Any], list[int]] = collections.defaultdict(list)
    for name, birth, company, person_id in db.execute_sql(
        f"SELECT name_key, birth_date, company_id, id FROM person WHERE name_key IN ({marks}) AND last_key IS NOT NULL",
        names,
    ):
        if birth is not None:
            groups[("name_birth_date", name, str(birth)[:10])].append(person_id)
        if company is not None:
            groups[("name_company", name, company)].append(person_id)
    return [
        (rule, name, value, tuple(sorted(members)))
        for (rule, name, value), members in sorted(groups.items())
        if len(members) > 1
    ]


def _walk_last_names() -> Iterator[list[tuple[int, str, str, str | None]]]:
    """Persons with a last name, one block of equal last name at a time, by keyset pages."""
    p = db.param
    cursor: tuple[str, int] | None = None
    block: list[tuple[int, str, str, str | None]] = []
    while True:
        where = "last_key IS NOT NULL"
        params: tuple[Any, ...] = ()
        if cursor is not None:
            where += f" AND (last_key > {p} OR (last_key = {p} AND id > {p}))"
            params = (cursor[0], cursor[0], cursor[1])
        rows = db.execute_sql(
            f"SELECT id, last_key, name_key, gender FROM person WHERE {where} "
            f"ORDER BY last_key, id LIMIT {WALK_PAGE}",
            params,
        ).fetchall()
        for row in rows:
            if block and block[0][1] != row[1]:
                yield block
                block = []
            block.append(row)
        if len(rows) < WALK_PAGE:
            break
        cursor = (rows[-1][1], rows[-1][0])
    if block:
        yield block


def _similar_names() -> Iterator[DuplicateCandidate]:
    label, score = RULES["similar_name"]
    for block in _walk_last_names():
        by_first: dict[str, list[tuple[int, str | None]]] = collections.defaultdict(list)
        last = block[0][1]
        for pid, _last, name_key, gender in block:
            first = name_key[: -len(last) - 1] if name_key and name_key.endswith(" " + last) else ""
            if len(first) >= MIN_NAME:
                by_first[first].append((pid, gender))
        if len(by_first) < 2:
            continue
        for a, b in _similar_pairs(list(by_first)):
            pairs = [(x, y) for x, gx in by_first[a] for y, gy in by_first[b] if not (gx and gy and gx != gy)]
            countries = _phone_countries({i for pair in pairs for i in pair})
            for x, y in pairs:
                shared = countries.get(x, set()) & countries.get(y, set())
                if shared:
                    code = min(shared)
                    yield DuplicateCandidate(
                        tuple(sorted((x, y))),
                        "similar_name",
                        f"{label}: {a!r}/{b!r} {last!r}, +{code}",
                        score,
                    )


def _similar_pairs(names: list[str]) -> list[tuple[str, str]]:
    """Pairs of distinct names within one edit, found through shared one-deletion keys."""
    keys: dict[str, list[str]] = collections.defaultdict(list)
    for name in names:
        for key in {name, *(name[:i] + name[i + 1 :] for i in range(len(name)))}:
            keys[key].append(name)
    pairs: set[tuple[str, str]] = set()
    for group in keys.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if a != b and within_one_edit(a, b):
                    pairs.add((min(a, b), max(a, b)))
    return sorted(pairs)


def within_one_edit(a: str, b: str) -> bool:
    """True when ``b`` is ``a`` with at most one letter added, removed, replaced or swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


def calling_code(e164: str) -> int | None:
    """The country calling code of an E.164 number (``+385...`` → 385), or None."""
    digits = e164.lstrip("+")
    for size in (1, 2, 3):
        code = int(digits[:size]) if digits[:size].isdigit() else None
        if code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
            return code
    return None


def _phone_countries(person_ids: set[int]) -> dict[int, set[int]]:
    result: dict[int, set[int]] = collections.defaultdict(set)
    ids = sorted(person_ids)
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        marks = ", ".join([db.param] * len(chunk))
        rows = db.execute_sql(
            f"SELECT person_id, value FROM contact WHERE kind = 'phone' AND person_id IN ({marks})", chunk
        ).fetchall()
        for pid, value in rows:
            code = calling_code(value)
            if code is not None:
                result[pid].add(code)
    return result
