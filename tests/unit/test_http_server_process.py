"""``serve`` in a real subprocess (as `b2bterm serve-demo` runs it), with faults from B2BTERM_FAULTS."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from b2bterm.domain.models import OrderRequest, OrderRequestLine
from b2bterm.platform.base import Offline, OrderQuery, PlatformContext
from b2bterm.platform.http import create
from b2bterm.server import FaultPlan

HERE = Path(__file__).resolve().parent

SCRIPT = """
import sys
sys.path.insert(0, {here!r})
from http_memory_platform import MemoryPlatform
from b2bterm.server import serve
serve("127.0.0.1", {port}, data_dir={tmp!r}, users={{"alice": "pw"}}, platform_factory=MemoryPlatform,
      log_level="warning")
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    env = dict(os.environ, B2BTERM_FAULTS="status:503 GET /v1/products/search x1; drop_response POST /v1/orders x1")
    code = SCRIPT.format(here=str(HERE), port=port, tmp=str(tmp_path_factory.mktemp("srv")))
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    try:
        while True:
            try:
                if httpx.get(url + "/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start: {proc.stderr.read().decode() if proc.stderr else ''}")
            time.sleep(0.05)  # bounded readiness poll
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


async def test_login_then_faults_from_environment(server_process: str) -> None:
    async with httpx.AsyncClient(base_url=server_process) as raw:
        r = await raw.post("/v1/auth/token", json={"username": "alice", "password": "pw"})
    token = r.json()["access_token"]
    p = create({"url": server_process, "retries": 1}, PlatformContext(secret=token))
    try:
        with pytest.raises(Offline):
            await p.search_products("接触器")  # 503 once from B2BTERM_FAULTS
        assert await p.search_products("接触器")  # then normal
        req = OrderRequest("A1", (OrderRequestLine("SKU-0001", 2),))
        with pytest.raises(Offline):
            await p.place_order(req, idempotency_key="proc-1")  # committed, response dropped
        again = await p.place_order(req, idempotency_key="proc-1")
        page = await p.list_orders(OrderQuery(account_id="A1", limit=1000))
        assert [o.number for o in page.orders].count(again.number) == 1
        assert len(page.orders) == 2  # the seeded order and exactly one new one
    finally:
        await p.aclose()


def test_fault_plan_parsing() -> None:
    plan = FaultPlan.from_env("status:429 GET /v1/accounts x3; stall:2.5 * /v1/orders")
    a, b = plan.faults
    assert (a.kind, a.status, a.method, a.path, a.times) == ("status", 429, "GET", "/v1/accounts", 3)
    assert (b.kind, b.seconds, b.method) == ("stall", 2.5, "*")
    assert plan.take("GET", "/v1/accounts/A1") is a and a.times == 2
    assert plan.take("POST", "/v1/orders") is b
    assert plan.take("POST", "/v1/orders") is None
    with pytest.raises(ValueError, match="unknown fault kind"):
        FaultPlan.from_env("explode GET /")
