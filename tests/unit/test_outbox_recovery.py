"""Coming back online by itself: a cheap probe while the platform is unreachable, at growing intervals."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from b2bterm.config import Config
from b2bterm.platform.base import Offline
from b2bterm.services.desk import Connectivity, Desk, open_desk
from b2bterm.services.gateway import Recovery


@pytest.fixture
async def rdesk(demo_config: Config) -> AsyncIterator[Desk]:
    desk = open_desk(demo_config)
    yield desk
    await desk.aclose()


async def test_probe_backs_off_while_down_and_recovers(rdesk: Desk) -> None:
    now = [0.0]
    recovery = Recovery(rdesk.gateway, first=5, longest=20, clock=lambda: now[0])
    assert not await recovery.tick()  # online: nothing to probe
    rdesk.platform.offline = True  # type: ignore[attr-defined]
    rdesk.note_failure(Offline("gone"))
    assert rdesk.connectivity is Connectivity.OFFLINE
    assert not await recovery.tick()  # probed at once, still down; next probe in 5 s
    now[0] = 4.9
    probes_before = recovery._next
    assert not await recovery.tick() and recovery._next == probes_before  # not due: no probe
    now[0] = 5.0
    assert not await recovery.tick() and recovery._next == 15.0  # 10 s interval now
    now[0] = 15.0
    assert not await recovery.tick() and recovery._next == 35.0  # capped at 20 s
    rdesk.platform.offline = False  # type: ignore[attr-defined]
    now[0] = 35.0
    assert await recovery.tick()
    assert rdesk.connectivity is Connectivity.ONLINE


async def test_working_offline_is_never_probed(rdesk: Desk) -> None:
    rdesk.work_offline(True)
    recovery = Recovery(rdesk.gateway, clock=lambda: 0.0)
    assert not await recovery.probe()
    assert rdesk.connectivity is Connectivity.WORK_OFFLINE
