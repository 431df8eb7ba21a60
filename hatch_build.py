"""Hatch build hook: compile the gettext catalogs (b2bterm/locale/*/LC_MESSAGES/*.po) into .mo files in the wheel.

Enabled in pyproject.toml with:

    [tool.hatch.build.targets.wheel.hooks.custom]
    path = "hatch_build.py"

The .mo files are written to a temporary folder and force-included, so the source tree stays clean. An editable
install skips this: b2bterm reads the .po when no .mo exists and caches it compiled (b2bterm/locale/compiled.py).
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        # catalog.py is stdlib-only; load it by path so the build needs none of b2bterm's dependencies
        spec = importlib.util.spec_from_file_location("_b2bterm_catalog", root / "b2bterm" / "locale" / "catalog.py")
        assert spec is not None and spec.loader is not None
        catalog = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = catalog  # dataclasses look their module up while the file runs
        spec.loader.exec_module(catalog)
        self._out = tempfile.TemporaryDirectory(prefix="b2bterm-mo-")
        for po in sorted((root / "b2bterm" / "locale").glob("*/LC_MESSAGES/*.po")):
            rel = po.relative_to(root).with_suffix(".mo")
            mo = Path(self._out.name) / rel
            catalog.compile_po(po, mo)
            build_data["force_include"][str(mo)] = rel.as_posix()

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        out = getattr(self, "_out", None)
        if out is not None:
            out.cleanup()
