"""Tracking anonymous visitors, identifying them, and mobile app installations (SPEC 5.3).

The first event for an unknown anonymous id creates an Anonymous profile. ``identify``
then ties the visitor to a known profile:

- unverified contact data (a form): nothing matches → the anonymous profile becomes a
  Lead; a Lead matches → the visitor is merged into it; a Customer matches → the
  visitor's events (and everything else) move to it by a merge, and the form's data only
  fills the Customer's empty fields (SPEC 2.4);
- a verified login: a Customer matches → merged into it; only a Lead matches → the Lead
  is promoted to Customer and the visitor merged into it; nothing matches → the visitor
  becomes a Customer with the given contacts.

Merges move events, history, push registrations and the anonymous ids, so whatever was
recorded before identification is on the identified profile's timeline, and the
anonymous id keeps resolving to it. Contacts that point at two different profiles are
refused, naming both, and nothing changes. A visitor already identified as someone else
is never merged by an identify: the anonymous id just moves to the profile now named
(a shared browser), and its earlier events stay where they are.

Mobile installations are keyed by their push registration: ``install`` creates an empty
Lead holding it; ``login`` follows the three cases of 5.3; ``logout`` leaves the
Customer and gives the registration to a new empty Lead.

What each of these may write on the identified profile, and whether its type changes,
is ``protection``'s rule for the source: ``FORM`` for an unverified identify,
``VERIFIED_IDENTIFY`` and ``APP_DEVICE`` for a verified identify and an app login.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import peewee

from .. import history, protection, settings
from ..contact_rules import clean_contacts
from ..db import db, retry_races, tuple_rows
from ..errors import Conflict, InvalidValue, ProfileNotFound
from ..fields import PERSON_FIELDS, clean_person_field
from ..merging.merges import apply_merge
from ..merging.plan import plan_merge
from ..models import Contact, Person, PushRegistration
from ..persons import profiles
from ..persons.views import PersonView, load_person
from ..text_checks import shown, text_problem
from . import recording
from .models import AnonymousId

PLATFORMS = ("android", "ios", "huawei")
MAX_ID_LENGTH = 4096
DATA_KEYS = {*PERSON_FIELDS, "custom"} - {"external_id"}


@dataclass
class IdentityResult:
    """What an identify, install, login or logout did, and the profile it ended on."""

    outcome: str
    person: PersonView
    merge_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """``{"outcome", "merge_id", "person"}``."""
        return {"outcome": self.outcome, "merge_id": self.merge_id, "person": self.person.to_dict()}


@dataclass
class TrackResult:
    """The profile an anonymous event went to (``created`` on first sight) and the event."""

    person_id: int
    created: bool
    event: recording.EventView

    def to_dict(self) -> dict[str, Any]:
        """``{"person_id", "created", "event"}``."""
        return {"person_id": self.person_id, "created": self.created, "event": self.event.to_record_dict()}


@dataclass
class _Identity:
    """Normalised identifiers given to identify or login."""

    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    external_id: str | None = None

    def update(self) -> dict[str, Any]:
        data: dict[str, Any] = {"add_emails": self.emails, "add_phones": self.phones}
        if self.external_id:
            data["external_id"] = self.external_id
        return data


def _clean_id(value: Any, what: str, name: str) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if (
        not text
        or len(text) > MAX_ID_LENGTH
        or any(c.isspace() or ord(c) < 32 for c in text)
        or text_problem(text, MAX_ID_LENGTH)
    ):
        raise InvalidValue(
            f"{what} {shown(value)} must be 1 to {MAX_ID_LENGTH} characters without spaces, NUL or lone surrogates.",
            field=name,
            value=value,
        )
    return text


def clean_anonymous_id(value: Any) -> str:
    """An anonymous id trimmed, or ``InvalidValue`` naming it."""
    return _clean_id(value, "Anonymous id", "anonymous_id")


def person_for_anonymous_id(value: str) -> int | None:
    """The person an anonymous id resolves to now, or None when it was never seen."""
    return AnonymousId.select(AnonymousId.person).where(AnonymousId.value == value.strip()).scalar()


def _identity(
    emails: Iterable[str], phones: Iterable[str], external_id: str | None, country: str | None
) -> _Identity:
    region = country or settings.default_country()
    ident = _Identity(
        clean_contacts("email", list(emails or []), region),
        clean_contacts("phone", list(phones or []), region),
        clean_person_field("external_id", external_id),
    )
    if not (ident.emails or ident.phones or ident.external_id):
        raise InvalidValue(
            "Give at least one email, phone or external id to identify with.", field="contacts", value=None
        )
    return ident


def _data(data: Mapping[str, Any] | None) -> dict[str, Any]:
    result = dict(data or {})
    for key in result:
        if key not in DATA_KEYS:
            raise InvalidValue(
                f"{key!r} cannot be given with an identify or login (standard attributes and custom only).",
                field=key,
                value=result[key],
            )
    return result


def _owners(ident: _Identity) -> dict[int, list[str]]:
    """Which existing profiles the identifiers point at, with what pointed."""
    owners: dict[int, list[str]] = {}
    values = ident.emails + ident.phones
    if values:
        query = Contact.select(Contact.person, Contact.kind, Contact.value).where(Contact.value.in_(values))
        for pid, kind, value in tuple_rows(query):
            owners.setdefault(pid, []).append(f"{kind} {value}")
    if ident.external_id:
        pid = Person.select(Person.id).where(Person.external_id == ident.external_id).scalar()
        if pid is not None:
            owners.setdefault(pid, []).append(f"external id {shown(ident.external_id)}")
    return owners


def _single_owner(owners: dict[int, list[str]]) -> int | None:
    if len(owners) > 1:
        named = " and ".join(f"person {pid} ({', '.join(what)})" for pid, what in sorted(owners.items()))
        raise Conflict(
            f"The given contacts point at two different profiles: {named}; nothing was merged.",
            field="contacts",
            value=sorted(owners),
        )
    return next(iter(owners), None)


def _merge_into(kept: int, away: int, source: str) -> int:
    """Merge ``away`` into ``kept``; the kept profile's set values win every difference."""
    plan = plan_merge([kept, away], primary=kept, prefer=kept, require_contact=False)
    return apply_merge(plan, source)


