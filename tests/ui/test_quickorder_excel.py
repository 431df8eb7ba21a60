"""Quick order's file import (Ctrl+T) takes an Excel workbook as it takes a CSV: the sheets are listed with the order
lines in each, the order sheet highlighted; Enter takes it, or the user picks another."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import test_quickorder
from test_quickorder import SIZE, lines_of, settle
from test_quickorder_lists import app_for
from textual.widgets import OptionList
from uitext import widget_text

from b2bterm.services.desk import Desk
from b2bterm.ui.screens.import_file import ImportFilePrompt
from b2bterm.ui.screens.quickorder import QuickOrderScreen

qdesk = test_quickorder.qdesk


def _workbook(tmp_path: Path) -> Path:
    path = tmp_path / "采购订单.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["请按以下明细发货"])
    sheet = wb.create_sheet("明细")
    for row in (["序号", "型号", "数量"], [1, "LC1D09M7C", 5], [2, "EA9AN1C16", 10.0]):
        sheet.append(row)
    extra = wb.create_sheet("补货")
    for row in (["型号", "数量"], ["LC1D12M7C", 3]):
        extra.append(row)
    wb.save(path)
    return path


async def _prompt_with_sheets(app, pilot, path: Path) -> ImportFilePrompt:  # type: ignore[no-untyped-def]
    await settle(pilot, app)
    await pilot.press("ctrl+t")
    await settle(pilot, app)
    prompt = app.screen
    assert isinstance(prompt, ImportFilePrompt)
    assert ".xlsx" in widget_text(prompt.query_one("#import-help"))
    prompt.query_one("#import-path").value = str(path)
    await pilot.press("enter")
    await settle(pilot, app)
    assert app.screen is prompt  # several sheets: the user chooses
    sheets = prompt.query_one("#import-sheets", OptionList)
    listed = [str(sheets.get_option_at_index(i).prompt) for i in range(sheets.option_count)]
    assert [x.split()[0] for x in listed] == ["说明", "明细", "补货"]
    assert [x.split()[1] for x in listed] == ["0", "2", "1"]  # the order lines found in each
    assert sheets.highlighted == 1 and sheets.has_focus  # the order sheet is the suggestion
    return prompt


async def test_import_an_xlsx_order_from_the_tui(qdesk: Desk, tmp_path: Path) -> None:
    path = _workbook(tmp_path)
    app = app_for(qdesk)
    async with app.run_test(size=SIZE) as pilot:
        await _prompt_with_sheets(app, pilot, path)
        await pilot.press("enter")  # the suggested sheet
        await settle(pilot, app)
        assert isinstance(app.screen, QuickOrderScreen)
        rows = lines_of(app)
        assert len(rows.rows) == 2
        assert "LC1D09M7C" in rows.row_text(0) and "EA9AN1C16" in rows.row_text(1)
        assert "10" in rows.row_text(1)


async def test_choose_another_sheet_of_the_workbook(qdesk: Desk, tmp_path: Path) -> None:
    path = _workbook(tmp_path)
    app = app_for(qdesk)
    async with app.run_test(size=SIZE) as pilot:
        await _prompt_with_sheets(app, pilot, path)
        await pilot.press("down", "enter")  # 补货, not the suggestion
        await settle(pilot, app)
        assert isinstance(app.screen, QuickOrderScreen)
        rows = lines_of(app)
        assert len(rows.rows) == 1 and "LC1D12M7C" in rows.row_text(0) and "3" in rows.row_text(0)
