"""One order filter (domain.order_filter): the text typed in the order list and the fields of ``b2bterm orders`` go
through one parser, and ``%`` or ``_`` in a PO or order number match themselves in the local cache and on the demo
platform alike."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from b2bterm.domain.models import OrderStatus
from b2bterm.domain.order_filter import (
    FilterProblem,
    FilterProblemKind,
    OrderFilter,
    OrderQuery,
    build_filter,
    like_pattern,
    parse_filter,
)
from b2bterm.services.desk import Desk
from b2bterm.ui.outcome_text import filter_problem_text

FIELDS = {"status": "status", "since": "since", "until": "until", "po": "po", "number": "no", "contains": "sku"}
values = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1,
                 max_size=12).filter(lambda v: ":" not in v and "：" not in v and v.strip() == v)


@given(st.dictionaries(st.sampled_from(sorted(FIELDS)), values, max_size=6))
def test_typed_text_and_named_fields_give_the_same_filter(fields: dict[str, str]) -> None:
    text = " ".join(f"{FIELDS[key]}:{value}" for key, value in fields.items())
    assert parse_filter(text) == build_filter(fields)


@given(values)
def test_like_pattern_escapes_every_wildcard(text: str) -> None:
    pattern = like_pattern(text)
    assert pattern.startswith("%") and pattern.endswith("%")
    inner = pattern[1:-1]
    i = 0
    while i < len(inner):  # every %, _ and backslash of the text comes escaped
        if inner[i] == "\\":
            assert inner[i + 1] in "\\%_"
            i += 2
            continue
        assert inner[i] not in "%_"
        i += 1


def test_problems_are_typed_and_worded_by_the_ui() -> None:
    f, problems = parse_filter("status:zzz until:someday po:4552")
    assert f == OrderFilter(po_number="4552")
    assert problems == [FilterProblem(FilterProblemKind.STATUS, "status", "zzz"),
                        FilterProblem(FilterProblemKind.DATE, "until", "someday")]
    assert filter_problem_text(problems[0]).startswith("status 'zzz' is not one of: pending")
    assert "2026-03-31" in filter_problem_text(problems[1])
    _f, none = build_filter({"status": "已发货", "since": "2026-01"})
    assert not none and _f.status is OrderStatus.SHIPPED


async def test_wildcards_match_themselves_on_the_platform_and_in_the_cache(desk: Desk) -> None:
    book = desk.orders
    await book.refresh_list(None)  # every account's orders
    rows = book.local_orders(None).rows
    po, account = next((r.summary.po_number, r.summary.account_id) for r in rows if "-" in r.summary.po_number)
    rows = book.local_orders(account).rows
    number = rows[0].summary.number
    assert book.local_orders(account, OrderFilter(po_number=po)).rows
    for f, query in ((OrderFilter(po_number=po.replace("-", "_")), OrderQuery(account, po_number=po.replace("-", "_"))),
                     (OrderFilter(po_number="%"), OrderQuery(account, po_number="%")),
                     (OrderFilter(number=number[:2] + "%"), OrderQuery(account, number=number[:2] + "%"))):
        assert book.local_orders(account, f).rows == []
        assert (await desk.platform.list_orders(query)).orders == ()
    live = await desk.platform.list_orders(OrderQuery(account, po_number=po))
    assert live.orders and all(po in o.po_number for o in live.orders)
