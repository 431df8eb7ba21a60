"""Quick order's file import (Ctrl+T) takes an Excel workbook as it takes a CSV: the order sheet is found."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import test_quickorder
from test_quickorder import SIZE, lines_of, settle
from test_quickorder_lists import app_for
from uitext import widget_text

from b2bterm.services.desk import Desk
from b2bterm.ui.screens.import_file import ImportFilePrompt
from b2bterm.ui.screens.quickorder import QuickOrderScreen

qdesk = test_quickorder.qdesk


async def test_import_an_xlsx_order_from_the_tui(qdesk: Desk, tmp_path: Path) -> None:
    path = tmp_path / "采购订单.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["请按以下明细发货"])
    sheet = wb.create_sheet("明细")
    for row in (["序号", "型号", "数量"], [1, "LC1D09M7C", 5], [2, "EA9AN1C16", 10.0]):
        sheet.append(row)
    wb.save(path)
    app = app_for(qdesk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+t")
        await settle(pilot, app)
        prompt = app.screen
        assert isinstance(prompt, ImportFilePrompt)
        assert ".xlsx" in widget_text(prompt.query_one("#import-help"))
        prompt.query_one("#import-path").value = str(path)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, QuickOrderScreen)
        rows = lines_of(app)
        assert len(rows.rows) == 2
        assert "LC1D09M7C" in rows.row_text(0) and "EA9AN1C16" in rows.row_text(1)
        assert "10" in rows.row_text(1)
