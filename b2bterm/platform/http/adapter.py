"""``HttpPlatform``: the Platform protocol over the b2bterm platform HTTP API (docs/platform-api.yaml), on httpx.

One ``httpx.AsyncClient`` per adapter (connection pooling), connect/read timeouts on every call, TLS verification on
(optionally against ``ca_bundle``), proxies from the environment. Read calls are retried on transient failures with
exponential backoff and jitter; ``place_order`` never is (the outbox retries it with the same idempotency key).
Responses are decoded whole and strictly (``wire``) before anything is returned.
"""

from __future__ import annotations

import asyncio
import random
import ssl
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, TypeVar

import httpx

from b2bterm import __version__
from b2bterm.domain.catalog_feed import CatalogSnapshot
from b2bterm.domain.models import Account, Availability, CodeMatch, Order, OrderRequest, PriceQuote, Product
from b2bterm.domain.price_rules import PriceRules, SkuPricingPage
from b2bterm.domain.quotation import Quotation, RemoteQuotation
from b2bterm.domain.record import record
from b2bterm.platform.base import (
    AuthError,
    Capability,
    CatalogChanges,
    CustomerPartNumber,
    NotFound,
    Offline,
    OrderPage,
    OrderQuery,
    PlatformError,
    Rejected,
    Unsupported,
)
from b2bterm.platform.http import wire, wire_orders
from b2bterm.platform.limits import (
    CertificateError,
    Limits,
    Reply,
    deadline,
    fetch,
    parse_json,
    path_segment,
    refuse_constant,
    tls_verify,
)
from b2bterm.platform.snapshots import MEDIA_TYPE, check_file

T = TypeVar("T")
USER_AGENT = f"b2bterm/{__version__} (+platform-api v1)"
RETRY_STATUSES = frozenset({429, 502, 503, 504})


@record
class RetryPolicy:
    attempts: int = 3  # total tries for a read call
    base: float = 0.25  # first backoff, seconds; doubles each time
    cap: float = 4.0  # longest single wait, including a server's Retry-After
    jitter: float = 0.5  # +- fraction of the backoff

    def delay(self, attempt: int, retry_after: float | None) -> float:
        backoff = min(self.cap, self.base * (2**attempt))
        backoff *= 1 + random.uniform(-self.jitter, self.jitter)
        if retry_after is not None:
            backoff = max(backoff, retry_after)
        return min(self.cap, max(0.0, backoff))


