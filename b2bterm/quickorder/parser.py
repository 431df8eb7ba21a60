"""Paste-anything parser: turns a WeChat message, an e-mail, an Excel selection or a CSV file into order lines.

Pure (no I/O). Every non-blank input line ends up in exactly one of ``ParseResult.lines`` or
``ParseResult.ignored`` (with a reason): nothing the user pasted is silently dropped.

A "line" is what ``str.splitlines`` yields; a blank line is one whose ``strip()`` is empty.
"""

from __future__ import annotations

import csv
import re
from dataclasses import field

from b2bterm.domain.modelno import fold_width, looks_like_code, normalise
from b2bterm.domain.quantity import (
    EN_UNITS,
    MAX_QTY,
    NUMERAL_CHARS,
    QtyIssue,
    Quantity,
    UnitKind,
    clean,
    describe_issue,
)
from b2bterm.domain.record import record
from b2bterm.domain.values import value_parser
from b2bterm.quickorder.headers import CODE_HEADERS, OTHER_HEADERS, QTY_HEADERS, UNIT_HEADERS
from b2bterm.quickorder.items import EACH, split_items
from b2bterm.quickorder.itemwords import (
    SIZE,
    describes_item,
    family_prefix,
    is_length,
    is_pack_size,
    names_a_product,
    per_pack,
    size_or_colour,
    value_words,
)
from b2bterm.quickorder.noise import CODE_LABEL, GREETING, SIGNOFF, ignore_reason, is_noise_line
from b2bterm.quickorder.qtytokens import (
    cable_sizes,
    forget_paste,
    join_thousands,
    per_paste,
    read_token,
    restore,
    tokens,
    unbracket,
)
from b2bterm.quickorder.specwords import KEPT_COMMA as _KEPT_COMMA
from b2bterm.quickorder.specwords import (
    length_asked,
    protect_commas,
    restore_commas,
    spec_unit_follows,
    without_list_number,
)

__all__ = ["MAX_QTY", "IgnoredLine", "ParseResult", "ParsedLine", "parse_order_text"]


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


# --- vocabulary -----------------------------------------------------------------------------------------------------

_QTY_LABEL = re.compile(
    r"(?:订购数量|需求数量|采购数量|数量|qty|q'ty|quantity)\.?\s*[:=]?\s*"
    rf"(?P<val>[^\s,;:：]*(?:\s*(?:{'|'.join(EN_UNITS)})(?![A-Za-z])\.?)?)[:：]?",
    re.IGNORECASE,
)
_LIST_MARKER = re.compile(
    r"^\s*(?:[①-⑳⑴-⒇⒈-⒛❶-❿]|\(\d{1,3}\)|#\d{1,3}\b|\d{1,3}[.)、](?!\d)|[-*•·●○◦▪■□►>]+(?=\s)|[•●▪■►])\s*"
)
_RANGE = re.compile(r"^\d+\s*[-~～]\s*\d+$")
_MULT = re.compile(r"^[x×*]$", re.IGNORECASE)
_INT = re.compile(r"^\d+$")


# --- quantities ---------------------------------------------------------------------------------------------------
# A quantity token is read by the domain (b2bterm.domain.quantity); ``qtytokens`` splits a line so that each quantity
# is one token. ``None``: the token is not quantity-shaped; a ``Quantity`` with an issue: it is, but not readable.

_Qty = Quantity


def _read_qty(token: str) -> Quantity | None:
    return read_token(token.strip())


def _qty_from_label_value(val: str) -> Quantity:
    val = val.strip()
    if not val:
        return Quantity("", None, issue=QtyIssue.EMPTY)
    q = _read_qty(val)
    return q if q is not None else Quantity(val, None, issue=QtyIssue.NOT_UNDERSTOOD)


def _error(q: Quantity | None) -> str:
    return describe_issue(q.issue, q.text, q.unit) if q is not None and q.issue is not None else ""


# --- headers and cells ----------------------------------------------------------------------------------------------


@per_paste
def _header_key(cell: str) -> str:
    return _SPACES.sub(" ", fold_width(cell).strip().lower()).strip(" :*")


_SPACES = re.compile(r"\s+")


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
    code = cells[code_idx]
    if " " in code.strip() and any(map(_model_number, code.split())) and (inner := _free_text(code)) is not None \
            and inner[1] is None and set(inner[0].split()) < set(code.split()) and _model_number(inner[0]):
        code = inner[0]  # "Schneider LC1D09M7 contactor, 5 pcs": the model number in its cell, as in a sentence
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


