"""``profiles segments ...``: thin commands over ``store.segments.segments``.

A condition is given as JSON on the command line or as ``@FILE`` (a UTF-8 file holding
the JSON; ``@-`` reads standard input).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from store.fields import PERSON_TYPES
from store.persons.listing import PersonCriteria
from store.persons.views import load_persons
from store.segments import segments

from .arguments import id_number, limit_number
from .export_commands import add_file_options, export_list
from .output import emit_record, emit_table
from .person_commands import persons_result, resolve_person
from .result import Result

MAX_CONDITION_FILE = 1_000_000  # bytes


def condition_text(value: str, what: str = "condition") -> str:
    """The JSON of ``--condition`` (or another JSON option, ``what``): the text itself, or the
    contents of ``@FILE`` / ``@-``."""
    if not value.startswith("@"):
        return value
    name = value[1:]
    try:
        if name == "-":
            data = sys.stdin.buffer.read(MAX_CONDITION_FILE + 1)
        else:
            with Path(name).open("rb") as handle:
                data = handle.read(MAX_CONDITION_FILE + 1)
    except OSError as error:
        raise argparse.ArgumentTypeError(f"cannot read the {what} file {name!r}: {error.strerror}") from None
    if len(data) > MAX_CONDITION_FILE:
        raise argparse.ArgumentTypeError(f"the {what} file {name!r} is larger than 1 MB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise argparse.ArgumentTypeError(f"the {what} file {name!r} is not UTF-8 text") from None


def _segment_result(info: segments.SegmentInfo, verb: str) -> Result:
    return Result(info.to_dict(), lambda: print(f"{verb} segment {info.name!r}."))


def cmd_create(args: argparse.Namespace) -> Result:
    """Save a new segment."""
    return _segment_result(segments.create_segment(args.name, condition_text(args.condition)), "Created")


def cmd_update(args: argparse.Namespace) -> Result:
    """Replace a segment's condition."""
    return _segment_result(segments.update_segment(args.name, condition_text(args.condition)), "Updated")


def cmd_rename(args: argparse.Namespace) -> Result:
    """Rename a segment (conditions that use it follow)."""
    return _segment_result(segments.rename_segment(args.old, args.new), "Renamed")


def cmd_delete(args: argparse.Namespace) -> Result:
    """Delete a segment nothing uses."""
    segments.delete_segment(args.name)
    return Result({"deleted": args.name}, lambda: print(f"Deleted segment {args.name!r}."))


def cmd_list(args: argparse.Namespace) -> Result:
    """Every segment with its member count."""
    infos = segments.list_segments(with_counts=True)
    rows = [(i.id, i.name, i.count) for i in infos]
    return Result([i.to_dict() for i in infos], lambda: emit_table(["id", "name", "members"], rows))


def cmd_show(args: argparse.Namespace) -> Result:
    """One segment: its condition and member count."""
    import json

    info = segments.get_segment(args.name, with_count=True)
    condition = json.dumps(info.condition, ensure_ascii=False, indent=2)

    def render() -> None:
        emit_record(
            f"Segment {info.id} · {info.name}", [("Members", info.count), ("Created", info.created_at)]
        )
        print(condition)

    return Result(info.to_dict(), render)


def cmd_count(args: argparse.Namespace) -> Result:
    """How many persons are in a segment, or meet ``--condition`` (not saved)."""
    if args.condition is not None:
        count = segments.count_condition(condition_text(args.condition))
    else:
        count = segments.count_members(args.name)
    return Result({"count": count}, lambda: print(count))


def cmd_members(args: argparse.Namespace) -> Result:
    """A page of members in id order (``--after ID`` continues after the last id printed)."""
    ids = segments.member_ids(args.name, after=args.after, limit=args.limit)
    return persons_result(load_persons(ids))


