"""The conformance checker against a real loopback server."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from http_memory_platform import MemoryPlatform

from b2bterm.platform.base import Capability
from b2bterm.platform.check import check_platform, format_report
from b2bterm.server import FaultPlan, ServerThread, create_app

TOKEN = "check-token"


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[ServerThread, MemoryPlatform, FaultPlan]]:
    platform = MemoryPlatform()
    plan = FaultPlan()
    with ServerThread(create_app(platform, tokens=[TOKEN], faults=plan)) as server:
        yield server, platform, plan


async def test_all_checks_pass_on_a_conforming_server(served: tuple[ServerThread, MemoryPlatform, FaultPlan]) -> None:
    server, memory, _ = served
    results = await check_platform(server.url, TOKEN)
    report = format_report(results)
    assert all(r.ok and not r.skipped for r in results), report
    assert {r.name for r in results} >= {"capabilities", "search", "quote", "availability", "orders list"}
    assert report.splitlines()[-1] == f"{len(results)} passed, 0 failed, 0 skipped"
    assert memory.place_calls == 0  # read-only


async def test_wrong_data_and_missing_capability_are_reported(
    served: tuple[ServerThread, MemoryPlatform, FaultPlan],
) -> None:
    server, memory, plan = served

    def rising(doc: dict) -> dict:  # type: ignore[type-arg]
        doc["quotes"][1]["net_price"]["amount"] = "99999.00"
        return doc

    plan.inject("mutate", "POST", "/v1/accounts/", mutate=rising)
    memory.capabilities = Capability.all() & ~Capability.AVAILABILITY
    try:
        results = {r.name: r for r in await check_platform(server.url, TOKEN)}
    finally:
        memory.capabilities = Capability.all()
        plan.clear()
    assert not results["quote"].ok and "rises with quantity" in results["quote"].detail
    assert results["availability"].skipped and results["availability"].ok
    assert results["search"].ok


async def test_bad_token_and_unreachable(served: tuple[ServerThread, MemoryPlatform, FaultPlan]) -> None:
    server, _, _ = served
    results = {r.name: r for r in await check_platform(server.url, "nope")}
    assert not results["capabilities"].ok and "AuthError" in results["capabilities"].detail
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    down = await check_platform(f"http://127.0.0.1:{port}", TOKEN, timeout=2)
    assert not down[0].ok and "cannot reach" in down[0].detail
    assert "FAIL" in format_report(down)
