"""What a start imports, checked structurally (not timed): the app's way to its first usable frame, and the CLI's
``--version`` and ``search``, import nothing they do not use (each heavy module costs a cold start tens of ms).

Each check runs a fresh interpreter, as a user's start does: what an earlier test imported cannot hide a regression.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

from b2bterm.platform import registry

ROOT = Path(__file__).resolve().parents[2]

# Never before the search screen shows the local catalog's count: the CLI's parser, package metadata (the built-in
# adapters load without it), the HTTP stack and the keyring (the demo needs neither), pypinyin's dictionaries (only
# a sync that changed products needs them), the other sections' services and the words for their outcomes.
NOT_AT_START = (
    "argparse", "importlib.metadata", "httpx", "keyring", "pypinyin", "openpyxl", "rapidfuzz", "tomlkit",
    "b2bterm.cli.common", "b2bterm.cli.parser", "b2bterm.cli.catalog", "b2bterm.ui.outcome_text",
    "b2bterm.ui.outbox_runner", "b2bterm.ui.screens.account_picker", "b2bterm.quickorder.pad",
    "b2bterm.services.orders", "b2bterm.services.outbox", "b2bterm.services.submit",
    "b2bterm.ui.screens.quickorder", "b2bterm.ui.screens.orders",
    # the pricing rules, quotations, order filters and written quantities load with their first use (a price from
    # the book, a quotation, a list of orders, the pad), the demo generator's families only to build a demo
    "b2bterm.domain.price_rules", "b2bterm.domain.price_rules_doc", "b2bterm.domain.quotation",
    "b2bterm.domain.order_filter", "b2bterm.domain.quantity", "b2bterm.platform.demo.generator",
    "b2bterm.platform.demo.catalog",
)

# b2bterm with no argument, the real entry point, run headless until the work that waits for the count starts
# (B2BApp._after_count_shown): the modules loaded by then are the first screen's.
FIRST_SCREEN = r"""
import json, sys
import b2bterm.ui.app as ui_app
from b2bterm.cli import main

seen = []
run = ui_app.B2BApp.run

def count_shown(self):
    seen.extend(sorted(sys.modules))
    seen.append("status: " + self.catalog_status_text())
    self.exit()

ui_app.B2BApp._after_count_shown = count_shown
ui_app.B2BApp.run = lambda self, *a, **k: run(self, headless=True, size=(100, 30))
code = main([])
print(json.dumps({"code": code, "modules": seen}))
"""

CLI = r"""
import contextlib, io, json, sys
from b2bterm.cli import main

out, err = io.StringIO(), io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
    try:
        code = main(sys.argv[1:])
    except SystemExit as exc:
        code = exc.code
print(json.dumps({"code": code, "out": out.getvalue(), "err": err.getvalue(), "modules": sorted(sys.modules)}))
"""


def _run(script: str, *args: str) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_first_screen_shows_the_count_without_the_heavy_modules(demo_config) -> None:
    got = _run(FIRST_SCREEN)
    modules = got["modules"]
    assert isinstance(modules, list) and modules, "the app never showed the local catalog's count"
    assert "products in the local catalog" in modules[-1]
    loaded = set(modules)
    assert "b2bterm.ui.screens.search" in loaded and "b2bterm.platform.demo" in loaded  # the path was the real one
    assert [m for m in NOT_AT_START if m in loaded] == []


def test_cli_version_and_local_search_import_no_platform_stack(demo_config) -> None:
    version = _run(CLI, "--version")
    assert version["code"] == 0
    for name in ("textual", "httpx", "keyring", "importlib.metadata", "b2bterm.services.desk", "pypinyin"):
        assert name not in version["modules"], name
    found = _run(CLI, "search", "contactor")
    assert found["code"] in (0, 1)
    for name in ("textual", "httpx", "keyring", "importlib.metadata", "b2bterm.services.desk",
                 "b2bterm.platform.registry", "pypinyin", "rapidfuzz", "asyncio", "ssl"):
        assert name not in found["modules"], name  # the local answer needs no event loop (asyncio + ssl ~10 ms)


def test_cli_search_imports_no_catalog_build_and_no_hashing(demo_config) -> None:
    """A search reads the catalog: the modules that build one (and logging, which only they use) load with a build,
    and the vocabulary comes from its kept copy (local/vocab_cache.py), so no digest is worked out (hashlib loads
    OpenSSL: ~3 ms). The first search of a fresh profile syncs (a build): the second one is the one checked."""
    _run(CLI, "search", "contactor")
    found = _run(CLI, "search", "lc1d09m7")
    assert found["code"] == 0 and "LC1D09M7" in found["out"]
    for name in ("b2bterm.local.catalog_build", "logging", "hashlib", "_hashlib"):
        assert name not in found["modules"], name


def test_built_in_adapters_are_the_packaged_entry_points() -> None:
    """registry.BUILT_IN loads the shipped adapters without reading package metadata: it must say what
    pyproject's entry points say, or an adapter would load differently installed and from source."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert registry.BUILT_IN == project["project"]["entry-points"][registry.GROUP]
    for name in registry.BUILT_IN:
        assert callable(registry.load(name))
    assert set(registry.BUILT_IN) <= set(registry.names())


def test_cli_in_chinese_reads_the_compiled_catalog_not_the_po(demo_config) -> None:
    """An editable install has only the .po: the first Chinese run compiles and caches it (locale/compiled.py); the
    runs after it neither parse the .po (b2bterm.locale.catalog) nor look for a user cache folder (platformdirs)."""
    path = Path(demo_config.path)
    path.write_text('[general]\nlanguage = "zh"\n\n' + path.read_text(encoding="utf-8"), encoding="utf-8")
    _run(CLI, "--version")  # the first Chinese run: writes the cache if no earlier run did
    for args in (("--version",), ("search", "contactor")):
        got = _run(CLI, *args)
        assert got["code"] in (0, 1)
        for name in ("b2bterm.locale.catalog", "platformdirs", "textual", "b2bterm.services.desk"):
            assert name not in got["modules"], (args, name)
    found = _run(CLI, "search", "contactor")
    assert "个产品" in found["err"], found["err"]  # it really spoke Chinese ("显示 20 / 20 个产品（4.7 毫秒）")


# The real entry point again: the cyclic garbage collector is off while the app starts and on once the count shows.
GC_AT_START = r"""
import gc, json
import b2bterm.ui.app as ui_app
from b2bterm.cli import main

seen = {}
run, mount, shown = ui_app.B2BApp.run, ui_app.B2BApp.on_mount, ui_app.B2BApp._after_count_shown

def on_mount(self):
    seen["at mount"] = gc.isenabled()
    mount(self)

def count_shown(self):
    shown(self)
    seen["after the count"] = gc.isenabled()
    seen["status"] = self.catalog_status_text()
    self.exit()

ui_app.B2BApp.on_mount, ui_app.B2BApp._after_count_shown = on_mount, count_shown
ui_app.B2BApp.run = lambda self, *a, **k: run(self, headless=True, size=(100, 30))
code = main([])
seen["after the app"] = gc.isenabled()
print(json.dumps({"code": code, "modules": [], **seen}))
"""


def test_the_start_runs_without_cyclic_collections_until_the_count_shows(demo_config) -> None:
    got = _run(GC_AT_START)
    assert got["code"] == 0 and "in the local catalog" in str(got["status"])
    assert got["at mount"] is False
    assert got["after the count"] is True and got["after the app"] is True