@per_paste
def _model_number(code: str) -> bool:
    """One word of letters and digits that is no value ("LC1D09M7", "3RV2011-1EA10"; not "100m", "2x10", "C16")."""
    return " " not in code and len(code) >= 5 and any(c.isdigit() for c in code) \
        and any(c.isalpha() for c in code) and not value_parser().has_value(code.lower())


# --- free text ------------------------------------------------------------------------------------------------------


_LIST_NUMBER = re.compile(r"\d{1,3}[.)]")


@per_paste
def _is_code_piece(tok: str) -> bool:
    if _LIST_NUMBER.fullmatch(tok):
        return False  # "1." "2)": a list number, not a piece of a model
    key = normalise(tok)
    return bool(key) and key.isascii() and key.isalnum() and any(c.isdigit() for c in key)


@per_paste
def _short_alpha_piece(tok: str) -> bool:
    key = normalise(tok)
    return bool(key) and key.isascii() and key.isalpha() and len(key) <= 3 and tok.upper() == tok





@per_paste
def _token_kind(tok: str) -> tuple[str, Quantity | None]:
    """A free-text token's kind ("mult", "int", "qty", "code", "word"; "range": a quantity after a model number)."""
    if _MULT.match(tok):
        return "mult", None
    q = _read_qty(tok)
    if q is not None and not tok.isascii() and tok in value_words():
        q = None  # "两组" (two changeover contacts), "双极": what the product is, not how many
    if q is not None:
        return ("int" if q.bare else "qty"), q
    if _RANGE.match(tok):
        return "range", None
    return ("code" if _code_shaped(tok) else "word"), None


_code_shaped = per_paste(looks_like_code)
_family_prefix = per_paste(family_prefix)
_size_or_colour = per_paste(size_or_colour)


