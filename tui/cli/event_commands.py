"""``profiles events ...``, ``profiles track``, ``profiles identify`` and ``profiles device ...``.

Thin commands over ``store.events`` (definitions, recording, identity).
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from store.errors import ProfileNotFound
from store.events import definitions, feed, identity, recording
from store.events.definitions import DefinitionInfo
from store.fields import PERSON_FIELDS, label
from store.persons import profiles

from .arguments import days_number, limit_number
from .output import emit_record, emit_table
from .person_commands import parse_pairs, person_result, resolve_person
from .result import Result

FINDERS = ("person", "email", "phone", "external_id", "anonymous_id")
DATA_FIELDS = [name for name in PERSON_FIELDS if name != "external_id"]


def _definition_result(info: DefinitionInfo) -> Result:
    def render() -> None:
        props = [f"{p.label}{'' if p.required else ' optional'}" for p in info.properties]
        emit_record(
            f"Event {info.name} · {info.kind}" + (f" ({info.template})" if info.template else ""),
            [
                ("Description", info.description),
                ("Properties", props),
                ("Enabled", "yes" if info.enabled else "no"),
            ],
        )

    return Result(info.to_dict(), render)


def _definitions_result(infos: list[DefinitionInfo]) -> Result:
    def render() -> None:
        emit_table(
            ["name", "kind", "template", "enabled", "properties"],
            [
                (i.name, i.kind, i.template, "yes" if i.enabled else "no", [p.name for p in i.properties])
                for i in infos
            ],
        )

    return Result([i.to_dict() for i in infos], render)


def cmd_define(args: argparse.Namespace) -> Result:
    """Define a custom event with typed properties."""
    info = definitions.define_event(args.name, description=args.description or "", properties=args.prop)
    return _definition_result(info)


def cmd_edit(args: argparse.Namespace) -> Result:
    """Change a custom event's description, or its properties (``--prop`` gives the whole list)."""
    info = definitions.edit_event(
        args.name, description=args.description, properties=args.prop if args.prop else None
    )
    return _definition_result(info)


def cmd_recent(args: argparse.Namespace) -> Result:
    """The events of every person, newest first."""
    page = feed.recent_events(event=args.event, since=args.since, until=args.until, limit=args.limit)
    rows = [
        {
            "id": e.id,
            "at": e.at.replace(tzinfo=dt.UTC).isoformat(),
            "event": e.event,
            "person_id": e.person_id,
            "person": e.person_name,
            "properties": e.properties,
        }
        for e in page.events
    ]

    def render() -> None:
        emit_table(
            ["when (UTC)", "event", "person", "properties"],
            [
                (
                    e.at.strftime("%Y-%m-%d %H:%M:%S"),
                    e.event,
                    f"{e.person_name} ({e.person_id})",
                    e.properties,
                )
                for e in page.events
            ],
        )

    return Result(rows, render)


def cmd_list(args: argparse.Namespace) -> Result:
    """Every event definition."""
    return _definitions_result(definitions.list_definitions(kind=args.kind))


def cmd_templates(args: argparse.Namespace) -> Result:
    """The template sets and whether each is enabled."""
    sets = definitions.list_templates()

    def render() -> None:
        emit_table(
            ["name", "title", "enabled", "events"],
            [
                (s["name"], s["title"], "yes" if s["enabled"] else "no", [e["name"] for e in s["events"]])
                for s in sets
            ],
        )

    return Result(sets, render)


def cmd_enable_template(args: argparse.Namespace) -> Result:
    """Enable a template set in one action."""
    infos = definitions.enable_template(args.name)
    result = _definitions_result(infos)
    return Result({"template": args.name, "events": result.data}, result.render)


def cmd_enable(args: argparse.Namespace, enabled: bool) -> Result:
    """Enable or disable one event."""
    return _definition_result(definitions.set_enabled(args.name, enabled))


def person_id_from(args: argparse.Namespace) -> int:
    """The person named by ``PERSON``/``--person``, ``--email``, ``--phone``, ``--external-id`` or ``--anonymous-id``."""
    if getattr(args, "person", None) is not None:
        return resolve_person(args.person)
    anonymous = getattr(args, "anonymous_id", None)
    if anonymous is not None:
        found = identity.person_for_anonymous_id(identity.clean_anonymous_id(anonymous))
        if found is None:
            raise ProfileNotFound(
                f"There is no person with anonymous id {anonymous!r}.", field="anonymous_id", value=anonymous
            )
        return found
    return profiles.find_person_id(email=args.email, phone=args.phone, external_id=args.external_id)


