"""Paste-anything parser: turns a WeChat message, an e-mail, an Excel selection or a CSV file into order lines.

Pure (no I/O). Every non-blank input line ends up in exactly one of ``ParseResult.lines`` or
``ParseResult.ignored`` (with a reason): nothing the user pasted is silently dropped.

A "line" is what ``str.splitlines`` yields; a blank line is one whose ``strip()`` is empty.
"""

from __future__ import annotations

import csv
import re
from dataclasses import field

from b2bterm.domain.modelno import normalise
from b2bterm.domain.quantity import MAX_QTY, QtyIssue, Quantity, UnitKind, clean, describe_issue
from b2bterm.domain.record import record
from b2bterm.quickorder.fastline import fast_line as _fast_line
from b2bterm.quickorder.freetext import LIST_MARKER as _LIST_MARKER  # noqa: F401 (the tests read it here)
from b2bterm.quickorder.freetext import MULT as _MULT
from b2bterm.quickorder.freetext import clean_code as _clean_code
from b2bterm.quickorder.freetext import clean_code_rules as _clean_code_rules  # noqa: F401 (the tests read it here)
from b2bterm.quickorder.freetext import code_in_cell, strip_marker
from b2bterm.quickorder.freetext import code_shaped as _code_shaped
from b2bterm.quickorder.freetext import free_text as _free_text
from b2bterm.quickorder.freetext import qty_from_label_value as _qty_from_label_value
from b2bterm.quickorder.freetext import read_qty as _read_qty
from b2bterm.quickorder.freetext import token_kind as _token_kind  # noqa: F401 (the tests read it here)
from b2bterm.quickorder.headers import CODE_HEADERS, OTHER_HEADERS, QTY_HEADERS, UNIT_HEADERS
from b2bterm.quickorder.headers import header_key as _header_key
from b2bterm.quickorder.items import EACH, split_items
from b2bterm.quickorder.itemwords import names_a_product
from b2bterm.quickorder.noise import CODE_LABEL, GREETING, SIGNOFF, ignore_reason, is_noise_line
from b2bterm.quickorder.qtytokens import cable_sizes, forget_paste, join_thousands, per_paste, tokens
from b2bterm.quickorder.specwords import KEPT_COMMA as _KEPT_COMMA
from b2bterm.quickorder.specwords import protect_commas, restore_commas, without_list_number

__all__ = ["MAX_QTY", "IgnoredLine", "ParseResult", "ParsedLine", "parse_order_text", "strip_marker"]


@record
class ParsedLine:
    line_no: int  # 1-based, in the pasted text
    raw: str  # the line as pasted
    code: str  # the model number / SKU as typed (width-folded, trimmed)
    qty: int | None  # None: no quantity given (1 is assumed, see qty_assumed) or not readable (see qty_issue)
    qty_error: str = ""  # why the quantity is unusable, in English (qty_issue is the typed reason); the line is kept
    unit: str = ""  # unit the customer wrote ("个", "pcs", "box" for 盒, "carton" for 箱), "" if none
    alt_code: str = ""  # the code read with the trailing number kept ("GV2ME 10" -> "GV2ME 10", qty 1)
    quantity: Quantity | None = None  # the quantity token as read; None when the line states no quantity
    item: str = ""  # this item's own text when the line holds several items ("GV2ME10 3个"), else ""

    @property
    def qty_issue(self) -> QtyIssue | None:
        return self.quantity.issue if self.quantity is not None else None

    @property
    def qty_text(self) -> str:
        """The quantity as the customer wrote it ("2箱", "十二打"), "" when the line states none."""
        return self.quantity.text if self.quantity is not None else ""

    @property
    def qty_assumed(self) -> bool:
        """True when the line had no quantity-looking token at all: 1 is ordered, and the pad says so."""
        return self.quantity is None

    @property
    def effective_qty(self) -> int:
        """The quantity to order: ``qty`` or 1 when none was given; 0 when the quantity is in error."""
        if self.qty_error:
            return 0
        return self.qty if self.qty is not None else 1


@record
class IgnoredLine:
    line_no: int
    raw: str
    reason: str


@record
class ParseResult:
    lines: list[ParsedLine] = field(default_factory=list)
    ignored: list[IgnoredLine] = field(default_factory=list)


# --- quantities ---------------------------------------------------------------------------------------------------
# A quantity token is read by the domain (b2bterm.domain.quantity), a free-text line by ``freetext``.

_Qty = Quantity


def _error(q: Quantity | None) -> str:
    return describe_issue(q.issue, q.text, q.unit) if q is not None and q.issue is not None else ""


# --- headers and cells ----------------------------------------------------------------------------------------------


