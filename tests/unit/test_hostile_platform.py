"""Probes kept as tests: a hostile platform on loopback (b2bterm.testing.hostile) against both HTTP adapters.

A gzip bomb is stopped at the size limit with memory bounded; a server dripping bytes ends at the deadline; deep
JSON is a platform error, never a RecursionError; escape sequences in names and error texts never survive; absurd
prices make the answer malformed, never a price.
"""

from __future__ import annotations

import json
import time
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from b2bterm.domain.safetext import is_safe, safe_text
from b2bterm.platform.base import Offline, PlatformContext, PlatformError
from b2bterm.platform.http import HttpPlatform
from b2bterm.platform.http import create as create_http
from b2bterm.platform.medusa import create as create_medusa
from b2bterm.testing.hostile import Answer, HostileServer, deep_json, gzip_bomb

HOSTILE = [
    "\x1b]52;c;SGFja2Vk\x07",  # OSC 52: write the clipboard
    "\x1b[2J\x1b[H",  # clear the screen
    "\x1b]0;pwned title\x1b\\",  # set the window title
    "\x1bP+q544e\x1b\\",  # DCS
    "\x1b]8;;http://evil\x07link\x1b]8;;\x07",  # a hyperlink
    "\x9b31m\x9d0;c1 title\x9c",  # 8-bit CSI / OSC
    "\u202eexe.txt",  # bidi override
    "\x1b]2;unterminated title ",  # never terminated
    "\x1bPunterminated dcs",
    "tail \x1b[",
]
PAYLOAD = "Contactor " + "".join(HOSTILE)


def product_json(sku: str, name: str = "Contactor", price: str = "12.50", currency: str = "CNY") -> dict[str, Any]:
    return {"sku": sku, "model": f"M-{sku}", "brand": "B\x1b[5m", "category": "C", "name_en": name,
            "list_price": {"amount": price, "currency": currency}}


def quote_json(list_price: str, net_price: str, currency: str = "CNY") -> dict[str, Any]:
    return {"quotes": [{"sku": "S1", "account_id": "A1", "qty": 1, "tax_rate": "0.13",
                        "list_price": {"amount": list_price, "currency": "CNY"},
                        "net_price": {"amount": net_price, "currency": currency}}]}


@pytest.fixture
def hostile() -> Iterator[Callable[[Callable[[str, str, bytes], Answer]], HostileServer]]:
    servers: list[HostileServer] = []

    def start(script: Callable[[str, str, bytes], Answer]) -> HostileServer:
        server = HostileServer(script).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def http(server: HostileServer, **options: Any):  # -> HttpPlatform
    return create_http({"url": server.url, "retries": 2, **options}, PlatformContext(secret="t"))


def medusa(server: HostileServer, **options: Any):  # -> MedusaPlatform
    return create_medusa({"url": server.url, "user": "desk@example.com", "retries": 2, **options},
                         PlatformContext(secret="pw"))


def medusa_script(answer: Callable[[str], Answer]) -> Callable[[str, str, bytes], Answer]:
    def script(method: str, path: str, body: bytes) -> Answer:
        if path.startswith("/auth/"):
            return Answer.json({"token": "jwt"})
        return answer(path)

    return script


# --- size -----------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return gzip_bomb(256 * 1024 * 1024)  # 256 MiB of JSON whitespace, about 250 KiB on the wire


@pytest.mark.parametrize("adapter", ["http", "medusa"])
async def test_a_gzip_bomb_is_stopped_at_the_limit_with_memory_bounded(hostile, bomb: bytes, adapter: str) -> None:
    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    server = hostile(medusa_script(lambda path: Answer(200, bomb, headers)))
    platform = http(server, max_response_mb=4) if adapter == "http" else medusa(server, max_response_mb=4)
    tracemalloc.start()
    try:
        with pytest.raises(PlatformError, match="larger than 4 MiB") as caught:
            await platform.search_products("x")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        await platform.aclose()
    assert not isinstance(caught.value, Offline)  # not retried as if the network had failed
    assert peak < 40 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB for a 4 MiB limit"
    assert len(server.requests) <= 2  # a login at most, and the one call


async def test_the_default_limit_stops_a_bomb_too(hostile, bomb: bytes) -> None:
    server = hostile(lambda *_: Answer(200, bomb, {"Content-Type": "application/json", "Content-Encoding": "gzip"}))
    platform = http(server)
    try:
        with pytest.raises(PlatformError, match="larger than 32 MiB"):
            await platform.search_products("x")
    finally:
        await platform.aclose()


async def test_a_declared_length_over_the_limit_is_refused_before_reading(hostile) -> None:
    server = hostile(lambda *_: Answer(200, b"[" + b" " * (3 * 1024 * 1024) + b"]"))
    platform = http(server, max_response_mb=1)
    try:
        with pytest.raises(PlatformError, match="larger than 1 MiB"):
            await platform.search_products("x")
    finally:
        await platform.aclose()


