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



def test_screens_reach_the_services_through_the_typed_accessor() -> None:
    """Screens and widgets use ``self.services`` / ``services_of(app)`` (b2bterm/ui/services.py), never the app's
    untyped ``desk`` attribute: only the app itself holds it."""
    import ast

    offenders = []
    for path in sorted((ROOT / "b2bterm" / "ui").rglob("*.py")):
        if path.name in ("app.py", "services.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "desk":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, "use self.services or services_of(app): " + ", ".join(offenders)


def test_modules_stay_small() -> None:
    """No screen module over 500 lines, no module over 600 (the demo's data tables excepted): a screen that grows
    is split into widgets, not into mixins."""
    data_tables = {Path("b2bterm/platform/demo/catalog.py")}
    too_long = []
    for path in sorted((ROOT / "b2bterm").rglob("*.py")):
        rel = path.relative_to(ROOT)
        limit = 500 if rel.parts[:3] == ("b2bterm", "ui", "screens") else 600
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if rel not in data_tables and lines > limit:
            too_long.append(f"{rel}: {lines} > {limit}")
    assert not too_long, "; ".join(too_long)
