"""Platform adapters are plug-ins on the entry-point group ``b2bterm.platforms``.

Three costs: ``names()`` lists them without importing anything; ``load(name)`` imports one (an unknown or broken
name raises ``AdapterNotFound`` naming the installed ones); ``load_all()`` imports every one, warning about a
broken one instead of failing.

The adapters shipped with b2bterm are also listed here (``BUILT_IN``, the same as pyproject's entry points): loading
one of them reads no package metadata (``importlib.metadata`` costs about 30 ms of every start); the entry points are
read when another name is asked for, or when the installed adapters are listed.
"""

from __future__ import annotations

import importlib
import warnings
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

    from b2bterm.platform.base import PlatformFactory

GROUP = "b2bterm.platforms"
BUILT_IN: dict[str, str] = {  # name -> "module:attr", as [project.entry-points."b2bterm.platforms"] in pyproject
    "demo": "b2bterm.platform.demo:create",
    "http": "b2bterm.platform.http:create",
    "medusa": "b2bterm.platform.medusa:create",
}


class AdapterNotFound(LookupError):
    pass


def _entry_points() -> dict[str, EntryPoint]:
    from importlib.metadata import entry_points

    found: dict[str, EntryPoint] = {}
    for ep in entry_points(group=GROUP):
        found.setdefault(ep.name, ep)
    return found


def _installed() -> dict[str, str]:
    """Every adapter's name and 'module:attr': the built-in ones and the entry points (read here)."""
    return dict(sorted({**{name: ep.value for name, ep in _entry_points().items()}, **BUILT_IN}.items()))


def names() -> list[str]:
    return list(_installed())


def describe() -> list[tuple[str, str]]:
    """(name, 'module:attr') for each installed adapter, without importing them."""
    return list(_installed().items())


def _import(value: str) -> object:
    module, _sep, attr = value.partition(":")
    found: object = importlib.import_module(module)
    for part in attr.split(".") if attr else ():
        found = getattr(found, part)
    return found


def load(name: str) -> PlatformFactory:
    value = BUILT_IN.get(name)
    if value is not None:  # shipped with b2bterm: no metadata to read
        try:
            factory = _import(value)
        except Exception as exc:
            installed = ", ".join(names()) or "none"
            raise AdapterNotFound(
                f"The platform adapter {name!r} ({value}) failed to load: {exc}. Installed adapters: {installed}."
            ) from exc
    else:
        eps = _entry_points()
        ep = eps.get(name)
        installed = ", ".join(sorted(eps)) or "none"
        if ep is None:
            raise AdapterNotFound(f"No platform adapter named {name!r}. Installed adapters: {installed}.")
        value = ep.value
        try:
            factory = ep.load()
        except Exception as exc:  # a broken plug-in must not look like a b2bterm bug
            raise AdapterNotFound(
                f"The platform adapter {name!r} ({value}) failed to load: {exc}. Installed adapters: {installed}."
            ) from exc
    if not callable(factory):
        raise AdapterNotFound(f"The platform adapter {name!r} ({value}) is not a factory.")
    return factory  # type: ignore[return-value]


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
    value = BUILT_IN.get(name)
    if value is None:
        ep = _entry_points().get(name)
        if ep is None:
            return None
        value = ep.value
    try:
        module = importlib.import_module(value.partition(":")[0])
    except Exception:  # a broken plug-in has no login; load() reports the breakage
        return None
    return getattr(module, attr, None)
