"""One model query - "this model number, for this customer, at this quantity" - answered two ways, against the
Medusa testbed (scripts/medusa-testbed.sh start):

- b2bterm: the model number resolved in the local catalog and the account's net price (with breaks, source and
  含税) computed from the local price book - what the model-query screen shows at once, before the live quote
  replaces it. The catalog and the price book are synced once through the adapter beforehand (not timed), as the
  app does at start-up.
- Medusa's own Admin API answering the same question on loopback: search variants by q, read the customer with its
  groups, list the active price lists with their prices, read the variant's own prices (what a browser admin page
  would fetch in turn).
- also, for reference: one live ``quote`` through the medusa adapter (what replaces the local price).

Then a 50-order offline day: 50 orders of random SKUs and quantities for the seeded accounts, priced from the price
book with no platform call (the platform is unreachable), counted line by line. Finally the local-vs-live agreement
on every (account, SKU, quantity) of that day: each line priced by the live ``quote`` and compared.

    .venv/bin/python benchmarks/medusa_vs_local.py [--runs 50] [--model "lc1-d09 m7"] [--qty 50]

Prints the machine's load, median and p95 per way and the ratio (both ways in the same run, interleaved; no
warm-up on the timed inputs). Credentials come from `scripts/medusa-testbed.sh env`
(or B2BTERM_MEDUSA_URL/_USER/_PASSWORD/_FACTS).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sqlite3
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from b2bterm import clock
from b2bterm.domain.price_rules import price
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


def widget_text(widget: Any) -> str:
    """What a widget shows on screen, as plain text (its rendered lines)."""
    from textual.geometry import Region

    width, height = widget.size.width, widget.size.height
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, width, height)))


async def settle(app: Any) -> None:
    """Wait for the app's workers; a worker replaced by a newer one of its group (exclusive) counts as done."""
    from textual.worker import WorkerCancelled

    for _ in range(20):
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            continue


async def on_screen(platform: MedusaPlatform, account: str, sku: str, runs: int, tmp: str) -> list[float]:
    """The model query in the app itself (headless, 140x40): the screen open on ``sku`` for ``account``, a new
    quantity typed, timed until the screen's price panel is given its first price for it (the price book's; the live
    quote follows in the background and replaces it)."""
    from b2bterm.config import Profile
    from b2bterm.services.desk import Desk
    from b2bterm.ui.app import B2BApp
    from b2bterm.ui.screens.model_query import ModelQueryScreen

    desk = Desk(Profile(name="bench", platform="medusa"), platform, Database(Path(tmp) / "screen.sqlite"), Path(tmp))
    await desk.sync_catalog()  # the start-up sync: not timed
    await desk.select_account(account)
    await desk.sync_price_book()
    times: list[float] = []
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=(140, 40)) as pilot:
        app.push_screen(ModelQueryScreen(sku))
        await settle(app)
        await pilot.pause()
        screen = app.screen
        box = screen.query_one("#mq-qty")
        shown: list[tuple[float, Any]] = []
        render = screen.render_price

        def timed_render(answer: Any, difference: Any = None) -> Any:
            out = render(answer, difference)
            shown.append((time.perf_counter(), answer))  # the Static is updated with this right away
            return out

        screen.render_price = timed_render  # type: ignore[method-assign]
        for _ in range(1000):  # the screen has loaded its product and shown its first price (not timed)
            await settle(app)
            await pilot.pause()
            if getattr(screen, "product", None) is not None and shown:
                break
        for n in range(runs):
            qty = 7 + n * 3  # a quantity not asked before: never warmed up on what is timed
            shown.clear()
            t = time.perf_counter()
            box.value = str(qty)
            await settle(app)
            await pilot.pause()
            first = next((at for at, answer in shown if answer.value is not None and answer.value.qty == qty), None)
            if first is None:
                raise SystemExit(f"the model query showed no price for {qty}")
            times.append((first - t) * 1000)
        kinds = [("live" if a.live else str(a.why)) for _, a in shown]
        print(f"the model query showed, in turn: {', '.join(kinds)}")
    return times


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

        rules = await platform.price_rules(None)  # the price book sync the app runs; not timed

        def b2bterm_way() -> str:
            matches = catalog.match_codes([args.model], account_id=account)[args.model]
            sku = matches[0].sku
            q = price(rules, account, sku, args.qty, clock.now())
            assert q is not None
            return f"{sku} {q.net_price} 含税 {q.net_price_incl_tax} ({q.source.label()}), {len(q.breaks)} breaks"

        async def live_way() -> str:
            matches = catalog.match_codes([args.model], account_id=account)[args.model]
            [q] = await platform.quote(account, [(matches[0].sku, args.qty)])
            return f"{q.sku} {q.net_price} ({q.source.label()})"

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

        load_before = os.getloadavg()
        results: dict[str, list[float]] = {"b2bterm": [], "medusa": [], "live": []}
        for _ in range(args.runs):
            t = time.perf_counter()
            b2bterm_way()
            results["b2bterm"].append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            await web_way()
            results["medusa"].append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            await live_way()
            results["live"].append((time.perf_counter() - t) * 1000)
        print(f"load average before: {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, after: "
              + " ".join(f"{x:.2f}" for x in os.getloadavg()))
        print(f"b2bterm shows: {b2bterm_way()}")
        print(f"live quote:    {await live_way()}")
        print(f"Medusa API:    {await web_way()}")

        rnd = random.Random(50)
        skus = sorted(rules.skus)
        accounts = sorted(rules.accounts)
        day = [(rnd.choice(accounts), [(rnd.choice(skus), rnd.choice([1, 2, 5, 10, 19, 20, 50, 99, 100, 200]))
                                       for _ in range(rnd.randint(3, 25))]) for _ in range(50)]
        t = time.perf_counter()
        now = clock.now()
        priced = [[price(rules, acc, sku, qty, now) for sku, qty in lines] for acc, lines in day]
        offline_ms = (time.perf_counter() - t) * 1000
        n_lines = sum(len(lines) for _, lines in day)
        n_priced = sum(q is not None for order in priced for q in order)
        print(f"offline day: 50 orders, {n_lines} lines, {n_priced} priced from the price book "
              f"({n_priced / n_lines:.0%}) in {offline_ms:.1f} ms")
        same = total = 0
        for (acc, lines), local in zip(day, priced, strict=True):
            live = await platform.quote(acc, lines)
            for lq, q in zip(local, live, strict=True):
                total += 1
                same += lq is not None and (lq.net_price, lq.breaks, lq.source, lq.tax_rate) == (
                    q.net_price, q.breaks, q.source, q.tax_rate)
        print(f"local vs live on that day: {same}/{total} agree ({same / total:.1%})")
        await client.aclose()
        matches = catalog.match_codes([args.model], account_id=account)[args.model]
        results["screen"] = await on_screen(platform, account, matches[0].sku, args.runs, tmp)
    await platform.aclose()
    for key, values in results.items():
        print(f"{key:8s} median {statistics.median(values):7.1f} ms   p95 {pct(values, 0.95):7.1f} ms   "
              f"(n={len(values)})")
    ratio = statistics.median(results["medusa"]) / statistics.median(results["b2bterm"])
    print(f"ratio Medusa Admin API / b2bterm lookup + local price (median): {ratio:.1f}x")
    ratio = statistics.median(results["medusa"]) / statistics.median(results["screen"])
    print(f"ratio Medusa Admin API / model query price painted in the app (median): {ratio:.1f}x")


if __name__ == "__main__":
    asyncio.run(main())
