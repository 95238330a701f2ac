"""Write ``store/migrations/v9_country_names.py``: the country spellings of migration 9, frozen.

Migration 9 converts the countries stored before the country rule into ISO codes. A
migration is frozen (docs/design.md, "Migrations"): it must convert tomorrow exactly as
it did the day it was written, whatever pycountry or ``store/countries.py`` say by then.
So the spellings it knows are written out once, as data, by this script, from the rule of
that day. It was run once, for schema version 9; running it again after the rule changed
would change a released migration (the script refuses to overwrite the file unless
``--force`` is given, for the day the migration is still unreleased). Run from the
repository root::

    .venv/bin/python scripts/freeze_country_names.py
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from store import countries  # noqa: E402

TARGET = REPO / "store" / "migrations" / "v9_country_names.py"
HEADER = '''"""The country spellings migration 9 knows: written once by scripts/freeze_country_names.py.

Frozen data (do not edit, do not regenerate): one line per ISO 3166-1 alpha-2 code, the
code, then every spelling of that country that the country rule of schema version 9 read,
folded by ``v9_countries.fold`` and separated by ``|``.
"""

TABLE = """
'''


def main() -> int:
    """Write the table; refuse to replace an existing one without ``--force``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="replace an existing table")
    args = parser.parse_args()
    if TARGET.exists() and not args.force:
        print(f"{TARGET} exists: a released migration's data is never regenerated.", file=sys.stderr)
        return 1
    by_code: dict[str, list[str]] = defaultdict(list)
    for key, code in countries._lookup().items():
        if key == countries.fold(key):  # the folded spellings (the table also holds "HR" → "HR")
            by_code[code].append(key)
    lines = [f"{code} {'|'.join(sorted(keys))}" for code, keys in sorted(by_code.items())]
    TARGET.write_text(HEADER + "\n".join(lines) + '\n"""\n', encoding="utf-8")
    print(f"wrote {TARGET}: {len(lines)} countries, {sum(map(len, by_code.values()))} spellings")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
