"""Every file of ../shared/corpus gives the outcome its README states, run as the README runs it.

The expectations are read from the README's tables, so the test follows the corpus as it
is. Each file runs in a fresh database through the installed ``profiles`` command, with
the README's 120 s and 2 GiB address-space limits: one JSON object on stdout, no
traceback, the exit code of its status, the counts, and the persons stored afterwards
(counted in-process as ``profiles persons count`` counts them, every type: a third
process per file cost half a second of start-up).
"""

from __future__ import annotations

import json
import re
import resource
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import store
from store.db import path_url
from store.persons import listing

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
PROFILES = Path(sys.executable).parent / "profiles"
ROW = re.compile(r"^\| `(?P<file>[^`]+)` \|(?P<rest>.*)\|\s*$")


def _expectations() -> list[dict[str, str]]:
    if not (CORPUS / "README.md").exists():
        return []
    found = []
    for line in (CORPUS / "README.md").read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if not match or not (CORPUS / match["file"]).exists():
            continue
        cells = [c.strip() for c in match["rest"].split(" | ")]
        # cells: what, expected, arguments, rows, valid, invalid, profiles, confidence
        if len(cells) < 8 or not cells[1].startswith("`"):
            continue
        found.append(
            {
                "file": match["file"],
                "expected": cells[1].strip("`"),
                "args": cells[2].strip("`"),
                "rows": cells[3],
                "valid": cells[4],
                "invalid": cells[5],
                "profiles": cells[6],
            }
        )
    return found


def _holds(value: int, spec: str) -> bool:
    spec = spec.strip()
    if spec in ("—", "-", ""):
        return True
    if ".." in spec:
        low, high = spec.split("..")
        return int(low) <= value <= int(high)
    if "±" in spec:
        mid, tol = spec.split("±")
        return abs(value - int(mid)) <= int(tol)
    if spec.startswith("≥"):
        return value >= int(spec[1:])
    return value == int(spec)


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def _run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PROFILES), "--db", f"sqlite:///{db}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limits,
    )


def _count_persons(db: Path) -> int:
    """How many persons the store at ``db`` holds, Anonymous included."""
    store.open(path_url(db))
    try:
        return listing.count_persons()
    finally:
        store.close()


CASES = _expectations()


@pytest.mark.corpus
@pytest.mark.skipif(not CASES, reason=f"the import corpus is not at {CORPUS} (../shared/corpus)")
@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_corpus_file_outcome(case, tmp_path):
    db = tmp_path / "profiles.db"
    args = [] if case["args"] in ("—", "-", "") else shlex.split(case["args"])
    done = _run(db, "import", str(CORPUS / case["file"]), *args, "--yes", "--json")
    assert "Traceback" not in done.stderr, done.stderr
    result = json.loads(done.stdout)
    assert isinstance(result, dict)
    count = _count_persons(db)
    if case["expected"].startswith("refuse:"):
        assert result["status"] == "refused", result
        assert result["message"]
        assert done.returncode == 1
        assert count == 0
        return
    assert result["status"] == ("completed_with_errors" if result["invalid"] else "completed"), result[
        "message"
    ]
    assert done.returncode == 0
    assert _holds(result["rows"], case["rows"]), (result["rows"], case["rows"])
    assert _holds(result["valid"], case["valid"]), (result["valid"], case["valid"])
    assert _holds(result["invalid"], case["invalid"]), (result["invalid"], case["invalid"])
    assert _holds(count, case["profiles"]), (count, case["profiles"])
    analysed = _run(
        tmp_path / "fresh.db", "import", str(CORPUS / case["file"]), *args, "--analyse-only", "--json"
    )
    counts = json.loads(analysed.stdout)
    assert analysed.returncode == 0 and counts["status"] == "analysed"
    for key in ("rows", "valid", "invalid", "created", "updated", "discarded"):
        assert counts[key] == result[key], key
