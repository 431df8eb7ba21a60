"""``MedusaPlatform``: the Platform protocol over Medusa v2's Admin API (staff login), on httpx.

b2bterm's users are the distributor's staff, so the adapter logs in as a staff user (``POST /auth/user/emailpass``,
JWT bearer; the password comes from ``PlatformContext.secret``) and logs in again once on a 401. Style follows the
``http`` adapter: one AsyncClient, connect/read timeouts, reads retried with backoff on transient failures, writes
never retried (a retried ``place_order`` finds its first order by the idempotency key kept in the order's metadata).

Where things live in Medusa (docs/medusa.md): SKU = variant.sku, brand = product collection, category = first
product category, Chinese name = product subtitle, model number and cross references = product metadata, model
lookup = product handle (the normalised model, lower-case); accounts = customers (company_name, metadata.code,
metadata.name_zh, metadata.payment_terms, metadata.part_numbers), ship-tos = customer addresses; negotiated prices =
price lists whose rules target the customer's groups, tiers by min_quantity; warehouses = stock locations
(metadata.code); orders = draft orders converted to orders, numbered by Medusa's order id; quotations = draft orders
of the customer with the quoted prices (quotations.py), converted into the order when it is placed.
"""

from __future__ import annotations

import asyncio
import base64
import ssl
from collections.abc import Mapping, Sequence
from datetime import timedelta
from decimal import Decimal
from typing import Any

import httpx

from b2bterm import __version__, clock
from b2bterm.domain.modelno import normalise
from b2bterm.domain.models import (
    Account,
    Availability,
    CodeKind,
    CodeMatch,
    Order,
    OrderRequest,
    OrderStatus,
    PriceQuote,
    Product,
    ProductStatus,
    StatusChange,
    WarehouseStock,
)
from b2bterm.platform import limits as lim
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
from b2bterm.platform.http.adapter import RETRY_STATUSES, RetryPolicy, parse_retry_after
from b2bterm.platform.medusa import mapping as m
from b2bterm.platform.medusa.customers import CustomerIndex
from b2bterm.platform.medusa.fields import (
    CUSTOMER_FIELDS,
    ORDER_FIELDS,
    ORDER_LIST_FIELDS,
    PRICE_LIST_FIELDS,
    PRODUCT_FIELDS,
    VARIANT_FIELDS,
)
from b2bterm.platform.medusa.price_rules import MedusaPriceRules
from b2bterm.platform.medusa.quotations import MedusaQuotations, shipping_address

USER_AGENT = f"b2bterm/{__version__} (+medusa admin api)"
_seg = lim.path_segment  # an id as one escaped URL path segment
_guarded = m.guarded
CAPABILITIES = (
    Capability.SEARCH | Capability.PRODUCTS | Capability.RESOLVE | Capability.QUOTE | Capability.AVAILABILITY
    | Capability.ACCOUNTS | Capability.PLACE_ORDER | Capability.LIST_ORDERS | Capability.GET_ORDER
    | Capability.CATALOG_CHANGES | Capability.CUSTOMER_PART_NUMBERS | Capability.TRACKING | Capability.QUOTATIONS
    | Capability.PRICE_RULES
)  # not LAST_PAID (no per-customer price history query); TRACKING = carrier, tracking number and URL, no events;
# QUOTATIONS = draft orders (quotations.py)

IDEMPOTENCY_META = "b2bterm_idempotency_key"
BATCH = 100  # SKUs per filtered request (kept well inside URL length limits)
PAGE = 200


