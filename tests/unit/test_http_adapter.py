"""The http adapter against the reference server running for real on 127.0.0.1 (uvicorn in a thread)."""

from __future__ import annotations

import socket
import time
from collections.abc import AsyncIterator, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pytest
from http_memory_platform import MemoryPlatform, offline

from b2bterm.domain.models import OrderRequest, OrderRequestLine, OrderStatus
from b2bterm.domain.money import Money
from b2bterm.platform.base import (
    AuthError,
    Capability,
    NotFound,
    Offline,
    OrderQuery,
    PlatformContext,
    PlatformError,
    Rejected,
    Unsupported,
)
from b2bterm.platform.http import USER_AGENT, HttpPlatform, RetryPolicy, create
from b2bterm.server import FaultPlan, ServerThread, create_app

TOKEN = "test-token-5f2a9c"


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[ServerThread, MemoryPlatform, FaultPlan]]:
    platform = MemoryPlatform()
    plan = FaultPlan()
    app = create_app(platform, users={"alice": "s3cret"}, tokens=[TOKEN], faults=plan)
    with ServerThread(app) as server:
        yield server, platform, plan


@pytest.fixture
def server(served: tuple[ServerThread, MemoryPlatform, FaultPlan]) -> ServerThread:
    return served[0]


@pytest.fixture
def memory(served: tuple[ServerThread, MemoryPlatform, FaultPlan]) -> MemoryPlatform:
    served[1].fail_next = None
    return served[1]


@pytest.fixture
def plan(served: tuple[ServerThread, MemoryPlatform, FaultPlan]) -> Iterator[FaultPlan]:
    served[2].clear()
    yield served[2]
    served[2].clear()


FAST = RetryPolicy(attempts=3, base=0.01, cap=0.5, jitter=0.1)


@pytest.fixture
async def client(server: ServerThread, plan: FaultPlan) -> AsyncIterator[HttpPlatform]:
    p = HttpPlatform(server.url, token=TOKEN, timeout=3, retry=FAST)
    yield p
    await p.aclose()


def money(x: str) -> Money:
    return Money.of(x, "CNY")


# --- happy paths ----------------------------------------------------------------------------------------------------


async def test_create_reads_options_and_token_from_context(server: ServerThread) -> None:
    p = create({"url": server.url, "timeout": 2}, PlatformContext(secret=TOKEN))
    try:
        assert p.base_url == server.url + "/v1/"
        assert "test-token" not in repr(p)
        caps = await p.refresh_capabilities()
        assert caps == Capability.all()
    finally:
        await p.aclose()
    with pytest.raises(ValueError, match="keyring"):
        create({"url": server.url, "token": TOKEN}, PlatformContext())
    with pytest.raises(ValueError, match="url"):
        create({}, PlatformContext())


async def test_capabilities_from_server_restrict(
    server: ServerThread, memory: MemoryPlatform, client: HttpPlatform
) -> None:
    memory.capabilities = Capability.SEARCH | Capability.QUOTE
    try:
        assert await client.refresh_capabilities() == Capability.SEARCH | Capability.QUOTE
    finally:
        memory.capabilities = Capability.all()


async def test_products_search_lookup_resolve(client: HttpPlatform) -> None:
    found = await client.search_products("接触器 1", limit=3)
    assert [p.sku for p in found] == ["SKU-0001", "SKU-0010", "SKU-0011"]
    assert found[0].name_zh == "交流接触器 1A"
    assert found[0].list_price == money("101.50")
    assert found[0].attributes == (("coil", "220V"), ("poles", "3"))
    got = await client.get_products(["SKU-0002", "NOPE"])
    assert list(got) == ["SKU-0002"] and got["SKU-0002"].brand == "正泰"
    res = await client.resolve_codes(["lc1d05m7c", "XREF-7", "zzz"], account_id="A1")
    assert res["lc1d05m7c"][0].sku == "SKU-0005" and res["lc1d05m7c"][0].kind.value == "model"
    assert res["XREF-7"][0].sku == "SKU-0007"
    assert "zzz" not in res


