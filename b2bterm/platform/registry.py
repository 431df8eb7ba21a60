"""Platform adapters are plug-ins on the entry-point group ``b2bterm.platforms``.

Three costs: ``names()`` lists them without importing anything; ``load(name)`` imports one (an unknown or broken
name raises ``AdapterNotFound`` naming the installed ones); ``load_all()`` imports every one, warning about a
broken one instead of failing.
"""

from __future__ import annotations

import warnings
from importlib.metadata import EntryPoint, entry_points

from b2bterm.platform.base import PlatformFactory

GROUP = "b2bterm.platforms"


class AdapterNotFound(LookupError):
    pass


def _entry_points() -> dict[str, EntryPoint]:
    found: dict[str, EntryPoint] = {}
    for ep in entry_points(group=GROUP):
        found.setdefault(ep.name, ep)
    return found


def names() -> list[str]:
    return sorted(_entry_points())


def describe() -> list[tuple[str, str]]:
    """(name, 'module:attr') for each installed adapter, without importing them."""
    return [(name, ep.value) for name, ep in sorted(_entry_points().items())]


def load(name: str) -> PlatformFactory:
    eps = _entry_points()
    ep = eps.get(name)
    installed = ", ".join(sorted(eps)) or "none"
    if ep is None:
        raise AdapterNotFound(f"No platform adapter named {name!r}. Installed adapters: {installed}.")
    try:
        factory = ep.load()
    except Exception as exc:  # a broken plug-in must not look like a b2bterm bug
        raise AdapterNotFound(
            f"The platform adapter {name!r} ({ep.value}) failed to load: {exc}. Installed adapters: {installed}."
        ) from exc
    if not callable(factory):
        raise AdapterNotFound(f"The platform adapter {name!r} ({ep.value}) is not a factory.")
    return factory


def load_all() -> dict[str, PlatformFactory]:
    loaded: dict[str, PlatformFactory] = {}
    for name in names():
        try:
            loaded[name] = load(name)
        except AdapterNotFound as exc:
            warnings.warn(str(exc), RuntimeWarning, stacklevel=2)
    return loaded


def companion(name: str, attr: str) -> object | None:
    """An optional function an adapter's package offers beside its factory (e.g. ``login``), or None.

    Looked up in the module the entry point names, so a third-party adapter offers one the same way."""
    ep = _entry_points().get(name)
    if ep is None:
        return None
    import importlib

    try:
        module = importlib.import_module(ep.value.partition(":")[0])
    except Exception:  # a broken plug-in has no login; load() reports the breakage
        return None
    return getattr(module, attr, None)
