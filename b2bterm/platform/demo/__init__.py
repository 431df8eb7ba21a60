"""The embedded demo distributor: a realistic, deterministic platform held in its own SQLite file.

``create(options, context)`` is the entry point registered as ``demo`` in ``b2bterm.platforms``. Options:
``path`` (default ``context.data_dir / "demo-platform.sqlite"``), ``skus`` (20000), ``seed`` (7), ``latency_ms`` (0),
``offline`` (false). The file is built on first use when missing (about a second for 20,000 SKUs).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from b2bterm.platform.base import PlatformContext

if TYPE_CHECKING:
    from b2bterm.platform.demo.adapter import DemoPlatform

DEFAULT_FILE = "demo-platform.sqlite"

__all__ = ["DEFAULT_FILE", "create"]


def create(options: Mapping[str, Any], context: PlatformContext) -> DemoPlatform:
    from b2bterm.platform.demo.adapter import DemoPlatform
    from b2bterm.platform.demo.generator import build_demo_db

    path = Path(options.get("path") or Path(context.data_dir) / DEFAULT_FILE).expanduser()
    if not path.exists():
        build_demo_db(path, skus=int(options.get("skus", 20000)), seed=int(options.get("seed", 7)))
    latency = float(options.get("latency_ms", 0)) / 1000
    return DemoPlatform(path, latency=latency, offline=bool(options.get("offline", False)))