async def test_quote_keeps_exact_decimals_breaks_source_last_paid(client: HttpPlatform) -> None:
    q1, q10 = await client.quote("A1", [("SKU-0003", 1), ("SKU-0003", 10)])
    assert q1.list_price == money("103.50")
    assert q1.net_price == money("93.15") and isinstance(q1.net_price.amount, Decimal)
    assert q10.net_price == money("87.98")  # the 10+ break applied by the server
    assert [b.min_qty for b in q1.breaks] == [10, 100]
    assert q1.tax_rate == Decimal("0.13")
    assert q1.net_price_incl_tax == money("105.26")
    assert q1.source.reference == "HT-2026-001" and q1.source.valid_to == date(2026, 12, 31)
    assert q1.last_paid is not None and q1.last_paid.order_number == "SO-0000"
    assert q1.fetched_at is not None and q1.fetched_at.tzinfo is not None


async def test_availability_accounts_part_numbers(client: HttpPlatform) -> None:
    av = await client.availability(["SKU-0001", "SKU-0002"])
    assert av["SKU-0002"].on_hand == 5 and av["SKU-0002"].incoming == 20
    assert av["SKU-0002"].warehouses[0].name == "上海仓"
    accounts = await client.search_accounts("华东")
    assert [a.id for a in accounts] == ["A1"]
    a1 = await client.get_account("A1")
    assert a1.display_name == "华东电气有限公司" and a1.ship_tos[0].address == "上海市"
    assert a1.tax_rate == Decimal("0.13")
    cpn = await client.customer_part_numbers("A1")
    assert cpn[0].code == "客户料号-1" and cpn[0].sku == "SKU-0001"


async def test_orders_list_filters_paging_and_detail(client: HttpPlatform) -> None:
    page = await client.list_orders(
        OrderQuery(
            account_id="A1",
            status=OrderStatus.PARTIALLY_SHIPPED,
            since=date(2026, 1, 1),
            po_number="PO-77",
            contains="SKU-0003",
        )
    )
    assert [o.number for o in page.orders] == ["SO-0000"]
    assert page.orders[0].backordered
    none = await client.list_orders(OrderQuery(account_id="A1", until=date(2026, 1, 1)))
    assert none.orders == ()
    order = await client.get_order("SO-0000")
    assert order.shipments[0].events[0].description == "已揽收"
    assert order.shipments[0].lines == (("SKU-0003", 4),)
    assert order.history[0].status == OrderStatus.CONFIRMED
    assert order.total == order.subtotal + order.tax


async def test_order_paging_with_cursor(client: HttpPlatform, memory: MemoryPlatform) -> None:
    for n in range(3):
        await client.place_order(
            OrderRequest("A2", (OrderRequestLine("SKU-0001", 1),), po_number=f"PG-{n}"), idempotency_key=f"page-{n}"
        )
    seen: list[str] = []
    cursor = None
    while True:
        page = await client.list_orders(OrderQuery(account_id="A2", cursor=cursor, limit=2))
        seen += [o.number for o in page.orders]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert len(seen) == len(set(seen)) >= 3


async def test_catalog_changes_pages_through_everything(client: HttpPlatform) -> None:
    skus: list[str] = []
    cursor = None
    for _ in range(10):
        ch = await client.catalog_changes(cursor, limit=10)
        skus += [p.sku for p in ch.products]
        cursor = ch.next_cursor
        if ch.done:
            break
    assert len(skus) == 25 == len(set(skus))
    assert ch.total == 25


