"""Customer protection and type promotion (SPEC 2.4, 5.3, 6.5): the one rule every path asks.

A change comes from a ``Source`` (the console, the command line, an import, a form...),
each trusted to one degree:

- **explicit**: a person of the business acting on purpose (console, command line,
  Python API). May change anything, and set any type but Anonymous.
- **verified**: a channel that proved who the person is (a verified identify, an app
  login, a Customer import with Merge). May change anything, and promotes a Lead (or an
  Anonymous visitor) to Customer; it never changes a Customer's or an Agent's type.
- **untrusted**: contact data nobody checked (a form, event tracking, a Lead import).
  On a Customer or an Agent it only fills **empty** single-valued fields (standard
  attributes, company, custom attributes) and adds contacts; it never overwrites or
  clears a value, never removes a contact and never changes the type. A Lead or an
  Anonymous profile it may change, but it never promotes one.

Whoever the source, nothing turns into Anonymous, and an Anonymous visitor may become a
Lead. Tags are the business's own labels and are outside this rule. ``decide`` answers
for a source and a profile's current type; callers that handle many records (the import)
ask once per type and reuse the answer. Nothing here touches the database.

A new channel gets its rule by defining one ``Source`` with its trust; ``SOURCES`` lists
them all for the table-driven test that pins every source against every type. The
integration actions (SPEC 8) name their channel: ``channel_source`` gives its row
(``chatbot``, ``inbox`` and ``app`` are verified, ``api`` and ``job`` explicit, ``form``,
``sms``, ``whatsapp``, ``email`` and any other caller-given name untrusted), and
``new_profile_type`` the type a profile that channel creates gets.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from .fields import NAME_FIELDS, PERSON_TYPES

PROTECTED_TYPES = frozenset({"customer", "agent"})
CONFIRMED_FIELDS = frozenset({*NAME_FIELDS, "phone", "email", "type"})
"""The protected field kinds: names, contacts and the type (SPEC 2.4)."""


class Trust(enum.Enum):
    """How far a source is trusted (see the module docstring)."""

    EXPLICIT = "explicit"
    VERIFIED = "verified"
    UNTRUSTED = "untrusted"


@dataclass(frozen=True)
class Source:
    """Where a change comes from: its name, the change history's source label, its trust."""

    name: str
    history: str
    trust: Trust


CONSOLE = Source("console", "tui", Trust.EXPLICIT)
CLI = Source("command line", "cli", Trust.EXPLICIT)
API = Source("Python API", "api", Trust.EXPLICIT)
CUSTOMER_IMPORT = Source("Customer import (Merge)", "import", Trust.VERIFIED)
LEAD_IMPORT = Source("Lead import (Merge)", "import", Trust.UNTRUSTED)
TRACKING = Source("event tracking (anonymous)", "tracking", Trust.UNTRUSTED)
FORM = Source("unverified identify (a form)", "identify", Trust.UNTRUSTED)
VERIFIED_IDENTIFY = Source("verified identify", "identify", Trust.VERIFIED)
APP_DEVICE = Source("app device (login, logout)", "device", Trust.VERIFIED)

CHATBOT = Source("chatbot session", "chatbot", Trust.VERIFIED)
INBOX = Source("inbox session", "inbox", Trust.VERIFIED)
APP = Source("app (a logged-in user)", "app", Trust.VERIFIED)
JOB = Source("job (the business's own program)", "job", Trust.EXPLICIT)
FORM_CHANNEL = Source("form submission", "form", Trust.UNTRUSTED)
SMS = Source("inbound SMS", "sms", Trust.UNTRUSTED)
WHATSAPP = Source("inbound WhatsApp message", "whatsapp", Trust.UNTRUSTED)
EMAIL = Source("inbound email", "email", Trust.UNTRUSTED)
CHANNELS = {s.history: s for s in (API, JOB, CHATBOT, INBOX, APP, FORM_CHANNEL, SMS, WHATSAPP, EMAIL)}
"""The integration channels by name (what an action's ``channel`` argument takes)."""
CHANNEL_PREFIX = "channel:"
"""The change history's label of a caller-given channel is this prefix and its name."""
MAX_CHANNEL = 32
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_CHANNEL_CHARS = frozenset(_LETTERS + "0123456789_-")

