"""The console's one selection of persons, shared by every screen (``app.selection``).

It holds a store ``Selection`` (explicit ids, or a whole list but some: see
``store.persons.selection``) and the last count of it, for the status lines. Changing it
never touches the database; what acts on it (tag, merge, delete, and the export and
segments screens) passes ``value`` to a worker, which resolves it with the store.
"""

from __future__ import annotations

from collections.abc import Iterable

from store.persons.listing import PersonCriteria
from store.persons.selection import Selection, select_all


class PersonsSelection:
    """The selected persons: ``value`` is what the store resolves, ``count`` how many it held when last counted."""

    def __init__(self) -> None:
        self.value = Selection()
        self.count: int | None = 0

    def __bool__(self) -> bool:
        return not self.value.is_empty

    def __len__(self) -> int:
        """How many are selected (for a whole list: as last counted, 0 until then)."""
        if self.value.is_explicit:
            return len(self.value.ids)
        return self.count or 0

    def __contains__(self, person_id: object) -> bool:
        return isinstance(person_id, int) and self.value.has(person_id)

    def explicit_ids(self) -> list[int] | None:
        """The ids picked one by one, in id order; None for a whole-list selection."""
        return sorted(self.value.ids) if self.value.is_explicit else None

    def _set(self, value: Selection, count: int | None) -> None:
        self.value = value
        self.count = len(value.ids) if value.is_explicit else count

    def toggle(self, person_id: int) -> None:
        """Select the person, or unselect it when it was selected."""
        was = person_id in self
        count = None if self.count is None else self.count + (-1 if was else 1)
        self._set(self.value.toggled(person_id), count)

    def add(self, person_id: int) -> None:
        """Select the person."""
        if person_id not in self:
            self.toggle(person_id)

    def discard(self, person_ids: Iterable[int]) -> None:
        """Unselect these persons (merged or deleted); a whole list's count is counted again."""
        ids = list(person_ids)
        self._set(self.value.without(ids), None if ids else self.count)

    def clear(self) -> None:
        """Select nobody."""
        self._set(Selection(), 0)

    def select_all(self, criteria: PersonCriteria, text: str, total: int | None) -> None:
        """Select every person of this list (``total``: its count, when known)."""
        self._set(select_all(criteria, text), total)

    def invert(self, criteria: PersonCriteria, text: str) -> None:
        """Select the persons of this list that are not selected, and unselect the others
        (the count is then the store's to make: picked ids may lie outside this list).

        Raises:
            InvalidValue: the selection is a whole other list.
        """
        self._set(self.value.inverted(criteria, text), None)