@record
class _Columns:
    code: int
    qty: int | None
    delimiter: str
    unit: int | None = None  # a column of units beside the quantity's ("数量 2 | 单位 箱": two boxes)


def _read_header(cells: list[str], delimiter: str) -> _Columns | None:
    keys = [_header_key(c) for c in cells]
    known = sum(1 for k in keys if k in CODE_HEADERS or k in QTY_HEADERS or k in OTHER_HEADERS or k in UNIT_HEADERS)
    code = next((i for i, k in enumerate(keys) if k in CODE_HEADERS), None)
    if code is None or (known < 2 and len(keys) > 1):
        return None
    if any(_code_shaped(c) and _header_key(c) not in CODE_HEADERS | QTY_HEADERS | OTHER_HEADERS | UNIT_HEADERS
           for c in cells):
        return None
    qty = next((i for i, k in enumerate(keys) if k in QTY_HEADERS and i != code), None)
    unit = next((i for i, k in enumerate(keys) if k in UNIT_HEADERS and i not in (code, qty)), None)
    return _Columns(code, qty, delimiter, unit)


def _split_cells(line: str, delimiter: str) -> list[str]:
    if delimiter == "\t":
        return [restore_commas(c).strip() for c in line.split("\t")]
    try:
        rows = list(csv.reader([line], delimiter=delimiter, skipinitialspace=True))
    except csv.Error:
        return [restore_commas(c).strip() for c in line.split(delimiter)]
    return [restore_commas(c).strip() for c in rows[0]] if rows else []


def _delimiter(line: str) -> str | None:
    if "\t" in line:
        return "\t"
    for d in (",", ";"):
        if d in line:
            return d
    return None


@per_paste
def _code_cell_score(cell: str) -> tuple[int, int] | None:
    if not cell or not _code_shaped(cell) or _read_qty(cell) is not None:
        return None
    words = len(cell.split())
    return (words, 0)


def _cells_to_line(cells: list[str], cols: _Columns | None) -> tuple[str, _Qty | None] | None:
    """(code, qty) from a row of cells, or None when no cell holds a model number."""
    if cols is not None and cols.code < len(cells) and cells[cols.code]:
        code_idx = cols.code
    else:
        scored = [(s, i) for i, c in enumerate(cells) if (s := _code_cell_score(c)) is not None]
        if not scored:
            return None
        code_idx = min(scored)[1]
    code = code_in_cell(cells[code_idx])
    qty: _Qty | None = None
    if cols is not None and cols.qty is not None and cols.code == code_idx:
        if cols.qty < len(cells) and cells[cols.qty].strip():
            qty = _qty_from_label_value(cells[cols.qty])
            unit = cells[cols.unit].strip() if cols.unit is not None and cols.unit < len(cells) else ""
            if unit and qty.ok and qty.bare:
                qty = _qty_from_label_value(f"{cells[cols.qty].strip()} {unit}")
    else:
        after = [c for c in cells[code_idx + 1 :] if c and _read_qty(c) is not None]
        before = [c for c in cells[:code_idx] if c and _read_qty(c) is not None]
        rest = [c for c in cells[code_idx + 1 :] if c]
        if len(rest) == 2 and re.fullmatch(r"\d{1,3}", rest[0]) and re.fullmatch(r"\d{3}", rest[1]):
            # "RVV 3x1.5 100m,1,000": one thousand, or 1 and a stray 000? Never a guess.
            qty = Quantity(",".join(rest), None, issue=QtyIssue.AMBIGUOUS_SEPARATOR)
        elif after:
            qty = _read_qty(after[0])
        elif before:
            qty = _read_qty(before[-1])
    return code, qty


# --- entry point ----------------------------------------------------------------------------------------------------


def without_labels(text: str) -> str:
    """``text`` without its list marker and model-number label ("12. 型号: zr-rvv 2x2.5" -> "zr-rvv 2x2.5")."""
    return without_list_number(CODE_LABEL.sub(" ", strip_marker(text)).strip(" \t,;，；"))


def parse_order_text(text: str) -> ParseResult:
    """Parse pasted text into order lines. Never raises; every non-blank line is accounted for exactly once."""
    forget_paste()  # what one paste's tokens are is remembered while it is read, never for the next paste
    result = ParseResult()
    header: _Columns | None = None
    for line_no, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        fast = _fast_line(raw) if header is None else None
        if fast is not None:
            result.lines.append(_line(line_no, raw, *fast))
            continue
        try:
            outcome = _parse_line(raw, header)
            items = _items(raw) if outcome[0] == "line" and header is None else []
        except Exception as exc:  # a parser bug must not lose the user's line
            result.ignored.append(IgnoredLine(line_no, raw, f"could not read this line ({type(exc).__name__})"))
            continue
        kind, payload = outcome
        if kind == "header":
            assert isinstance(payload, _Columns)
            header = payload
            result.ignored.append(IgnoredLine(line_no, raw, "header row"))
        elif kind == "ignored":
            assert isinstance(payload, str)
            result.ignored.append(IgnoredLine(line_no, raw, payload))
        else:
            assert isinstance(payload, tuple)
            result.lines.extend(_line(line_no, raw, *item) for item in items or [(*payload, "")])
    return result


