"""Short words for the store's filters, for the narrow places that show them: cards and summaries.

The store names each data-quality check in full (``quality.CHECKS``); an audit card at
80 columns has room for about fifteen characters, and so has the persons list's filter
summary. ``describe_filters`` is the summary: every filter a ``PersonCriteria`` holds.
All of it is display text, cleaned of control characters (a country is user data).
"""

from __future__ import annotations

from store.fields import PERSON_TYPES
from store.persons.listing import NO_COUNTRY, PersonCriteria
from store.quality import CHECKS, NEAR_LIMIT

from .text import clean

SHORT_CHECKS = {
    "no_contact": "no contact at all",
    "no_email": "no email",
    "no_phone": "no phone",
    "near_limit": f"{NEAR_LIMIT}+ contacts",
    "reserved_email": "test-domain email",
    "name_digits": "digit in a name",
    "name_control": "control char in name",
    "birth_date": "odd birth date",
    "old_email_form": "old-form email",
    "unknown_country": "country not ISO",
}
"""Every check of ``quality.CHECKS`` in a few words (the full words where none is given)."""


def short_country(country: str | None) -> str:
    """A country filter in a few words (``NO_COUNTRY``: persons without one)."""
    return "no country" if country == NO_COUNTRY else f"country {country}"


def audit_filters(criteria: PersonCriteria) -> list[str]:
    """The filters set outside the filter dialog (an audit figure's check, country, creation
    moment; a segment's members), each in a few words."""
    parts = []
    if criteria.check is not None:
        parts.append(SHORT_CHECKS.get(criteria.check, CHECKS[criteria.check]))
    if criteria.country is not None:
        parts.append(short_country(criteria.country))
    if criteria.created_since is not None:
        parts.append(f"created since {criteria.created_since:%Y-%m-%d %H:%M}")
    if criteria.segment is not None:
        parts.append(f"segment {criteria.segment}")
    return [clean(part) for part in parts]


def describe_filters(criteria: PersonCriteria, company: str) -> str:
    """The active filters in a few words, as display text."""
    if criteria.types is None:
        parts = ["all but Anonymous"]
    elif set(criteria.types) == set(PERSON_TYPES):
        parts = ["all types"]
    else:
        parts = ["/".join(t.capitalize() for t in criteria.types)]
    parts += audit_filters(criteria)
    if criteria.tag:
        parts.append(f"tag {criteria.tag}")
    if company:
        parts.append(f"company {company}")

    return clean(" · ".join(parts))
