"""The price-rules routes of the reference server (``Capability.PRICE_RULES``): POST /v1/price-rules with
``{"accounts": [ids or codes], "skus": false}`` (accounts absent or null: every account) answers the ``PriceRules``
document the client's local price book prices from (with ``"skus": false`` without its SKU entries), and GET
/v1/price-rules/skus?after=&limit= pages through those entries in SKU order, so that a million of them are never
one answer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.routing import Route

from b2bterm.domain.price_rules import SKU_PAGE
from b2bterm.domain.price_rules_doc import rules_to_doc, sku_page_to_doc
from b2bterm.platform.base import Capability, Platform, PriceRulesPlatform, Unsupported
from b2bterm.platform.http import wire

MAX_ACCOUNTS = 5000
MAX_SKU_PAGE = 10_000


def price_rules_routes(endpoint: Callable[..., Any], plat: Callable[[], Platform],
                       body_json: Callable[[Request], Awaitable[Any]]) -> list[Route]:
    def ruled() -> PriceRulesPlatform:
        p = plat()
        if Capability.PRICE_RULES not in p.capabilities or not isinstance(p, PriceRulesPlatform):
            raise Unsupported(f"This platform ({getattr(p, 'name', 'platform')}) does not share its price rules.")
        return p

    async def price_rules(request: Request) -> Any:
        p = ruled()
        body = wire.obj(await body_json(request), "")
        accounts = None if body.get("accounts") is None else wire.lst(body, "accounts", "", wire.str_item)
        if accounts is not None and len(accounts) > MAX_ACCOUNTS:
            raise wire.WireError("accounts", f"at most {MAX_ACCOUNTS} accounts per call")
        skus = wire.b(body, "skus", "", True)
        return rules_to_doc(await p.price_rules(accounts, skus=skus), with_skus=skus)

    async def price_rule_skus(request: Request) -> Any:
        p = ruled()
        limit = wire.int_param(request.query_params, "limit", SKU_PAGE, lo=1, hi=MAX_SKU_PAGE)
        return sku_page_to_doc(await p.price_rule_skus(request.query_params.get("after", ""), limit))

    return [Route("/v1/price-rules", endpoint(price_rules), methods=["POST"]),
            Route("/v1/price-rules/skus", endpoint(price_rule_skus), methods=["GET"])]
