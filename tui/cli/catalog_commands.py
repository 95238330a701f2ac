"""``profiles companies|tags|attributes|settings ...``: thin commands over the store."""

from __future__ import annotations

import argparse
import json
from typing import Any

from store import attributes, companies, settings, tags
from store.attribute_types import TYPE_LABELS
from store.companies import CompanyView
from store.fields import COMPANY_FIELDS, label
from store.persons.views import load_persons
from store.segments import computed

from .arguments import days_number, id_number, limit_number
from .output import emit_record, emit_table
from .person_commands import parse_pairs, persons_result, resolve_person
from .result import Result


def company_result(view: CompanyView) -> Result:
    """A company as JSON or as labelled lines."""
    data = view.to_dict()

    def render() -> None:
        fields = [(label(n), data[n]) for n in COMPANY_FIELDS if n != "name"]
        fields += [("Members", view.members), ("Tags", view.tags)]
        fields += [(f"{k} (custom)", v) for k, v in view.custom.items()]
        emit_record(f"Company {view.id} · {view.name}", fields)

    return Result(data, render)


def _company_data(args: argparse.Namespace) -> dict[str, Any]:
    data = {n: getattr(args, n) for n in COMPANY_FIELDS if getattr(args, n, None) is not None}
    custom = parse_pairs(args.custom, "--custom")
    if custom:
        data["custom"] = custom
    if args.tag:
        data["tags"] = args.tag
    if getattr(args, "remove_tag", None):
        data["remove_tags"] = args.remove_tag
    return data


def cmd_company_add(args: argparse.Namespace) -> Result:
    """Create a company."""
    return company_result(companies.create_company(_company_data(args), source="cli"))


def cmd_company_get(args: argparse.Namespace) -> Result:
    """Show a company by id or name."""
    return company_result(companies.company_view(args.company))


def cmd_company_update(args: argparse.Namespace) -> Result:
    """Change a company."""
    return company_result(companies.update_company(args.company, _company_data(args), source="cli"))


def cmd_company_delete(args: argparse.Namespace) -> Result:
    """Delete a company; its members are detached."""
    company = companies.get_company(args.company)
    detached = companies.delete_company(company.id)
    return Result(
        {"deleted": company.id, "detached_members": detached},
        lambda: print(f"Deleted company {company.id}; {detached} members detached."),
    )


def cmd_company_list(args: argparse.Namespace) -> Result:
    """Companies by name, a page at a time."""
    views = companies.list_companies(after=args.after, limit=args.limit)

    def render() -> None:
        emit_table(
            ["id", "name", "domain", "city", "members"],
            [(v.id, v.name, v.domain, v.city, v.members) for v in views],
        )

    return Result([v.to_dict() for v in views], render)


def cmd_company_members(args: argparse.Namespace) -> Result:
    """A company's members (``--after ID`` continues)."""
    ids = companies.member_ids(args.company, after=args.after, limit=args.limit)
    return persons_result(load_persons(ids))


def cmd_tag_add(args: argparse.Namespace) -> Result:
    """Create a tag."""
    info = tags.create_tag(args.name)
    return Result(info.to_dict(), lambda: print(f"Created tag {info.name!r}."))


def cmd_tag_rename(args: argparse.Namespace) -> Result:
    """Rename a tag."""
    info = tags.rename_tag(args.old, args.new)
    return Result(info.to_dict(), lambda: print(f"Renamed to {info.name!r}."))


def cmd_tag_delete(args: argparse.Namespace) -> Result:
    """Delete a tag (asks when it is in use, unless ``--yes``)."""
    used = tags.delete_tag(args.name, confirm=args.yes)
    return Result(
        {"deleted": args.name, "removed_from": used},
        lambda: print(f"Deleted tag {args.name!r}; it was on {used} profiles."),
    )


def cmd_tag_list(args: argparse.Namespace) -> Result:
    """Every tag with member counts."""
    infos = tags.list_tags()
    return Result(
        [i.to_dict() for i in infos],
        lambda: emit_table(
            ["id", "tag", "persons", "companies"], [(i.id, i.name, i.persons, i.companies) for i in infos]
        ),
    )


def cmd_tag_assign(args: argparse.Namespace) -> Result:
    """Put a tag on persons (the tag is created if missing)."""
    ids = [resolve_person(p) for p in args.persons]
    count = tags.assign_tag(args.tag, ids, source="cli")
    return Result({"tag": args.tag, "assigned": count}, lambda: print(f"Tagged {count} persons."))


