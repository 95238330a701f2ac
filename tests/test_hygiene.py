"""The store never imports Textual, the CLI starts without it, and the code is linted and type-checked."""

from __future__ import annotations

import json
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


# Run in one fresh interpreter (a subprocess per module took ~20 s). The modules are
# imported one after another; when one brings Textual or rich in, everything its import
# loaded is dropped from sys.modules again, so each later module is judged on what its
# own import loads, as in a fresh interpreter: the modules kept are ones that load neither.
_IMPORT_EACH = """
import importlib, json, sys, traceback
found = {}
for name in sys.argv[1:]:
    before = set(sys.modules)
    try:
        importlib.import_module(name)
    except BaseException:
        found[name] = "import failed: " + traceback.format_exc()
    else:
        loaded = [ui for ui in ("textual", "rich") if ui in sys.modules]
        found[name] = f"importing {name} loads {' and '.join(loaded)}" if loaded else ""
    if found[name]:
        for added in set(sys.modules) - before:
            del sys.modules[added]
print(json.dumps(found))
"""


@pytest.fixture(scope="module")
def store_imports() -> dict[str, str]:
    """Each store module, with what is wrong with importing it ("" when nothing)."""
    modules = ["store", *STORE_MODULES]
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_EACH, *modules], capture_output=True, text=True, cwd=REPO
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("module", ["store", *STORE_MODULES])
def test_store_module_imports_without_textual(store_imports, module):
    assert store_imports[module] == ""


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


def test_mypy_passes_on_the_store_and_the_console():
    """``mypy`` with the configuration of ``pyproject.toml`` (``check_untyped_defs``, store/ and tui/)."""
    result = subprocess.run([str(BIN / "mypy")], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