def _free_text(text: str) -> tuple[str, _Qty | None, str] | None:
    """(code, qty, alt_code) from a free-text line, or None when there is no model number."""
    label_qty: _Qty | None = None
    text = unbracket(text)  # "(数量:20)": the label's value is what the brackets hold
    m = _QTY_LABEL.search(text) if "数量" in text or "q" in text or "Q" in text else None  # every label has one
    if m:
        label_qty = _qty_from_label_value(m.group("val"))
        text = text[: m.start()] + " " + text[m.end() :]
    text = CODE_LABEL.sub(" ", text) if any(c in text for c in ":=#") else text  # what ends every model-number label
    toks = tokens(text, _KEPT_COMMA)
    kinds: list[str] = []  # "code", "qty", "mult", "int", "word"
    qtys: dict[int, _Qty] = {}
    for i, tok in enumerate(toks):
        kind, q = _token_kind(tok)
        if kind == "range":
            if kinds and kinds[-1] == "code":
                q = Quantity(tok, None, issue=QtyIssue.NOT_UNDERSTOOD)  # "LC1D09M7 20-30": a range, not a model piece
                kind = "qty"
            else:
                kind = "code" if _code_shaped(tok) else "word"
        elif kind in ("code", "word") and (length := length_asked(toks, i, kinds)) is not None:
            kind, q = "qty", length  # "50m YJV 3x2.5", "BVR 2.5 x 10m": how much
        elif q is not None and not q.unit and spec_unit_follows(toks, i):
            kind, q = ("code" if _code_shaped(tok) else "word"), None  # "3芯", "2.5平方", "32点": what it is
        if q is not None:
            qtys[i] = q
        kinds.append(kind)
    start = next((i for i, k in enumerate(kinds) if k == "code"), None)
    if start is None and not (GREETING.match(text.strip()) or SIGNOFF.match(text.strip())):
        # a family and its size with no other code-shaped token: "UT 2,5", "WDU 2.5", "UT 4 5"
        start = next(
            (i + 1 for i in range(len(toks) - 1) if _family_prefix(toks[i]) and SIZE.match(toks[i + 1])), None
        )
    if start is None:
        # a long bare number (EAN, numeric part number) is the code when something else is the qty
        long_ints = [i for i, k in enumerate(kinds) if k == "int" and _code_shaped(toks[i])]
        if not long_ints:
            return None
        ints = [i for i, k in enumerate(kinds) if k == "int"]
        other_qty = label_qty is not None or any(k in ("mult", "qty") for k in kinds) or len(ints) >= 2
        if not other_qty and len(toks) > 1:
            return None
        start = long_ints[0]
    end = start + 1
    while end < len(toks) and (
        kinds[end] == "code"
        or kinds[end] == "int"
        or (kinds[end] == "word" and (_is_code_piece(toks[end]) or _short_alpha_piece(toks[end])))
    ):
        if kinds[end] == "int" and end + 1 < len(toks) and kinds[end + 1] == "mult":
            break
        end += 1
    while start > 0 and (
        kinds[start - 1] == "code" or (kinds[start - 1] == "word" and _is_code_piece(toks[start - 1]))
    ):
        start -= 1
    # a cable or terminal family in capitals leads its size: "RVV 3x1.5 100m", "KVVP 14x2.5", "YJV 4x25+1x16",
    # also across a size and a colour: "BV 1.5 black 100m", "UT-QUATTRO 4 RD-PK10"
    lead = start
    while lead > 0 and kinds[lead - 1] != "mult" and _size_or_colour(toks[lead - 1]):
        lead -= 1
    if lead > 0 and kinds[lead - 1] == "word" and _family_prefix(toks[lead - 1]):
        start = lead - 1
    # trailing bare integers at the end of the run: the last one is the qty unless a qty is given otherwise
    run = list(range(start, end))
    qty: _Qty | None = label_qty
    alt = ""
    mult_after = end < len(toks) and kinds[end] == "mult"
    mult_before = start > 0 and kinds[start - 1] == "mult"
    if qty is None and mult_after:
        nxt = end + 1
        if nxt < len(toks):
            qty = qtys.get(nxt) or Quantity(restore(toks[nxt]), None, issue=QtyIssue.NOT_UNDERSTOOD)
        else:
            qty = Quantity("×", None, issue=QtyIssue.EMPTY)
    if qty is None and mult_before and start >= 2 and (start - 2) in qtys:
        qty = qtys[start - 2]
    if qty is None:
        after = [i for i in range(end, len(toks)) if kinds[i] == "qty"]
        counts = [i for i in after[1:] if qtys[i].issue is None and not describes_item(qtys[i])]
        if after and counts and describes_item(qtys[after[0]]):
            # "BV 2.5 红色 100米 3卷", "LC1D25M7 10只/盒 2盒", "… 100米/卷 x 5卷": the count is the quantity; a cable
            # family's colour and length before it are part of its model ("BV 2.5 红色 100米")
            qty = per_pack(qtys[after[0]], qtys[counts[-1]])
            between = [i for i in range(end, counts[-1]) if kinds[i] != "mult"]
            if between and all(_size_or_colour(toks[i]) or (i in qtys and is_length(qtys[i])) for i in between):
                end = between[-1] + 1
                run = list(range(start, end))
            described = set(range(end, counts[-1]))
            qtys = {i: q for i, q in qtys.items() if i not in described or not describes_item(q)}
        elif after and qtys[after[0]].issue is None and not describes_item(qtys[after[0]]) \
                and (packs := [i for i in after[1:] if is_pack_size(qtys[i])]):
            # "LC1D25M7 2盒 10只/盒", "2盒（每盒10只）": the count, then how many one pack holds
            qty = per_pack(qtys[packs[0]], qtys[after[0]])
            qtys = {i: q for i, q in qtys.items() if i not in packs}
        elif after:
            qty = qtys[after[0]]
    if qty is None and len(run) > 1 and kinds[run[-1]] == "int":
        rest = " ".join(toks[i] for i in run[:-1])
        if _code_shaped(rest):
            qty = qtys[run[-1]]
            alt = " ".join(toks[i] for i in run)
            run = run[:-1]
    if qty is None:
        before = [i for i in range(0, start) if kinds[i] in ("qty", "int")]
        after_ints = [i for i in range(end, len(toks)) if kinds[i] == "int"]
        if after_ints:
            qty = qtys[after_ints[0]]
        elif before:
            qty = qtys[before[-1]]
    # a quantity-looking token that could not be read, anywhere outside the model number, wins: never a guess
    flagged = [q for i, q in qtys.items() if q.issue is not None and i not in run and kinds[i] == "qty"]
    if flagged and (qty is None or qty.issue is None):
        qty, alt = flagged[0], ""
    code = " ".join(toks[i] for i in run)
    return code, qty, alt


# --- entry point ----------------------------------------------------------------------------------------------------


