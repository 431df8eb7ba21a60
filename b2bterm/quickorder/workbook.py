"""Order lists that arrive as spreadsheets: .xlsx/.xlsm (openpyxl) and the old .xls (xlrd).

A workbook is turned into the CSV text Excel's "Save as CSV" would write for one sheet, and that text goes through
the same paste parser as any CSV: the code and quantity columns are chosen the same way (a header row naming them,
else the cell that looks like a model number and the number beside it), and the same size limit applies. So an .xlsx
order imports exactly like its CSV twin.

The sheet: the one asked for (by name, or its number from 1), else the one that looks most like an order list: a
header row naming the code column and lines under it first, then the most order lines, then the active sheet.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from b2bterm.domain.record import record

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the OLE2 compound file of Excel 97-2003
MAX_SHEETS = 50
MAX_COLUMNS = 200  # an order list's columns; cells past this are not read
MAX_UNPACKED = 100_000_000  # bytes an .xlsx may unpack to (a "zip bomb" is refused before it is opened)


class WorkbookError(ValueError):
    """A workbook that cannot be read as an order list: says why in English (the caller adds the file name);
    ``kind`` and ``values`` say it as data: too_large [limit], unreadable [error], not_workbook, no_sheets,
    unpacks_too_large [limit], no_sheet [wanted, names]."""

    def __init__(self, message: str, kind: str = "", **values: str) -> None:
        super().__init__(message)
        self.kind, self.values = kind, values


def looks_like_workbook(head: bytes) -> bool:
    """By its first bytes, not its name: many systems save tab-separated text as ".xls", which reads as text."""
    return head.startswith((XLSX_MAGIC, XLS_MAGIC))


def cell_text(value: Any) -> str:
    """A cell as Excel's CSV shows it: whole numbers without ".0", dates as YYYY-MM-DD, nothing for empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(Decimal(repr(value)).normalize(), "f")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).replace("\r\n", " ").replace("\n", " ").replace("\r", " ").strip()


def rows_to_csv(rows: Iterable[Iterable[Any]], limit: int) -> str:
    """CSV text of the rows as Excel's "Save as CSV" writes them: every row as wide as the widest one (empty rows
    left out); WorkbookError past ``limit`` characters, found while reading, so a huge sheet is never held whole."""
    kept: list[list[str]] = []
    width = size = 0
    for row in rows:
        cells = [cell_text(v) for _i, v in zip(range(MAX_COLUMNS), row, strict=False)]
        used = max((i + 1 for i, c in enumerate(cells) if c), default=0)
        if not used:
            continue
        kept.append(cells[:used])
        width = max(width, used)
        size += sum(len(c) + 1 for c in cells[:used])
        if size > limit:
            raise WorkbookError(f"the order list is larger than {limit:,} bytes; split it", "too_large",
                                limit=f"{limit:,}")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for cells in kept:
        writer.writerow(cells + [""] * (width - len(cells)))
    if out.tell() > limit:
        raise WorkbookError(f"the order list is larger than {limit:,} bytes; split it", "too_large", limit=f"{limit:,}")
    return out.getvalue()


class _Sheets:
    """Sheet names (in workbook order), the active one, and each sheet's rows, whatever the format."""

    def __init__(self, data: bytes, xls: bool) -> None:
        self.xls = xls
        try:
            if xls:
                import xlrd

                self._book: Any = xlrd.open_workbook(file_contents=data, on_demand=True)
                self.names: list[str] = list(self._book.sheet_names())
                active = next((i for i in range(self._book.nsheets) if self._book.sheet_by_index(i).sheet_visible
                               and self._book.sheet_by_index(i).sheet_selected), 0)
            else:
                import openpyxl

                self._book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
                self.names = list(self._book.sheetnames)
                active = self._book.index(self._book.active) if self._book.active is not None else 0
        except WorkbookError:
            raise
        except (zipfile.BadZipFile, KeyError, OSError, EOFError) as exc:
            raise WorkbookError(f"not a readable Excel workbook ({exc})", "unreadable", error=str(exc)) from None
        except Exception as exc:  # openpyxl and xlrd raise many kinds for a damaged or foreign file
            raise WorkbookError(f"not a readable Excel workbook ({type(exc).__name__}: {exc})", "unreadable",
                                error=f"{type(exc).__name__}: {exc}") from None
        self.active = active if 0 <= active < len(self.names) else 0

    def rows(self, index: int) -> Iterator[Iterable[Any]]:
        if self.xls:
            import xlrd

            sheet = self._book.sheet_by_index(index)
            for r in range(sheet.nrows):
                yield [_xls_value(self._book, sheet.cell(r, c), xlrd) for c in range(min(sheet.ncols, MAX_COLUMNS))]
        else:
            yield from self._book[self.names[index]].iter_rows(values_only=True)

    def close(self) -> None:
        if self.xls:
            self._book.release_resources()
        else:
            self._book.close()


