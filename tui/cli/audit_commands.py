"""``profiles audit``: the audit view's figures and the first duplicate candidates, without the console.

The figures are the console's (``store.audit.audit_report``, the same queries), so a quick
look over SSH agrees with the audit screen.
"""

from __future__ import annotations

import argparse

from store import audit
from store.merging import duplicates
from store.persons import listing

from .arguments import limit_number
from .output import emit_table
from .result import Result

SECTIONS = (
    ("contacts", "persons with"),
    ("recent", "recent"),
    ("types", "by type"),
    ("countries", "by country"),
    ("suspicious", "invalid-looking"),
)


def cmd_audit(args: argparse.Namespace) -> Result:
    """Every audit figure and the first ``--limit`` duplicate candidates with their names."""
    report = audit.audit_report()
    found = duplicates.find_duplicates(limit=args.limit)
    names = {
        row.id: row.name for row in listing.person_rows(sorted({i for c in found for i in c.person_ids}))
    }
    figures = [(section, finding) for section, _title in SECTIONS for finding in getattr(report, section)]
    data = {
        "total": report.total,
        "figures": [
            {"section": section, "key": f.key, "label": f.label, "count": f.count} for section, f in figures
        ],
        "duplicates": [{**c.to_dict(), "names": [names.get(i) for i in c.person_ids]} for c in found],
    }

    def render() -> None:
        print(f"{report.total:,} persons")
        titles = dict(SECTIONS)
        emit_table(["section", "figure", "persons"], [(titles[s], f.label, f.count) for s, f in figures])
        print()
        print(f"Duplicate candidates (first {args.limit}; merge with profiles persons merge ID ID):")
        emit_table(
            ["score", "persons", "reason"],
            [
                (f"{c.score:.2f}", " + ".join(f"#{i} {names.get(i, '?')}" for i in c.person_ids), c.reason)
                for c in found
            ],
        )

    return Result(data, render)


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``audit``."""
    parser = sub.add_parser("audit", help="data-quality figures and the first duplicate candidates")
    parser.add_argument(
        "--limit", type=limit_number, default=10, help="duplicate candidates shown (default 10)"
    )
    parser.set_defaults(func=cmd_audit)
