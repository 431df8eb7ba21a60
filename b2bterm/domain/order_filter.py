"""Which orders a user wants: the filter typed in the order list or given to ``b2bterm orders``, and the query an
adapter answers. One parser for both; one way to turn a text into a LIKE pattern (the local cache and the demo
platform both use it, so ``%`` and ``_`` in a PO number match themselves everywhere).
"""

from __future__ import annotations

import calendar
import enum
import re
from collections.abc import Mapping
from datetime import date

from b2bterm.domain.models import OrderStatus, OrderSummary
from b2bterm.domain.record import record


@record
class OrderFilter:
    """What the order list is narrowed to. Empty fields do not filter."""

    status: OrderStatus | None = None
    since: date | None = None
    until: date | None = None
    po_number: str = ""
    number: str = ""
    contains: str = ""  # a SKU or model number
    words: tuple[str, ...] = ()  # each must be in the order number or the PO number
    backordered: bool = False

    @property
    def empty(self) -> bool:
        return self == OrderFilter()


@record
class OrderQuery:
    """One page of an adapter's order list (``Platform.list_orders``)."""

    account_id: str | None = None  # None: across accounts (staff who may)
    status: OrderStatus | None = None
    since: date | None = None
    until: date | None = None
    po_number: str = ""
    number: str = ""
    contains: str = ""  # a SKU or model number that the order must contain
    cursor: str | None = None
    limit: int = 100


@record
class OrderPage:
    orders: tuple[OrderSummary, ...]
    next_cursor: str | None = None
    total: int | None = None


class FilterProblemKind(enum.StrEnum):
    STATUS = "status"  # not a status name: ``value`` is what was typed
    DATE = "date"  # not a date: ``key`` is since or until


@record
class FilterProblem:
    """A part of the filter that could not be understood (the UI and the CLI word it)."""

    kind: FilterProblemKind
    key: str
    value: str


def query_for(account_id: str | None, f: OrderFilter, cursor: str | None = None, limit: int = 100) -> OrderQuery:
    return OrderQuery(account_id=account_id, status=f.status, since=f.since, until=f.until, po_number=f.po_number,
                      number=f.number, contains=f.contains, cursor=cursor, limit=limit)


def like_pattern(text: str) -> str:
    """``text`` anywhere, for ``LIKE ? ESCAPE '\\'``: its own ``%``, ``_`` and backslashes match themselves."""
    escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# --- the words a user types -------------------------------------------------------------------------------------------

_STATUS_WORDS: dict[str, OrderStatus] = {
    "待处理": OrderStatus.PENDING, "已确认": OrderStatus.CONFIRMED, "处理中": OrderStatus.PROCESSING,
    "部分发货": OrderStatus.PARTIALLY_SHIPPED, "已发货": OrderStatus.SHIPPED, "已送达": OrderStatus.DELIVERED,
    "已签收": OrderStatus.DELIVERED, "已取消": OrderStatus.CANCELLED, "暂停": OrderStatus.ON_HOLD,
    "partial": OrderStatus.PARTIALLY_SHIPPED, "hold": OrderStatus.ON_HOLD, "open": OrderStatus.PROCESSING,
}
_KEYS = {
    "status": "status", "s": "status", "状态": "status",
    "since": "since", "from": "since", "after": "since", "从": "since",
    "until": "until", "to": "until", "before": "until", "至": "until",
    "po": "po", "采购单": "po",
    "no": "number", "order": "number", "number": "number", "订单": "number",
    "sku": "contains", "model": "contains", "has": "contains", "型号": "contains",
}
_BACKORDERED = ("bo", "backordered", "缺货", "欠货")
_TOKEN = re.compile(r"(\S+?)[:：](\S*)")


def parse_status(word: str) -> OrderStatus | None:
    """A status from its name, a unique prefix of it, or its Chinese name; None when it is none of them."""
    w = word.strip().lower().replace("-", "_").replace(" ", "_")
    if not w:
        return None
    if w in _STATUS_WORDS:
        return _STATUS_WORDS[w]
    try:
        return OrderStatus(w)
    except ValueError:
        pass
    found = [s for s in OrderStatus if s.value.startswith(w)]
    return found[0] if len(found) == 1 else None


def parse_day(text: str, *, end: bool = False) -> date:
    """YYYY-MM-DD, YYYY-MM or YYYY (the first day, or with ``end`` the last). Raises ValueError."""
    t = text.strip().replace("/", "-").replace(".", "-")
    parts = t.split("-")
    if len(parts) == 3:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    if len(parts) == 2 and len(parts[0]) == 4:
        year, month = int(parts[0]), int(parts[1])
        return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    if len(parts) == 1 and len(t) == 4 and t.isdigit():
        return date(int(t), 12, 31) if end else date(int(t), 1, 1)
    raise ValueError(text)


def _apply(key: str, raw: str, values: dict[str, object], problems: list[FilterProblem]) -> None:
    """One field into ``values`` (its OrderFilter name), or a problem when it cannot be understood."""
    value = raw.strip()
    if not value:
        return
    if key == "status":
        status = parse_status(value)
        if status is None:
            problems.append(FilterProblem(FilterProblemKind.STATUS, key, value))
        else:
            values["status"] = status
    elif key in ("since", "until"):
        try:
            values[key] = parse_day(value, end=key == "until")
        except ValueError:
            problems.append(FilterProblem(FilterProblemKind.DATE, key, value))
    elif key == "po":
        values["po_number"] = value
    elif key in ("number", "contains"):
        values[key] = value
    else:
        raise KeyError(key)


def build_filter(fields: Mapping[str, str], words: tuple[str, ...] = (), *,
                 backordered: bool = False) -> tuple[OrderFilter, list[FilterProblem]]:
    """The filter from named fields (``status``, ``since``, ``until``, ``po``, ``number``, ``contains``; empty
    values are ignored) and plain words. Returns it with what could not be understood."""
    problems: list[FilterProblem] = []
    values: dict[str, object] = {}
    for key, raw in fields.items():
        _apply(key, raw, values, problems)
    return OrderFilter(words=words, backordered=backordered, **values), problems  # type: ignore[arg-type]


def parse_filter(text: str) -> tuple[OrderFilter, list[FilterProblem]]:
    """The typed filter: ``status:shipped since:2026-01 until:2026-03 po:4552 no:SO2608 sku:LC1D09M7 bo`` and plain
    words (each must be in the order or PO number). Returns the filter and what could not be understood."""
    problems: list[FilterProblem] = []
    values: dict[str, object] = {}
    words: list[str] = []
    backordered = False
    for token in text[:500].split():
        m = _TOKEN.fullmatch(token)
        key = _KEYS.get(m.group(1).lower()) if m else None
        if m is None or key is None:
            if token.lower() in _BACKORDERED:
                backordered = True
            else:
                words.append(token)
            continue
        _apply(key, m.group(2), values, problems)
    return OrderFilter(words=tuple(words), backordered=backordered, **values), problems  # type: ignore[arg-type]