SOURCES = (
    CONSOLE,
    CLI,
    API,
    CUSTOMER_IMPORT,
    LEAD_IMPORT,
    TRACKING,
    FORM,
    VERIFIED_IDENTIFY,
    APP_DEVICE,
    CHATBOT,
    INBOX,
    APP,
    JOB,
    FORM_CHANNEL,
    SMS,
    WHATSAPP,
    EMAIL,
)


@dataclass(frozen=True)
class Permission:
    """What one source may do to one profile, decided from the profile's current type.

    ``becomes`` holds the types the profile may be changed to (never its own type).
    """

    fill_empty: bool
    overwrite: bool
    add_contacts: bool
    remove_contacts: bool
    becomes: frozenset[str]

    def may_set(self, old: object) -> bool:
        """Whether a single-valued field holding ``old`` may be written."""
        return self.overwrite if old not in (None, "") else self.fill_empty

    def new_type(self, current: str, incoming: str) -> str:
        """The type after a change that asks for ``incoming`` (``current`` when refused)."""
        return incoming if incoming in self.becomes else current


def decide(source: Source, current_type: str) -> Permission:
    """What ``source`` may write to a profile whose type is ``current_type``."""
    guarded = source.trust is Trust.UNTRUSTED and current_type in PROTECTED_TYPES
    return Permission(
        fill_empty=True,
        overwrite=not guarded,
        add_contacts=True,
        remove_contacts=not guarded,
        becomes=frozenset(_becomes(source.trust, current_type)),
    )


def _becomes(trust: Trust, current: str) -> set[str]:
    if trust is Trust.EXPLICIT:
        targets = {t for t in PERSON_TYPES if t != "anonymous"}
    else:
        targets = {"lead"} if current == "anonymous" else set()
        if trust is Trust.VERIFIED and current in ("lead", "anonymous"):
            targets.add("customer")
    return targets - {current}


def import_source(person_type: str) -> Source:
    """The source of an import that merges records as ``person_type`` (Lead or Customer)."""
    return CUSTOMER_IMPORT if person_type == "customer" else LEAD_IMPORT


def is_protected(person_type: str) -> bool:
    """Whether profiles of this type are protected (Customers and Agents)."""
    return person_type in PROTECTED_TYPES


def needs_confirmation(person_type: str, field: str) -> bool:
    """Whether the console shows the before and after and asks before saving this change.

    True for a change of a name, a contact (``phone``, ``email``) or the type of a
    Customer or an Agent (SPEC 2.4).
    """
    return person_type in PROTECTED_TYPES and field in CONFIRMED_FIELDS


def is_channel_name(name: object) -> bool:
    """Whether ``name`` is a safe channel name: 1 to 32 of ``a-z``, ``0-9``, ``_``, ``-``, a letter first."""
    return (
        isinstance(name, str)
        and 0 < len(name) <= MAX_CHANNEL
        and name[0] in _LETTERS
        and all(c in _CHANNEL_CHARS for c in name)
    )


def channel_source(name: str) -> Source:
    """The source of an integration channel: a known one's row, else an untrusted inbound channel.

    A caller-given name must be safe (``is_channel_name``); its history label is
    ``channel:NAME``. Raises ``ValueError`` for an unsafe name (the caller words the error).
    """
    known = CHANNELS.get(name)
    if known is not None:
        return known
    if not is_channel_name(name):
        raise ValueError(f"unsafe channel name {name!r}")
    return Source(f"inbound channel {name}", CHANNEL_PREFIX + name, Trust.UNTRUSTED)


def new_profile_type(source: Source, asked: str | None) -> str:
    """The type of a profile that ``source`` creates, given the type it asks for (or None).

    Explicit sources create what they ask for (a Customer by default, SPEC 2.1); verified
    channels a Lead or a Customer (Customer by default); untrusted ones always a Lead.
    Nobody creates an Anonymous profile this way.
    """
    if source.trust is Trust.UNTRUSTED:
        return "lead"
    allowed = ("lead", "customer", "agent") if source.trust is Trust.EXPLICIT else ("lead", "customer")
    return asked if asked is not None and asked in allowed else "customer"
