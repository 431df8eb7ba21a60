"""openpyxl helpers shared by the .xlsx writers: number formats, the header row style, column widths."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

MONEY = "#,##0.00"
QTY = "#,##0"
PERCENT = "0.0%"
RATE = "0%"
DATE = "yyyy-mm-dd"
FORMATS = {"money": MONEY, "int": QTY, "percent": PERCENT, "rate": RATE}

BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", start_color="FFDDE6F0", end_color="FFDDE6F0")
THIN = Side(style="thin", color="FF999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
MAX_WIDTH = 60


def text_width(value: Any) -> int:
    """Columns a value needs: wide (CJK) characters count two."""
    if isinstance(value, date):
        return 10
    if isinstance(value, Decimal | float):
        text = f"{value:,.2f}"
    else:
        text = str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def style_head(cells: Iterable[Any]) -> None:
    for cell in cells:
        cell.font = BOLD
        cell.fill = HEAD_FILL
        cell.border = BOX
        cell.alignment = WRAP


def size_columns(ws: Any, widths: dict[int, int], minimum: int = 6) -> None:
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = max(minimum, min(MAX_WIDTH, width + 2))


def widen(widths: dict[int, int], col: int, value: Any) -> None:
    widths[col] = max(widths.get(col, 0), text_width(value))
