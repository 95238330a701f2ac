"""The ``profiles`` entry point: the console without a command, else one CLI command.

Textual is imported only when the console opens, so sub-commands start fast.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``profiles`` with ``argv`` (default: the process arguments); returns the exit code."""
    from store.cli import CommandLine, run
    from store.cli.runner import UsageError, usage_text

    args = list(sys.argv[1:] if argv is None else argv)
    try:
        line = CommandLine.split(args)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return 2
    if line.rest:
        return run(args)
    # The console arrives with issue "Console I"; until then the usage is the honest answer.
    print(usage_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