class MedusaPlatform(MedusaQuotations, MedusaPriceRules):
    """The ``medusa`` adapter. Build it with ``create(options, context)`` or directly."""

    name = "medusa"

    def __init__(
        self,
        url: str,
        *,
        email: str,
        password: str | None,
        currency: str = "cny",
        country: str = "cn",
        timeout: float = 15.0,
        connect_timeout: float | None = None,
        retry: RetryPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        accounts_ttl: float = 5.0,
        limits: lim.Limits | None = None,
        verify: bool | ssl.SSLContext = True,
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"medusa url must start with http:// or https://, got {url!r}")
        self.base_url = url.rstrip("/")
        self._where = f"Medusa at {self.base_url}"
        self.limits = limits or lim.Limits(deadline=max(30.0, 3 * timeout))
        self.capabilities = CAPABILITIES
        self.currency = currency.lower()
        self.country = country.lower()
        self.retry = retry or RetryPolicy()
        self._email = email
        self._password = password
        self._token: str | None = None
        self._login_lock = asyncio.Lock()
        self._cache: dict[str, Any] = {}
        self._client = httpx.AsyncClient(
            base_url=self.base_url,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            timeout=httpx.Timeout(timeout, connect=connect_timeout if connect_timeout is not None else min(timeout, 5)),
            trust_env=True,
            follow_redirects=False,
            transport=transport,
            verify=verify,
        )
        self.customers = CustomerIndex(self._read, self._all, CUSTOMER_FIELDS, ttl=accounts_ttl)

    def __repr__(self) -> str:  # never the password or token
        return f"MedusaPlatform({self.base_url!r}, user={self._email!r})"

    # --- plumbing -------------------------------------------------------------------------------------------------

    async def _login(self) -> None:
        if not self._password:
            raise AuthError("medusa: no password for the staff user; store it with `b2bterm login`.")
        if self._password.startswith("sk_"):  # a Medusa secret API key: Basic auth, no staff password kept
            self._token = "Basic " + base64.b64encode(f"{self._password}:".encode()).decode("ascii")
            return
        async with lim.deadline("log in", self.limits.deadline):
            r = await lim.fetch(self._client, "POST", "/auth/user/emailpass", call="log in", where=self._where,
                            limits=self.limits, json={"email": self._email, "password": self._password})
        if r.status_code in (400, 401, 403):
            raise AuthError(f"log in: Medusa refused the staff login for {self._email}.")
        if r.status_code >= 400:
            raise self._error("log in", r)
        token = self._json("log in", r).get("token")
        if not isinstance(token, str) or not token.isascii() or not token.isprintable():
            raise AuthError("log in: Medusa sent no usable token.")
        self._token = f"Bearer {token}"  # the Authorization header

    async def _send(self, call: str, method: str, path: str, *, params: Any = None, body: Any = None) -> Any:
        for attempt in (0, 1):
            if self._token is None:
                async with self._login_lock:
                    if self._token is None:
                        await self._login()
            token = self._token
            async with lim.deadline(call, self.limits.deadline):  # a write past it: Offline, retried with its key
                r = await lim.fetch(self._client, method, path, call=call, where=self._where, limits=self.limits,
                                params=params, json=body, headers={"Authorization": token})
            if r.status_code == 401 and attempt == 0:
                if self._token == token:
                    self._token = None  # expired: log in again, once
                continue
            if r.status_code >= 400:
                raise self._error(call, r)
            return self._json(call, r)
        raise AuthError(f"{call}: Medusa refused the token after a fresh login.")

    async def _read(self, call: str, path: str, **params: Any) -> Any:
        attempt = 0
        while True:
            try:
                return await self._send(call, "GET", path, params=params or None)
            except Offline as exc:
                transient = not isinstance(exc, lim.CertificateError) and (
                    exc.__cause__ is not None or getattr(exc, "status", None) in RETRY_STATUSES)
                attempt += 1
                if not transient or attempt >= self.retry.attempts:
                    raise
                await asyncio.sleep(self.retry.delay(attempt - 1, exc.retry_after))

    def _json(self, call: str, r: lim.Reply) -> Any:
        if not r.content:
            return {}
        return lim.parse_json(r.content, call, max_depth=self.limits.max_depth, who="Medusa", parse_float=Decimal,
                          parse_constant=lim.refuse_constant)

    def _error(self, call: str, r: lim.Reply) -> PlatformError:
        status = r.status_code
        message = ""
        try:
            doc = self._json(call, r)
            if isinstance(doc, dict):
                message = str(doc.get("message") or doc.get("type") or "")
        except PlatformError:
            pass
        text = f"{call}: {message or f'HTTP {status}'}"
        if status in (401, 403):
            return AuthError(text)
        if status == 404:
            return NotFound(text)
        if status in (400, 409, 422):
            return Rejected(text)
        if status == 501:
            return Unsupported(text)
        if status == 429 or status >= 500:
            off = Offline(f"{call}: Medusa failed ({message or f'HTTP {status}'}).",
                          retry_after=parse_retry_after(r.headers.get("retry-after")))
            off.status = status  # type: ignore[attr-defined]
            return off
        return PlatformError(text)

    async def _all(self, call: str, path: str, key: str, **params: Any) -> list[Any]:
        out: list[Any] = []
        offset = 0
        while True:
            doc = await self._read(call, path, **params, limit=PAGE, offset=offset)
            rows = doc.get(key) or []
            out += rows
            offset += len(rows)
            if not rows or offset >= int(doc.get("count") or 0):
                return out

    # --- reference data (cached for the adapter's life) -----------------------------------------------------------

    async def _tax_rate(self) -> Decimal:
        if "tax" not in self._cache:
            doc = await self._read("tax rate", "/admin/tax-regions", country_code=self.country,
                                   fields="id,country_code,tax_rates.rate,tax_rates.is_default")
            rate = m.DEFAULT_TAX_RATE
            for region in doc.get("tax_regions") or []:
                for tr in region.get("tax_rates") or []:
                    if tr.get("is_default") and tr.get("rate") is not None:
                        rate = m.need_amount(tr, "rate") / 100
            self._cache["tax"] = rate
        return self._cache["tax"]  # type: ignore[no-any-return]

    async def _locations(self) -> list[tuple[str, str, str]]:
        if "locations" not in self._cache:
            rows = await self._all("stock locations", "/admin/stock-locations", "stock_locations",
                                   fields="id,name,metadata")
            self._cache["locations"] = [(str(r["id"]), str((r.get("metadata") or {}).get("code") or r["id"]),
                                         str(r.get("name") or "")) for r in rows]
        return self._cache["locations"]  # type: ignore[no-any-return]

    async def _store_context(self) -> tuple[str, str]:
        """(region id for the currency, default sales channel id)."""
        if "store" not in self._cache:
            store = (await self._read("store", "/admin/stores", fields="id,default_sales_channel_id"))["stores"][0]
            regions = (await self._read("regions", "/admin/regions", currency_code=self.currency,
                                        fields="id,currency_code"))["regions"]
            if not regions:
                raise PlatformError(f"Medusa has no region in {self.currency.upper()}.",
                                    hint="Create one in Medusa's admin.")
            self._cache["store"] = (str(regions[0]["id"]), str(store["default_sales_channel_id"]))
        return self._cache["store"]  # type: ignore[no-any-return]

    # --- catalog --------------------------------------------------------------------------------------------------

    async def _variants(self, call: str, **filters: Any) -> list[Mapping[str, Any]]:
        return await self._all(call, "/admin/product-variants", "variants", fields=VARIANT_FIELDS, **filters)

    async def _variants_by_sku(self, skus: Sequence[str]) -> dict[str, Mapping[str, Any]]:
        out: dict[str, Mapping[str, Any]] = {}
        wanted = list(dict.fromkeys(s for s in skus if s))
        for n in range(0, len(wanted), BATCH):
            for v in await self._variants("get products", **{"sku[]": wanted[n : n + BATCH]}):
                out[str(v["sku"])] = v
        return out

    def _product(self, v: Mapping[str, Any]) -> Product:
        return m.product_from_variant(v, self.currency)

    @_guarded("search")
    async def search_products(self, query: str, *, limit: int = 50) -> list[Product]:
        words = [w for w in query.split() if w]
        if not words:
            return []
        probe = max(words, key=len)  # Medusa's q is one ILIKE substring: ask for the longest word, filter the rest
        docs = await self._read("search products", "/admin/products", q=probe, limit=max(limit * 4, 50),
                                fields=PRODUCT_FIELDS)
        found: list[Product] = []
        for p in docs.get("products") or []:
            for v in p.get("variants") or []:
                found.append(self._product({**v, "product": p}))
        keys = [normalise(w) for w in words]

        def hay(p: Product) -> str:
            return normalise(" ".join((p.sku, p.model, p.name_en, p.name_zh, p.brand, p.category, p.ean)))

        qkey = normalise(query)
        found = [p for p in found if all(k in hay(p) for k in keys)]
        found.sort(key=lambda p: (0 if qkey in (normalise(p.model), normalise(p.sku)) else
                                  1 if normalise(p.model).startswith(qkey) else 2, -p.popularity, p.sku))
        return found[:limit]

    @_guarded("products")
    async def get_products(self, skus: Sequence[str]) -> dict[str, Product]:
        return {sku: self._product(v) for sku, v in (await self._variants_by_sku(skus)).items()}

    @_guarded("resolve codes")
    async def resolve_codes(self, codes: Sequence[str], *, account_id: str | None = None) -> dict[str, list[CodeMatch]]:
        """SKU (exact), EAN, model number (product handle = normalised model) and the account's customer part
        numbers. Cross references sit in product metadata, which Medusa cannot filter on: the local catalog
        (synced by catalog_changes, which carries them) resolves those."""
        codes = list(dict.fromkeys(c for c in codes if c.strip()))
        out: dict[str, list[CodeMatch]] = {}

        def add(code: str, sku: str, kind: CodeKind) -> None:
            if not any(x.sku == sku and x.kind is kind for x in out.get(code, [])):
                out.setdefault(code, []).append(CodeMatch(code, sku, kind))

        for n in range(0, len(codes), BATCH):
            chunk = codes[n : n + BATCH]
            for v in await self._variants("resolve codes", **{"sku[]": chunk}):
                add(str(v["sku"]), str(v["sku"]), CodeKind.SKU)
            eans = [c for c in chunk if c.isdigit()]
            if eans:
                for v in await self._variants("resolve codes", **{"ean[]": eans}):
                    add(str(v["ean"]), str(v["sku"]), CodeKind.EAN)
            handles: dict[str, list[str]] = {}
            for c in chunk:
                handles.setdefault(m.handle_for(c), []).append(c)
            docs = await self._all("resolve codes", "/admin/products", "products",
                                   **{"handle[]": [h for h in handles if h]}, fields="id,handle,variants.sku")
            for p in docs:
                for c in handles.get(str(p.get("handle")), []):
                    for v in p.get("variants") or []:
                        if v.get("sku"):
                            add(c, str(v["sku"]), CodeKind.MODEL)
        if account_id:
            by_key = {normalise(c): c for c in codes}
            for cpn in await self.customer_part_numbers(account_id):
                if normalise(cpn.code) in by_key:
                    add(by_key[normalise(cpn.code)], cpn.sku, CodeKind.CUSTOMER_PART)
        return out

    @_guarded("catalog changes")
    async def catalog_changes(self, cursor: str | None, *, limit: int = 1000) -> CatalogChanges:
        """From ``None``: every variant, paged by creation order (cursor ``full:<offset>:<high-water>``). Then
        ``since:<ts>``: variants whose own updated_at (prices bump it) or whose product's updated_at (status, names)
        is later than the high-water mark, and the SKUs of products deleted since (Medusa soft-deletes them:
        ``with_deleted`` brings them back)."""
        if cursor is None or cursor.startswith("full:"):
            offset, mark = 0, ""
            if cursor:
                _, off, mark = cursor.split(":", 2)
                offset = int(off)
            doc = await self._read("catalog changes", "/admin/product-variants", fields=VARIANT_FIELDS,
                                   order="created_at", limit=limit, offset=offset)
            rows = doc.get("variants") or []
            products = tuple(self._product(v) for v in rows)
            mark = max([mark, *(p.updated_at for p in products)])
            total = int(doc.get("count") or 0)
            offset += len(rows)
            if rows and offset < total:
                return CatalogChanges(products, next_cursor=f"full:{offset}:{mark}", done=False, total=total)
            return CatalogChanges(products, next_cursor=f"since:{mark}", done=True, total=total)
        if not cursor.startswith("since:"):
            raise ValueError(f"not a medusa catalog cursor: {cursor!r}")
        mark = cursor[len("since:"):]
        changed = {str(v["sku"]): v for v in await self._variants(
            "catalog changes", **{"updated_at[$gt]": mark}) if v.get("sku")}
        touched = await self._all("catalog changes", "/admin/products", "products",
                                  **{"updated_at[$gt]": mark}, fields="id,variants.sku")
        skus = [str(v["sku"]) for p in touched for v in p.get("variants") or [] if v.get("sku")]
        changed.update(await self._variants_by_sku([s for s in skus if s not in changed]))
        products = tuple(self._product(v) for v in changed.values())
        gone = await self._all("catalog changes", "/admin/products", "products", with_deleted="true",
                               **{"deleted_at[$gt]": mark}, fields="id,deleted_at,variants.sku")
        deleted = tuple(dict.fromkeys(str(v["sku"]) for p in gone for v in p.get("variants") or []
                                      if v.get("sku") and str(v["sku"]) not in changed))
        new_mark = max([mark, *(p.updated_at for p in products), *(str(p.get("deleted_at") or "") for p in gone)])
        return CatalogChanges(products, deleted=deleted, next_cursor=f"since:{new_mark}", done=True)

    # --- prices and stock -----------------------------------------------------------------------------------------

    async def _customer(self, account_id: str) -> Mapping[str, Any]:
        """A customer by Medusa id, or by its code (metadata.code), which every "account id or code" may be."""
        if not account_id.startswith("cus_"):
            found = await self.customers.by_code(account_id)
            if found is None:
                raise NotFound(f"No customer {account_id!r} in Medusa.")
            account_id = str(found["id"])
        doc = await self._read("get account", "/admin/customers/" + _seg(account_id), fields=CUSTOMER_FIELDS)
        return doc["customer"]  # type: ignore[no-any-return]

    async def _price_lists(self) -> list[m.ListPrices]:
        rows = await self._all("price lists", "/admin/price-lists", "price_lists", fields=PRICE_LIST_FIELDS,
                               **{"status[]": ["active"]})
        return [m.price_list_from_json(r) for r in rows]

    @_guarded("quote")
    async def quote(self, account_id: str, items: Sequence[tuple[str, int]]) -> list[PriceQuote]:
        customer = await self._customer(account_id)
        groups = frozenset(str(g["id"]) for g in customer.get("groups") or [])
        variants = await self._variants_by_sku([sku for sku, _ in items])
        lists = await self._price_lists()
        tax = await self._tax_rate()
        parts = (customer.get("metadata") or {}).get("part_numbers") or {}
        cpn = {str(sku): str(code) for code, sku in parts.items()}
        now = clock.now()
        out = []
        for sku, qty in items:
            v = variants.get(sku)
            if v is None:
                raise NotFound(f"No product {sku!r} in Medusa.")
            priced = m.price(v, max(qty, 1), lists, groups, self.currency, now)
            out.append(PriceQuote(sku=sku, account_id=account_id, qty=qty, list_price=priced.list_price,
                                  net_price=priced.net_price, tax_rate=tax, breaks=priced.breaks,
                                  source=priced.source, fetched_at=now, customer_part_number=cpn.get(sku, "")))
        return out

    @_guarded("availability")
    async def availability(self, skus: Sequence[str]) -> dict[str, Availability]:
        locations = await self._locations()
        out: dict[str, Availability] = {}
        wanted = list(dict.fromkeys(skus))
        now = clock.now()
        for n in range(0, len(wanted), BATCH):
            rows = await self._all("availability", "/admin/inventory-items", "inventory_items",
                                   **{"sku[]": wanted[n : n + BATCH]},
                                   fields="id,sku,location_levels.location_id,location_levels.stocked_quantity")
            for item in rows:
                levels = {str(lv["location_id"]): int(m.amount(lv, "stocked_quantity") or 0)
                          for lv in item.get("location_levels") or []}
                out[str(item["sku"])] = Availability(str(item["sku"]), tuple(
                    WarehouseStock(code, name, levels.get(lid, 0)) for lid, code, name in locations), now)
        return out

    # --- accounts -------------------------------------------------------------------------------------------------

    @_guarded("accounts")
    async def search_accounts(self, query: str = "", *, limit: int = 50) -> list[Account]:
        """Code (metadata.code), company, names, e-mail, Chinese name (metadata.name_zh) and phone digits, matched in
        the adapter's customer index (customers.py), which Medusa's own q cannot do for metadata."""
        tax = await self._tax_rate()
        found = await self.customers.search(query, limit)
        return [m.account_from_customer(c, tax, self.currency.upper()) for c in found]

    @_guarded("account")
    async def get_account(self, account_id: str) -> Account:
        return m.account_from_customer(await self._customer(account_id), await self._tax_rate(),
                                       self.currency.upper())

    @_guarded("customer part numbers")
    async def customer_part_numbers(self, account_id: str) -> list[CustomerPartNumber]:
        meta = (await self._customer(account_id)).get("metadata") or {}
        return [CustomerPartNumber(account_id, str(code), str(sku))
                for code, sku in (meta.get("part_numbers") or {}).items()]

    # --- orders ---------------------------------------------------------------------------------------------------

    async def _find_by_key(self, account_id: str, key: str) -> str | None:
        """The order (converting a left-over draft first) that carries this idempotency key, if any."""
        for o in await self._all("place order", "/admin/orders", "orders", customer_id=account_id,
                                 fields="id,metadata"):
            if (o.get("metadata") or {}).get(IDEMPOTENCY_META) == key:
                return str(o["id"])
        for d in await self._all("place order", "/admin/draft-orders", "draft_orders", customer_id=account_id,
                                 fields="id,metadata"):
            if (d.get("metadata") or {}).get(IDEMPOTENCY_META) == key:
                doc = await self._send("place order", "POST", f"/admin/draft-orders/{_seg(d['id'])}/convert-to-order")
                return str(doc["order"]["id"])
        return None

    @_guarded("place order")
    async def place_order(self, request: OrderRequest, *, idempotency_key: str) -> Order:
        """A draft order with the quoted unit prices (Medusa's draft orders price from the base price set only), the
        PO number and the idempotency key in metadata, converted to an order. Never retried here; a retry with the
        same key finds the first order (or its draft) and creates nothing."""
        if not idempotency_key:
            raise ValueError("place_order needs an idempotency key")
        if not request.lines:
            raise Rejected("An order needs at least one line.", field="lines")
        for line in request.lines:
            if line.qty <= 0:
                raise Rejected(f"Quantity for {line.sku} must be at least 1.", field="qty", sku=line.sku)
        customer = await self._customer(request.account_id)
        customer_id = str(customer["id"])
        existing = await self._find_by_key(customer_id, idempotency_key)
        if existing:
            return await self.get_order(existing)
        variants = await self._variants_by_sku([line.sku for line in request.lines])
        for line in request.lines:
            v = variants.get(line.sku)
            if v is None:
                raise Rejected(f"{line.sku} is not in the catalogue.", sku=line.sku, field="sku")
            if self._product(v).status is not ProductStatus.ACTIVE:
                raise Rejected(f"{line.sku} is discontinued.", sku=line.sku, field="sku")
        quotes = await self.quote(customer_id, [(line.sku, line.qty) for line in request.lines])
        meta: dict[str, Any] = {IDEMPOTENCY_META: idempotency_key, "po_number": request.po_number,
                                "invoice_type": request.invoice_type.value, "note": request.note}
        if request.requested_date:
            meta["requested_date"] = request.requested_date.isoformat()
        if request.quotation_id:  # the quotation's own draft order becomes the order
            converted = await self._order_quotation(request, customer, idempotency_key, meta, variants, quotes)
            if converted:
                return await self.get_order(converted)
        region, channel = await self._store_context()
        address = shipping_address(customer, request.ship_to_id)
        body: dict[str, Any] = {
            "customer_id": customer_id, "email": customer.get("email"), "region_id": region,
            "sales_channel_id": channel, "metadata": meta,
            "items": [{"variant_id": variants[q.sku]["id"], "quantity": q.qty, "unit_price":
                        m.json_number(q.net_price.amount),
                       "metadata": {m.LINE_META: n, m.LINE_MODEL: self._product(variants[q.sku]).model}}
                      for n, q in enumerate(quotes, 1)],
        }
        if address:
            body["shipping_address"] = address
        draft = await self._send("place order", "POST", "/admin/draft-orders", body=body)
        draft_id = draft["draft_order"]["id"]
        doc = await self._send("place order", "POST", f"/admin/draft-orders/{_seg(draft_id)}/convert-to-order")
        return await self.get_order(str(doc["order"]["id"]))

    @_guarded("get order")
    async def get_order(self, number: str) -> Order:
        if not number.startswith("order_"):
            raise NotFound(f"No order {number!r} in Medusa.")
        o = (await self._read("get order", f"/admin/orders/{_seg(number)}", fields=ORDER_FIELDS))["order"]
        currency = m.currency_of(o.get("currency_code"))
        summary = m.summary_from_order(o)
        meta = o.get("metadata") or {}
        subtotal, tax, total = m.order_totals(o)
        history = [StatusChange(OrderStatus.PENDING, summary.placed_at, "draft order"),
                   StatusChange(OrderStatus.CONFIRMED, summary.placed_at, "converted to an order")]
        ships = m.shipments(o)
        history += [StatusChange(OrderStatus.SHIPPED, s.shipped_at, s.tracking_number) for s in ships if s.shipped_at]
        return Order(
            number=summary.number, account_id=summary.account_id, placed_at=summary.placed_at, status=summary.status,
            lines=m.order_lines(o, currency), subtotal=subtotal, tax=tax, total=total,
            po_number=summary.po_number, note=str(meta.get("note") or ""), shipments=ships, history=tuple(history),
            idempotency_key=str(meta.get(IDEMPOTENCY_META) or ""))

    @_guarded("list orders")
    async def list_orders(self, query: OrderQuery) -> OrderPage:
        """Server-side: customer, date window, newest first, offset paging. Status, PO number, number and contains
        are filtered here (Medusa's order list cannot filter on them), over the server-filtered list."""
        params: dict[str, Any] = {"fields": ORDER_LIST_FIELDS, "order": "-created_at"}
        if query.account_id:
            params["customer_id"] = query.account_id
        if query.since:
            params["created_at[$gte]"] = query.since.isoformat()
        if query.until:
            params["created_at[$lt]"] = (query.until + timedelta(days=1)).isoformat()
        offset = int(query.cursor or 0)
        local = query.status or query.po_number or query.number or query.contains
        if not local:
            doc = await self._read("list orders", "/admin/orders", **params, limit=query.limit, offset=offset)
            rows = doc.get("orders") or []
            total = int(doc.get("count") or 0)
            nxt = offset + len(rows)
            return OrderPage(tuple(m.summary_from_order(o) for o in rows),
                             next_cursor=str(nxt) if rows and nxt < total else None, total=total)
        rows = await self._all("list orders", "/admin/orders", "orders", **params)
        key = normalise(query.contains) if query.contains else ""
        summaries = []
        for o in rows:
            s = m.summary_from_order(o)
            if query.status and s.status is not query.status:
                continue
            if query.po_number and query.po_number not in s.po_number:
                continue
            if query.number and s.number != query.number:
                continue
            if key and not any(key in (normalise(str(i.get("variant_sku") or "")),
                                       normalise(str(i.get("product_handle") or "")))
                               or key in normalise(str(i.get("variant_sku") or "")) for i in o.get("items") or []):
                continue
            summaries.append(s)
        page = summaries[offset : offset + query.limit]
        nxt = offset + len(page)
        return OrderPage(tuple(page), next_cursor=str(nxt) if nxt < len(summaries) else None, total=len(summaries))

    async def aclose(self) -> None:
        await self._client.aclose()
