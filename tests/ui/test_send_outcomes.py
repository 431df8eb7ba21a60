"""F9 through the one send path, as the counter sees it: a refusal shows the platform's reason and opens the pad
again; the typed outcomes are worded in the user's language."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from uitext import screen_text

from b2bterm.config import Config
from b2bterm.domain.models import DraftState, LineStatus, OrderRequest
from b2bterm.domain.order_filter import parse_filter
from b2bterm.domain.readiness import NotReady, NotReadyKind
from b2bterm.platform.base import Rejected
from b2bterm.services.desk import Desk, open_desk
from b2bterm.services.outbox import BusyKind, OutboxBusy, StopReason
from b2bterm.services.quote import Why
from b2bterm.services.submit import Outcome, Reason, SendResult
from b2bterm.ui.app import B2BApp, Section
from b2bterm.ui.i18n import set_language
from b2bterm.ui.outcome_text import answer_note, busy_text, filter_problem_text, send_text, stop_text
from b2bterm.ui.screens.quickorder import QuickOrderScreen

SIZE = (140, 40)
SECTIONS = (Section("quickorder", "Quick order", "b2bterm.ui.screens.quickorder:QuickOrderScreen"),)


class CreditHold:
    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def place_order(self, request: OrderRequest, *, idempotency_key: str) -> Any:
        raise Rejected("Account on credit hold: call accounts receivable.")


@pytest.fixture
async def rdesk(demo_config: Config) -> AsyncIterator[Desk]:
    desk = open_desk(demo_config)
    await desk.sync_catalog()
    await desk.select_account((await desk.search_accounts(""))[0].id)
    desk.platform = CreditHold(desk.platform)  # type: ignore[assignment]
    yield desk
    await desk.aclose()


@pytest.fixture
def chinese() -> Iterator[None]:
    set_language("zh")
    yield
    set_language("en")


async def settle(pilot: Any, app: B2BApp) -> None:
    for _ in range(4):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def test_f9_refused_shows_the_reason_and_opens_the_pad_again(rdesk: Desk) -> None:
    app = B2BApp(desk=rdesk, sections=SECTIONS, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, QuickOrderScreen)
        await pilot.press(*"LC1D09M7C 5", "enter")
        await settle(pilot, app)
        draft_id = screen.pad.draft_id  # type: ignore[union-attr]
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("enter")  # confirm
        await settle(pilot, app)
        text = screen_text(app)
        assert "credit hold" in text and "The platform refused the order" in text
        draft = rdesk.drafts.load(draft_id)
        assert draft.state is DraftState.OPEN and draft.idempotency_key  # open again, the key kept
        assert "credit hold" in rdesk.drafts.outbox_info(draft_id).last_error
        # the pad is editable again: a new line goes into the same draft
        await pilot.press(*"EA9AN1C16 10", "enter")
        await settle(pilot, app)
        lines = rdesk.drafts.load(draft_id).lines
        assert len(lines) == 2 and all(x.status is LineStatus.RESOLVED for x in lines)


def test_outcomes_are_worded_in_chinese(chinese: None) -> None:
    queued = SendResult(3, Outcome.QUEUED, Reason.WORKING_OFFLINE, state=DraftState.QUEUED)
    busy = SendResult(3, Outcome.SKIPPED, Reason.BUSY)
    sent = SendResult(3, Outcome.SENT, Reason.PLACED, order_number="SO-1")
    not_ready = SendResult(3, Outcome.NOT_READY, Reason.NOT_READY,
                           not_ready=(NotReady(NotReadyKind.NO_QTY, 1, "LC1D09"),))
    assert send_text(queued).startswith("离线工作中") and "草稿（F6）" in send_text(busy)
    assert send_text(sent) == "订单 SO-1 已下单。" and "#2（LC1D09：没有数量）" in send_text(not_ready)
    assert stop_text(StopReason.UNREACHABLE) == "无法连接平台"
    assert "SO-9" in busy_text(OutboxBusy(BusyKind.ALREADY_SENT, order_number="SO-9"))
    _f, problems = parse_filter("since:昨天")
    assert filter_problem_text(problems[0]).startswith("since '昨天' 不是日期")


async def test_price_and_stock_answers_say_why_they_are_not_live(rdesk: Desk) -> None:
    skus = [p.sku for p in await rdesk.platform.search_products("contactor", limit=2)]
    live = await rdesk.quote_for(skus[0], 2)
    assert live.live and live.why is None and answer_note(live) == ""
    rdesk.work_offline(True)
    cached = await rdesk.quote_for(skus[0], 2)
    assert not cached.live and cached.why is Why.WORKING_OFFLINE and cached.value == live.value
    assert answer_note(cached) == "working offline"
    none = await rdesk.quote_for(skus[1], 2)
    assert none.value is None and answer_note(none) == "No price: working offline, and none cached for this customer."
    stock = await rdesk.availability_for(skus[1])
    assert answer_note(stock, stock=True) == "working offline; no stock cached"
    set_language("zh")
    try:
        assert answer_note(stock, stock=True) == "离线工作中；没有缓存的库存"
    finally:
        set_language("en")
