"""The layers of DESIGN.md, as import-linter contracts in pyproject.toml: domain <- platform/local <- services <-
ui/cli, no arrow back up, no cycle among the services, Textual only in ui/, no SQLite or HTTP in the services, no I/O
in the domain. This runs ``lint-imports`` (the same check CI runs) and shows its report when a contract breaks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_import_contracts_hold() -> None:
    tool = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    if tool is None:
        pytest.fail("lint-imports is missing: install the test extra (pip install -e '.[test]')")
    done = subprocess.run([tool, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout

