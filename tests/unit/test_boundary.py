"""The layers of DESIGN.md: nothing below ui/ imports textual; services import no httpx and no sqlite3."""

from __future__ import annotations

import ast
from pathlib import Path

import b2bterm

ROOT = Path(b2bterm.__file__).parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
            if node.module.startswith("b2bterm."):
                names.add(".".join(node.module.split(".")[:2]))
    return names


def _files(*parts: str) -> list[Path]:
    found: list[Path] = []
    for part in parts:
        target = ROOT / part
        found.extend([target] if target.is_file() else sorted(target.rglob("*.py")))
    return found


def test_only_ui_imports_textual() -> None:
    offenders = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*.py")
                 if "ui" not in p.relative_to(ROOT).parts and {"textual", "rich"} & _imports(p)]
    assert offenders == []


def test_domain_has_no_io() -> None:
    banned = {"sqlite3", "httpx", "textual", "keyring", "os", "socket", "b2bterm.platform", "b2bterm.local"}
    offenders = {str(p.relative_to(ROOT)): sorted(banned & _imports(p)) for p in _files("domain")}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_services_use_no_sqlite_or_http() -> None:
    banned = {"sqlite3", "httpx", "textual", "b2bterm.ui"}
    services = _files("quickorder", "sync", "desk.py", "orders.py", "session.py")
    offenders = {str(p.relative_to(ROOT)): sorted(banned & _imports(p)) for p in services}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_lower_layers_never_import_upper_ones() -> None:
    rules = {"platform": {"b2bterm.local", "b2bterm.ui", "b2bterm.desk", "b2bterm.quickorder", "b2bterm.sync"},
             "local": {"b2bterm.platform", "b2bterm.ui", "b2bterm.desk", "b2bterm.quickorder", "b2bterm.sync"}}
    bad: dict[str, list[str]] = {}
    for layer, banned in rules.items():
        for path in _files(layer):
            hit = sorted(banned & _imports(path))
            # local may use the platform's plain data types (CatalogChanges etc.) from platform.base only
            if layer == "local" and hit == ["b2bterm.platform"] and _only_base(path):
                continue
            if hit:
                bad[str(path.relative_to(ROOT))] = hit
    assert bad == {}


def _only_base(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    mods = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module
            and n.module.startswith("b2bterm.platform")]
    return all(m == "b2bterm.platform.base" for m in mods)
