"""Quotations as a user makes one: search, F8 with a quantity, the model query's F8, the Quotations section (F12),
export both files, F9 into an order pad at the quoted prices."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from test_quickorder import settle
from uitext import screen_text, widget_text

from b2bterm.config import Config
from b2bterm.services.desk import Desk, open_desk
from b2bterm.ui.app import B2BApp
from b2bterm.ui.widgets.row_list import RowList

SIZE = (150, 45)
ACCOUNT = "C10541"


@pytest.fixture
async def qdesk(demo_config: Config) -> AsyncIterator[Desk]:
    desk = open_desk(demo_config)
    await desk.sync_catalog()
    await desk.select_account(ACCOUNT)
    yield desk
    await desk.aclose()


def notices(app: B2BApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def search(pilot, app: B2BApp, text: str) -> RowList:
    await pilot.press("f2", "escape", *text)
    await settle(pilot, app)
    rows = app.screen.query_one("#search-results", RowList)
    assert rows.rows, f"nothing found for {text}"
    return rows


async def test_build_export_and_order_a_quotation(qdesk: Desk, tmp_path: Path, today: date) -> None:
    app = B2BApp(desk=qdesk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        # from search: F8, type the quantity, Enter
        rows = await search(pilot, app, "LC1D09M7C")
        assert rows.row_text(0).startswith("LC1D09M7C")
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("ctrl+a", *"20", "enter")  # the prompt starts with the MOQ selected
        await settle(pilot, app)
        told = notices(app)[-1]
        assert "Started quotation" in told and "LC1D09M7C × 20" in told and "含税" in told
        # from the model query: Enter opens the product, the quantity typed there goes onto the same quotation
        await search(pilot, app, "3RT2015-1AN22")
        await pilot.press("enter")
        await settle(pilot, app)
        qty = app.screen.query_one("#mq-qty")
        qty.value = "8"
        await settle(pilot, app)
        await pilot.press("f8")
        await settle(pilot, app)
        assert "3RT2015-1AN22 × 8" in notices(app)[-1] and "Started" not in notices(app)[-1]
        await pilot.press("escape")

        # the Quotations section lists it; Enter opens it
        await pilot.press("f12")
        await settle(pilot, app)
        listed = app.screen.query_one("#q-list", RowList)
        assert len(listed.rows) == 1
        row = listed.row_text(0)
        assert "draft" in row and (today + timedelta(days=30)).isoformat() in row
        number = row.split()[0]
        await pilot.press("enter")
        await settle(pilot, app)
        lines = app.screen.query_one("#q-lines", RowList)
        assert [lines.row_text(i).split()[1] for i in range(len(lines.rows))] == ["LC1D09M7C", "3RT2015-1AN22"]
        q = qdesk.quotations.local_list(ACCOUNT)[0]
        q = qdesk.quotations.local_get(q.id)
        foot = widget_text(app.screen.query_one("#q-foot"))
        assert q.total_incl_tax.format() in foot and q.subtotal.format() in foot
        assert number in widget_text(app.screen.query_one("#q-head"))

        # F5 exports: the prompt offers the export folder; a path typed there gets both files
        await pilot.press("f5")
        await pilot.pause()
        box = app.screen.query_one("#export-path")
        assert box.value.endswith(number)
        box.value = str(tmp_path / "out" / "报价")
        await pilot.press("enter")
        await settle(pilot, app)
        xlsx, pdf = tmp_path / "out" / "报价.xlsx", tmp_path / "out" / "报价.pdf"
        assert str(xlsx) in notices(app)[-1] and str(pdf) in notices(app)[-1]
        ws = openpyxl.load_workbook(xlsx).active
        assert number in [c.value for r in ws.iter_rows() for c in r]
        assert "3RT2015-1AN22" in "".join(p.extract_text() for p in PdfReader(pdf).pages)

        # F8 marks it sent; F9 turns it into an order pad at the quoted prices, shown in Quick order
        await pilot.press("f8")
        await settle(pilot, app)
        assert "sent" in listed.row_text(0)
        await pilot.press("f9")
        await settle(pilot, app)
        assert any(f"Quotation {number} is now order pad" in m for m in notices(app))
        assert app.current_mode == "quickorder"
        shown = screen_text(app)
        assert "LC1D09M7C" in shown and "3RT2015-1AN22" in shown
        assert q.lines[0].net_price.format() in shown  # the quoted price, not re-priced
        await pilot.press("f12")
        await settle(pilot, app)
        assert "ordered" in app.screen.query_one("#q-list", RowList).row_text(0)


async def test_without_an_account_f8_says_to_choose_one(demo_config: Config) -> None:
    desk = open_desk(demo_config)
    await desk.sync_catalog()
    app = B2BApp(desk=desk, sync_on_start=False)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await search(pilot, app, "LC1D09M7C")
            await pilot.press("f8")
            await settle(pilot, app)
            assert "Choose an account first" in notices(app)[-1]
            assert not desk.quotations.local_list()
    finally:
        await desk.aclose()


async def test_remove_a_line_and_edit_validity_and_terms(qdesk: Desk, today: date) -> None:
    account = qdesk.account
    assert account is not None
    q, _live = await qdesk.quotations.new(account, [("LC1D09M7C", 20), ("3RT2015-1AN22", 8)])
    app = B2BApp(desk=qdesk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f12")
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        lines = app.screen.query_one("#q-lines", RowList)
        assert len(lines.rows) == 2 and lines.has_focus
        await pilot.press("delete")
        await settle(pilot, app)
        assert len(lines.rows) == 1 and "3RT2015-1AN22" in lines.row_text(0)
        await pilot.press("f10")
        await pilot.pause()
        until = (today + timedelta(days=3)).isoformat()
        app.screen.query_one("#qd-valid_until").value = "next week"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "a date like" in widget_text(app.screen.query_one("#qd-error"))
        app.screen.query_one("#qd-valid_until").value = until
        app.screen.query_one("#qd-notes").value = "含运费，送货上门"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert until in widget_text(app.screen.query_one("#q-head"))
        assert "含运费，送货上门" in widget_text(app.screen.query_one("#q-foot"))
    saved = qdesk.quotations.local_get(q.id)
    assert saved.valid_until.isoformat() == until and saved.notes == "含运费，送货上门" and len(saved.lines) == 1


async def test_the_platform_column_shows_a_push_that_waits_then_goes(qdesk: Desk) -> None:
    account = qdesk.account
    assert account is not None
    q, _live = await qdesk.quotations.new(account, [("LC1D09M7C", 20)])
    qdesk.platform.offline = True  # type: ignore[attr-defined]
    app = B2BApp(desk=qdesk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f12")
        await settle(pilot, app)
        await pilot.press("f8")  # marked sent; the push cannot reach the platform
        await settle(pilot, app)
        assert "sent again in the background" in notices(app)[-1]
        listed = app.screen.query_one("#q-list", RowList)
        assert q.number in listed.row_text(0) and "waiting" in listed.row_text(0)
        await pilot.press("enter")
        await settle(pilot, app)
        assert "Waiting to go to the platform (tried 1 times" in widget_text(app.screen.query_one("#q-foot"))
        qdesk.platform.offline = False  # type: ignore[attr-defined]
        app.outbox_round(True)  # type: ignore[attr-defined]  # the background sender's round
        await settle(pilot, app)
        assert "on platform" in listed.row_text(0)
        remote = qdesk.quotations.local_get(q.id).remote_id
        assert remote and f"On the platform as {remote}" in widget_text(app.screen.query_one("#q-foot"))


async def test_at_80_columns_a_quoted_line_keeps_its_amounts(qdesk: Desk) -> None:
    account = qdesk.account
    assert account is not None
    q, _live = await qdesk.quotations.new(account, [("LC1D09M7C", 20)])
    app = B2BApp(desk=qdesk, sync_on_start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f12")
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        # the line as drawn (a column cut by the screen's edge is not there)
        shown = next(row for row in screen_text(app).splitlines() if "LC1D09M7C" in row and "20" in row)
        assert q.lines[0].net_price.format() in shown and q.lines[0].amount_incl_tax.format() in shown
