"""``profiles persons ...`` and ``profiles history``: thin commands over ``store.persons``."""

from __future__ import annotations

import argparse
from typing import Any

from store import history, protection
from store.errors import InvalidValue
from store.fields import PERSON_FIELDS, PERSON_TYPES, label
from store.persons import erase, listing, profiles, subject_access, window
from store.persons.views import PersonView, load_persons

from .arguments import id_number, limit_number, person_number
from .output import emit_json, emit_record, emit_table
from .result import Result

FIELD_FLAGS = [name.replace("_", "-") for name in PERSON_FIELDS]


def add_field_options(parser: argparse.ArgumentParser) -> None:
    """The ``--first-name`` ... options shared by ``persons add`` and ``persons update``."""
    for flag in FIELD_FLAGS:
        parser.add_argument(f"--{flag}", metavar="TEXT", help=label(flag.replace("-", "_")))
    parser.add_argument("--type", choices=[t for t in PERSON_TYPES if t != "anonymous"])
    parser.add_argument(
        "--company", metavar="NAME|ID", help="company name (created if missing) or id; '' detaches"
    )
    parser.add_argument(
        "--custom", action="append", default=[], metavar="NAME=VALUE", help="custom attribute"
    )
    parser.add_argument(
        "--phone-country", metavar="CC", help="region for national phone numbers (default: the store setting)"
    )


def parse_pairs(pairs: list[str], option: str) -> dict[str, str]:
    """``NAME=VALUE`` options as a dict; a pair without ``=`` is a usage error."""
    result = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise argparse.ArgumentTypeError(f"{option} needs NAME=VALUE, got {pair!r}")
        result[name.strip()] = value
    return result


def _fields(args: argparse.Namespace) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in (*PERSON_FIELDS, "type", "company"):
        value = getattr(args, name, None)
        if value is not None:
            data[name] = value
    custom = parse_pairs(args.custom, "--custom")
    if custom:
        data["custom"] = custom
    return data


def resolve_person(ref: str) -> int:
    """A person id from ``ref``: an id, an email (has ``@``) or a phone (starts with ``+``)."""
    text = ref.strip()
    number = person_number(text)
    if number is not None:
        return number
    if "@" in text:
        return profiles.find_person_id(email=text)
    if text.startswith("+"):
        return profiles.find_person_id(phone=text)
    raise argparse.ArgumentTypeError(f"{ref!r} is not a person id (digits 0-9), an email or a +phone")


def person_result(view: PersonView) -> Result:
    """A person as JSON or as labelled lines."""
    data = view.to_dict()

    def render() -> None:
        company = view.company[1] if view.company else None
        fields = [(label(name), data[name]) for name in PERSON_FIELDS]
        fields += [
            ("Company", company),
            ("Phones", view.phones),
            ("Emails", view.emails),
            ("Push", [f"{i} ({p})" for i, p in view.push_registrations]),
            ("Tags", view.tags),
        ]
        fields += [(f"{name} (custom)", value) for name, value in view.custom.items()]
        fields += [("Created", data["created_at"]), ("Modified", data["modified_at"])]
        emit_record(f"Person {view.id} · {view.type.capitalize()} · {view.display_name}", fields)

    return Result(data, render)


def persons_result(views: list[PersonView]) -> Result:
    """Persons as a JSON array or a table."""

    def render() -> None:
        rows = [
            (v.id, v.type, v.display_name, next(iter(v.emails), ""), next(iter(v.phones), ""), v.city)
            for v in views
        ]
        emit_table(["id", "type", "name", "email", "phone", "city"], rows)

    return Result([v.to_dict() for v in views], render)


def cmd_add(args: argparse.Namespace) -> Result:
    """Create a person (type Customer unless ``--type``)."""
    data = _fields(args)
    data.update(phones=args.phone, emails=args.email, tags=args.tag)
    return person_result(profiles.create_person(data, source="cli", country=args.phone_country))


