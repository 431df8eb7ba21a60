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

    path = Path(options.get("path") or Path(context.data_dir) / DEFAULT_FILE).expanduser()
    skus, seed = _whole(options, "skus", 20000, 200, 5_000_000), _whole(options, "seed", 7, 0, 2**31 - 1)
    latency = options.get("latency_ms", 0)
    if isinstance(latency, bool) or not isinstance(latency, int | float) or not 0 <= latency <= 60_000:
        raise ValueError(f"latency_ms must be a number of milliseconds from 0 to 60,000, got {latency!r}")
    offline = options.get("offline", False)
    if not isinstance(offline, bool):
        raise ValueError(f"offline must be true or false, got {offline!r}")
    if not path.exists():  # the generator (its product families) is loaded only to build the file
        from b2bterm.platform.demo.generator import build_demo_db

        build_demo_db(path, skus=skus, seed=seed)
    return DemoPlatform(path, latency=latency / 1000, offline=offline)


def _whole(options: Mapping[str, Any], key: str, default: int, lo: int, hi: int) -> int:
    """A whole-number option in range; a clear ValueError (a configuration error) otherwise."""
    value = options.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ValueError(f"{key} must be a whole number from {lo:,} to {hi:,}, got {value!r}")
    return value