def cmd_record(args: argparse.Namespace) -> Result:
    """Record an event against a person."""
    props = parse_pairs(args.prop, "--prop")
    view = recording.record_event(person_id_from(args), args.event, props, at=args.at)
    data = view.to_record_dict()
    return Result(data, lambda: print(f"Recorded {view.event} for person {view.person_id} at {data['at']}."))


def cmd_timeline(args: argparse.Namespace) -> Result:
    """A person's events, newest first."""
    page = recording.timeline(person_id_from(args), limit=args.limit)
    rows = [e.to_dict() for e in page.events]

    def render() -> None:
        emit_table(
            ["when (UTC)", "event", "properties"],
            [(e.at.strftime("%Y-%m-%d %H:%M:%S"), e.event, e.properties) for e in page.events],
        )

    return Result(rows, render)


def cmd_activity(args: argparse.Namespace) -> Result:
    """A person's events per UTC day over the last N days."""
    counts = recording.day_counts(person_id_from(args), args.days, event=args.event)
    data = [{"day": day.isoformat(), "count": n} for day, n in counts]
    return Result(data, lambda: emit_table(["day", "events"], [(d["day"], d["count"]) for d in data]))


def cmd_track(args: argparse.Namespace) -> Result:
    """Record an event for an anonymous visitor (an Anonymous profile on first sight)."""
    result = identity.track(args.anonymous_id, args.event, parse_pairs(args.prop, "--prop"), at=args.at)
    new = " (new Anonymous profile)" if result.created else ""
    return Result(
        result.to_dict(), lambda: print(f"Recorded {result.event.event} for person {result.person_id}{new}.")
    )


def _identity_result(result: identity.IdentityResult) -> Result:
    shown = person_result(result.person)

    def render() -> None:
        merged = f" (merge #{result.merge_id})" if result.merge_id else ""
        print(f"{result.outcome.replace('_', ' ')}{merged}")
        shown.render()

    return Result(result.to_dict(), render)


def _data(args: argparse.Namespace) -> dict[str, Any]:
    data: dict[str, Any] = {n: getattr(args, n) for n in DATA_FIELDS if getattr(args, n, None) is not None}
    custom = parse_pairs(args.custom, "--custom")
    if custom:
        data["custom"] = custom
    return data


def cmd_identify(args: argparse.Namespace) -> Result:
    """Identify an anonymous visitor by contact data (``--verified`` for a login)."""
    result = identity.identify(
        args.anonymous_id,
        emails=args.email or [],
        phones=args.phone or [],
        external_id=args.external_id,
        data=_data(args),
        verified=args.verified,
        country=args.phone_country,
    )
    return _identity_result(result)


def cmd_install(args: argparse.Namespace) -> Result:
    """An app installation: an empty Lead holding the push registration."""
    return _identity_result(identity.install(args.push_id, args.platform))


def cmd_login(args: argparse.Namespace) -> Result:
    """A verified login in an app installation."""
    result = identity.login(
        args.push_id,
        emails=args.email or [],
        phones=args.phone or [],
        external_id=args.external_id,
        data=_data(args),
        country=args.phone_country,
    )
    return _identity_result(result)


def cmd_logout(args: argparse.Namespace) -> Result:
    """Log an app installation out."""
    return _identity_result(identity.logout(args.push_id))


def _finder(parser: argparse.ArgumentParser, *, positional: bool) -> None:
    if positional:
        parser.add_argument("person", nargs="?", help="person id, email or +phone")
    group = parser.add_mutually_exclusive_group()
    if not positional:
        group.add_argument("--person", metavar="ID", help="person id (or email, +phone)")
    group.add_argument("--email")
    group.add_argument("--phone")
    group.add_argument("--external-id")
    group.add_argument("--anonymous-id")
    parser.set_defaults(needs_one_of=FINDERS)


