"""One model query - "this model number, for this customer, at this quantity" - answered two ways, against the
Medusa testbed (scripts/medusa-testbed.sh start):

- b2bterm: the model number resolved in the local catalog (synced once from Medusa through the adapter's
  catalog_changes, not timed) plus one ``quote`` call through the medusa adapter.
- a web client on Medusa's Admin API: search variants by q, read the customer with its groups, list the active price
  lists with their prices, read the variant's own prices (what a browser admin page would fetch in turn).

    .venv/bin/python benchmarks/medusa_vs_local.py [--runs 50] [--model "lc1-d09 m7"] [--qty 50]

Prints median and p95 per way and the ratio. Credentials come from `scripts/medusa-testbed.sh env`
(or B2BTERM_MEDUSA_URL/_USER/_PASSWORD/_FACTS).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from b2bterm.local.catalog import LocalCatalog
from b2bterm.local.db import Database
from b2bterm.platform.medusa import MedusaPlatform

REPO = Path(__file__).resolve().parents[1]


def env() -> dict[str, str]:
    if os.environ.get("B2BTERM_MEDUSA_URL"):
        return dict(os.environ)
    out = subprocess.run(["bash", str(REPO / "scripts" / "medusa-testbed.sh"), "env"], capture_output=True,
                         text=True, check=True).stdout
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--model", default="lc1-d09 m7")
    ap.add_argument("--qty", type=int, default=50)
    args = ap.parse_args()
    e = env()
    with sqlite3.connect(e["B2BTERM_MEDUSA_FACTS"]) as f:
        sql = "SELECT account_id FROM contracts WHERE kind = 'override' ORDER BY account_id"
        account = f.execute(sql).fetchone()[0]
    platform = MedusaPlatform(e["B2BTERM_MEDUSA_URL"], email=e["B2BTERM_MEDUSA_USER"],
                              password=e["B2BTERM_MEDUSA_PASSWORD"])
    with tempfile.TemporaryDirectory() as tmp:
        catalog = LocalCatalog(Database(Path(tmp) / "local.sqlite"))
        cursor = None
        while True:  # the background sync the app runs; not timed
            page = await platform.catalog_changes(cursor, limit=500)
            catalog.apply_changes(page)
            cursor = page.next_cursor
            if page.done:
                break

        async def b2bterm_way() -> str:
            matches = catalog.match_codes([args.model], account_id=account)[args.model]
            sku = matches[0].sku
            [q] = await platform.quote(account, [(sku, args.qty)])
            return f"{sku} {q.net_price} ({q.source.label()})"

        client = httpx.AsyncClient(base_url=e["B2BTERM_MEDUSA_URL"], timeout=30)
        token = (await client.post("/auth/user/emailpass", json={"email": e["B2BTERM_MEDUSA_USER"],
                                                                 "password": e["B2BTERM_MEDUSA_PASSWORD"]})).json()
        client.headers["Authorization"] = f"Bearer {token['token']}"

        async def web_way() -> str:
            probe = "".join(ch for ch in args.model if ch.isalnum())  # what a user would retype to get a hit
            v = (await client.get("/admin/product-variants", params={"q": probe, "fields": "id,sku"})).json()
            if not v["variants"]:
                v = (await client.get("/admin/products", params={"q": args.model.split()[0],
                                                                 "fields": "id,variants.id,variants.sku"})).json()
            customer = (await client.get(f"/admin/customers/{account}", params={"fields": "id,groups.id"})).json()
            lists = (await client.get("/admin/price-lists", params={
                "fields": "id,title,type,starts_at,ends_at,price_list_rules.*,prices.*,prices.price_set.variant.id",
                "status[]": "active"})).json()
            prices = (await client.get("/admin/product-variants", params={"q": probe, "fields": "id,sku,prices.*"})
                      ).json()
            return f"{len(lists['price_lists'])} lists, {len(customer['customer']['groups'])} groups, " \
                   f"{len(prices['variants'])} variants"

        for name, fn in (("b2bterm: local lookup + 1 adapter quote", b2bterm_way),
                         ("web client: Admin API calls in turn", web_way)):
            print(f"{name}: {await fn()}")
        results: dict[str, list[float]] = {"b2bterm": [], "web": []}
        for _ in range(args.runs):
            for key, fn in (("b2bterm", b2bterm_way), ("web", web_way)):
                t = time.perf_counter()
                await fn()
                results[key].append((time.perf_counter() - t) * 1000)
        await client.aclose()
    await platform.aclose()
    for key, values in results.items():
        print(f"{key:8s} median {statistics.median(values):7.1f} ms   p95 {pct(values, 0.95):7.1f} ms   "
              f"(n={len(values)})")
    ratio = statistics.median(results["web"]) / statistics.median(results["b2bterm"])
    print(f"ratio web/b2bterm (median): {ratio:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
