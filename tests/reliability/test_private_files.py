"""Database files and the folders made for them are owner-only, whatever the umask (SPEC 10)."""

from __future__ import annotations

import os
import stat

import pytest

import store
from store.persons import profiles


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_a_new_database_and_its_folders_are_owner_only(tmp_path, umask):
    path = tmp_path / "new" / "nested" / "profiles.db"
    old = os.umask(umask)
    try:
        store.open(f"sqlite:///{path}")
        profiles.create_person({"first_name": "Ana", "emails": ["ana@example.com"]})
    finally:
        os.umask(old)
    try:
        assert _mode(path) == 0o600
        assert _mode(path.parent) == 0o700
        assert _mode(path.parent.parent) == 0o700
        for suffix in ("-wal", "-shm"):  # SQLite gives its side files the database's mode
            side = path.with_name(path.name + suffix)
            if side.exists():
                assert _mode(side) == 0o600, suffix
    finally:
        store.close()


def test_an_existing_folder_keeps_its_mode(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    store.open(f"sqlite:///{folder / 'profiles.db'}")
    store.close()
    assert _mode(folder) == 0o755
    assert _mode(folder / "profiles.db") == 0o600