def _identifiers(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--email", action="append", help="an email (repeat for more)")
    parser.add_argument("--phone", action="append", help="a phone number (repeat for more)")
    parser.add_argument("--external-id")
    for name in DATA_FIELDS:
        parser.add_argument(f"--{name.replace('_', '-')}", metavar="TEXT", help=label(name))
    parser.add_argument(
        "--custom", action="append", default=[], metavar="NAME=VALUE", help="custom attribute"
    )
    parser.add_argument("--phone-country", metavar="CC", help="region for national phone numbers")
    parser.set_defaults(needs_one_of=("email", "phone", "external_id"))


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``events``, ``track``, ``identify`` and ``device`` to the parser."""
    group = sub.add_parser("events", help="event definitions, templates, recording and timelines")
    cmds = group.add_subparsers(dest="action", required=True, metavar="ACTION")

    define = cmds.add_parser("define", help="define a custom event")
    define.add_argument("name")
    define.add_argument("--description", metavar="TEXT")
    define.add_argument(
        "--prop", action="append", default=[], metavar="NAME:TYPE", help="a property (TYPE? for optional)"
    )
    define.set_defaults(func=cmd_define)

    edit = cmds.add_parser("edit", help="change a custom event's description or properties")
    edit.add_argument("name")
    edit.add_argument("--description", metavar="TEXT")
    edit.add_argument(
        "--prop",
        action="append",
        default=[],
        metavar="NAME:TYPE",
        help="the whole new property list, in order (TYPE? for optional); defined properties keep their type",
    )
    edit.set_defaults(func=cmd_edit)

    recent = cmds.add_parser("recent", help="the events of every person, newest first")
    recent.add_argument("--event", help="only this event")
    recent.add_argument("--since", metavar="ISO-TIME", help="only events at or after this time")
    recent.add_argument(
        "--until", metavar="ISO-TIME", help="only events at or before this time (a date: that whole day)"
    )
    recent.add_argument("--limit", type=limit_number, default=50)
    recent.set_defaults(func=cmd_recent)

    listing = cmds.add_parser("list", help="every event definition")
    listing.add_argument("--kind", choices=["custom", "template", "product"])
    listing.set_defaults(func=cmd_list)
    cmds.add_parser("templates", help="the template sets").set_defaults(func=cmd_templates)
    enable_set = cmds.add_parser("enable-template", help="enable a template set")
    enable_set.add_argument("name", help="ecommerce, delivery, banking or insurance")
    enable_set.set_defaults(func=cmd_enable_template)
    for verb, flag in (("enable", True), ("disable", False)):
        cmd = cmds.add_parser(verb, help=f"{verb} one event")
        cmd.add_argument("name")
        cmd.set_defaults(func=lambda args, flag=flag: cmd_enable(args, flag))

    record = cmds.add_parser("record", help="record an event against a person")
    record.add_argument("event")
    _finder(record, positional=False)
    record.add_argument("--at", metavar="ISO-TIME", help="when (default now; no offset means UTC)")
    record.add_argument("--prop", action="append", default=[], metavar="NAME=VALUE")
    record.set_defaults(func=cmd_record)

    timeline = cmds.add_parser("timeline", help="a person's events, newest first")
    _finder(timeline, positional=True)
    timeline.add_argument("--limit", type=limit_number, default=50)
    timeline.set_defaults(func=cmd_timeline)

    activity = cmds.add_parser("activity", help="a person's events per day")
    _finder(activity, positional=True)
    activity.add_argument("--days", type=days_number, default=90)
    activity.add_argument("--event", help="only this event")
    activity.set_defaults(func=cmd_activity)

    track = sub.add_parser("track", help="record an event for an anonymous visitor")
    track.add_argument("--anonymous-id", required=True)
    track.add_argument("event")
    track.add_argument("--at", metavar="ISO-TIME")
    track.add_argument("--prop", action="append", default=[], metavar="NAME=VALUE")
    track.set_defaults(func=cmd_track)

    ident = sub.add_parser("identify", help="tie an anonymous visitor to a profile")
    ident.add_argument("--anonymous-id", required=True)
    _identifiers(ident)
    ident.add_argument("--verified", action="store_true", help="a verified login (default: a form)")
    ident.set_defaults(func=cmd_identify)

    device = sub.add_parser("device", help="mobile app installations")
    actions = device.add_subparsers(dest="action", required=True, metavar="ACTION")
    install = actions.add_parser("install", help="an app installed and first opened")
    install.add_argument("--push-id", required=True)
    install.add_argument("--platform", required=True, choices=list(identity.PLATFORMS))
    install.set_defaults(func=cmd_install)
    login = actions.add_parser("login", help="a verified login in the app")
    login.add_argument("--push-id", required=True)
    _identifiers(login)
    login.set_defaults(func=cmd_login)
    logout = actions.add_parser("logout", help="a logout in the app")
    logout.add_argument("--push-id", required=True)
    logout.set_defaults(func=cmd_logout)
