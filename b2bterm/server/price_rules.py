"""The price-rules route of the reference server (``Capability.PRICE_RULES``): POST /v1/price-rules with
``{"accounts": [ids or codes]}`` (absent or null: every account) answers the ``PriceRules`` document the client's
local price book prices from."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.routing import Route

from b2bterm.domain.price_rules_doc import rules_to_doc
from b2bterm.platform.base import Capability, Platform, PriceRulesPlatform, Unsupported
from b2bterm.platform.http import wire

MAX_ACCOUNTS = 5000


def price_rules_routes(endpoint: Callable[..., Any], plat: Callable[[], Platform],
                       body_json: Callable[[Request], Awaitable[Any]]) -> list[Route]:
    async def price_rules(request: Request) -> Any:
        p = plat()
        if Capability.PRICE_RULES not in p.capabilities or not isinstance(p, PriceRulesPlatform):
            raise Unsupported(f"This platform ({getattr(p, 'name', 'platform')}) does not share its price rules.")
        body = wire.obj(await body_json(request), "")
        accounts = None if body.get("accounts") is None else wire.lst(body, "accounts", "", wire.str_item)
        if accounts is not None and len(accounts) > MAX_ACCOUNTS:
            raise wire.WireError("accounts", f"at most {MAX_ACCOUNTS} accounts per call")
        return rules_to_doc(await p.price_rules(accounts))

    return [Route("/v1/price-rules", endpoint(price_rules), methods=["POST"])]