async def test_a_catalog_page_is_decoded_off_the_event_loop(client: HttpPlatform,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A page of 1,000 products takes ~30 ms to decode: done on the event loop, every key typed meanwhile would wait
    for it (the app's start-up sync pages while the user searches). Decoded in a worker thread, whatever the page."""
    import threading

    from b2bterm.platform.http import wire

    loop_thread = threading.current_thread()
    decoded_on: list[threading.Thread] = []
    decode = wire.catalog_changes_from_json

    def watched(doc: Any) -> Any:
        decoded_on.append(threading.current_thread())
        return decode(doc)

    monkeypatch.setattr(wire, "catalog_changes_from_json", watched)
    ch = await client.catalog_changes(None, limit=10)
    assert len(ch.products) == 10 and decoded_on and loop_thread not in decoded_on


async def test_place_order_idempotent_201_then_200(
    server: ServerThread, memory: MemoryPlatform, client: HttpPlatform
) -> None:
    req = OrderRequest("A1", (OrderRequestLine("SKU-0004", 10, money("88.83")),), po_number="PO-1")
    first = await client.place_order(req, idempotency_key="key-idem-1")
    again = await client.place_order(req, idempotency_key="key-idem-1")
    assert first.number == again.number and first.total == again.total
    assert first.lines[0].unit_price == money("88.83")
    statuses = []
    async with httpx.AsyncClient(base_url=server.url, headers={"Authorization": f"Bearer {TOKEN}"}) as raw:
        body = {"account_id": "A1", "lines": [{"sku": "SKU-0001", "qty": 1}]}
        for _ in range(2):
            r = await raw.post("/v1/orders", json=body, headers={"Idempotency-Key": "key-raw-1"})
            statuses.append(r.status_code)
        missing = await raw.post("/v1/orders", json=body)
    assert statuses == [201, 200]
    assert missing.status_code == 400 and missing.headers["content-type"] == "application/problem+json"


async def test_login_issues_token_that_works(server: ServerThread) -> None:
    async with httpx.AsyncClient(base_url=server.url) as raw:
        bad = await raw.post("/v1/auth/token", json={"username": "alice", "password": "nope"})
        assert bad.status_code == 401
        r = await raw.post("/v1/auth/token", json={"username": "alice", "password": "s3cret"})
        assert r.status_code == 200
        body = r.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] > 0
    p = HttpPlatform(server.url, token=body["access_token"], retry=FAST)
    try:
        assert (await p.get_account("A1")).id == "A1"
    finally:
        await p.aclose()


async def test_user_agent_and_pooling(server: ServerThread, client: HttpPlatform) -> None:
    seen: list[str] = []
    ports: set[int] = set()

    async def hook(request: httpx.Request) -> None:
        seen.append(request.headers["user-agent"])

    async def resp_hook(response: httpx.Response) -> None:
        stream = response.extensions.get("network_stream")
        if stream is not None:
            ports.add(stream.get_extra_info("client_addr")[1])

    client._client.event_hooks = {"request": [hook], "response": [resp_hook]}
    for _ in range(5):
        await client.get_account("A1")
    assert seen == [USER_AGENT] * 5 and USER_AGENT.startswith("b2bterm/")
    assert len(ports) == 1  # one connection reused


# --- error mapping --------------------------------------------------------------------------------------------------


async def test_401_without_or_with_bad_token(server: ServerThread) -> None:
    for token in (None, "wrong"):
        p = HttpPlatform(server.url, token=token, retry=FAST)
        try:
            with pytest.raises(AuthError):
                await p.search_products("x")
        finally:
            await p.aclose()


async def test_403_404_mapping(client: HttpPlatform) -> None:
    with pytest.raises(AuthError, match="may not act"):
        await client.get_account("FORBIDDEN")
    with pytest.raises(NotFound, match="no order SO-9999"):
        await client.get_order("SO-9999")
    with pytest.raises(NotFound):
        await client.get_order("a/b")  # escaped as one segment, not a different route


async def test_422_rejection_carries_sku_and_field(client: HttpPlatform, memory: MemoryPlatform) -> None:
    req = OrderRequest("A1", (OrderRequestLine("SKU-0001", 1), OrderRequestLine("GONE-1", 2)))
    with pytest.raises(Rejected) as info:
        await client.place_order(req, idempotency_key="rej-1")
    assert info.value.sku == "GONE-1" and info.value.field == "lines"
    assert "GONE-1 is not sold" in str(info.value)
    stale = OrderRequest("A1", (OrderRequestLine("SKU-0001", 1, money("1.00")),))
    with pytest.raises(Rejected) as info2:
        await client.place_order(stale, idempotency_key="rej-2")
    assert info2.value.field == "expected_unit_price"


async def test_409_maps_to_rejected(client: HttpPlatform, plan: FaultPlan) -> None:
    plan.inject("status", "GET", "/v1/orders/", status=409)
    with pytest.raises(Rejected):
        await client.get_order("SO-0000")


@pytest.mark.parametrize("status", [429, 503])
async def test_retry_after_is_reported_when_retries_run_out(client: HttpPlatform, plan: FaultPlan, status: int) -> None:
    plan.inject("status", "GET", "/v1/accounts/", status=status, retry_after=30, times=5)
    t0 = time.monotonic()
    with pytest.raises(Offline) as info:
        await client.get_account("A1")
    assert info.value.retry_after == 30
    assert time.monotonic() - t0 < 2  # a 30 s Retry-After is longer than the cap: not waited for here
    assert len(plan.fired) == 1


async def test_read_retries_through_transient_503(client: HttpPlatform, plan: FaultPlan) -> None:
    plan.inject("status", "GET", "/v1/accounts/", status=503, retry_after=0, times=2)
    assert (await client.get_account("A1")).id == "A1"
    assert [f[0] for f in plan.fired] == ["status", "status"]


async def test_platform_offline_becomes_503_then_offline(client: HttpPlatform, memory: MemoryPlatform) -> None:
    client.retry = RetryPolicy(attempts=1)
    memory.fail_next = offline(retry_after=7)
    with pytest.raises(Offline) as info:
        await client.get_account("A1")
    assert info.value.retry_after == 7


async def test_500_is_offline_and_not_retried(client: HttpPlatform, plan: FaultPlan) -> None:
    plan.inject("status", "GET", "/v1/accounts/", status=500, times=5)
    with pytest.raises(Offline):
        await client.get_account("A1")
    assert len(plan.fired) == 1


async def test_unsupported_501(client: HttpPlatform, plan: FaultPlan) -> None:
    plan.inject("status", "GET", "/v1/catalog/", status=501)
    with pytest.raises(Unsupported):
        await client.catalog_changes(None)


async def test_other_4xx_is_platform_error(client: HttpPlatform, plan: FaultPlan) -> None:
    plan.inject("status", "GET", "/v1/accounts/", status=418)
    with pytest.raises(PlatformError) as info:
        await client.get_account("A1")
    assert type(info.value) is PlatformError


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_connection_refused_is_offline() -> None:
    p = HttpPlatform(f"http://127.0.0.1:{_free_port()}", token=TOKEN, retry=FAST)
    try:
        with pytest.raises(Offline, match="cannot reach"):
            await p.search_products("x")
    finally:
        await p.aclose()


async def test_timeout_is_offline(server: ServerThread, plan: FaultPlan) -> None:
    plan.inject("stall", "GET", "/v1/accounts/", seconds=10, times=1)
    p = HttpPlatform(server.url, token=TOKEN, timeout=0.3, retry=RetryPolicy(attempts=1))
    t0 = time.monotonic()
    try:
        with pytest.raises(Offline, match="in time"):
            await p.get_account("A1")
    finally:
        await p.aclose()
    assert time.monotonic() - t0 < 3


async def test_read_retried_after_dropped_connection(client: HttpPlatform, plan: FaultPlan) -> None:
    plan.inject("drop_request", "POST", "/v1/availability", times=1)
    got = await client.availability(["SKU-0001"])
    assert "SKU-0001" in got
    assert plan.fired[0][0] == "drop_request"


async def test_place_order_never_retried_lost_response_then_same_key(
    client: HttpPlatform, plan: FaultPlan, memory: MemoryPlatform
) -> None:
    plan.inject("drop_response", "POST", "/v1/orders", times=1)
    req = OrderRequest("A2", (OrderRequestLine("SKU-0002", 3),))
    before = memory.place_calls
    with pytest.raises(Offline):
        await client.place_order(req, idempotency_key="lost-1")
    assert memory.place_calls == before + 1  # committed once, not retried by the adapter
    count = len(memory.orders)
    order = await client.place_order(req, idempotency_key="lost-1")  # what the outbox does
    assert len(memory.orders) == count and order.idempotency_key == "lost-1"


async def test_place_order_not_retried_on_503(client: HttpPlatform, plan: FaultPlan) -> None:
    plan.inject("status", "POST", "/v1/orders", status=503, retry_after=0, times=3)
    with pytest.raises(Offline):
        await client.place_order(OrderRequest("A1", (OrderRequestLine("SKU-0001", 1),)), idempotency_key="n-1")
    assert len(plan.fired) == 1


async def test_close_mid_body_is_offline(client: HttpPlatform, plan: FaultPlan) -> None:
    client.retry = RetryPolicy(attempts=1)
    plan.inject("close_mid_body", "GET", "/v1/orders/", times=1)
    with pytest.raises(Offline):
        await client.get_order("SO-0000")


# --- malformed responses: never a crash, never half a price -----------------------------------------------------


def _set(path: list[Any], value: Any) -> Any:
    def mutate(doc: Any) -> Any:
        node = doc
        for key in path[:-1]:
            node = node[key]
        if value is _DELETE:
            del node[path[-1]]
        else:
            node[path[-1]] = value
        return doc

    return mutate


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "expect"),
    [
        (["quotes", 1, "net_price", "amount"], 87.98, r"quotes\[1\]\.net_price\.amount: expected a decimal string"),
        (["quotes", 0, "net_price", "amount"], "12,50", r"quotes\[0\]\.net_price\.amount: not a decimal number"),
        (["quotes", 0, "net_price", "amount"], "NaN", r"not a decimal number"),
        (["quotes", 1, "list_price"], _DELETE, r"quotes\[1\]\.list_price: required field is missing"),
        (["quotes", 0, "qty"], "10", r"quotes\[0\]\.qty: expected an integer, got string"),
        (["quotes", 0, "breaks", 0, "min_qty"], True, r"breaks\[0\]\.min_qty: expected an integer, got boolean"),
        (["quotes", 0, "net_price", "currency"], "rmb", r"currency: expected an ISO 4217"),
        (["quotes"], {"a": 1}, r"quotes: expected an array"),
        (["quotes", 0, "fetched_at"], "2026-03-01T09:30:00", r"fetched_at: date-time has no UTC offset"),
        (["quotes", 0, "source", "kind"], "bribe", r"source\.kind: 'bribe' is not one of"),
    ],
)
async def test_bad_quote_fields_raise_platform_error_naming_call_and_field(
    client: HttpPlatform, plan: FaultPlan, path: list[Any], value: Any, expect: str
) -> None:
    plan.inject("mutate", "POST", "/v1/accounts/A1/quotes", mutate=_set(path, value))
    with pytest.raises(PlatformError, match=r"^quote: ") as info:
        await client.quote("A1", [("SKU-0001", 1), ("SKU-0001", 10)])
    assert type(info.value) is PlatformError
    assert info.value.args[0].startswith("quote: ")
    import re

    assert re.search(expect, str(info.value)), str(info.value)


