"""Harnesses for the platform contract suite: every adapter listed in HARNESSES runs every contract test.

A harness is a name and an async context manager that takes a private copy of the demo platform file and yields a
``PlatformUnderTest``: the platform to test, a switch to take it offline, and the ``DemoPlatform`` behind it (the
distributor's back office, to change a price or discontinue an item the way the platform's staff would).

Adding an adapter (for example the http one, serving the demo over 127.0.0.1) is a few lines::

    @asynccontextmanager
    async def http_harness(db: Path) -> AsyncIterator[PlatformUnderTest]:
        backoffice = DemoPlatform(db)
        ... start the server on backoffice, build the client ...
        yield PlatformUnderTest(client, set_offline=..., backoffice=backoffice)
        ... stop it ...

    HARNESSES.append(Harness("http", http_harness))

A harness may list contract tests that cannot hold for its platform, each with the reason (see ``MEDUSA_SKIPS``).

``DemoFacts`` reads the same file with plain SQL to find test data (an account with a contract tier, a customer part
number...), so the tests know what to expect without trusting the adapter under test.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Protocol

import pytest

from b2bterm import clock
from b2bterm.domain.money import Money
from b2bterm.platform.base import Platform
from b2bterm.platform.demo.adapter import DemoPlatform
from b2bterm.platform.demo.generator import CST, build_demo_db

CONTRACT_SKUS = 2000


class Backoffice(Protocol):
    """What tests may do as the distributor's staff (DemoPlatform has it; the medusa harness does it over the API)."""

    def set_price(self, sku: str, list_price: Money) -> None: ...

    def discontinue(self, sku: str, *, superseded_by: str = "") -> None: ...

    def set_stock(self, sku: str, warehouse: str, qty: int) -> None: ...


@dataclass
class PlatformUnderTest:
    platform: Platform
    set_offline: Callable[[bool], None]
    backoffice: Backoffice
    facts_path: Path | None = None  # the file DemoFacts reads for this platform; None: the demo file


@dataclass(frozen=True)
class Harness:
    name: str
    open: Callable[[Path], AbstractAsyncContextManager[PlatformUnderTest]]
    skips: Mapping[str, str] = field(default_factory=dict)  # test name -> why it cannot hold for this platform


@asynccontextmanager
async def demo_harness(db: Path) -> AsyncIterator[PlatformUnderTest]:
    platform = DemoPlatform(db)

    def set_offline(value: bool) -> None:
        platform.offline = value

    try:
        yield PlatformUnderTest(platform, set_offline, platform)
    finally:
        await platform.aclose()


HARNESSES: list[Harness] = [Harness("demo", demo_harness)]


# --- http: the demo served over the platform HTTP API on 127.0.0.1 (added by the http adapter's owner) -------------


@asynccontextmanager
async def http_harness(db: Path) -> AsyncIterator[PlatformUnderTest]:
    """The reference server (uvicorn in a thread, free loopback port) serving a DemoPlatform on ``db``; the client
    is the http adapter. Offline means every connection is dropped by the server's fault plan."""
    import asyncio

    from b2bterm.platform.http import HttpPlatform, RetryPolicy
    from b2bterm.server import FaultPlan, ServerThread, create_app

    backoffice = DemoPlatform(db)
    plan = FaultPlan()
    token = "contract-token"
    server = ServerThread(create_app(backoffice, tokens=[token], faults=plan))
    await asyncio.to_thread(server.start)
    client = HttpPlatform(server.url, token=token, retry=RetryPolicy(attempts=3, base=0.01, cap=0.2))

    def set_offline(value: bool) -> None:
        plan.clear()
        if value:
            plan.inject("drop_request", "*", "/v1/", times=-1)

    try:
        await client.refresh_capabilities()
        yield PlatformUnderTest(client, set_offline, backoffice)
    finally:
        await client.aclose()
        await asyncio.to_thread(server.stop)
        await backoffice.aclose()


HARNESSES.append(Harness("http", http_harness))


# --- medusa: the medusa adapter against a real Medusa server on 127.0.0.1 (scripts/medusa-testbed.sh) -------------


@asynccontextmanager
async def medusa_harness(db: Path) -> AsyncIterator[PlatformUnderTest]:
    from tests.contract.medusa_harness import medusa_env, medusa_platform

    env = medusa_env()
    if env is None:
        if os.environ.get("B2BTERM_MEDUSA_REQUIRED"):  # CI: a testbed that failed to come up is a failure
            pytest.fail("B2BTERM_MEDUSA_REQUIRED is set but no Medusa testbed answers")
        pytest.skip("no Medusa testbed: run scripts/medusa-testbed.sh start (or set B2BTERM_MEDUSA_URL)")
    # A real server keeps its own time, and its seed dated its price lists from the day it ran: against it the
    # product's clock is the machine's, not the suite's fixed day.
    moved = clock.offset()
    clock.set_offset(timedelta(0))
    try:
        async with medusa_platform(env) as (platform, set_offline, backoffice):
            yield PlatformUnderTest(platform, set_offline, backoffice, Path(env["B2BTERM_MEDUSA_FACTS"]))
    finally:
        clock.set_offset(moved)


def _medusa_skips() -> Mapping[str, str]:
    from tests.contract.medusa_harness import MEDUSA_SKIPS

    return MEDUSA_SKIPS


HARNESSES.append(Harness("medusa", medusa_harness, _medusa_skips()))


class DemoFacts:
    """Plain-SQL answers about the demo file, independent of any adapter."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        self.conn.row_factory = sqlite3.Row
        self.today = clock.today(CST).isoformat()

    def one(self, sql: str, params: tuple[Any, ...] = ()) -> sqlite3.Row:
        row = self.conn.execute(sql, params).fetchone()
        assert row is not None, f"demo data has no row for: {sql}"
        return row

    def all(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def close(self) -> None:
        self.conn.close()


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory: pytest.TempPathFactory, today: date) -> Path:
    path = tmp_path_factory.mktemp("demo-platform") / "demo.sqlite"
    build_demo_db(path, skus=CONTRACT_SKUS, seed=7, anchor=today)
    return path


@pytest.fixture
def demo_db(demo_master: Path, tmp_path: Path) -> Path:
    """A private copy of the session's demo file: tests may change it freely."""
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_master, path)
    return path


@pytest.fixture
def facts(put: PlatformUnderTest, demo_master: Path) -> Iterator[DemoFacts]:
    """Facts about the data of the platform under test: the demo file, or the one a platform's seed wrote."""
    f = DemoFacts(put.facts_path or demo_master)
    yield f
    f.close()


@pytest.fixture(params=HARNESSES, ids=lambda h: h.name)
async def put(request: pytest.FixtureRequest, demo_db: Path) -> AsyncIterator[PlatformUnderTest]:
    harness: Harness = request.param
    reason = harness.skips.get(request.node.originalname)
    if reason:
        pytest.skip(f"{harness.name}: {reason}")
    async with harness.open(demo_db) as under_test:
        yield under_test
