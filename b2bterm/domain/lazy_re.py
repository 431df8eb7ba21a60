"""``lazy(pattern)``: a regular expression compiled the first time it is used, not when its module is imported.

Compiling is what costs at import: a class of every Chinese character or of every alphanumeric in any script
(``[^\\W_]``) takes 3-6 ms each on these machines, and the modules that hold them load before the app's first screen,
which uses none of them (the search warm-up, after that frame, does). A lazy pattern answers every method of the
compiled one (``findall``, ``fullmatch``, ``sub``, …) through one attribute lookup.
"""

from __future__ import annotations

import re
from typing import Any


class LazyPattern:
    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"lazy({self._source!r})"


def lazy(source: str, flags: int = 0) -> LazyPattern:
    return LazyPattern(source, flags)
