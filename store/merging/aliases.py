"""Where merged-away person ids went: a lookup of one says so instead of "no such person".

A merge leaves one ``PersonAlias`` per merged-away id. A chain (5 merged into 3, then 3
into 9) is followed to its end, and the error for 5 names every step.
"""

from __future__ import annotations

from ..errors import ProfileNotFound
from ..events.models import PersonAlias
from ..models import Person

MAX_CHAIN = 100


def merge_chain(person_id: int) -> list[tuple[int, int, int]]:
    """The merges that took ``person_id`` away: ``[(from_id, into_id, merge_id), ...]`` in order."""
    chain: list[tuple[int, int, int]] = []
    current = int(person_id)
    while len(chain) < MAX_CHAIN:
        row = (
            PersonAlias.select(PersonAlias.kept_id, PersonAlias.merge)
            .where(PersonAlias.person_id == current)
            .tuples()
            .first()
        )
        if row is None:
            break
        chain.append((current, row[0], row[1]))
        current = row[0]
    return chain


def missing_person(person_id: int) -> ProfileNotFound:
    """The error for a person id that has no row: merged away (and where to), or unknown."""
    chain = merge_chain(person_id)
    if not chain:
        return ProfileNotFound(f"There is no person with id {person_id}.", field="id", value=person_id)
    steps = [f"person {a} was merged into person {b} (merge #{m})" for a, b, m in chain]
    message = "; ".join(steps)
    last = chain[-1][1]
    if Person.get_or_none(Person.id == last) is None:
        message += f"; person {last} no longer exists"
    message = message[0].upper() + message[1:] + "."
    return ProfileNotFound(message, field="id", value=person_id)
