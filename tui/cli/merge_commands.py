"""``profiles persons merge|unmerge|duplicates|merges``: thin commands over ``store.merging``."""

from __future__ import annotations

import argparse

from store.merging import duplicates, merges
from store.merging.plan import plan_merge

from .arguments import id_number, limit_number, person_number
from .output import emit_table
from .person_commands import parse_pairs, person_result, persons_result, resolve_person
from .result import Result


def _keep(pairs: list[str]) -> dict[str, int]:
    keep = {}
    for name, value in parse_pairs(pairs, "--keep").items():
        number = person_number(value.strip())
        if number is None:
            raise argparse.ArgumentTypeError(f"--keep needs FIELD=PERSON-ID, got {name}={value!r}")
        keep[name] = number
    return keep


def cmd_merge(args: argparse.Namespace) -> Result:
    """Merge two or more persons (``--dry-run`` shows the choices without merging)."""
    ids = [resolve_person(ref) for ref in args.persons]
    keep = _keep(args.keep)
    if args.dry_run:
        plan = plan_merge(ids, keep=keep, primary=args.primary)
        data = plan.to_dict()

        def render_plan() -> None:
            print(
                f"Keeps person {plan.kept_id} ({plan.type}); merges {', '.join(map(str, plan.merged_ids))}."
            )
            emit_table(
                ["field", "kept from", "reason", "values"],
                [(c["field"], c["chosen"], c["reason"], c["values"]) for c in data["choices"]],
            )

        return Result(data, render_plan)
    result = merges.merge_persons(ids, keep=keep, primary=args.primary, source="cli")
    shown = person_result(result.person)

    def render() -> None:
        print(f"Merge #{result.merge_id}: undo with profiles persons unmerge {result.merge_id}")
        shown.render()

    return Result(result.to_dict(), render)


def cmd_unmerge(args: argparse.Namespace) -> Result:
    """Undo a merge while the merged profile is unchanged since."""
    views = merges.unmerge(args.merge_id, source="cli")
    table = persons_result(views)
    return Result({"merge_id": args.merge_id, "persons": table.data}, table.render)


def cmd_merges(args: argparse.Namespace) -> Result:
    """Recent merges, newest first."""
    person = resolve_person(args.person) if args.person else None
    infos = merges.list_merges(person_id=person, limit=args.limit)

    def render() -> None:
        emit_table(
            ["merge", "when (UTC)", "source", "kept", "merged", "undone"],
            [
                (
                    i.id,
                    i.at.strftime("%Y-%m-%d %H:%M:%S"),
                    i.source,
                    i.kept_id,
                    i.merged_ids,
                    "yes" if i.undone_at else "",
                )
                for i in infos
            ],
        )

    return Result([i.to_dict() for i in infos], render)


def cmd_duplicates(args: argparse.Namespace) -> Result:
    """Duplicate candidates with the reason and a score, best first."""
    found = duplicates.find_duplicates(limit=args.limit, rules=args.reason or None)

    def render() -> None:
        emit_table(
            ["score", "persons", "reason"],
            [(f"{c.score:.2f}", c.person_ids, c.reason) for c in found],
        )

    return Result([c.to_dict() for c in found], render)


def register(sub: argparse._SubParsersAction, person_actions: argparse._SubParsersAction) -> None:
    """Add ``merge``, ``unmerge``, ``merges`` and ``duplicates`` to ``profiles persons``."""
    merge = person_actions.add_parser("merge", help="merge two or more persons into one")
    merge.add_argument("persons", nargs="+", metavar="ID", help="two or more person ids (or emails, +phones)")
    merge.add_argument(
        "--keep", action="append", default=[], metavar="FIELD=ID", help="keep this person's value of FIELD"
    )
    merge.add_argument(
        "--primary", type=id_number, metavar="ID", help="the id to keep (default: the earliest created)"
    )
    merge.add_argument("--dry-run", action="store_true", help="show the choices, merge nothing")
    merge.set_defaults(func=cmd_merge)

    unmerge = person_actions.add_parser("unmerge", help="undo a merge")
    unmerge.add_argument("merge_id", type=id_number, metavar="MERGE-ID")
    unmerge.set_defaults(func=cmd_unmerge)

    merges = person_actions.add_parser("merges", help="recent merges")
    merges.add_argument("--person", help="only merges that kept this person")
    merges.add_argument("--limit", type=limit_number, default=50)
    merges.set_defaults(func=cmd_merges)

    dupes = person_actions.add_parser("duplicates", help="duplicate candidates for review")
    dupes.add_argument("--limit", type=limit_number, default=50)
    dupes.add_argument(
        "--reason", action="append", choices=list(duplicates.RULES), help="only this rule (repeat for more)"
    )
    dupes.set_defaults(func=cmd_duplicates)
