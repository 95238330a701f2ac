"""The ``profiles`` command line: argument parsing and thin commands over the store.

``run(argv)`` parses, opens the database, runs one command and prints its result,
as text for people or as exactly one JSON value with ``--json``. The console is
started by ``tui.main``, which hands every sub-command to this package.
"""

from .runner import CommandLine, run

__all__ = ["CommandLine", "run"]
