"""The integration actions (SPEC 8): what chatbots, forms, apps and jobs call, one at a time
or as a stream of JSON Lines.

``run(name, args)`` runs one action and returns an ``ActionResult`` (a status code a
caller branches on, the data, a message); ``run_lines(lines)`` runs a stream in short
transactions. Each action is also a function taking the same arguments object and
raising the store's errors (``people.upsert_person``...). The console and the
``profiles action`` / ``profiles batch`` commands call these.
"""

from __future__ import annotations

from .batch import run_json, run_lines
from .contract import ACTION_NAMES, STATUS_CODES, SUCCESS, ActionResult
from .dispatch import ACTIONS, run

__all__ = [
    "ACTIONS",
    "ACTION_NAMES",
    "STATUS_CODES",
    "SUCCESS",
    "ActionResult",
    "run",
    "run_json",
    "run_lines",
]
