"""``lazy(pattern)``: a regular expression compiled the first time it is used, not when its module is imported.

Compiling is what costs at import: a class of every Chinese character or of every alphanumeric in any script
(``[^\\W_]``) takes 3-6 ms each on these machines, and the modules that hold them load before the app's first screen,
which uses none of them (the search warm-up, after that frame, does). A lazy pattern answers every method of the
compiled one (``findall``, ``fullmatch``, ``sub``, …) through one attribute lookup.

``compiled(source)`` is ``re.compile(source)``, or the same pattern compiled in an earlier run and kept: the layer
that may write files keeps what the search compiles (b2bterm.local.vocab_cache: the value parser's expressions and
these lazy ones, ~10 ms of every ``b2bterm search``) and hands them back here (``use_kept``) by their exact source
and flags, so a kept pattern is always the one its source compiles to.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_kept: dict[tuple[str, int], re.Pattern[str]] = {}  # (source, flags) -> compiled in an earlier run
_made: list[LazyPattern] = []  # every lazy pattern (what a keeper may keep)


def compiled(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``: kept from an earlier run when it was (``use_kept``)."""
    return _kept.get((source, flags)) or re.compile(source, flags)


def use_kept(patterns: Mapping[tuple[str, int], re.Pattern[str]]) -> None:
    """Patterns compiled in an earlier run, by the (source, flags) each was compiled from."""
    _kept.update(patterns)


def lazy_sources() -> list[tuple[str, int]]:
    """(source, flags) of every lazy pattern made so far."""
    return [(p._source, int(p._flags)) for p in _made]  # (int: a RegexFlag is not plain data)


class LazyPattern:
    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None
        _made.append(self)

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = compiled(self._source, self._flags)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"lazy({self._source!r})"


def lazy(source: str, flags: int = 0) -> LazyPattern:
    return LazyPattern(source, flags)
