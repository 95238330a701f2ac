"""Pass one of an import: in-file duplicates, limits and matches, before anything is written.

Rows stream through once. Only what duplicate resolution needs is kept for the whole
file: each identifier's group (union-find), each valid row's group and contacts. Rows
that share an external id, a phone or an email become one record (SPEC 6.5); a row
that would bring one record past 20 contacts from this file is invalid (SPEC 6.3).
A file past MAX_ROWS rows, or whose state would pass MAX_HELD_BYTES, is refused while
it is read (``check_size``), so that one import stays within about 1 GB of memory.
``match`` then looks the records up among existing profiles in batches and decides,
per record, create, merge, discard, or an error when it matches several profiles; it
may run again on the same plan (an import confirmed after its analysis matches again
inside its write transaction) and then replaces what it decided before. The analysis
and the import both run this code, so their counts agree.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from ..contact_rules import MAX_CONTACTS
from ..db import db
from ..text_checks import shown
from .bulk import select_in
from .errors import FileRefused
from .options import ImportOptions
from .rowcheck import Issue, Layout, Row

MAX_FILE_CONTACTS = 20
MAX_ROWS = 1_000_000
"""The most data rows one import takes (a 50 MB CSV holds about 450,000)."""
MAX_HELD_BYTES = 384 << 20
"""About how much the plan may hold in memory (identifiers, contacts, error records)."""
SKIP, KEEP, CREATE, MERGE = 0, 1, 2, 3


@dataclass(frozen=True, slots=True)
class Decision:
    """What happens to one record: ``create``, ``merge`` or ``discard`` (with the profile
    matched), or ``invalid`` when it matches several profiles (``targets``)."""

    action: str
    target: int | None = None
    targets: tuple[int, ...] = ()


CREATE_NEW = Decision("create")  # shared by every new record: a file can hold 500,000 of them


@dataclass
class FilePlan:
    """What pass one learned about a file.

    Valid rows are numbered by ordinal (0, 1, ...) in file order; ``numbers[k]`` is row
    ``k``'s number in the file, ``groups[k]`` its record after ``finish``. ``decisions``
    holds only the records that match an existing profile (``decision`` gives any
    record's, ``create`` for the others) and ``last[g]`` is record ``g``'s last live
    ordinal: a file has 400,000 records to create, and a dict entry for each took ~80 MB.
    """

    rows: int = 0
    issues: list[Issue] = field(default_factory=list)  # pass one's, in file order
    match_issues: list[Issue] = field(default_factory=list)  # the last ``match``'s
    invalid_numbers: set[int] = field(default_factory=set)
    numbers: array = field(default_factory=lambda: array("l"))
    groups: array = field(default_factory=lambda: array("l"))
    contacts: list[tuple[str, ...]] = field(default_factory=list)
    keys: dict[str, int] = field(default_factory=dict)  # identifier → a group of it (``key_group``)
    parent: list[int] = field(default_factory=list)
    contact_count: list[int] = field(default_factory=list)
    decisions: dict[int, Decision] = field(default_factory=dict)  # matched records only
    dropped: set[int] = field(default_factory=set)  # ordinals invalidated by a match
    last: array = field(default_factory=lambda: array("l"))  # record → its last live ordinal (-1: none)
    contact_owner: dict[str, int] = field(default_factory=dict)  # existing owner of a file contact
    held: int = 0  # about how many bytes of memory pass one's state takes (``check_size``)

    def decision(self, group: int) -> Decision:
        """What happens to record ``group`` (after ``match``)."""
        return self.decisions.get(group, CREATE_NEW)

    def _find(self, group: int) -> int:
        parent = self.parent
        root = group
        while parent[root] != root:
            root = parent[root]
        while parent[group] != root:
            parent[group], group = root, parent[group]
        return root

    def add_invalid(self, number: int, issues: list[Issue]) -> None:
        """Count an invalid row and keep its issues."""
        self.rows += 1
        self.invalid_numbers.add(number)
        self.issues.extend(issues)
        # each issue's tuple and texts, and the record the result then makes of it (``errors``)
        self.held += 72 + sum(650 + len(value) + len(reason) for _, _, value, reason in issues)

    def check_size(self, number: int) -> None:
        """Refuse a file past MAX_ROWS rows, or whose state passed MAX_HELD_BYTES, by row ``number``.

        Called after each chunk of rows, so a file too large for one import is refused
        while it is read, before its state outgrows the memory an import may take.

        Raises:
            FileRefused: ``too-large``.
        """
        if self.rows > MAX_ROWS:
            raise FileRefused(
                "too-large",
                f"The file has more than {MAX_ROWS:,} data rows, the most one import takes: "
                "split it into smaller files.",
            )
        if self.held > MAX_HELD_BYTES:
            raise FileRefused(
                "too-large",
                f"The file is too large to import at once: by row {number:,} its identifiers, "
                f"contacts and error records would take more than {MAX_HELD_BYTES / (1 << 20):,.0f} MB of "
                "memory. Split it into smaller files.",
            )

    def add(self, row: Row, layout: Layout) -> bool:
        """Put a valid row into its record, joining records that share an identifier.

        Returns False when the row broke the 20-contacts rule and became invalid.
        """
        self.rows += 1
        index = self.keys
        keys = layout.keys(row)
        contacts = [*row[layout.phones], *row[layout.emails]]
        if len(contacts) > 1:
            contacts = list(dict.fromkeys(contacts))
        get = index.get
        known = [g for k in keys if (g := get(k)) is not None]
        roots: Collection[int]
        if known:
            roots = {self._find(g) for g in known}
            total = sum(self.contact_count[r] for r in roots) + sum(1 for c in contacts if c not in index)
        else:
            roots, total = (), len(contacts)
        if total > MAX_FILE_CONTACTS:
            number = row[0]
            self.invalid_numbers.add(number)
            self.issues.append(
                (number, "", "", f"more than {MAX_FILE_CONTACTS} contacts for one profile from this file")
            )
            self.held += 800
            return False
        # the row's ordinal, group and contacts; each new key's entry in ``keys``
        self.held += 64 + 130 * (len(keys) - len(known)) + 57 * len(contacts) + sum(map(len, contacts))
        if roots:
            root = min(roots)
            for other in roots:
                self.parent[other] = root
            for key in keys:
                index.setdefault(key, root)
            self.contact_count[root] = total
        else:
            root = len(self.parent)
            self.held += 48
            self.parent.append(root)
            self.contact_count.append(total)
            for key in keys:
                index[key] = root
        self.numbers.append(row[0])
        self.groups.append(root)
        self.contacts.append(tuple(contacts))
        return True

    def finish(self) -> None:
        """Resolve every valid row to its record (call once, after the last row)."""
        parent = self.parent
        # A record's parent is never after it (``add`` joins into the smallest root), so
        # one pass in order points every record at its root.
        for group in range(len(parent)):
            parent[group] = parent[parent[group]]
        self.groups = array("l", [parent[g] for g in self.groups])
        # ``keys`` keeps each key's first group (rebuilding a million-key dict took ~1 s):
        # ``key_group`` reads its record through the flattened ``parent``.

    def key_group(self, key: str) -> int:
        """The record an identifier key belongs to (after ``finish``)."""
        return self.parent[self.keys[key]]

    def codes(self) -> bytearray:
        """What pass two does with each valid row (after ``match``), one byte per ordinal.

        ``SKIP``: dropped, or its record is discarded or in conflict; ``KEEP``: part of a
        record whose last row comes later; ``CREATE`` / ``MERGE``: the record's last row,
        after which the record is written.
        """
        codes = bytearray(len(self.groups))
        groups, last, decisions, dropped = self.groups, self.last, self.decisions, self.dropped
        final = {"create": CREATE, "merge": MERGE}
        for k in range(len(groups)):
            if k in dropped:
                continue
            group = groups[k]
            decision = decisions.get(group)
            code = CREATE if decision is None else final.get(decision.action)
            if code is not None:
                codes[k] = code if last[group] == k else KEEP
        return codes

    def release(self) -> None:
        """Drop what only pass one and ``match`` need, before pass two fills SQLite's cache."""
        self.keys = {}
        self.contacts = []
        self.parent = []
        self.contact_count = []
        self.last = array("l")
        self.numbers = array("l")

    def all_issues(self) -> list[Issue]:
        """Every error record, pass one's and the last match's, in row order."""
        return sorted([*self.issues, *self.match_issues], key=lambda issue: issue[0])

    def live_ordinals(self) -> range:
        """Ordinals of the valid rows (check ``dropped`` for those a match invalidated)."""
        return range(len(self.groups))

    @property
    def invalid(self) -> int:
        """Rows with errors."""
        return len(self.invalid_numbers) + len(self.dropped)

    def counts(self) -> dict[str, int]:
        """rows, valid, invalid (rows) and created, updated, discarded (records)."""
        live = {self.groups[k] for k in self.live_ordinals() if k not in self.dropped}
        actions: defaultdict[str, int] = defaultdict(int)
        decisions = self.decisions
        for group in decisions.keys() & live:
            actions[decisions[group].action] += 1
        actions["create"] = len(live) - sum(actions.values())
        return {
            "rows": self.rows,
            "valid": self.rows - self.invalid,
            "invalid": self.invalid,
            "created": actions["create"],
            "updated": actions["merge"],
            "discarded": actions["discard"],
        }


def match(plan: FilePlan, options: ImportOptions) -> None:
    """Decide each record's fate against the existing profiles; fill ``plan.decisions``.

    A record matching two or more profiles becomes error records (one per row) naming
    them; with Merge, rows that would take a profile past 100 contacts are error records.
    """
    plan.decisions.clear()
    plan.dropped.clear()
    plan.last = array("l")
    plan.match_issues = []
    owners = _owners(plan, options)
    conflicts: dict[int, list[int]] = {}
    for group, matched in sorted(owners.items()):  # in the order of each record's first row
        found = sorted(matched)
        if len(found) > 1:
            conflicts[group] = found
            plan.decisions[group] = Decision("invalid", None, tuple(found))
        else:
            plan.decisions[group] = Decision(options.on_match, found[0])
    if conflicts:
        what = "companies" if options.of == "companies" else "profiles"
        for k in plan.live_ordinals():
            named = conflicts.get(plan.groups[k])
            if named:
                plan.dropped.add(k)
                ids = ", ".join(f"#{i}" for i in named)
                plan.match_issues.append(
                    (plan.numbers[k], "", "", f"matches {len(named)} existing {what} ({ids}): not merged")
                )
    if options.of == "companies":
        _drop_nameless_companies(plan)
    if options.of == "persons" and options.on_match == "merge":
        _limit_contacts(plan)
    last = plan.last = array("l", [-1]) * (max(plan.groups) + 1 if plan.groups else 0)
    dropped = plan.dropped
    for k, group in enumerate(plan.groups):  # later ordinals win
        if k not in dropped:
            last[group] = k


def _drop_nameless_companies(plan: FilePlan) -> None:
    """A company record that would be created but has no name: its rows are error records.

    A row may give only an external id: it is valid when that id matches an existing
    company (or another row of the same record gives the name), which only matching tells.
    """
    root = plan.parent
    named = {root[group] for key, group in plan.keys.items() if key.startswith("\x00n:")}
    nameless = {
        root[group]: key[3:]
        for key, group in plan.keys.items()
        if key.startswith("\x00x:")
        and root[group] not in named
        and plan.decision(root[group]).action == "create"
    }
    if not nameless:
        return
    for k in plan.live_ordinals():
        external = nameless.get(plan.groups[k])
        if external is not None and k not in plan.dropped:
            plan.dropped.add(k)
            plan.match_issues.append(
                (
                    plan.numbers[k],
                    "",
                    "",
                    f"name missing: a new company needs a name, and no company has the external id {shown(external)}",
                )
            )


def _has_rows(table: str) -> bool:
    """Whether ``table`` holds any row (one step of its primary key)."""
    return db.execute_sql(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None


def _owners(plan: FilePlan, options: ImportOptions) -> dict[int, set[int]]:
    """Record → ids of existing profiles sharing one of its identifiers."""
    table = "person" if options.of == "persons" else "company"
    plan.contact_owner = {}
    if not _has_rows(table) and not _has_rows("contact"):
        return {}  # an empty store matches nothing: a new store's import skips a million lookups
    ext: list[str] = []
    names: list[str] = []
    contacts: list[str] = []
    for key in plan.keys:  # one pass: a file has a million keys
        if key[0] != "\x00":
            contacts.append(key)
        elif key[1] == "x":
            ext.append(key[3:])
        else:
            names.append(key[3:])
    found: list[tuple[str, int]] = [
        ("\x00x:" + v, i)
        for v, i in select_in(f"SELECT external_id, id FROM {table} WHERE external_id IN ({{values}})", ext)
    ]
    if names:
        found += [
            ("\x00n:" + v, i)
            for v, i in select_in("SELECT name_key, id FROM company WHERE name_key IN ({values})", names)
        ]
    if contacts:
        found += select_in("SELECT value, person_id FROM contact WHERE value IN ({values})", contacts)
    owners: dict[int, set[int]] = defaultdict(set)
    for key, owner in found:
        owners[plan.key_group(key)].add(owner)
    plan.contact_owner = {k: o for k, o in found if not k.startswith("\x00")}
    return owners


def _limit_contacts(plan: FilePlan) -> None:
    merges = {g: d.target for g, d in plan.decisions.items() if d.action == "merge" and d.target is not None}
    if not merges:
        return
    have: dict[int, int] = dict(
        select_in(
            "SELECT person_id, COUNT(*) FROM contact WHERE person_id IN ({values}) GROUP BY person_id",
            sorted(set(merges.values())),
        )
    )
    owner_of = plan.contact_owner
    room: dict[int, int] = {g: MAX_CONTACTS - have.get(t, 0) for g, t in merges.items()}
    seen: dict[int, set[str]] = defaultdict(set)
    for k in plan.live_ordinals():
        group = plan.groups[k]
        if group not in room or k in plan.dropped:
            continue
        new = [c for c in plan.contacts[k] if owner_of.get(c) is None and c not in seen[group]]
        if len(new) > room[group]:
            plan.dropped.add(k)
            plan.match_issues.append(
                (
                    plan.numbers[k],
                    "",
                    "",
                    f"the profile #{merges[group]} would hold more than {MAX_CONTACTS} contacts",
                )
            )
            continue
        room[group] -= len(new)
        seen[group].update(new)
