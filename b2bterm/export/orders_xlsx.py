"""An account's orders as an .xlsx workbook (openpyxl): one sheet of orders (number, date, PO, status, lines,
total incl. tax) and one of their lines (for the orders whose lines are known), numbers and dates as typed cells."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from b2bterm.domain.models import Order, OrderSummary, with_tax
from b2bterm.export.files import clean_text, write_atomically

ORDER_COLUMNS = ("订单号 Order", "下单日期 Placed", "采购单号 PO", "状态 Status", "行数 Lines",
                 "已发货行 Shipped lines", "欠货 Backordered", "合计(含税) Total incl. tax", "币种 Currency")
LINE_COLUMNS = ("订单号 Order", "下单日期 Placed", "SKU", "型号 Model", "品名 Name", "数量 Qty", "单价(未税) Unit net",
                "金额(未税) Amount", "金额(含税) Amount incl. tax", "已发货 Shipped", "欠货 Backordered")
STATUS_WORDS = {
    "pending": "待处理 pending", "confirmed": "已确认 confirmed", "processing": "处理中 processing",
    "partially_shipped": "部分发货 partly shipped", "shipped": "已发货 shipped", "delivered": "已送达 delivered",
    "cancelled": "已取消 cancelled", "on_hold": "暂停 on hold",
}


def build_orders_workbook(account: str, summaries: Sequence[OrderSummary], orders: Sequence[Order]):  # -> Workbook
    from openpyxl import Workbook

    from b2bterm.export import xlsx_style as st

    wb = Workbook()
    ws = wb.active
    ws.title = "订单 Orders"
    widths: dict[int, int] = {}
    ws.append(ORDER_COLUMNS)
    for s in summaries:
        _append(ws, [s.number, s.placed_at.astimezone().date(), s.po_number, STATUS_WORDS.get(s.status.value,
                   s.status.value), s.line_count, s.shipped_lines, "是 yes" if s.backordered else "",
                   s.total.amount, s.total.currency])
    _finish(ws, widths, {2: st.DATE, 5: st.QTY, 6: st.QTY, 8: st.MONEY})

    lines = wb.create_sheet("明细 Lines")
    widths = {}
    lines.append(LINE_COLUMNS)
    tax_rate = {o.number: (o.tax.amount / o.subtotal.amount if o.subtotal.amount else Decimal(0)) for o in orders}
    for o in orders:
        for x in o.lines:
            rate = tax_rate[o.number]
            _append(lines, [o.number, o.placed_at.astimezone().date(), x.sku, x.model, x.name, x.qty,
                          x.unit_price.amount, x.extended.amount, with_tax(x.extended, rate).amount, x.qty_shipped,
                          x.qty_backordered])
    _finish(lines, widths, {2: st.DATE, 6: st.QTY, 7: st.MONEY, 8: st.MONEY, 9: st.MONEY, 10: st.QTY, 11: st.QTY})
    wb.properties.title = f"Orders of {account}"
    return wb


def _append(ws: object, row: list[object]) -> None:
    ws.append([clean_text(v) for v in row])  # type: ignore[attr-defined]


def _finish(ws: object, widths: dict[int, int], formats: dict[int, str]) -> None:
    from b2bterm.export import xlsx_style as st

    for r, row in enumerate(ws.iter_rows(), start=1):  # type: ignore[attr-defined]
        for c, cell in enumerate(row, start=1):
            if r > 1 and c in formats:
                cell.number_format = formats[c]
            st.widen(widths, c, cell.value if cell.value is not None else "")
    st.style_head(ws[1])  # type: ignore[index]
    ws.freeze_panes = "A2"  # type: ignore[attr-defined]
    st.size_columns(ws, widths)


def write_orders_xlsx(account: str, summaries: Sequence[OrderSummary], orders: Sequence[Order],
                      path: Path | str) -> Path:
    wb = build_orders_workbook(account, summaries, orders)
    return write_atomically(path, lambda tmp: wb.save(tmp), ".xlsx")