def strip_marker(line: str) -> str:
    """``line`` without its list marker ("1.", "①", "(2)", "- "), if it has one."""
    first = line.lstrip()[:1]  # what a marker can start with (after the spaces its pattern skips): most lines have none
    if not (first.isdigit() or first in "(#-*•·●○◦▪■□►>" or "\u2460" <= first <= "\u249b"
            or "\u2776" <= first <= "\u277f") or not first:
        return line
    return _LIST_MARKER.sub("", line, count=1)


# The commonest line, "MODEL QTY" ("LC1D09M7 5", "lc1d09m7\t20个", "A9F74216 x 12只"): read in one match, as the
# general reading reads it (tests/unit/test_quickorder_fast_line.py); other lines go the general way.
_FAST_MODEL = r"(?P<m>[A-Za-z0-9][A-Za-z0-9./-]*[A-Za-z0-9])"
_FAST_QTY = rf"(?P<q>[0-9]{{1,7}}(?:个|只|台|pcs|箱|盒)?|[{NUMERAL_CHARS}]{{1,9}}(?:个|只|台))"
_FAST_LINE = re.compile(rf"{_FAST_MODEL}(?P<sep> +|\t|,| +[xX] +){_FAST_QTY}")
# "型号: LC1D09M7 数量: 5": labelled, the quantity is the label's
_FAST_LABELLED = re.compile(rf"型号: {_FAST_MODEL} 数量: {_FAST_QTY}")


def _fast_line(raw: str) -> tuple[str, Quantity, str] | None:
    """(code, qty, alt_code) of a "MODEL QTY" line, as ``_parse_line`` reads it; None: read it the general way."""
    text = raw.strip()
    if text[:1].isdigit() and _LIST_MARKER.match(text):
        if _LIST_MARKER.match(text := strip_marker(text).strip()):
            return None
    m = _FAST_LINE.fullmatch(text) or (_FAST_LABELLED.fullmatch(text) if text.startswith("型号: ") else None)
    if m is None:
        return None
    model, qty_text = m.group("m", "q")
    sep = m.group("sep") if m.re is _FAST_LINE else "数量"
    low = model.lower()
    if model[0] in "xX" or model[-1] in "xX" or not any(c.isalpha() for c in model) or "qty" in low \
            or "quantity" in low or is_noise_line(text) or not _code_shaped(model) or _read_qty(model) is not None:
        return None
    qty = _read_qty(qty_text)
    if qty is None:
        return None
    code = _clean_code(model)
    if sep.strip(" ") or not qty.bare:  # a tab or comma cell, " x ", a label or a unit: no other reading
        return code, qty, ""
    return code, qty, f"{model} {qty_text}"  # "GV2ME 10": the number may also end the model (alt_code)


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
            code, qty, alt = fast
            result.lines.append(ParsedLine(line_no=line_no, raw=raw, code=code, qty=qty.value, qty_error=_error(qty),
                                           unit=qty.unit, alt_code=alt if alt and normalise(alt) != normalise(code)
                                           else "", quantity=qty))
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
            for code, qty, alt, item in items or [(*payload, "")]:
                result.lines.append(
                    ParsedLine(
                        line_no=line_no,
                        raw=raw,
                        code=code,
                        qty=qty.value if qty is not None else None,
                        qty_error=_error(qty),
                        unit=qty.unit if qty is not None else "",
                        alt_code=alt if alt and normalise(alt) != normalise(code) else "",
                        quantity=qty,
                        item=item,
                    )
                )
    return result


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


def _clean_code(code: str) -> str:
    if code.isascii() and code[:1].isalnum() and code[-1:].isalnum() and not any(c in code for c in ":=#"):
        return code  # no label, nothing to fold, trim or close (most codes): what the rules leave
    return _clean_code_rules(code)


def _clean_code_rules(code: str) -> str:
    code = CODE_LABEL.sub("", fold_width(restore(code))).strip()
    code = code.strip(" \"'`,;:([{<。，").rstrip(" \"'`,;:。，")
    # a closing bracket stays when it closes one inside the model: "DILM95(RDC12)"
    for opening, closing in ("()", "[]", "{}", "<>"):
        while code.endswith(closing) and code.count(closing) > code.count(opening):
            code = code[:-1].rstrip(" \"'`,;:。，")
    return code.strip(" \"'`,;:()[]{}<>。，") if not code.endswith((")", "]", "}", ">")) else code