async def test_an_encoding_it_cannot_bound_is_refused(hostile) -> None:
    server = hostile(lambda *_: Answer(200, b"\x00\x01", {"Content-Type": "application/json",
                                                           "Content-Encoding": "br"}))
    platform = http(server)
    try:
        with pytest.raises(PlatformError, match="encoding"):
            await platform.search_products("x")
    finally:
        await platform.aclose()


# --- time -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("adapter", ["http", "medusa"])
async def test_a_dripping_server_ends_at_the_deadline(hostile, adapter: str) -> None:
    """One byte every 0.2 s never trips the 10 s read timeout; the 1 s deadline for the whole call does."""
    body = json.dumps({"products": [], "variants": [], "count": 0}).encode()
    server = hostile(medusa_script(lambda path: Answer(200, body, drip_every=0.2)))
    platform = http(server, deadline=1) if adapter == "http" else medusa(server, deadline=1)
    started = time.monotonic()
    try:
        with pytest.raises(Offline, match=r"did not finish answering within 1 s") as caught:
            await platform.search_products("x")
    finally:
        await platform.aclose()
    assert time.monotonic() - started < 3.0
    assert "deadline" in caught.value.user_text()  # says which setting to raise


async def test_place_order_past_the_deadline_is_offline_so_the_outbox_keeps_it(hostile) -> None:
    from b2bterm.domain.models import OrderRequest, OrderRequestLine

    server = hostile(lambda *_: Answer(200, b'{"number": "1"}', drip_every=0.2))
    platform = http(server, deadline=0.5)
    try:
        with pytest.raises(Offline):
            await platform.place_order(OrderRequest("A1", (OrderRequestLine("S1", 1),)), idempotency_key="k1")
    finally:
        await platform.aclose()


# --- nesting --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [100, 10_000, 200_000])
@pytest.mark.parametrize("adapter", ["http", "medusa"])
async def test_deep_json_is_a_platform_error_not_a_recursion_error(hostile, depth: int, adapter: str) -> None:
    server = hostile(medusa_script(lambda path: Answer(200, deep_json(depth))))
    platform = http(server) if adapter == "http" else medusa(server)
    try:
        with pytest.raises(PlatformError, match=r"nested|malformed"):
            await platform.search_products("x")
    finally:
        await platform.aclose()


async def test_deep_json_in_an_error_body_is_no_crash_either(hostile) -> None:
    server = hostile(lambda *_: Answer(422, deep_json(50_000)))
    platform = http(server)
    try:
        with pytest.raises(PlatformError, match="HTTP 422"):
            await platform.search_products("x")
    finally:
        await platform.aclose()


# --- escape sequences -----------------------------------------------------------------------------------------------


def _all_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if hasattr(value, "__slots__"):
        return " ".join(_all_text(getattr(value, k)) for k in value.__slots__)
    if isinstance(value, tuple | list):
        return " ".join(_all_text(v) for v in value)
    return ""


async def test_names_from_the_platform_arrive_without_control_sequences(hostile) -> None:
    doc = {"products": [product_json(f"S{n}", name=PAYLOAD + h) for n, h in enumerate(HOSTILE)]}
    server = hostile(lambda *_: Answer.json(doc))
    platform = http(server)
    try:
        products = await platform.search_products("x")
    finally:
        await platform.aclose()
    assert len(products) == len(HOSTILE)
    for product in products:
        text = _all_text(product)
        assert is_safe(text), repr(text)
        assert product.name.startswith("Contactor ")


@pytest.mark.parametrize("status", [400, 404, 409, 422, 500, 503])
async def test_error_texts_from_the_platform_are_made_safe(hostile, status: int) -> None:
    problem = {"title": "Rejected \x1b]52;c;SGFja2Vk\x07", "detail": "\x1b[2J\x1b]0;owned\x07 see \x1bPdcs"}
    server = hostile(lambda *_: Answer.json(problem, status=status))
    platform = http(server, retries=1)
    try:
        with pytest.raises(PlatformError) as caught:
            await platform.get_account("A1")
    finally:
        await platform.aclose()
    assert is_safe(caught.value.user_text()), repr(caught.value.user_text())


async def test_medusa_error_messages_are_made_safe(hostile) -> None:
    server = hostile(medusa_script(lambda path: Answer.json({"message": "bad \x1b]52;c;SGFja2Vk\x07"}, 400)))
    platform = medusa(server)
    try:
        with pytest.raises(PlatformError) as caught:
            await platform.search_accounts("x")
    finally:
        await platform.aclose()
    assert is_safe(caught.value.user_text())