def cmd_get(args: argparse.Namespace) -> Result:
    """Show one person found by id, email, phone or external id."""
    if args.person is not None:
        person_id = resolve_person(args.person)
    else:
        person_id = profiles.find_person_id(
            email=args.email, phone=args.phone, external_id=args.external_id, country=args.phone_country
        )
    return person_result(profiles.get_person(person_id))


def cmd_update(args: argparse.Namespace) -> Result:
    """Change a person's fields, contacts, tags and custom values."""
    data = _fields(args)
    for name in args.clear:
        field = name.replace("-", "_")
        if field not in PERSON_FIELDS and field != "company":
            raise InvalidValue(f"--clear {name!r}: not a standard attribute.", field=field, value=name)
        data[field] = None
    for key in ("add_phones", "remove_phones", "add_emails", "remove_emails", "add_tags", "remove_tags"):
        if getattr(args, key):
            data[key] = getattr(args, key)
    view = profiles.update_person(
        resolve_person(args.person), data, source=protection.CLI, country=args.phone_country
    )
    return person_result(view)


def cmd_delete(args: argparse.Namespace) -> Result:
    """Delete a person."""
    person_id = resolve_person(args.person)
    profiles.delete_person(person_id)
    return Result({"deleted": person_id}, lambda: print(f"Deleted person {person_id}."))


def cmd_erase(args: argparse.Namespace) -> Result:
    """Erase a person and everything the store keeps of them (asks first, unless ``--yes``)."""
    person_id = resolve_person(args.person)
    done = erase.erase_person(person_id, confirm=args.yes, source="cli")

    def render() -> None:
        elsewhere = done.traces
        print(
            f"Erased person {person_id}: {done.contacts} contacts, {done.events} events, "
            f"{done.history} history entries; {elsewhere.merges} merge snapshots, "
            f"{elsewhere.history_values} history values and {elsewhere.import_values} import "
            "error values elsewhere removed. Only a record that an erase happened remains."
        )

    return Result(done.to_dict(), render)


def cmd_export_data(args: argparse.Namespace) -> Result:
    """Everything the store holds about a person as JSON, on stdout or in an owner-only file."""
    person_id = resolve_person(args.person)
    if args.output is None:
        document = subject_access.export_person(person_id)
        return Result(document, lambda: emit_json(document))
    path = subject_access.write_export(person_id, args.output)
    return Result(
        {"person_id": person_id, "written": str(path)},
        lambda: print(f"Wrote the data of person {person_id} to {path} (readable by you only)."),
    )


def criteria(args: argparse.Namespace, *, every_type: bool = False) -> listing.PersonCriteria:
    """List filters from ``--type``, ``--tag``, ``--company``, ``--name`` and ``--segment``."""
    from store.companies import get_company

    types: tuple[str, ...] | None = (args.type,) if args.type else None
    if types is None and every_type:
        types = PERSON_TYPES
    company = get_company(args.company).id if getattr(args, "company", None) else None
    return listing.PersonCriteria(
        types, args.tag, company, getattr(args, "name", None), segment=getattr(args, "segment", None)
    )


def cmd_list(args: argparse.Namespace) -> Result:
    """A page of persons (``--after ID`` continues from the last id printed)."""
    crit = criteria(args)
    if crit.name_prefix and args.after is not None:
        raise InvalidValue("--after pages lists without --name; narrow the name instead.", field="after")
    page = listing.page_persons(crit, after=(args.after,) if args.after else None, limit=args.limit)
    return persons_result(load_persons([r.id for r in page.rows]))


def cmd_search(args: argparse.Namespace) -> Result:
    """Persons matching an email, a phone, an external id or a name prefix."""
    rows = window.search_persons(args.query, criteria(args), limit=args.limit)
    return persons_result(load_persons([r.id for r in rows]))


def cmd_count(args: argparse.Namespace) -> Result:
    """How many persons (every type, Anonymous included, unless filtered)."""
    count = listing.count_persons(criteria(args, every_type=True))
    return Result({"count": count}, lambda: print(count))