@pytest.mark.parametrize("raw", [b"{not json", b"", b'{"quotes": [', b'{"quotes": [{"sku": NaN}]}', b"\xff\xfe"])
async def test_malformed_json_is_platform_error(client: HttpPlatform, plan: FaultPlan, raw: bytes) -> None:
    plan.inject("mutate", "POST", "/v1/accounts/A1/quotes", mutate=lambda _doc: raw)
    with pytest.raises(PlatformError, match="quote: the platform sent malformed JSON"):
        await client.quote("A1", [("SKU-0001", 1)])


async def test_order_with_float_total_refused(client: HttpPlatform, plan: FaultPlan) -> None:
    plan.inject("mutate", "GET", "/v1/orders/SO-0000", mutate=_set(["total", "amount"], 1052.03))
    with pytest.raises(PlatformError, match=r"get order: .*total\.amount: expected a decimal string"):
        await client.get_order("SO-0000")


async def test_json_array_instead_of_object(client: HttpPlatform, plan: FaultPlan) -> None:
    plan.inject("mutate", "GET", "/v1/accounts/A1", mutate=lambda _doc: b"[1, 2]")
    with pytest.raises(PlatformError, match=r"get account: .*expected an object, got array"):
        await client.get_account("A1")


async def test_big_batches_are_chunked(client: HttpPlatform, plan: FaultPlan) -> None:
    skus = [f"SKU-{n:04d}" for n in range(1, 26)] + [f"NOPE-{n}" for n in range(1200)]
    got = await client.get_products(skus)
    assert len(got) == 25
    quotes = await client.quote("A1", [(s, 1) for s in skus])
    assert [q.sku for q in quotes] == skus[:25]
    av = await client.availability(skus)
    assert len(av) == 25
    assert len(await client.resolve_codes(skus)) == 25
