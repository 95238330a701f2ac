"""One writer process of the concurrent-writers test: ``N`` mixed operations through the API.

Run as ``python concurrent_writer.py URL WRITER COUNT SHARED_IDS START_FILE``; waits until
``START_FILE`` exists (the test creates it when the import is writing), then does ``COUNT``
operations in turn: add a person with the shared tag and company, change the main shared
person, add an email to one of the shared persons, tag two persons. Prints one JSON line:
the failures (operation and error) and the longest wait of one operation in seconds.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path

import store
from store import tags
from store.persons import profiles


def main(url: str, writer: int, count: int, shared: list[int], start_file: Path) -> None:
    """Do the operations and print the summary line."""
    store.open(url)
    deadline = time.monotonic() + 1200
    while not start_file.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    failures: list[str] = []
    worst = 0.0
    created: list[int] = []
    for i in range(count):
        kind = i % 4
        started = time.monotonic()
        try:
            if kind == 0:
                person = profiles.create_person(
                    {
                        "first_name": f"Writer{writer}",
                        "last_name": f"Op{i}",
                        "emails": [f"w{writer}.{i}@writers.test"],
                        "tags": ["shared tag"],
                        "company": "Shared Company",
                    }
                )
                created.append(person.id)
            elif kind == 1:
                profiles.update_person(shared[0], {"city": f"City {writer}-{i}"})
            elif kind == 2:
                target = shared[(writer * ((count + 3) // 4) + i // 4) % len(shared)]  # round robin
                profiles.update_person(target, {"add_emails": [f"shared.{writer}.{i}@writers.test"]})
            else:
                tags.assign_tag(f"writer tag {i % 5}", [shared[0], *created[-1:]])
        except Exception:  # noqa: BLE001 - every failure is what this test counts
            failures.append(f"op {i} ({kind}): {traceback.format_exc(limit=3)}")
        worst = max(worst, time.monotonic() - started)
    store.close()
    print(json.dumps({"writer": writer, "failures": failures, "worst_wait": round(worst, 3)}))


if __name__ == "__main__":
    main(
        sys.argv[1],
        int(sys.argv[2]),
        int(sys.argv[3]),
        [int(x) for x in sys.argv[4].split(",")],
        Path(sys.argv[5]),
    )
