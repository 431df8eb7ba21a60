"""The reference server: any ``Platform`` served over the b2bterm platform HTTP API (docs/platform-api.yaml).

Starlette (ASGI). Every route except ``/v1/health`` and ``/v1/auth/token`` needs ``Authorization: Bearer <token>``.
Platform errors become application/problem+json: NotFound 404, Rejected 422 (with ``sku``/``field``), AuthError 403,
Unsupported 501, Offline 503 with Retry-After, any other PlatformError 502, a malformed request 400.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from b2bterm import __version__
from b2bterm.platform.base import (
    AuthError,
    NotFound,
    Offline,
    Platform,
    PlatformError,
    Rejected,
    Unsupported,
)
from b2bterm.platform.http import wire, wire_orders
from b2bterm.platform.snapshots import MEDIA_TYPE, SnapshotShelf, snapshot_to_json
from b2bterm.server.price_rules import price_rules_routes
from b2bterm.server.quotations import quotation_routes

log = logging.getLogger("b2bterm.server")

PROBLEM_JSON = "application/problem+json"
_IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")
MAX_BATCH = 1000
MAX_BODY = 2 * 1024 * 1024


class ApiProblem(Exception):
    def __init__(
        self,
        status: int,
        kind: str,
        title: str,
        detail: str = "",
        *,
        headers: Mapping[str, str] | None = None,
        **extra: str,
    ) -> None:
        super().__init__(detail or title)
        self.status = status
        self.body = wire.problem(status, kind, title, detail, **extra)
        self.headers = dict(headers or {})


def problem_response(p: ApiProblem) -> Response:
    return JSONResponse(p.body, status_code=p.status, headers=p.headers, media_type=PROBLEM_JSON)


def _retry_after_header(seconds: float | None, default: int = 5) -> dict[str, str]:
    value = default if seconds is None else max(0, int(-(-seconds // 1)))  # ceil
    return {"Retry-After": str(value)}


def map_platform_error(exc: PlatformError) -> ApiProblem:
    if isinstance(exc, NotFound):
        return ApiProblem(404, "not-found", "Not found", exc.message)
    if isinstance(exc, Rejected):
        return ApiProblem(422, "rejected", "Rejected", exc.message, sku=exc.sku, field=exc.field)
    if isinstance(exc, AuthError):
        return ApiProblem(403, "forbidden", "Forbidden", exc.message)
    if isinstance(exc, Unsupported):
        return ApiProblem(501, "unsupported", "Not supported", exc.message)
    if isinstance(exc, Offline):
        return ApiProblem(
            503, "unavailable", "Platform unavailable", exc.message, headers=_retry_after_header(exc.retry_after)
        )
    return ApiProblem(502, "upstream", "Platform error", exc.message)


class TokenStore:
    """Bearer tokens: static ones given at start plus those issued by /auth/token, each with an expiry."""

    def __init__(self, users: Mapping[str, str] | None, tokens: Iterable[str], ttl: float) -> None:
        self._users = dict(users or {})
        self._static = set(tokens)
        self._issued: dict[str, tuple[str, float]] = {}
        self._ttl = ttl
        self._lock = threading.Lock()

    @property
    def ttl(self) -> float:
        return self._ttl

    def login(self, username: str, password: str) -> tuple[str, float] | None:
        expected = self._users.get(username)
        # compare even for an unknown user so timing does not reveal which usernames exist
        ok = hmac.compare_digest((expected or "\0").encode(), password.encode()) and expected is not None
        if not ok:
            return None
        token = secrets.token_urlsafe(32)
        expires = time.time() + self._ttl
        with self._lock:
            self._issued[token] = (username, expires)
        return token, expires

    def valid(self, token: str) -> bool:
        if any(hmac.compare_digest(token.encode(), t.encode()) for t in self._static):
            return True
        with self._lock:
            entry = self._issued.get(token)
            if entry is None:
                return False
            if entry[1] < time.time():
                del self._issued[token]
                return False
        return True

    def revoke(self, token: str) -> None:
        with self._lock:
            self._issued.pop(token, None)


PlatformSource = Platform | Callable[[], Platform]


def create_app(
    platform: PlatformSource,
    *,
    users: Mapping[str, str] | None = None,
    tokens: Iterable[str] = (),
    token_ttl: float = 8 * 3600,
    open_access: bool = False,
    faults: Any = None,
    snapshots: SnapshotShelf | None = None,
) -> Any:
    """An ASGI app serving ``platform`` (or a zero-argument factory called at start-up, in the server's own event
    loop and thread; the app then closes it at shut-down).

    ``users`` (username -> password) may log in at POST /v1/auth/token; ``tokens`` are accepted as they are.
    With neither and ``open_access=False`` every call answers 401. ``faults`` is a ``FaultPlan`` (see faults.py);
    when given, the app is wrapped in the fault-injection middleware.
    """
    store = TokenStore(users, tokens, token_ttl)
    state: dict[str, Any] = {}
    seen_keys: OrderedDict[str, str] = OrderedDict()
    keys_lock = threading.Lock()

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        if isinstance(platform, Platform):
            state["platform"] = platform
            yield
            return
        state["platform"] = platform()
        try:
            yield
        finally:
            await state["platform"].aclose()

    def plat() -> Platform:
        p = state.get("platform")
        if p is None:  # lifespan not run (e.g. a bare ASGI host): build lazily
            p = platform if isinstance(platform, Platform) else platform()
            state["platform"] = p
        return p

    def authorise(request: Request) -> None:
        if open_access:
            return
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiProblem(
                401,
                "unauthorized",
                "Authentication required",
                "Send Authorization: Bearer <token>.",
                headers={"WWW-Authenticate": 'Bearer realm="b2bterm"'},
            )
        if not store.valid(token.strip()):
            raise ApiProblem(
                401,
                "unauthorized",
                "Invalid or expired token",
                "Log in again.",
                headers={"WWW-Authenticate": 'Bearer realm="b2bterm", error="invalid_token"'},
            )

    async def body_json(request: Request) -> Any:
        raw = await request.body()
        if len(raw) > MAX_BODY:
            raise ApiProblem(413, "too-large", "Request too large")
        try:
            return json.loads(raw, parse_constant=_refuse_constant)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ApiProblem(400, "bad-request", "Malformed JSON", str(exc)) from exc

    def str_list(body: Any, key: str) -> list[str]:
        d = wire.obj(body, "")
        items = wire.lst(d, key, "", wire.str_item)
        if len(items) > MAX_BATCH:
            raise ApiProblem(400, "bad-request", "Too many items", f"at most {MAX_BATCH} {key} per call", field=key)
        return items

    Handler = Callable[[Request], Awaitable[Any]]

    def endpoint(handler: Handler, *, auth: bool = True) -> Callable[[Request], Awaitable[Response]]:
        async def run(request: Request) -> Response:
            try:
                if auth:
                    authorise(request)
                result = await handler(request)
            except ApiProblem as p:
                return problem_response(p)
            except wire.WireError as exc:
                return problem_response(ApiProblem(400, "bad-request", "Malformed request", str(exc), field=exc.path))
            except PlatformError as exc:
                return problem_response(map_platform_error(exc))
            except Exception:
                log.exception("unhandled error in %s %s", request.method, request.url.path)
                return problem_response(ApiProblem(500, "internal", "Internal server error"))
            if isinstance(result, Response):
                return result
            return JSONResponse(result)

        return run

    def q_limit(request: Request, default: int = 50) -> int:
        return wire.int_param(request.query_params, "limit", default, lo=1, hi=MAX_BATCH)

    async def health(_r: Request) -> Any:
        return {"status": "ok", "version": __version__, "api_version": wire.API_VERSION}

    async def token(request: Request) -> Any:
        body = wire.obj(await body_json(request), "")
        username = wire.s(body, "username", "")
        password = wire.s(body, "password", "")
        issued = store.login(username, password)
        if issued is None:
            raise ApiProblem(401, "unauthorized", "Wrong username or password")
        tok, expires = issued
        return {
            "access_token": tok,
            "token_type": "Bearer",
            "expires_in": int(store.ttl),
            "expires_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(expires)),
        }

    async def capabilities(_r: Request) -> Any:
        p = plat()
        return wire.capabilities_to_json(getattr(p, "name", "platform"), p.capabilities)

    async def search_products(request: Request) -> Any:
        found = await plat().search_products(request.query_params.get("q", ""), limit=q_limit(request))
        return {"products": [wire.product_to_json(x) for x in found]}

    async def lookup_products(request: Request) -> Any:
        found = await plat().get_products(str_list(await body_json(request), "skus"))
        return {"products": [wire.product_to_json(x) for x in found.values()]}

    async def resolve(request: Request) -> Any:
        body = await body_json(request)
        codes = str_list(body, "codes")
        account_id = wire.s(body, "account_id", "", None)
        return wire.resolve_to_json(await plat().resolve_codes(codes, account_id=account_id))

    async def quotes(request: Request) -> Any:
        body = wire.obj(await body_json(request), "")

        def item(v: object, path: str) -> tuple[str, int]:
            d = wire.obj(v, path)
            return wire.s(d, "sku", path), wire.i(d, "qty", path)

        items = wire.lst(body, "items", "", item)
        if len(items) > MAX_BATCH:
            raise ApiProblem(400, "bad-request", "Too many items", f"at most {MAX_BATCH} items per call")
        found = await plat().quote(request.path_params["account_id"], items)
        return {"quotes": [wire.quote_to_json(x) for x in found]}

    async def availability(request: Request) -> Any:
        found = await plat().availability(str_list(await body_json(request), "skus"))
        return {"availability": [wire.availability_to_json(x) for x in found.values()]}

    async def search_accounts(request: Request) -> Any:
        found = await plat().search_accounts(request.query_params.get("q", ""), limit=q_limit(request))
        return {"accounts": [wire_orders.account_to_json(a) for a in found]}

    async def get_account(request: Request) -> Any:
        return wire_orders.account_to_json(await plat().get_account(request.path_params["account_id"]))

    async def part_numbers(request: Request) -> Any:
        found = await plat().customer_part_numbers(request.path_params["account_id"])
        return {"part_numbers": [wire.customer_part_to_json(c) for c in found]}

    async def list_orders(request: Request) -> Any:
        query = wire_orders.order_query_from_params(request.query_params)
        return wire_orders.order_page_to_json(await plat().list_orders(query))

    async def get_order(request: Request) -> Any:
        return wire_orders.order_to_json(await plat().get_order(request.path_params["number"]))

    def idempotency_key(request: Request) -> str:
        key = request.headers.get("idempotency-key", "")
        if not _IDEMPOTENCY_KEY.match(key):
            raise ApiProblem(
                400,
                "bad-request",
                "Idempotency-Key header required",
                "Send a unique Idempotency-Key (1-200 printable ASCII characters) with every order.",
                field="Idempotency-Key",
            )
        return key

    async def place_order(request: Request) -> Any:
        key = idempotency_key(request)
        order_request = wire_orders.order_request_from_json(await body_json(request))
        order = await plat().place_order(order_request, idempotency_key=key)
        with keys_lock:
            replay = key in seen_keys  # the platform returned the first order for this key again
            seen_keys[key] = order.number
            while len(seen_keys) > 100_000:
                seen_keys.popitem(last=False)
        return JSONResponse(
            wire_orders.order_to_json(order),
            status_code=200 if replay else 201,
            headers={"Location": f"/v1/orders/{order.number}"},
        )

    async def catalog_changes(request: Request) -> Any:
        cursor = request.query_params.get("cursor") or None
        changes = await plat().catalog_changes(cursor, limit=q_limit(request, 1000))
        return wire.catalog_changes_to_json(changes)

    def shelf() -> SnapshotShelf:
        found = snapshots if snapshots is not None else getattr(plat(), "shelf", None)
        if not isinstance(found, SnapshotShelf):
            raise ApiProblem(404, "not-found", "No catalog snapshot", "This platform offers none: page through "
                             "/catalog/changes.")
        return found

    async def catalog_snapshot(request: Request) -> Any:
        fmt = request.query_params.get("format", "")
        offer = await asyncio.to_thread(shelf().offer, fmt)
        if offer is None:
            raise ApiProblem(404, "not-found", "No catalog snapshot in that format",
                             f"None is built for format {fmt!r}: page through /catalog/changes.")
        return snapshot_to_json(offer)

    async def catalog_snapshot_file(request: Request) -> Any:
        path = shelf().file(request.path_params["snapshot_id"])
        if not path.is_file():
            raise ApiProblem(404, "not-found", "No such catalog snapshot")
        return FileResponse(path, media_type=MEDIA_TYPE)

    routes = [
        Route("/v1/health", endpoint(health, auth=False), methods=["GET"]),
        Route("/v1/auth/token", endpoint(token, auth=False), methods=["POST"]),
        Route("/v1/capabilities", endpoint(capabilities), methods=["GET"]),
        Route("/v1/products/search", endpoint(search_products), methods=["GET"]),
        Route("/v1/products/lookup", endpoint(lookup_products), methods=["POST"]),
        Route("/v1/codes/resolve", endpoint(resolve), methods=["POST"]),
        Route("/v1/availability", endpoint(availability), methods=["POST"]),
        Route("/v1/accounts", endpoint(search_accounts), methods=["GET"]),
        Route("/v1/accounts/{account_id}", endpoint(get_account), methods=["GET"]),
        Route("/v1/accounts/{account_id}/part-numbers", endpoint(part_numbers), methods=["GET"]),
        Route("/v1/accounts/{account_id}/quotes", endpoint(quotes), methods=["POST"]),
        Route("/v1/orders", endpoint(list_orders), methods=["GET"]),
        Route("/v1/orders", endpoint(place_order), methods=["POST"]),
        Route("/v1/orders/{number}", endpoint(get_order), methods=["GET"]),
        Route("/v1/catalog/changes", endpoint(catalog_changes), methods=["GET"]),
        Route("/v1/catalog/snapshot", endpoint(catalog_snapshot), methods=["GET"]),
        Route("/v1/catalog/snapshot/{snapshot_id}", endpoint(catalog_snapshot_file), methods=["GET"]),
        *quotation_routes(endpoint, plat, body_json, idempotency_key),
        *price_rules_routes(endpoint, plat, body_json),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.tokens = store
    if faults is not None:
        from b2bterm.server.faults import FaultMiddleware

        return FaultMiddleware(app, faults)
    return app


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")
