"""The store never imports Textual, the CLI starts without it, and the code is linted."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import store

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
STORE_MODULES = sorted(
    m.name for m in pkgutil.walk_packages(store.__path__, prefix="store.") if not m.name.endswith("__main__")
)


@pytest.mark.parametrize("module", ["store", *STORE_MODULES])
def test_store_module_imports_without_textual(module):
    code = f"import sys, {module}; assert 'textual' not in sys.modules and 'rich' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def test_cli_sub_commands_do_not_load_textual(tmp_path):
    code = (
        "import sys; from tui.main import main; "
        f"main(['--db', 'sqlite:///{tmp_path}/t.db', 'persons', 'count', '--json']); "
        "assert 'textual' not in sys.modules, 'textual was imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert '"count": 0' in result.stdout


def test_import_linter_contract_holds():
    result = subprocess.run([str(BIN / "lint-imports")], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_check_and_format():
    check = subprocess.run([str(BIN / "ruff"), "check", "."], capture_output=True, text=True, cwd=REPO)
    assert check.returncode == 0, check.stdout
    fmt = subprocess.run(
        [str(BIN / "ruff"), "format", "--check", "."], capture_output=True, text=True, cwd=REPO
    )
    assert fmt.returncode == 0, fmt.stdout