def _attach(anonymous_id: str, person_id: int) -> None:
    updated = AnonymousId.update(person=person_id).where(AnonymousId.value == anonymous_id).execute()
    if not updated:
        AnonymousId.insert(value=anonymous_id, person=person_id).execute()


def _anonymous_profile(anonymous_id: str) -> tuple[int, bool]:
    """The person of an anonymous id, creating an Anonymous profile on first sight."""
    found = person_for_anonymous_id(anonymous_id)
    if found is not None:
        return found, False
    try:
        with db.atomic():
            person = profiles.create_person({"type": "anonymous"}, source="tracking")
            AnonymousId.insert(value=anonymous_id, person=person.id).execute()
    except peewee.IntegrityError:  # another process saw it first
        found = person_for_anonymous_id(anonymous_id)
        if found is None:
            raise
        return found, False
    return person.id, True


@retry_races
def track(
    anonymous_id: str,
    event: str,
    properties: Mapping[str, Any] | None = None,
    *,
    at: dt.datetime | str | None = None,
) -> TrackResult:
    """Record an event for a visitor known by an anonymous id (created as Anonymous on first sight).

    The event is checked before the profile is created, so a refused event leaves nothing.
    """
    anon = clean_anonymous_id(anonymous_id)
    recording.prepare_event(event, properties, at)
    with db.atomic():
        person_id, created = _anonymous_profile(anon)
        view = recording.record_event(person_id, event, properties, at=at)
    return TrackResult(person_id, created, view)


@retry_races
def identify(
    anonymous_id: str,
    *,
    emails: Iterable[str] = (),
    phones: Iterable[str] = (),
    external_id: str | None = None,
    data: Mapping[str, Any] | None = None,
    verified: bool = False,
    country: str | None = None,
) -> IdentityResult:
    """Tie the visitor of ``anonymous_id`` to a profile, by the rules of SPEC 5.3.

    ``data`` may carry standard attributes and ``custom`` values to store on the
    identified profile; the identified profile is asked to become a Lead (a Customer when
    ``verified``), and ``protection`` decides what of it is taken (SPEC 2.4). Outcomes:
    ``lead_created``, ``merged_into_lead``, ``moved_to_customer``, ``customer_created``,
    ``lead_promoted``, ``merged_into_customer`` (``merged_into_agent`` for an agent),
    ``updated`` and ``switched`` (the visitor was already identified as someone else).

    Raises:
        Conflict: the identifiers point at two different profiles (both named); a
            ``DuplicateContact`` with the code ``CONFLICT``.
        InvalidValue: no identifier, a malformed one, or bad data.
    """
    anon = clean_anonymous_id(anonymous_id)
    ident = _identity(emails, phones, external_id, country)
    fields = _data(data)
    source = protection.VERIFIED_IDENTIFY if verified else protection.FORM
    kind = "customer" if verified else "lead"
    with db.atomic():
        visitor = person_for_anonymous_id(anon)
        row = Person.get_or_none(Person.id == visitor) if visitor is not None else None
        target = _single_owner(_owners(ident))
        merge_id = None
        if row is not None and row.type != "anonymous" and target not in (None, row.id):
            outcome = "switched"
        elif row is not None and row.type != "anonymous":
            target, outcome = row.id, "updated"
        elif target is None or (row is not None and target == row.id):
            outcome = f"{kind}_created"
            # The visitor's Anonymous profile (or a new one) gets its type from the update below.
            target = (
                row.id if row is not None else profiles.create_person({"type": kind}, source="identify").id
            )
        else:
            if row is not None:
                merge_id = _merge_into(target, row.id, "identify")
            outcome = _merged_outcome(Person.get_by_id(target).type, verified)
        before = Person.get_by_id(target).type
        # The source's rule (protection) decides what of the data and the type is taken.
        update = {**fields, **ident.update(), "type": kind}
        after = profiles.update_person(target, update, source=source, country=country).type
        if (before, after) == ("lead", "customer") and outcome in ("merged_into_lead", "updated"):
            outcome = "lead_promoted"
        _attach(anon, target)
    return IdentityResult(outcome, load_person(target), merge_id)


