"""A kill -9 during an import leaves the store as it was; the next opener marks it interrupted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import store
from store.importing.records import ImportRun
from store.persons import listing, profiles


def test_kill_during_the_run_changes_nothing(store_url, tmp_path):
    store.open(store_url)
    profiles.create_person({"first_name": "Before", "emails": ["before@example.com"]})
    store.close()
    path = tmp_path / "big.csv"
    with path.open("w") as out:
        out.write("email,first name\n")
        for i in range(150_000):
            out.write(f"user{i}@example.com,Name{i}\n")
    command = os.path.join(os.path.dirname(sys.executable), "profiles")
    process = subprocess.Popen(
        [command, "--db", store_url, "import", str(path), "--yes", "--json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    watcher = store.connect(store_url)
    deadline = time.monotonic() + 60
    status = None
    while time.monotonic() < deadline and process.poll() is None:
        row = None
        if "import_run" in watcher.get_tables():
            row = watcher.execute_sql("SELECT status FROM import_run ORDER BY id DESC LIMIT 1").fetchone()
        status = row[0] if row else None
        watcher.close()
        if status == "running":
            time.sleep(0.5)  # well into writing
            break
        time.sleep(0.02)
    assert status == "running", "the import finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    store.open(store_url)  # marks the dead process's entry
    try:
        assert listing.count_persons() == 1
        assert profiles.get_person(1).first_name == "Before"
        run = ImportRun.select().order_by(ImportRun.id.desc()).get()
        assert run.status == "interrupted"
        assert "nothing was imported" in run.message
    finally:
        store.close()