def cmd_tag_unassign(args: argparse.Namespace) -> Result:
    """Take a tag off persons."""
    ids = [resolve_person(p) for p in args.persons]
    count = tags.unassign_tag(args.tag, ids, source="cli")
    return Result({"tag": args.tag, "unassigned": count}, lambda: print(f"Untagged {count} persons."))


def cmd_attr_define(args: argparse.Namespace) -> Result:
    """Define a custom attribute."""
    info = attributes.define_attribute(args.name, args.type, entity=args.of)
    return Result(info.to_dict(), lambda: print(f"Defined {info.name!r} ({TYPE_LABELS[info.type]})."))


def cmd_attr_list(args: argparse.Namespace) -> Result:
    """Every custom attribute definition."""
    infos = attributes.list_attributes(args.of)
    rows = [(i.entity, i.name, TYPE_LABELS[i.type], i.values) for i in infos]
    return Result([i.to_dict() for i in infos], lambda: emit_table(["of", "name", "type", "values"], rows))


def cmd_attr_delete(args: argparse.Namespace) -> Result:
    """Delete a definition and its values (asks when values exist, unless ``--yes``)."""
    count = attributes.delete_attribute(args.name, entity=args.of, confirm=args.yes)
    return Result(
        {"deleted": args.name, "values_deleted": count},
        lambda: print(f"Deleted attribute {args.name!r} and {count} values."),
    )


