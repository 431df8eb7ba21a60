"""Typed text as a literal inside a SQL LIKE pattern (used with ``ESCAPE '\\'``): ``%`` and ``_`` match only
themselves, so a search for "10%" or "A_1" never matches everything (``order_filter.like_pattern`` is the
"anywhere" form)."""

from __future__ import annotations


def like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

