"""How condition values compare: the rules ``sql`` and ``evaluate`` both follow.

Text ignores the case of A-Z only (``ascii_lower``): that is what ``lower`` does in SQLite
and, under ``COLLATE "C"``, in PostgreSQL, so a count and a person-by-person check agree.
A birthday "in the next N days" is a month and day among ``birthday_days``.
"""

from __future__ import annotations

import calendar
import datetime as dt

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(text: str) -> str:
    """``text`` with A-Z lower-cased and every other character as it is."""
    return text.translate(_ASCII_LOWER)


def birthday_days(today: dt.date, days: int) -> set[str]:
    """The ``mm-dd`` of every day from ``today`` to ``days`` days later, both included.

    In a year without 29 February, a birthday on 29 February is celebrated on 1 March:
    ``02-29`` is in the set whenever 1 March of such a year is.
    """
    found = set()
    for offset in range(days + 1):
        day = today + dt.timedelta(days=offset)
        found.add(day.strftime("%m-%d"))
        if day.month == 3 and day.day == 1 and not calendar.isleap(day.year):
            found.add("02-29")
    return found
