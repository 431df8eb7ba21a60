"""Reading an order list file for the pad (CSV, Excel "save as" text, a WeChat or e-mail export, an .xlsx/.xls
workbook): a regular file only, within a size limit, decoded and cleaned of terminal control sequences. The CLI's
``order import`` and the quick-order screen's import (Ctrl+T) both read files through here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from b2bterm.domain.safetext import safe_text

if TYPE_CHECKING:
    from b2bterm.quickorder.workbook import SheetInfo

MAX_INPUT_BYTES = 5_000_000


class OrderFileError(ValueError):
    """An order list file that cannot be read as text: says which file and why (English, for logs). ``kind`` and
    ``values`` (with ``path``) say it as data: binary, too_large [limit], empty, encoding, or the kind of the file's
    (FileReadError) or the workbook's (WorkbookError) problem."""

    def __init__(self, message: str, kind: str = "", **values: str) -> None:
        super().__init__(message)
        self.kind, self.values = kind, values


def read_order_file(path: str | Path, *, sheet: str | None = None) -> str:
    """The text of an order list file (CSV, Excel "save as" text, a WeChat or e-mail export): UTF-8 (with or
    without a BOM), else GB18030; an Excel workbook (.xlsx, .xls) becomes the CSV text of its order sheet
    (``sheet``: a name or number, else found; see quickorder/workbook.py). Raises OrderFileError for a missing,
    unreadable, binary, empty or too large file. The CLI's ``order import`` and the quick-order screen's import both
    read files through here."""
    from b2bterm.quickorder.workbook import WorkbookError, looks_like_workbook, workbook_text

    data = _order_file_bytes(path)
    if looks_like_workbook(data[:8]):
        try:
            text, _sheet = workbook_text(data, sheet=sheet, limit=MAX_INPUT_BYTES)
        except WorkbookError as exc:
            raise OrderFileError(safe_text(f"{path}: {exc}", one_line=True), f"workbook_{exc.kind}",
                                 **{**exc.values, "path": str(path)}) from None
        text = clean_text(text)
        check_text(text, str(path))
        return text
    if b"\x00" in data:
        raise OrderFileError(f"{path}: not a text file (a CSV, text or Excel .xlsx/.xls file is expected)", "binary",
                             path=str(path))
    text = clean_text(decode_text(data, str(path)))
    check_text(text, str(path))
    return text


def _order_file_bytes(path: str | Path) -> bytes:
    from b2bterm.files import FileReadError, read_regular_file

    try:  # only a regular file (not /dev/zero, not a FIFO), read with the limit while reading
        return read_regular_file(path, MAX_INPUT_BYTES, what="order list")
    except FileReadError as exc:
        raise OrderFileError(safe_text(str(exc), one_line=True), f"file_{exc.kind}", **exc.values) from None


def order_file_sheets(path: str | Path) -> tuple[list[SheetInfo], int] | None:
    """The sheets of an order list workbook with the order lines in each, and the one that looks like the order,
    for the user to choose from; None for a text file or a workbook of one sheet. Raises OrderFileError."""
    from b2bterm.quickorder.workbook import WorkbookError, looks_like_workbook, workbook_sheets

    data = _order_file_bytes(path)
    if not looks_like_workbook(data[:8]):
        return None
    try:
        sheets, best = workbook_sheets(data, limit=MAX_INPUT_BYTES)
    except WorkbookError as exc:
        raise OrderFileError(safe_text(f"{path}: {exc}", one_line=True), f"workbook_{exc.kind}",
                             **{**exc.values, "path": str(path)}) from None
    return (sheets, best) if len(sheets) > 1 else None


def clean_text(text: str) -> str:
    """Line breaks of any kind as "\n", and no terminal control sequence left in what becomes draft lines."""
    return safe_text(text.replace("\r\n", "\n").replace("\r", "\n"))


def check_text(text: str, path: str) -> None:
    if len(text) > MAX_INPUT_BYTES:
        raise OrderFileError(f"{path}: the order list is larger than {MAX_INPUT_BYTES:,} bytes; split it",
                             "too_large", path=path, limit=f"{MAX_INPUT_BYTES:,}")
    if not text.strip():
        raise OrderFileError(f"{path}: the order list is empty", "empty", path=path)


def decode_text(data: bytes, path: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel and older Chinese Windows tools save GBK
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise OrderFileError(f"{path}: not UTF-8 or GB18030 text", "encoding", path=path)