def _computed_spec(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    """The kind and JSON spec of ``define-computed`` from its options."""
    from .segment_commands import condition_text

    if args.formula is not None:
        return "formula", {"formula": args.formula}
    if args.score is not None:
        rules = _json_option(condition_text(args.score), "--score takes the rules as JSON or @FILE")
        return "score", {"rules": rules} if isinstance(rules, list) else rules
    if args.event is None:
        raise argparse.ArgumentTypeError("--aggregate needs --event NAME")
    spec: dict[str, Any] = {"function": args.aggregate, "event": args.event}
    if args.property is not None:
        spec["property"] = args.property
    if args.within_days is not None:
        spec["within_days"] = args.within_days
    if args.where is not None:
        spec["where"] = _json_option(
            condition_text(args.where), "--where takes property conditions as JSON or @FILE"
        )
    return "aggregate", spec


def _json_option(text: str, usage: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise argparse.ArgumentTypeError(usage) from None


def cmd_attr_define_computed(args: argparse.Namespace) -> Result:
    """Define a computed attribute from a formula, an event aggregation or score rules."""
    kind, spec = _computed_spec(args)
    definition = computed.define_computed(args.name, kind, spec)
    return Result(
        definition.to_dict(), lambda: print(f"Defined computed attribute {definition.name!r} ({kind}).")
    )


def cmd_attr_list_computed(args: argparse.Namespace) -> Result:
    """Every computed attribute and its definition."""
    found = computed.list_computed()
    rows = [
        (d["name"], d["kind"], json.dumps({k: v for k, v in d.items() if k not in ("id", "name", "kind")}))
        for d in found
    ]
    return Result(found, lambda: emit_table(["name", "kind", "definition"], rows))


def cmd_attr_delete_computed(args: argparse.Namespace) -> Result:
    """Delete a computed attribute nothing uses."""
    computed.delete_computed(args.name)
    return Result({"deleted": args.name}, lambda: print(f"Deleted computed attribute {args.name!r}."))


def cmd_settings_get(args: argparse.Namespace) -> Result:
    """One setting, or every setting."""
    if args.key:
        value = settings.get_setting(args.key)
        key = args.key.strip().lower().replace("_", "-")
        return Result({key: value}, lambda: print(value))
    values = {k.replace("_", "-"): v for k, v in settings.all_settings().items()}
    return Result(values, lambda: emit_table(["setting", "value"], list(values.items())))


def cmd_settings_set(args: argparse.Namespace) -> Result:
    """Change a setting."""
    value = settings.set_setting(args.key, args.value)
    key = args.key.strip().lower().replace("_", "-")
    return Result({key: value}, lambda: print(f"{key} = {value}"))


def _company_options(parser: argparse.ArgumentParser, *, name_positional: bool) -> None:
    if name_positional:
        parser.add_argument("name")
    for field in COMPANY_FIELDS:
        if field != "name" or not name_positional:
            parser.add_argument(f"--{field.replace('_', '-')}", dest=field, metavar="TEXT")
    parser.add_argument("--tag", action="append", default=[])
    parser.add_argument("--custom", action="append", default=[], metavar="NAME=VALUE")


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``companies``, ``tags``, ``attributes`` and ``settings`` to the parser."""
    comp = sub.add_parser("companies", help="company profiles").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = comp.add_parser("add", help="create a company")
    _company_options(p, name_positional=True)
    p.set_defaults(func=cmd_company_add)
    p = comp.add_parser("get", help="show a company (id or name)")
    p.add_argument("company")
    p.set_defaults(func=cmd_company_get)
    p = comp.add_parser("update", help="change a company")
    p.add_argument("company")
    _company_options(p, name_positional=False)
    p.add_argument("--remove-tag", action="append", default=[], metavar="TAG", help="take a tag off")
    p.set_defaults(func=cmd_company_update)
    p = comp.add_parser("delete", help="delete a company (members are detached)")
    p.add_argument("company")
    p.set_defaults(func=cmd_company_delete)
    p = comp.add_parser("list", help="companies by name")
    p.add_argument("--after", metavar="NAME")
    p.add_argument("--limit", type=limit_number, default=50)
    p.set_defaults(func=cmd_company_list)
    p = comp.add_parser("members", help="a company's persons")
    p.add_argument("company")
    p.add_argument("--after", type=id_number, metavar="ID")
    p.add_argument("--limit", type=limit_number, default=50)
    p.set_defaults(func=cmd_company_members)

    tag = sub.add_parser("tags", help="tags").add_subparsers(dest="action", required=True, metavar="ACTION")
    p = tag.add_parser("add", help="create a tag")
    p.add_argument("name")
    p.set_defaults(func=cmd_tag_add)
    p = tag.add_parser("rename", help="rename a tag")
    p.add_argument("old")
    p.add_argument("new")
    p.set_defaults(func=cmd_tag_rename)
    p = tag.add_parser("delete", help="delete a tag")
    p.add_argument("name")
    p.add_argument("--yes", action="store_true", help="also when profiles carry it")
    p.set_defaults(func=cmd_tag_delete, confirmable=True)
    p = tag.add_parser("list", help="tags with member counts")
    p.set_defaults(func=cmd_tag_list)
    for name, func in (("assign", cmd_tag_assign), ("unassign", cmd_tag_unassign)):
        p = tag.add_parser(name, help=f"{name} a tag to persons")
        p.add_argument("tag")
        p.add_argument("persons", nargs="+", metavar="PERSON")
        p.set_defaults(func=func)

    attr = sub.add_parser("attributes", help="custom attribute definitions").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = attr.add_parser("define", help="define an attribute: NAME TYPE")
    p.add_argument("name")
    p.add_argument("type", choices=list(TYPE_LABELS))
    p.add_argument("--of", choices=["persons", "companies"], default="persons")
    p.set_defaults(func=cmd_attr_define)
    p = attr.add_parser("list", help="attribute definitions")
    p.add_argument("--of", choices=["persons", "companies"])
    p.set_defaults(func=cmd_attr_list)
    p = attr.add_parser("delete", help="delete a definition and its values")
    p.add_argument("name")
    p.add_argument("--of", choices=["persons", "companies"], default="persons")
    p.add_argument("--yes", action="store_true", help="also when values exist")
    p.set_defaults(func=cmd_attr_delete, confirmable=True)

    p = attr.add_parser(
        "define-computed", help="define a read-only computed attribute: --formula, --aggregate or --score"
    )
    p.add_argument("name")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--formula", metavar="EXPR", help="arithmetic over {custom:x}, {computed:y}, numbers")
    how.add_argument("--aggregate", choices=list(computed.FUNCTIONS), help="an aggregation of an event")
    how.add_argument("--score", metavar="JSON|@FILE", help='rules: [{"points": N, "condition": {...}}]')
    p.add_argument("--event", metavar="NAME", help="the event --aggregate reads")
    p.add_argument("--property", metavar="NAME", help="the event property --aggregate reads")
    p.add_argument("--within-days", type=days_number, metavar="D", help="only events of the last D days")
    p.add_argument("--where", metavar="JSON|@FILE", help="property conditions the events must meet")
    p.set_defaults(func=cmd_attr_define_computed)
    p = attr.add_parser("list-computed", help="computed attributes")
    p.set_defaults(func=cmd_attr_list_computed)
    p = attr.add_parser("delete-computed", help="delete a computed attribute (refused while used)")
    p.add_argument("name")
    p.set_defaults(func=cmd_attr_delete_computed)

    sett = sub.add_parser("settings", help="store settings").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = sett.add_parser("get", help="show settings")
    p.add_argument("key", nargs="?")
    p.set_defaults(func=cmd_settings_get)
    p = sett.add_parser("set", help="change a setting, e.g. default-country HR")
    p.add_argument("key")
    p.add_argument("value")
    p.set_defaults(func=cmd_settings_set)
