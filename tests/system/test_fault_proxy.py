"""300 orders through the outbox over a network that drops, stalls, cuts and fails 30% of order requests.

http adapter -> fault proxy (127.0.0.1) -> reference server -> demo platform file. Every order must exist on the
platform exactly once, under the key its draft stored before the first attempt, and every draft must end SENT with
that order's number.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import time
from datetime import datetime, timedelta
from pathlib import Path

from b2bterm import clock as b2bclock
from b2bterm.config import Profile
from b2bterm.domain.models import DraftState, LineStatus, NewLine
from b2bterm.local.db import Database
from b2bterm.platform.demo.adapter import DemoPlatform
from b2bterm.platform.http import HttpPlatform, RetryPolicy
from b2bterm.server.app import create_app
from b2bterm.server.runner import ServerThread
from b2bterm.services.desk import Desk
from b2bterm.services.outbox import Outbox
from b2bterm.services.submit import Backoff
from b2bterm.testing.faultproxy import KINDS, FaultProxy

ORDERS = 300
ORDER_FAULT_RATE = 0.30
READ_FAULT_RATE = 0.03
TIMEOUT = 0.4  # the adapter's timeout; a stall holds a request longer than this


class Clock:
    def __init__(self) -> None:
        self.now = b2bclock.now()

    def __call__(self) -> datetime:
        return self.now


async def test_300_orders_through_30_percent_faults_each_placed_exactly_once(
        demo_platform_file: Path, tmp_path: Path) -> None:
    started = time.perf_counter()
    platform_file = tmp_path / "platform.sqlite"
    shutil.copyfile(demo_platform_file, platform_file)

    # The back office: a few accounts and SKUs with plenty of stock, and the prices the reps saw.
    import asyncio

    back = DemoPlatform(platform_file)
    accounts = [a.id for a in await back.search_accounts("", limit=5)]
    skus = [p.sku for p in await back.search_products("contactor", limit=12)]
    for sku in skus:
        back.set_stock(sku, "SH", 100_000)
    rng = random.Random(2025)
    plans = [(rng.choice(accounts), rng.sample(skus, rng.randint(1, 3))) for _ in range(ORDERS)]
    prices = {}
    for account in accounts:
        for q in await back.quote(account, [(s, 1) for s in skus]):
            prices[(account, q.sku)] = q.net_price
    orders_before = back._conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0]
    back.close()

    local = Database(tmp_path / "local.sqlite")
    faults = random.Random(7)

    def choose(method: str, path: str) -> str | None:
        rate = ORDER_FAULT_RATE if (method, path) == ("POST", "/v1/orders") else READ_FAULT_RATE
        return faults.choice(KINDS) if faults.random() < rate else None

    app = create_app(lambda: DemoPlatform(platform_file), open_access=True)
    with ServerThread(app) as server, FaultProxy(server.port, choose, stall_seconds=TIMEOUT * 1.5) as proxy:
        http = HttpPlatform(proxy.url, timeout=TIMEOUT, retry=RetryPolicy(attempts=3, base=0.01, cap=0.05))
        desk = Desk(profile=Profile(name="fault-test", platform="http"), platform=http, db=local, data_dir=tmp_path)
        store = desk.drafts
        seen_at = b2bclock.now() - timedelta(hours=5)
        ids = []
        for account, picked in plans:
            draft = store.create(account)
            store.add_lines(draft.id, [NewLine(s, 1, s, LineStatus.RESOLVED, unit_price_seen=prices[(account, s)],
                                               price_seen_at=seen_at) for s in picked])
            store.set_idempotency_key(draft.id)
            store.set_state(draft.id, DraftState.QUEUED)
            ids.append(draft.id)

        clock = Clock()
        outbox = Outbox(desk, clock=clock, backoff=Backoff(base=1, cap=8, jitter=0.5), give_up_after=10**9)
        rounds = 0
        while store.list_drafts(states=[DraftState.QUEUED, DraftState.SENDING]) and rounds < 60:
            await outbox.run_once()
            clock.now += timedelta(seconds=10)  # every backoff has run out
            rounds += 1
        await http.aclose()
        # a stalled request may still be on its way to the server: let the proxy finish before counting
        await asyncio.to_thread(proxy.stop)
        fired = dict(proxy.fired)
        requests = proxy.requests

    states = {store.load(i).state for i in ids}
    assert states == {DraftState.SENT}, f"after {rounds} rounds: {states}"
    conn = sqlite3.connect(platform_file)
    try:
        by_key = dict(conn.execute(
            "SELECT idempotency_key, COUNT(*) FROM orders WHERE idempotency_key != '' GROUP BY idempotency_key"))
        numbers = dict(conn.execute("SELECT idempotency_key, number FROM orders WHERE idempotency_key != ''"))
        total = conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0]
    finally:
        conn.close()
    for draft_id in ids:
        draft = store.load(draft_id)
        assert by_key.get(draft.idempotency_key) == 1, f"draft {draft_id}"
        assert numbers[draft.idempotency_key] == draft.order_number
    assert total - orders_before == ORDERS  # nothing placed twice, nothing extra
    attempts = sum(store.outbox_info(i).attempts for i in ids)
    local.close()
    elapsed = time.perf_counter() - started
    assert all(fired.get(kind, 0) >= 5 for kind in KINDS), fired
    print(f"\n{ORDERS} orders placed exactly once in {elapsed:.1f} s, {rounds} rounds, {attempts} failed attempts "
          f"recorded, {requests} requests through the proxy, faults {fired}")