def cmd_history(args: argparse.Namespace) -> Result:
    """A person's change history, newest first."""
    person_id = resolve_person(args.person)
    profiles.get_person_row(person_id)
    entries = history.person_history(person_id, limit=args.limit)

    def render() -> None:
        emit_table(
            ["when (UTC)", "source", "field", "old", "new"],
            [
                (e.at.strftime("%Y-%m-%d %H:%M:%S"), e.source, e.field, e.old_value, e.new_value)
                for e in entries
            ],
        )

    return Result([e.to_dict() for e in entries], render)


def register(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """Add ``persons`` and ``history`` to the parser; returns the ``persons`` actions for more."""
    group = sub.add_parser("persons", help="find, create, change and delete persons")
    cmds = group.add_subparsers(dest="action", required=True, metavar="ACTION")

    add = cmds.add_parser("add", help="create a person")
    add_field_options(add)
    add.add_argument("--email", action="append", default=[], help="an email (repeat for more)")
    add.add_argument("--phone", action="append", default=[], help="a phone number (repeat for more)")
    add.add_argument("--tag", action="append", default=[], help="a tag, created if missing (repeat)")
    add.set_defaults(func=cmd_add)

    get = cmds.add_parser("get", help="show a person by id, --email, --phone or --external-id")
    get.add_argument("person", nargs="?", help="id, email or +phone")
    finder = get.add_mutually_exclusive_group()
    finder.add_argument("--email")
    finder.add_argument("--phone")
    finder.add_argument("--external-id")
    get.add_argument("--phone-country", metavar="CC")
    get.set_defaults(func=cmd_get, needs_one_of=("person", "email", "phone", "external_id"))

    update = cmds.add_parser("update", help="change a person")
    update.add_argument("person", help="id, email or +phone")
    add_field_options(update)
    for verb in ("add", "remove"):
        update.add_argument(f"--{verb}-email", dest=f"{verb}_emails", action="append", default=[])
        update.add_argument(f"--{verb}-phone", dest=f"{verb}_phones", action="append", default=[])
        update.add_argument(f"--{verb}-tag", dest=f"{verb}_tags", action="append", default=[])
    update.add_argument("--clear", action="append", default=[], metavar="FIELD", help="empty a field")
    update.set_defaults(func=cmd_update)

    delete = cmds.add_parser("delete", help="delete a person")
    delete.add_argument("person", help="id, email or +phone")
    delete.set_defaults(func=cmd_delete)

    erase_cmd = cmds.add_parser(
        "erase", help="erase a person and every trace of them (asks; a record of the erase stays)"
    )
    erase_cmd.add_argument("person", help="id, email or +phone")
    erase_cmd.add_argument("--yes", action="store_true", help="erase without asking")
    erase_cmd.set_defaults(func=cmd_erase, confirmable=True)

    export = cmds.add_parser("export-data", help="everything the store holds about a person, as JSON")
    export.add_argument("person", help="id, email or +phone")
    export.add_argument("--output", metavar="FILE", help="write it to FILE (readable by you only)")
    export.set_defaults(func=cmd_export_data)

    for name, func, text in (
        ("list", cmd_list, "a page of persons (Anonymous hidden unless --type anonymous)"),
        ("search", cmd_search, "find by email, phone, external id or name prefix"),
        ("count", cmd_count, "count persons"),
    ):
        cmd = cmds.add_parser(name, help=text)
        if name == "search":
            cmd.add_argument("query")
        cmd.add_argument("--type", choices=PERSON_TYPES)
        cmd.add_argument("--tag")
        cmd.add_argument("--company", metavar="NAME|ID")
        if name != "search":
            cmd.add_argument("--segment", metavar="NAME", help="only the members of this segment")
        if name == "list":
            cmd.add_argument("--name", metavar="PREFIX", help="name starts with")
            cmd.add_argument("--after", type=id_number, metavar="ID", help="continue after this id")
        if name != "count":
            cmd.add_argument("--limit", type=limit_number, default=50)
        cmd.set_defaults(func=func)

    hist = sub.add_parser("history", help="a person's change history")
    hist.add_argument("person", help="id, email or +phone")
    hist.add_argument("--limit", type=limit_number, default=100)
    hist.set_defaults(func=cmd_history)
    return cmds