def _line(line_no: int, raw: str, code: str, qty: Quantity | None, alt: str, item: str = "") -> ParsedLine:
    if qty is None:
        return ParsedLine(line_no, raw, code, None, "", "", alt if alt and normalise(alt) != normalise(code) else "",
                          None, item)
    return ParsedLine(line_no, raw, code, qty.value, _error(qty) if qty.issue is not None else "", qty.unit,
                      alt if alt and normalise(alt) != normalise(code) else "", qty, item)


def _items(raw: str) -> list[tuple[str, Quantity | None, str, str]]:
    """Several items on one line, each read on its own; [] when the line holds one item. An item with no quantity
    takes the one written for each ("各10个") or is flagged: a quantity written once never goes to another item."""
    segments = split_items(cable_sizes(strip_marker(raw).strip()))
    if len(segments) < 2:
        return []
    items: list[tuple[str, Quantity | None, str]] = []
    for segment in segments:
        kind, payload = _parse_line(segment, None)
        if kind != "line":
            return []
        assert isinstance(payload, tuple)
        items.append(payload)
    each = next((q for (_c, q, _a), seg in zip(items, segments, strict=True) if q is not None and EACH.search(seg)),
                None)
    missing = Quantity("", None, issue=QtyIssue.MISSING)
    return [(code, qty if qty is not None else (each or missing), alt, seg.strip())
            for (code, qty, alt), seg in zip(items, segments, strict=True)]


def _parse_line(raw: str, header: _Columns | None) -> tuple[str, object]:
    text = clean(strip_marker(raw)).strip()
    # a cable size first ("YJV 3×35+1×16 100米"): "×16 100" is a conductor's size, then the quantity, never 16,100
    text = join_thousands(cable_sizes(strip_marker(text).strip()))
    if not text:
        return "ignored", "list marker only"
    noise = is_noise_line(text)
    if noise:
        return "ignored", noise
    text = protect_commas(text)
    delimiter = _delimiter(text)
    if delimiter is not None:
        cells = _split_cells(text, delimiter)
        if len([c for c in cells if c]) >= 2:
            new_header = _read_header(cells, delimiter)
            if new_header is not None:
                return "header", new_header
            cols = header if header is not None and header.delimiter == delimiter else None
            found = _cells_to_line(cells, cols)
            if found is not None:
                code, qty = found
                if delimiter == "\t" or cols is not None or qty is not None or len(cells) > 2:
                    return "line", (_clean_code(code), qty, "")
    found_free = _free_text(text) or _described_line(text)
    if found_free is None:
        return "ignored", ignore_reason(restore_commas(text))
    code, qty, alt = found_free
    if not code:
        return "ignored", ignore_reason(restore_commas(text))
    return "line", (_clean_code(code), qty, alt)


def _described_line(text: str) -> tuple[str, _Qty | None, str] | None:
    """A line that names no model number but a product by its brand or kind, with how many: "三菱 plc 32点
    继电器输出 2台", "施耐德 绿色按钮 常开 x 10" - kept as a line that the pad looks up as a description. Chat
    ("一共10个", "施耐德的货什么时候到") names no product with a count and stays set aside."""
    toks = tokens(text, _KEPT_COMMA)
    for i in range(len(toks) - 1, -1, -1):
        q = _read_qty(toks[i])
        counted = q is not None and q.issue is None and q.unit_kind in (UnitKind.PIECE, UnitKind.PACK)
        after_times = q is not None and q.bare and i > 0 and _MULT.match(toks[i - 1]) is not None
        if counted or after_times:
            at = text.rfind(q.text)
            if at >= 0:  # the line as written, without its count ("32点" stays as typed)
                words = re.sub(r"(?:\s|^)[x×*]\s*$", "", text[:at].rstrip(), flags=re.IGNORECASE)
                words = f"{words} {text[at + len(q.text):].strip()}".strip()
            else:
                words = " ".join(t for j, t in enumerate(toks) if j != i and not (after_times and j == i - 1))
            if words and names_a_product(words) and not (GREETING.match(words) or SIGNOFF.match(words)):
                return words, q, ""
            return None
    return None