def _api_base(url: str) -> str:
    url = url.rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"platform url must start with http:// or https://, got {url!r}")
    path = httpx.URL(url).path.rstrip("/")
    if not path:
        url += "/v1"
    return url + "/"


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class HttpPlatform:
    """The ``http`` adapter. Build it with ``create(options, context)`` or directly."""

    name = "http"

    def __init__(
        self,
        url: str,
        *,
        token: str | None = None,
        timeout: float = 10.0,
        connect_timeout: float | None = None,
        verify: bool = True,
        ca_bundle: str | None = None,
        retry: RetryPolicy | None = None,
        capabilities: Capability | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        limits: Limits | None = None,
    ) -> None:
        self.base_url = _api_base(url)
        self.capabilities = capabilities if capabilities is not None else Capability.all()
        self.retry = retry or RetryPolicy()
        self.limits = limits or Limits(deadline=max(30.0, 3 * timeout))
        self._token = token
        verify_arg: bool | ssl.SSLContext = tls_verify(verify, ca_bundle)
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        # a token is ASCII without spaces or controls; anything else was pasted wrongly (never shown: it is secret)
        self._bad_token = bool(token) and not (token.isascii() and token.isprintable() and " " not in token)
        if token and not self._bad_token:
            headers["Authorization"] = f"Bearer {token}"
        self._client = httpx.AsyncClient(
            base_url=self.base_url,
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=connect_timeout if connect_timeout is not None else min(timeout, 5)),
            verify=verify_arg,
            trust_env=True,  # HTTP(S)_PROXY, NO_PROXY, SSL_CERT_FILE from the environment
            follow_redirects=False,
            transport=transport,
        )

    def __repr__(self) -> str:  # never the token
        return f"HttpPlatform({self.base_url!r}, token={'set' if self._token else 'none'})"

    # --- plumbing -------------------------------------------------------------------------------------------------

    async def _send(
        self,
        call: str,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        params: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        if self._bad_token:
            raise AuthError(f"{call}: the stored token holds characters a token cannot have (it was pasted or typed "
                            "wrongly).", hint="Log in again (b2bterm login), or set B2BTERM_TOKEN to the token exactly "
                                              "as given.")
        # refused, reset, dropped, TLS failure, proxy error: Offline (CertificateError for TLS), cause kept (retried)
        response = await fetch(self._client, method, path, call=call, where=f"the platform at {self.base_url}",
                               limits=self.limits, json=json_body, params=params, headers=headers)
        if response.status_code >= 400:
            raise self._error(call, response)
        return response

    def _error(self, call: str, response: Reply) -> PlatformError:
        status = response.status_code
        detail, sku, fld = "", "", ""
        if "json" in response.headers.get("content-type", ""):
            try:
                body = parse_json(response.content, call, max_depth=self.limits.max_depth)
            except PlatformError:
                body = None
            if isinstance(body, dict):
                parts = [str(body[k]) for k in ("title", "detail") if isinstance(body.get(k), str) and body[k]]
                detail = ": ".join(parts)
                sku = body["sku"] if isinstance(body.get("sku"), str) else ""
                fld = body["field"] if isinstance(body.get("field"), str) else ""
        message = f"{call}: {detail or f'HTTP {status}'}"
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        if status in (401, 403):
            return AuthError(message if status == 403 else f"{call}: not logged in or the token has expired.")
        if status == 404:
            return NotFound(message)
        if status in (409, 422):
            return Rejected(message, sku=sku, field=fld)
        if status == 501:
            return Unsupported(message)
        if status == 429 or status >= 500:
            text = "is busy (too many requests)" if status == 429 else f"failed ({detail or f'HTTP {status}'})"
            offline = Offline(f"{call}: the platform {text}.", retry_after=retry_after)
            offline.status = status  # type: ignore[attr-defined]
            return offline
        return PlatformError(message)

    def _decode(self, call: str, response: Reply, decode: Callable[[Any], T]) -> T:
        doc = parse_json(response.content, call, max_depth=self.limits.max_depth, parse_constant=refuse_constant)
        try:
            return decode(doc)
        except wire.WireError as exc:
            raise PlatformError(f"{call}: the platform sent a bad response: field {exc}.") from exc
        except (ValueError, TypeError) as exc:  # a domain invariant refused a value
            raise PlatformError(f"{call}: the platform sent a bad response: {exc}.") from exc

    async def _read(
        self,
        call: str,
        method: str,
        path: str,
        decode: Callable[[Any], T],
        *,
        json_body: Any = None,
        params: Any = None,
        threaded: bool = False,
    ) -> T:
        """A read call: retried on transient failure (transport errors, 429, 502-504), decoded whole (``threaded``:
        in a thread, for answers whose decoding would hold the event loop, and the keys typed meanwhile, for several
        ms); the retries too end within the deadline."""
        async with deadline(call, self.limits.deadline):
            return await self._read_retried(call, method, path, decode, json_body=json_body, params=params,
                                            threaded=threaded)

    async def _read_retried(self, call: str, method: str, path: str, decode: Callable[[Any], T], *,
                            json_body: Any = None, params: Any = None, threaded: bool = False) -> T:
        attempt = 0
        while True:
            try:
                response = await self._send(call, method, path, json_body=json_body, params=params)
                if threaded:
                    return await asyncio.to_thread(self._decode, call, response, decode)
                return self._decode(call, response, decode)
            except Offline as exc:
                transient = not isinstance(exc, CertificateError) and (
                    exc.__cause__ is not None or _status_of(exc) in RETRY_STATUSES)
                attempt += 1
                if not transient or attempt >= self.retry.attempts:
                    raise
                if exc.retry_after is not None and exc.retry_after > self.retry.cap:
                    raise  # the server asks for a longer wait than we will hold a user for
                await asyncio.sleep(self.retry.delay(attempt - 1, exc.retry_after))

    # --- the Platform protocol ------------------------------------------------------------------------------------

    async def refresh_capabilities(self) -> Capability:
        """Ask the server what it offers (GET /capabilities) and remember it."""
        self.capabilities = await self._read("capabilities", "GET", "capabilities", wire.capabilities_from_json)
        return self.capabilities

    async def search_products(self, query: str, *, limit: int = 50) -> list[Product]:
        return await self._read(
            "search products",
            "GET",
            "products/search",
            lambda d: wire.lst(wire.obj(d, ""), "products", "", wire.product_from_json),
            params={"q": query, "limit": limit},
        )

    async def _post_chunked(self, call: str, path: str, items: list[Any], body: Callable[[Sequence[Any]], Any],
                            decode: Callable[[Any], Any]) -> list[Any]:
        """A batch read split into requests of at most ``BATCH`` items; one decoded answer per request."""
        return [await self._read(call, "POST", path, decode, json_body=body(chunk)) for chunk in _chunks(items)]

    async def get_products(self, skus: Sequence[str]) -> dict[str, Product]:
        pages = await self._post_chunked(
            "get products", "products/lookup", list(dict.fromkeys(skus)), lambda chunk: {"skus": chunk},
            lambda d: wire.lst(wire.obj(d, ""), "products", "", wire.product_from_json))
        return {p.sku: p for page in pages for p in page}

    async def resolve_codes(self, codes: Sequence[str], *, account_id: str | None = None) -> dict[str, list[CodeMatch]]:
        pages = await self._post_chunked(
            "resolve codes", "codes/resolve", list(dict.fromkeys(codes)),
            lambda chunk: {"codes": chunk, "account_id": account_id}, wire.resolve_from_json)
        return {code: matches for page in pages for code, matches in page.items()}

    async def quote(self, account_id: str, items: Sequence[tuple[str, int]]) -> list[PriceQuote]:
        pages = await self._post_chunked(
            "quote", f"accounts/{_seg(account_id)}/quotes", list(items),
            lambda chunk: {"items": [{"sku": sku, "qty": qty} for sku, qty in chunk]},
            lambda d: wire.lst(wire.obj(d, ""), "quotes", "", wire.quote_from_json))
        return [q for page in pages for q in page]

    async def availability(self, skus: Sequence[str]) -> dict[str, Availability]:
        pages = await self._post_chunked(
            "availability", "availability", list(dict.fromkeys(skus)), lambda chunk: {"skus": chunk},
            lambda d: wire.lst(wire.obj(d, ""), "availability", "", wire.availability_from_json))
        return {a.sku: a for page in pages for a in page}

    async def search_accounts(self, query: str = "", *, limit: int = 50) -> list[Account]:
        return await self._read(
            "search accounts",
            "GET",
            "accounts",
            lambda d: wire.lst(wire.obj(d, ""), "accounts", "", wire_orders.account_from_json),
            params={"q": query, "limit": limit},
        )

    async def get_account(self, account_id: str) -> Account:
        return await self._read("get account", "GET", f"accounts/{_seg(account_id)}", wire_orders.account_from_json)

    async def customer_part_numbers(self, account_id: str) -> list[CustomerPartNumber]:
        return await self._read(
            "customer part numbers",
            "GET",
            f"accounts/{_seg(account_id)}/part-numbers",
            lambda d: wire.lst(wire.obj(d, ""), "part_numbers", "", wire.customer_part_from_json),
        )

    async def place_order(self, request: OrderRequest, *, idempotency_key: str) -> Order:
        """Sent once, never retried here: a lost response raises Offline and the caller retries with the same key."""
        if not idempotency_key:
            raise ValueError("place_order needs an idempotency key")
        async with deadline("place order", self.limits.deadline):  # past it: Offline, the outbox retries the key
            response = await self._send(
                "place order",
                "POST",
                "orders",
                json_body=wire_orders.order_request_to_json(request),
                headers={"Idempotency-Key": idempotency_key},
            )
        return self._decode("place order", response, wire_orders.order_from_json)

    async def list_orders(self, query: OrderQuery) -> OrderPage:
        return await self._read(
            "list orders", "GET", "orders", wire_orders.order_page_from_json,
            params=wire_orders.order_query_to_params(query),
        )

    async def get_order(self, number: str) -> Order:
        return await self._read("get order", "GET", f"orders/{_seg(number)}", wire_orders.order_from_json)

    async def push_quotation(self, reference: str, quotation: Quotation, *, key: str) -> RemoteQuotation:
        """Sent once, never retried here (like an order): the key makes the caller's later retry an update."""
        from b2bterm.platform.http import wire_quotation as wq

        response = await self._send("push quotation", "POST", "quotations",
                                    json_body={**wq.quotation_to_json(quotation), "reference": reference},
                                    headers={"Idempotency-Key": key})
        return self._decode("push quotation", response, wq.remote_quotation_from_json)

    async def get_quotations(self, remote_ids: Sequence[str]) -> list[RemoteQuotation]:
        from b2bterm.platform.http import wire_quotation as wq

        if not remote_ids:
            return []
        return await self._read(
            "quotations", "GET", "quotations",
            lambda d: wire.lst(wire.obj(d, ""), "quotations", "", wq.remote_quotation_from_json),
            params={"ids": ",".join(remote_ids)})

    async def price_rules(self, account_ids: Sequence[str] | None = None, *, skus: bool = True) -> PriceRules:
        """The server's price rules for these accounts (None: all): POST /price-rules, a read (retried)."""
        from b2bterm.domain.price_rules_doc import rules_from_doc

        body = {"accounts": None if account_ids is None else list(account_ids), "skus": skus}
        return await self._read("price rules", "POST", "price-rules", rules_from_doc, json_body=body)

    async def price_rule_skus(self, after: str = "", limit: int = 2000) -> SkuPricingPage:
        """A page of the price rules' SKU entries: GET /price-rules/skus, a read (retried)."""
        from b2bterm.domain.price_rules_doc import sku_page_from_doc

        return await self._read("price rules", "GET", "price-rules/skus", sku_page_from_doc,
                                params={"after": after, "limit": limit}, threaded=True)  # (~9 ms a page)

    async def catalog_changes(self, cursor: str | None, *, limit: int = 1000) -> CatalogChanges:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        return await self._read(  # (a page of 1,000 products: ~30 ms to decode)
            "catalog changes", "GET", "catalog/changes", wire.catalog_changes_from_json, params=params, threaded=True
        )

    async def catalog_snapshot(self, format: str) -> CatalogSnapshot | None:
        try:
            return await self._read("catalog snapshot", "GET", "catalog/snapshot", wire.catalog_snapshot_from_json,
                                    params={"format": format})
        except (NotFound, Unsupported):
            return None

    async def fetch_catalog_snapshot(self, snapshot: CatalogSnapshot, dest: Path) -> None:
        """Streamed to ``dest`` (not held in memory, not limited like a JSON answer), then checked."""
        if self._bad_token:
            raise AuthError("catalog snapshot: the stored token is not valid.")
        try:
            async with self._client.stream("GET", f"catalog/snapshot/{_seg(snapshot.id)}",
                                           headers={"Accept": MEDIA_TYPE},
                                           timeout=httpx.Timeout(60.0, connect=10.0)) as response:
                if response.status_code >= 400:
                    await response.aread()
                    raise self._error("catalog snapshot", response)  # type: ignore[arg-type]
                written = 0
                with open(dest, "wb") as f:
                    async for chunk in response.aiter_bytes(1 << 20):
                        written += len(chunk)
                        if written > snapshot.size:
                            raise PlatformError("catalog snapshot: more bytes than announced.")
                        f.write(chunk)
        except httpx.HTTPError as exc:
            Path(dest).unlink(missing_ok=True)
            raise Offline(f"catalog snapshot: the download failed ({type(exc).__name__}).") from exc
        except PlatformError:
            Path(dest).unlink(missing_ok=True)
            raise
        await asyncio.to_thread(check_file, Path(dest), snapshot)

    async def aclose(self) -> None:
        await self._client.aclose()


BATCH = 500  # items per request for batch reads (the server accepts up to 1000)


def _chunks(items: list[T]) -> list[list[T]]:
    return [items[n : n + BATCH] for n in range(0, len(items), BATCH)]


def _seg(value: str) -> str:
    return path_segment(value)


def _status_of(exc: Offline) -> int | None:
    return getattr(exc, "status", None)
