"""Large files hand their row checks (text files), phones and pass two's row work to helper
processes: the same outcome as in-process."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import store
from store import attributes
from store.importing import passes
from store.importing import progress as import_progress
from store.importing.engine import import_file
from store.importing.options import ImportOptions
from store.importing.progress import drive
from store.persons import profiles

ROWS = 600


def _file(path) -> str:
    """A file with in-file duplicates, invalid rows, tags, companies, custom values and merges."""
    rng = random.Random(7)
    lines = ["External id,First name,Last name,E-mail,Phone,Birth date,Company,Tags,Score"]
    for i in range(ROWS):
        email = f"p{i % 570}@example.com"  # rows 570.. repeat an earlier email: one profile each
        if i % 97 == 5:
            email = f"P{i % 570}@Example.com ::: q{i}@example.com"  # two in one cell, one in a new case
        elif i % 89 == 3:
            email = f"p{i}@@example"  # invalid
        phone = rng.choice([f"091 {1000000 + i:07d}", f"+385 91 {2000000 + i:07d}", "12", ""])
        birth = rng.choice(["1990-01-02", "", "02.01.1990"])  # the last one is invalid
        tags = rng.choice(["vip", "vip;new", "", "New"])
        company = rng.choice(["ACME", "", "Beta d.o.o."])
        external = f"E{i % 590}"
        if 300 <= i < 325:  # one profile from 25 rows: the rows past its 20th contact are invalid
            external, email = "E-many", f"many{i}@example.com"
        lines.append(f"{external},Ana{i},Horvat,{email},{phone},{birth},{company},{tags},{i % 7}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _store_state(database) -> dict[str, list]:
    """Every table but the import history, without times and the import's number."""
    state = {}
    for table in ("person", "contact", "person_tag", "tag", "company", "person_value", "change"):
        cursor = database.execute_sql(f"SELECT * FROM {table}")
        names = [d[0] for d in cursor.description]
        keep = [i for i, n in enumerate(names) if n not in ("created_at", "modified_at", "at", "source")]
        state[table] = sorted((tuple(row[i] for i in keep) for row in cursor.fetchall()), key=repr)
    return state


MAPPING = [
    ("External id", "external_id"),
    ("First name", "first_name"),
    ("Last name", "last_name"),
    ("E-mail", "email"),
    ("Phone", "phone"),
    ("Birth date", "birth_date"),
    ("Company", "company"),
    ("Tags", "tags"),
    ("Score", "custom:Score"),
]


def _options() -> ImportOptions:
    return ImportOptions(country="HR", on_match="merge", tags=["vip", "import"], mapping=MAPPING)


def _existing() -> None:
    """A custom attribute and 20 profiles the file merges into."""
    attributes.define_attribute("Score", "whole")
    for n in range(20):
        profiles.create_person({"first_name": f"Old{n}", "emails": [f"p{n * 3}@example.com"], "type": "lead"})


def _import(database, path: str, monkeypatch, helpers: bool | str) -> tuple:
    """Import with no helpers, helpers after 50 rows, or (``"eager"``) helpers started
    before the first row, as for a file of several megabytes."""
    threshold = 50 if helpers else 10**9
    monkeypatch.setattr(passes, "PHONE_PARALLEL_AFTER", threshold)
    monkeypatch.setattr(passes, "PREPARE_PARALLEL_AFTER", threshold)
    monkeypatch.setattr(passes, "PARALLEL_FROM_BYTES", 0 if helpers == "eager" else 10**12)
    monkeypatch.setattr(passes, "CHUNK", 64)
    result = drive(import_file(path, _options()))
    counts = (result.status, result.rows, result.valid, result.invalid, result.created, result.updated)
    errors = [(e["row"], e["column"], e["reason"]) for e in result.errors]
    return counts, errors, _store_state(database)


def test_helpers_give_the_in_process_outcome(tmp_path, monkeypatch):
    path = _file(tmp_path / "people.csv")
    zipped = tmp_path / "people.zip"
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(path, "people.csv")
    outcomes = []
    for source, helpers in ((path, False), (path, True), (path, "eager"), (str(zipped), "eager")):
        database = store.open(f"sqlite:///{tmp_path / f'helpers-{helpers}-{len(outcomes)}.db'}")
        try:
            _existing()
            outcomes.append(_import(database, source, monkeypatch, helpers))
        finally:
            store.close()
    (counts, errors, state), *others = outcomes
    assert counts[0] == "completed_with_errors"
    assert counts[1] == ROWS and counts[2] + counts[3] == ROWS
    assert counts[4] > 200 and counts[5] >= 5  # created and merged
    assert any(column == "Phone" for _r, column, _reason in errors)
    assert any(column == "E-mail" for _r, column, _reason in errors)
    assert any("more than 20 contacts" in reason for _r, _column, reason in errors)
    assert any(row[-1].startswith("q") for row in state["contact"])
    assert len(state["person"]) == 20 + counts[4]
    for other in others:  # phones in helpers, rows checked in helpers, and from a zip
        assert other == (counts, errors, state)