# --- prices ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("list_price", "net_price", "currency"), [
    ("1" + "0" * 30, "10.00", "CNY"),  # 10**30
    ("10.00", "1" + "0" * 30, "CNY"),
    ("12.00", "-3.00", "CNY"),  # negative
    ("-1", "0", "CNY"),
    ("12.00", "10.00", "USD"),  # net price in another currency than the list price
    ("5000000000", "10.00", "CNY"),  # above any believable unit price
])
async def test_an_absurd_price_makes_the_answer_malformed(hostile, list_price: str, net_price: str,
                                                          currency: str) -> None:
    server = hostile(lambda *_: Answer.json(quote_json(list_price, net_price, currency)))
    platform = http(server)
    try:
        with pytest.raises(PlatformError, match="bad response"):
            await platform.quote("A1", [("S1", 1)])
    finally:
        await platform.aclose()


async def test_an_absurd_list_price_in_the_catalog_is_refused(hostile) -> None:
    doc = {"products": [product_json("S1", price="1" + "0" * 30)], "next_cursor": "x", "done": True}
    server = hostile(lambda *_: Answer.json(doc))
    platform = http(server)
    try:
        with pytest.raises(PlatformError, match="bad response"):
            await platform.catalog_changes(None)
    finally:
        await platform.aclose()


# --- the text filter itself -----------------------------------------------------------------------------------------


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0x2070), max_size=60))
def test_safe_text_leaves_nothing_a_terminal_would_interpret(text: str) -> None:
    out = safe_text(text)
    assert is_safe(out)
    assert safe_text(out) == out  # idempotent
    one = safe_text(text, one_line=True)
    assert "\n" not in one and "\t" not in one and is_safe(one)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf")), max_size=60))
def test_plain_text_is_kept_as_it_is(text: str) -> None:
    assert safe_text(text) == text


@pytest.mark.parametrize("sequence", HOSTILE)
def test_each_sequence_is_removed_whole(sequence: str) -> None:
    out = safe_text(f"a{sequence}b")
    assert out.startswith("a") and is_safe(out)
    for leftover in ("52;", "2J", "pwned", "544e", "evil", "0;c1"):
        assert leftover not in out


# --- any JSON at all --------------------------------------------------------------------------------------------------

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8)
    | st.sampled_from(["12.50", "-1", "1e400", "1" + "0" * 40, "CNY", "USD", "", "2026-03-01", "\x1b]0;x\x07"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["sku", "quotes", "products", "accounts", "list_price", "net_price", "amount", "currency",
                         "qty", "tax_rate", "breaks", "name_en", "model", "brand", "category", "id", "code",
                         "name", "min_qty", "unit_price", "source", "kind"]), children, max_size=6),
    max_leaves=30,
)


_DECODER = HttpPlatform("http://127.0.0.1:9", token="t")  # only its decoder is used: no request is ever sent


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_json_values)
def test_any_json_answer_is_a_value_or_a_platform_error(doc: Any) -> None:
    """Whatever JSON a platform sends for a quote or a product page: decoded strictly, or a PlatformError."""
    from b2bterm.platform.http import wire, wire_orders
    from b2bterm.platform.limits import MiB, Reply

    body = json.dumps(doc).encode()
    reply = Reply(200, httpx.Headers(), body)
    decoders = [lambda d: wire.lst(wire.obj(d, ""), "quotes", "", wire.quote_from_json),
                lambda d: wire.lst(wire.obj(d, ""), "products", "", wire.product_from_json),
                wire_orders.account_from_json, wire_orders.order_from_json]
    for decode in decoders:
        try:
            decoded = _DECODER._decode("probe", reply, decode)
        except PlatformError as exc:
            assert is_safe(exc.user_text())
        else:
            assert decoded is not None
    assert len(body) < MiB


async def test_medusa_uses_a_secret_api_key_instead_of_a_staff_password(hostile) -> None:
    import base64

    from b2bterm.platform.medusa import login

    server = hostile(lambda method, path, body: Answer.json({"stores": [{"id": "store_1"}], "customers": [],
                                                             "count": 0}))
    grant = await login({"url": server.url, "user": "desk@example.com"}, "desk@example.com", "sk_live_123")
    assert grant.token.reveal() == "sk_live_123"  # the key is what is kept, no password
    platform = create_medusa({"url": server.url, "user": "desk@example.com"}, PlatformContext(secret="sk_live_123"))
    try:
        assert await platform.search_accounts("x") == []
    finally:
        await platform.aclose()
    assert not any(path.startswith("/auth/") for _, path in server.requests)  # never a staff login
    expected = "Basic " + base64.b64encode(b"sk_live_123:").decode()
    assert all(h.get("authorization") == expected for h in server.headers)