def _merged_outcome(type_: str, verified: bool) -> str:
    if type_ == "customer":
        return "merged_into_customer" if verified else "moved_to_customer"
    return f"merged_into_{type_}"


def _clean_platform(platform: Any) -> str:
    text = platform.strip().lower() if isinstance(platform, str) else ""
    if text not in PLATFORMS:
        raise InvalidValue(
            f"Platform {platform!r} is not one of {', '.join(PLATFORMS)}.", field="platform", value=platform
        )
    return text


def clean_push_id(value: Any) -> str:
    """A push registration id trimmed, or ``InvalidValue`` naming it."""
    return _clean_id(value, "Push registration id", "push_id")


@retry_races
def install(push_id: str, platform: str) -> IdentityResult:
    """An app installed and first opened: an empty Lead holding only the push registration.

    The same registration again returns its profile unchanged (outcome ``existing``).
    """
    push = clean_push_id(push_id)
    kind = _clean_platform(platform)
    with db.atomic():
        holder = PushRegistration.get_or_none(PushRegistration.registration_id == push)
        if holder is not None:
            return IdentityResult("existing", load_person(holder.person_id))
        person_id = _new_installation_lead(push, kind)
    return IdentityResult("installed", load_person(person_id))


def _new_installation_lead(push: str, platform: str) -> int:
    person_id = profiles.create_person({"type": "lead"}, source="device").id
    PushRegistration.insert(registration_id=push, person=person_id, platform=platform).execute()
    history.record("device", [("push_registration", None, push)], person_id=person_id)
    return person_id


def _holder(push: str) -> PushRegistration:
    registration = PushRegistration.get_or_none(PushRegistration.registration_id == push)
    if registration is None:
        raise ProfileNotFound(
            f"No app installation has push registration {push!r}: record the install first.",
            field="push_id",
            value=push,
        )
    return registration


def _move_push(registration: PushRegistration, to_id: int) -> None:
    push, from_id = registration.registration_id, registration.person_id
    PushRegistration.update(person=to_id).where(PushRegistration.registration_id == push).execute()
    history.record("device", [("push_registration", push, None)], person_id=from_id)
    history.record("device", [("push_registration", None, push)], person_id=to_id)


@retry_races
def login(
    push_id: str,
    *,
    emails: Iterable[str] = (),
    phones: Iterable[str] = (),
    external_id: str | None = None,
    data: Mapping[str, Any] | None = None,
    country: str | None = None,
) -> IdentityResult:
    """A verified login in the app of ``push_id`` (SPEC 5.3, mobile).

    Outcomes: ``installation_promoted`` (nothing matched: the installation's Lead becomes
    the Customer), ``lead_promoted`` (a Lead matched: it becomes the Customer, takes the
    registration and the installation's Lead is merged into it), ``merged_into_customer``
    (a Customer matched), ``updated`` (the same Customer again) and ``switched`` (the app
    was logged in as someone else: the registration moves, nobody is merged).
    """
    push = clean_push_id(push_id)
    ident = _identity(emails, phones, external_id, country)
    fields = _data(data)
    with db.atomic():
        registration = _holder(push)
        holder = Person.get_by_id(registration.person_id)
        target = _single_owner(_owners(ident))
        merge_id = None
        if not protection.is_protected(holder.type):  # not logged in: the installation's Lead
            if target is None or target == holder.id:
                target, outcome = holder.id, "installation_promoted"
            else:
                merge_id = _merge_into(target, holder.id, "device")
                kept_type = Person.get_by_id(target).type
                outcome = "lead_promoted" if kept_type == "lead" else f"merged_into_{kept_type}"
        elif target is not None and target == holder.id:
            outcome = "updated"
        else:
            if target is None:
                target = profiles.create_person({"type": "customer"}, source="device").id
            _move_push(registration, target)
            outcome = "switched"
        # A verified login promotes a Lead (protection's rule); a Customer or Agent keeps its type.
        update = {**fields, **ident.update(), "type": "customer"}
        profiles.update_person(target, update, source=protection.APP_DEVICE, country=country)
    return IdentityResult(outcome, load_person(target), merge_id)


def logout(push_id: str) -> IdentityResult:
    """Log the app of ``push_id`` out: a new empty Lead holds the registration from now on.

    An installation that is not logged in (its holder is a Lead) is left as it is
    (outcome ``not_logged_in``).
    """
    push = clean_push_id(push_id)
    with db.atomic():
        registration = _holder(push)
        holder = Person.get_by_id(registration.person_id)
        if not protection.is_protected(holder.type):
            return IdentityResult("not_logged_in", load_person(holder.id))
        lead = profiles.create_person({"type": "lead"}, source="device").id
        _move_push(registration, lead)
    return IdentityResult("logged_out", load_person(lead))
