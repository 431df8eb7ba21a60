"""Customers found by code, name, company, e-mail and phone without a scan of Medusa on each keystroke.

Medusa's ``/admin/customers?q=`` searches company, names, e-mail and phone, but not metadata, where the distributor's
customer code (``metadata.code``) and Chinese name (``metadata.name_zh``) live; and the Admin API refuses metadata
filters. So the adapter keeps a small in-memory index of the customers: filled once (all pages), then refreshed at
most every ``ttl`` seconds with the customers changed since the last refresh (``updated_at[$gte]``: one small
request) and a count check (one more), which reloads everything when customers were deleted. A distributor's few
thousand customers fit in a few MB; matching is local.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from b2bterm.domain.record import record

Fetch = Callable[..., Awaitable[Any]]  # (call, path, **params) -> the decoded JSON page
FetchAll = Callable[..., Awaitable[list[Any]]]  # (call, path, key, **params) -> every row


@record
class Entry:
    customer: Mapping[str, Any]
    code: str  # folded
    hay: str  # folded: code, company, names, e-mail, Chinese name
    phone_digits: str
    words: frozenset[str] = frozenset()  # folded words of the company and the names (a code written there)


_WORD_GAPS = re.compile(r"[^\w-]+")  # between the words of a name: "K2073 Kunshan Co., Ltd." -> k2073, kunshan, …


def _fold(text: object) -> str:
    return " ".join(str(text or "").casefold().split())


def entry(c: Mapping[str, Any]) -> Entry:
    meta = c.get("metadata") or {}
    code = _fold(meta.get("code"))
    parts = (code, c.get("company_name"), c.get("first_name"), c.get("last_name"), c.get("email"),
             meta.get("name_zh"), meta.get("name"))
    named = (c.get("company_name"), c.get("first_name"), c.get("last_name"))
    return Entry(c, code, " | ".join(_fold(x) for x in parts if x),
                 "".join(ch for ch in str(c.get("phone") or "") if ch.isdigit()),
                 frozenset(w for x in named if x for w in _WORD_GAPS.split(_fold(x)) if w))


def matches(e: Entry, query: str) -> int | None:
    """How well ``e`` answers ``query`` (lower is better), or None: 0 exact code, 1 code prefix, 2 every word in the
    code, company, names, e-mail or Chinese name, or the phone's digits (four or more)."""
    q = _fold(query)
    if not q:
        return 3
    if e.code and q == e.code:
        return 0
    if e.code and e.code.startswith(q):
        return 1
    if all(word in e.hay for word in q.split()):
        return 2
    digits = "".join(ch for ch in q if ch.isdigit())
    if len(digits) >= 4 and len(digits) == len(q.replace(" ", "").replace("-", "")) and digits in e.phone_digits:
        return 2
    return None


class CustomerIndex:
    """The adapter's customers by id, kept fresh as the module docstring says."""

    def __init__(self, fetch: Fetch, fetch_all: FetchAll, fields: str, *, ttl: float = 5.0,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._fetch = fetch
        self._fetch_all = fetch_all
        self._fields = fields
        self.ttl = ttl
        self._monotonic = monotonic
        self._entries: dict[str, Entry] = {}
        self._mark = ""  # the latest updated_at seen
        self._checked: float | None = None
        self._lock = asyncio.Lock()
        self.loads = 0  # full loads so far (tests and benchmarks read it)

    def _put(self, rows: Sequence[Mapping[str, Any]]) -> None:
        for c in rows:
            self._entries[str(c["id"])] = entry(c)
            self._mark = max(self._mark, str(c.get("updated_at") or ""))

    async def _load(self) -> None:
        rows = await self._fetch_all("search accounts", "/admin/customers", "customers", fields=self._fields)
        self._entries.clear()
        self._mark = ""
        self._put(rows)
        self.loads += 1

    async def fresh(self) -> None:
        """Load the index, or bring it up to date when it is older than ``ttl``."""
        async with self._lock:
            now = self._monotonic()
            if self._checked is not None and now - self._checked < self.ttl:
                return
            if self._checked is None or not self._mark:
                await self._load()
            else:
                changed = await self._fetch_all("search accounts", "/admin/customers", "customers",
                                                fields=self._fields, **{"updated_at[$gte]": self._mark})
                self._put(changed)
                count = await self._fetch("search accounts", "/admin/customers", fields="id", limit=1)
                if int(count.get("count") or 0) != len(self._entries):  # some were deleted: start again
                    await self._load()
            self._checked = now

    def forget(self) -> None:
        """The next search reloads (a customer the index did not know was asked for by id)."""
        self._checked = None

    async def search(self, query: str, limit: int) -> list[Mapping[str, Any]]:
        await self.fresh()
        ranked = []
        for e in self._entries.values():
            rank = matches(e, query)
            if rank is not None:
                ranked.append((rank, e.code, str(e.customer["id"]), e.customer))
        ranked.sort(key=lambda r: r[:3])
        return [r[3] for r in ranked[:limit]]

    async def by_code(self, code: str) -> Mapping[str, Any] | None:
        """The customer whose code is exactly ``code`` (case-insensitive), if exactly one has it: its
        ``metadata.code``, else - when no customer has that code there - a word of the company or the name of a
        customer with no code in its metadata (a store that writes the code into the company, "K2073 Kunshan
        Hexin", or the name)."""
        await self.fresh()
        key = _fold(code)
        if not key:
            return None
        hits = [e.customer for e in self._entries.values() if e.code == key]
        if not hits:
            hits = [e.customer for e in self._entries.values() if not e.code and key in e.words]
        return hits[0] if len(hits) == 1 else None