def _xls_value(book: Any, cell: Any, xlrd: Any) -> Any:
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError):
            return cell.value
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return cell.value


@record
class SheetInfo:
    """One sheet of a workbook as an order list: its name and the order lines found in it."""

    name: str
    lines: int
    has_header: bool  # a header row names its code column


def _open(data: bytes) -> _Sheets:
    xls = data.startswith(XLS_MAGIC)
    if not xls and not data.startswith(XLSX_MAGIC):
        raise WorkbookError("not an Excel workbook (.xlsx or .xls)", "not_workbook")
    if not xls:
        _check_unpacked_size(data)
    book = _Sheets(data, xls)
    if not book.names:
        book.close()
        raise WorkbookError("the workbook has no sheets", "no_sheets")
    return book


def _scan(book: _Sheets, limit: int) -> Iterator[tuple[int, str, SheetInfo]]:
    """Each sheet's CSV text and what it holds; the sheets read share the size limit."""
    from b2bterm.quickorder.parser import parse_order_text

    budget = limit
    for index in range(min(len(book.names), MAX_SHEETS)):
        text = rows_to_csv(book.rows(index), budget)
        budget -= len(text)
        parsed = parse_order_text(text)
        has_header = any(x.reason == "header row" for x in parsed.ignored)
        yield index, text, SheetInfo(book.names[index], len(parsed.lines), has_header)


def _best(infos: list[SheetInfo], active: int) -> int:
    """The sheet that looks most like an order list: a header row naming the code column and lines under it first,
    then the most order lines, then the active sheet."""
    return max(range(len(infos)), key=lambda i: (infos[i].has_header and infos[i].lines > 0, infos[i].lines,
                                                 i == active, -i))


def workbook_sheets(data: bytes, *, limit: int) -> tuple[list[SheetInfo], int]:
    """Every sheet (up to MAX_SHEETS) with the order lines found in it, and the index of the one that looks most
    like the order list: what a user chooses from. Raises WorkbookError."""
    book = _open(data)
    try:
        infos = [info for _i, _text, info in _scan(book, limit)]
        return infos, _best(infos, book.active)
    finally:
        book.close()


def workbook_text(data: bytes, *, sheet: str | None = None, limit: int) -> tuple[str, str]:
    """(CSV text, sheet name) of the sheet holding the order list. Raises WorkbookError."""
    book = _open(data)
    try:
        if sheet is not None or len(book.names) == 1:
            index = _sheet_index(book.names, sheet) if sheet is not None else 0
            return rows_to_csv(book.rows(index), limit), book.names[index]
        texts: list[str] = []
        infos: list[SheetInfo] = []
        for _index, text, info in _scan(book, limit):
            texts.append(text)
            infos.append(info)
        best = _best(infos, book.active)
        return texts[best], book.names[best]
    finally:
        book.close()


def _check_unpacked_size(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise WorkbookError(f"not a readable Excel workbook ({exc})", "unreadable", error=str(exc)) from None
    if unpacked > MAX_UNPACKED:
        raise WorkbookError(f"the workbook unpacks to more than {MAX_UNPACKED:,} bytes; save the order list alone",
                            "unpacks_too_large", limit=f"{MAX_UNPACKED:,}")


def _sheet_index(names: list[str], wanted: str) -> int:
    w = wanted.strip()
    if w in names:
        return names.index(w)
    folded = [n.casefold() for n in names]
    if w.casefold() in folded:
        return folded.index(w.casefold())
    if w.isdigit() and 1 <= int(w) <= len(names):
        return int(w) - 1
    raise WorkbookError(f"no sheet {wanted!r} (sheets: {', '.join(names)})", "no_sheet", wanted=str(wanted),
                        names=", ".join(names))
