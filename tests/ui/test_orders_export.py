"""Orders (F4) writes the listed orders of the account and their lines to an .xlsx (Ctrl+S), read back with
openpyxl cell by cell."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from backoffice import demo_sql
from test_orders import ACCOUNT, SIZE, notifications, open_orders, settle, type_filter

from b2bterm.services.desk import Desk
from b2bterm.ui.app import B2BApp
from b2bterm.ui.screens.quotation_actions import ExportPrompt


async def test_export_the_listed_orders_with_their_lines(desk: Desk, tmp_path: Path) -> None:
    row = demo_sql(desk, """
        SELECT o.number, o.po_number FROM orders o WHERE o.account_id = ? AND o.po_number <> ''
          AND (SELECT count(*) FROM order_lines l WHERE l.order_number = o.number) >= 2
        ORDER BY o.placed_at DESC LIMIT 1""", (ACCOUNT,))[0]
    number, po = row["number"], row["po_number"]
    lines = demo_sql(desk, "SELECT sku, qty FROM order_lines WHERE order_number = ? ORDER BY line_no", (number,))
    await desk.select_account(ACCOUNT)
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_orders(app, pilot)
        rows = await type_filter(app, pilot, f"po:{po}")
        assert rows.row_text(0).startswith(number)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        prompt = app.screen
        assert isinstance(prompt, ExportPrompt)
        prompt.query_one("#export-path").value = str(tmp_path / "out" / "orders.xlsx")
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "OrdersScreen"
        said = notifications(app)
        assert any("orders.xlsx" in n and "1 order, the lines of 1." in n for n in said), said
    wb = openpyxl.load_workbook(tmp_path / "out" / "orders.xlsx")
    orders, detail = wb.worksheets
    table = [[c.value for c in r] for r in orders.iter_rows(min_row=2) if r[0].value]
    assert [(r[0], r[2]) for r in table] == [(number, po)]
    assert isinstance(table[0][7], int | float)  # the total is a number
    got = [(r[2].value, r[5].value) for r in detail.iter_rows(min_row=2) if r[0].value == number]
    assert got == [(x["sku"], x["qty"]) for x in lines]
