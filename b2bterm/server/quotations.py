"""The quotation routes of the reference server (``Capability.QUOTATIONS``): POST /v1/quotations pushes one (an
Idempotency-Key makes a retry update, never duplicate), GET /v1/quotations?ids=… reads their state back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.routing import Route

from b2bterm.platform.base import Capability, Platform, QuotationPlatform, Unsupported
from b2bterm.platform.http import wire_quotation as wq

MAX_IDS = 1000


def quotation_routes(endpoint: Callable[..., Any], plat: Callable[[], Platform],
                     body_json: Callable[[Request], Awaitable[Any]],
                     idempotency_key: Callable[[Request], str]) -> list[Route]:
    def quotations() -> QuotationPlatform:
        p = plat()
        if Capability.QUOTATIONS not in p.capabilities or not isinstance(p, QuotationPlatform):
            raise Unsupported(f"This platform ({getattr(p, 'name', 'platform')}) keeps no quotations.")
        return p

    async def push(request: Request) -> Any:
        key = idempotency_key(request)
        reference, quotation = wq.quotation_from_json(await body_json(request))
        remote = await quotations().push_quotation(reference, quotation, key=key)
        return wq.remote_quotation_to_json(remote)

    async def states(request: Request) -> Any:
        ids = [x for x in request.query_params.get("ids", "").split(",") if x.strip()][:MAX_IDS]
        found = await quotations().get_quotations(ids)
        return {"quotations": [wq.remote_quotation_to_json(r) for r in found]}

    return [Route("/v1/quotations", endpoint(push), methods=["POST"]),
            Route("/v1/quotations", endpoint(states), methods=["GET"])]