def cmd_tag(args: argparse.Namespace) -> Result:
    """Tag every member (the tag is created if missing)."""
    count = segments.tag_members(args.name, args.tag, source="cli")
    return Result(
        {"segment": args.name, "tag": args.tag, "tagged": count},
        lambda: print(f"Tagged {count} members of {args.name!r} with {args.tag!r}."),
    )


def cmd_untag(args: argparse.Namespace) -> Result:
    """Take a tag off every member."""
    count = segments.untag_members(args.name, args.tag, source="cli")
    return Result(
        {"segment": args.name, "tag": args.tag, "untagged": count},
        lambda: print(f"Took {args.tag!r} off {count} members of {args.name!r}."),
    )


def cmd_explain(args: argparse.Namespace) -> Result:
    """Why a person is or is not in a segment: each condition, its verdict and what it saw."""
    person_id = resolve_person(args.person)
    member, tree = segments.explain(args.name, person_id)
    data: dict[str, Any] = {
        "segment": args.name,
        "person_id": person_id,
        "member": member,
        "explain": tree.to_dict(),
    }

    def render() -> None:
        print(f"Person {person_id} is {'in' if member else 'not in'} segment {args.name!r}.")
        for line in tree.lines():
            print(line)

    return Result(data, render)


def cmd_export(args: argparse.Namespace) -> Result:
    """Write every member (Anonymous visitors included) to ``--csv``/``--xlsx`` FILE."""
    segments.get_segment(args.name)  # a missing segment is named before any file is made
    return export_list(PersonCriteria(PERSON_TYPES, segment=args.name), args)


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``segments`` to the parser."""
    group = sub.add_parser("segments", help="dynamic segments: saved conditions over persons")
    cmds = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    condition_help = "the condition as JSON, or @FILE (@- reads standard input)"

    p = cmds.add_parser("create", help="save a segment")
    p.add_argument("name")
    p.add_argument("--condition", required=True, metavar="JSON|@FILE", help=condition_help)
    p.set_defaults(func=cmd_create)
    p = cmds.add_parser("update", help="replace a segment's condition")
    p.add_argument("name")
    p.add_argument("--condition", required=True, metavar="JSON|@FILE", help=condition_help)
    p.set_defaults(func=cmd_update)
    p = cmds.add_parser("rename", help="rename a segment")
    p.add_argument("old")
    p.add_argument("new")
    p.set_defaults(func=cmd_rename)
    p = cmds.add_parser("delete", help="delete a segment (refused while another uses it)")
    p.add_argument("name")
    p.set_defaults(func=cmd_delete)
    p = cmds.add_parser("list", help="segments with member counts")
    p.set_defaults(func=cmd_list)
    p = cmds.add_parser("show", help="a segment's condition and member count")
    p.add_argument("name")
    p.set_defaults(func=cmd_show)
    p = cmds.add_parser("count", help="count a segment's members, or a --condition's")
    p.add_argument("name", nargs="?")
    p.add_argument("--condition", metavar="JSON|@FILE", help=condition_help)
    p.set_defaults(func=cmd_count, needs_one_of=("name", "condition"))
    p = cmds.add_parser("members", help="a page of a segment's members")
    p.add_argument("name")
    p.add_argument("--after", type=id_number, metavar="ID", help="continue after this id")
    p.add_argument("--limit", type=limit_number, default=50)
    p.set_defaults(func=cmd_members)
    for verb, func, text in (
        ("tag", cmd_tag, "tag every member"),
        ("untag", cmd_untag, "untag every member"),
    ):
        p = cmds.add_parser(verb, help=text)
        p.add_argument("name")
        p.add_argument("tag")
        p.set_defaults(func=func)
    p = cmds.add_parser("export", help="write every member to a CSV or XLSX file")
    p.add_argument("name")
    add_file_options(p)
    p.set_defaults(func=cmd_export)
    p = cmds.add_parser("explain", help="why a person is or is not in a segment")
    p.add_argument("name")
    p.add_argument("person", help="id, email or +phone")
    p.set_defaults(func=cmd_explain)