def test_the_check_helpers_refuse_a_broken_file_as_this_process_does(tmp_path, monkeypatch):
    path = Path(_file(tmp_path / "people.csv"))
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[400] = 'E-broken,"Ana,Horvat,broken@example.com,,,,,1'  # a quote never closed
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = []
    for eager in (False, True):
        store.open(f"sqlite:///{tmp_path / f'broken-{eager}.db'}")
        try:
            _existing()
            before = _children()
            monkeypatch.setattr(passes, "PARALLEL_FROM_BYTES", 0 if eager else 10**12)
            monkeypatch.setattr(passes, "CHUNK", 64)
            result = drive(import_file(path, _options()))
            results.append((result.status, result.reason, result.message, result.created))
            assert _children() == before
        finally:
            store.close()
    assert results[0] == results[1]
    assert results[0][:2] == ("refused", "corrupt") and "Row 401" in results[0][2]


def _children() -> set[int]:
    """Ids of this process's live child processes."""
    found: set[int] = set()
    for task in Path("/proc/self/task").iterdir():
        found.update(int(c) for c in (task / "children").read_text().split())
    return {pid for pid in found if Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"}


def test_a_helper_started_early_and_not_needed_is_stopped(tmp_path, monkeypatch):
    path = _file(tmp_path / "people.csv")
    store.open(f"sqlite:///{tmp_path / 'early.db'}")
    try:
        _existing()
        before = _children()
        monkeypatch.setattr(passes, "PARALLEL_FROM_BYTES", 0)  # pass two's helper starts at once
        result = drive(import_file(path, _options()))  # ...but 600 rows stay in this process
        assert result.status == "completed_with_errors" and result.created > 200
        assert _children() == before
        refused = drive(import_file(tmp_path / "missing.csv", _options()))
        assert refused.status == "refused" and _children() == before
    finally:
        store.close()


def test_helper_processes_on_each_backend(store_db, tmp_path, monkeypatch):
    path = _file(tmp_path / "people.csv")
    _existing()
    analysed = drive(import_file(path, _options(), analyse_only=True))
    counts, _errors, state = _import(store_db, path, monkeypatch, helpers=True)
    assert counts[1:] == (analysed.rows, analysed.valid, analysed.invalid, analysed.created, analysed.updated)
    assert len(state["person"]) == 20 + counts[4]
    tagged = {row for row in state["person_tag"]}
    assert len(tagged) >= 2 * counts[4]  # every new person has the import's two tags


def test_cancel_while_writing_with_a_helper_leaves_the_store_as_it_was(sqlite_db, tmp_path, monkeypatch):
    import threading

    path = _file(tmp_path / "people.csv")
    _existing()
    before = _store_state(sqlite_db)
    monkeypatch.setattr(passes, "PHONE_PARALLEL_AFTER", 50)
    monkeypatch.setattr(passes, "PREPARE_PARALLEL_AFTER", 50)
    monkeypatch.setattr(import_progress, "TICK", 0.0)  # a progress report at every batch
    cancel = threading.Event()
    generator = import_file(path, _options(), cancel=cancel)
    phases = []
    while True:
        try:
            progress = next(generator)
        except StopIteration as stop:
            result = stop.value
            break
        phases.append(progress.phase)
        if progress.phase == "writing":
            cancel.set()
    assert "writing" in phases and result.status == "cancelled"
    assert _store_state(sqlite_db) == before


def test_a_check_helper_that_dies_fails_the_import_and_changes_nothing(sqlite_db, tmp_path, monkeypatch):
    path = _file(tmp_path / "people.csv")
    _existing()
    before = _store_state(sqlite_db)
    children = _children()

    class Dying(passes.CheckWorkers):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.processes[1].kill()  # as if the kernel had stopped it (out of memory)

    monkeypatch.setattr(passes, "CheckWorkers", Dying)
    monkeypatch.setattr(passes, "PARALLEL_FROM_BYTES", 0)
    monkeypatch.setattr(passes, "CHUNK", 64)
    result = drive(import_file(path, _options()))
    assert result.status == "failed"
    assert result.message == "The import failed: RuntimeError: a row-checking helper process stopped"
    assert _store_state(sqlite_db) == before
    assert _children() == children


def test_a_check_helper_refuses_a_file_changed_since_the_import_opened_it(tmp_path):
    import io
    import marshal
    import pickle

    from store.importing import check_process
    from store.importing.helpers import receive_frame, send_frame
    from store.importing.rowcheck import CheckContext

    path = Path(_file(tmp_path / "people.csv"))
    job = {
        "path": str(path),
        "stat": check_process._identity(path),
        "opening": {},
        "mapping": {0: "external_id", 3: "email"},
        "options": ImportOptions(),
        "context": CheckContext(None, {}),
        "chunk": 100,
        "index": 1,
        "count": 2,
    }
    with path.open("a", encoding="utf-8") as out:  # a row written after the import opened it
        out.write("E-late,Late,Row,late@example.com,,,,,1\n")
    source, sink = io.BytesIO(), io.BytesIO()
    send_frame(source, pickle.dumps(job))
    source.seek(0)
    check_process.serve(source, sink)
    sink.seek(0)
    assert marshal.loads(receive_frame(sink)) == (
        "refused",
        "corrupt",
        "The file changed while it was being read: import it again once it is complete.",
    )
