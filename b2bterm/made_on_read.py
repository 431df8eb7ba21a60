"""A read-only sequence whose items are made the first time they are read, and kept: a list of 20,000 orders or a
500-line paste shows a screenful, and making every item at once (decoding a row, building a table row) was most of
the time it took to show it. Subclasses say how long they are and how item ``index`` is made. Used by every layer;
imports none of them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar, overload

T = TypeVar("T")


class MadeOnRead(Sequence[T]):
    """Items made by ``_make(index)`` when first read, kept after; slices and negative indices as a list's; past the
    end, IndexError (iteration stops there)."""

    __slots__ = ("_made",)

    def __init__(self) -> None:
        self._made: dict[int, T] = {}

    def __len__(self) -> int:
        raise NotImplementedError

    def _make(self, index: int) -> T:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        size = len(self)
        if index < 0:
            index += size
        if not 0 <= index < size:
            raise IndexError(index)
        found = self._made.get(index)
        if found is None:
            found = self._made[index] = self._make(index)
        return found
