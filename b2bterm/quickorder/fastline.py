"""The commonest pasted lines read without the general rules, exactly as the general reading (``parser``) reads
them: a model number and its quantity ("LC1D09M7 5", "lc1d09m7\\t20个", "型号: LC1D09M7 数量: 5"), and a model
written with spaces and its quantity ("RVV 3x1.5 100m 5个", "BV 2.5 red 100m x 3", "LC1-D09 M7 20"). Every other
line, and every line where a rule of the general reading could apply, goes the general way. The proof is in
tests/unit/test_quickorder_fast_line.py: the general reading and these compared on realistic pastes and on generated
lines of these shapes and of shapes close to them."""

from __future__ import annotations

import re

from b2bterm.domain.quantity import NUMERAL_CHARS, Quantity, clean
from b2bterm.quickorder.freetext import (
    LIST_MARKER,
    QTY_LABEL,
    clean_code,
    code_in_cell,
    code_shaped,
    qty_from_label_value,
    read_qty,
    read_tokens,
    strip_marker,
)
from b2bterm.quickorder.headers import CODE_HEADERS, header_key
from b2bterm.quickorder.items import item_ends_with, split_items
from b2bterm.quickorder.noise import is_noise_line
from b2bterm.quickorder.qtytokens import GLUED_LENGTH, cable_sizes, join_thousands, one_chinese_token, whole_words
from b2bterm.quickorder.specwords import length_asked, protect_commas

_FAST_MODEL = r"(?P<m>[A-Za-z0-9][A-Za-z0-9./-]*[A-Za-z0-9])"
# (a Chinese number is one token of the line: "○", no Chinese character, is a token of its own in the general reading)
_FAST_QTY = rf"(?P<q>[0-9]{{1,7}}(?:个|只|台|pcs|箱|盒)?|[{NUMERAL_CHARS.replace('○', '')}]{{1,9}}(?:个|只|台))"
_FAST_LINE = re.compile(rf"{_FAST_MODEL}(?P<sep> +|\t|,| +[xX] +){_FAST_QTY}")
# "型号: LC1D09M7 数量: 5": labelled, the quantity is the label's
_FAST_LABELLED = re.compile(rf"型号: {_FAST_MODEL} 数量: {_FAST_QTY}")
# words of letters, digits, dots, dashes, slashes and pluses one space apart (a lone "x" is a times sign, no word of
# the model), then spaces or a times sign, then the quantity; or labelled
_WORD = r"(?:[A-Za-z0-9][A-Za-z0-9./+-]+|[A-WYZa-wyz0-9])"
_WORDS = rf"(?P<m>{_WORD}(?: {_WORD})+)"
_SPACED_LINE = re.compile(rf"{_WORDS}(?P<sep> +| +[xX] +){_FAST_QTY}")
_SPACED_LABELLED = re.compile(rf"型号: {_WORDS} 数量: {_FAST_QTY}")
# a word that is neither the first nor the last, no times sign: no ``_FAST_LINE`` has one (its model and its quantity
# have no space, its separator's only word is a times sign)
_SPACED_PARTS = re.compile(r"\S\s+(?![xX]\s)[^\s]+\s+\S")
# a model of several words in a spreadsheet's or a CSV's cell, then the quantity's cell
_CELL_WORD = r"[A-Za-z0-9][A-Za-z0-9./+-]*"
_CELLS_LINE = re.compile(rf"(?P<m>{_CELL_WORD}(?: {_CELL_WORD})+)(?P<sep>\t|,){_FAST_QTY}")


def fast_line(raw: str) -> tuple[str, Quantity | None, str] | None:
    """(code, qty, alt_code) of one of the commonest lines, as the general reading reads it; None: read it the
    general way."""
    text = raw.strip()
    if text[:1].isdigit() and LIST_MARKER.match(text):
        if LIST_MARKER.match(text := strip_marker(text).strip()):
            return None
    read = text if text.isascii() or (folded := clean(text)) == text else folded.strip()  # full-width forms folded
    if read is not text and (not read or LIST_MARKER.match(read)):
        return None
    if "," in read and cable_sizes(read) == read:
        read = join_thousands(read)  # "KVV 10x0.3 4,028": the number joined, as the general reading joins it
    if read == text:
        return _model_and_quantity(text) or _read_words(text, text)
    found = _model_and_quantity(read)  # (asked first: the items' split is the dearer question, and rarely needed)
    return (found if found is not None and _one_item(read, text) else None) or _read_words(read, text)


def _model_and_quantity(text: str) -> tuple[str, Quantity, str] | None:
    """"LC1D09M7 5", "lc1d09m7\t20个", "A9F74216 x 12只", "型号: LC1D09M7 数量: 5": one match."""
    if text.startswith("型号: "):
        m = _FAST_LABELLED.fullmatch(text)  # (no _FAST_LINE starts with a Chinese character)
    elif text.count(" ") < 2 or _SPACED_PARTS.search(text) is None:  # else a model written with spaces
        m = _FAST_LINE.fullmatch(text)
    else:
        return None
    if m is None:
        return None
    model, qty_text = m.group("m", "q")
    sep = m.group("sep") if m.re is _FAST_LINE else "数量"
    low = model.lower()
    if (model[0] in "xX" and model[1].isdigit()) or (model[-1] in "xX" and model[-2].isdigit()) \
            or low == model.upper() or "qty" in low or "quantity" in low or not code_shaped(model) \
            or read_qty(model) is not None or is_noise_line(text) \
            or (GLUED_LENGTH.match(model) and length_asked([model, qty_text], 0, []) is not None):
        return None  # "X4BH51", "AB1X": a times sign and a number (not "XB2BH11"); an ASCII model with no letter is the
        # same in either case; "200m 5": a length first says how much - a glued length is the only model ``read_qty``
        # reads as none and ``length_asked`` as a length
    qty = read_qty(qty_text)
    if qty is None:
        return None
    code = clean_code(model)
    if sep.strip(" ") or not qty.bare:  # a tab or comma cell, " x ", a label or a unit: no other reading
        return code, qty, ""
    return code, qty, f"{model} {qty_text}"  # "GV2ME 10": the number may also end the model (alt_code)


def _read_words(text: str, as_pasted: str) -> tuple[str, Quantity | None, str] | None:
    """A model written with spaces and its quantity, ``text`` being the line as it is read and ``as_pasted`` as it
    was pasted (before full-width forms are folded: where the general reading looks for several items)."""
    if text.startswith("型号: "):
        m, label = _SPACED_LABELLED.fullmatch(text), True
    elif "\t" in text or "," in text:  # no spaced line has either: a spreadsheet's or a CSV's cells
        m, label = None, False
    else:
        m, label = _SPACED_LINE.fullmatch(text), False
    if m is None:
        return _model_in_a_cell(text, as_pasted)
    model, qty_text = m.group("m", "q")
    words = model.split(" ")
    if not whole_words(words, "/" in model) or not _one_item(text, as_pasted) \
            or not (qty_text[0].isdigit() or one_chinese_token(qty_text)) or not _as_it_is(text):
        return None
    if label:  # the label's quantity, and the line without it and without the model's label (as ``free_text``)
        if "q" in model or "Q" in model:
            return None  # "qty" in the model: the general reading looks for that label first
        found = read_tokens(f" {model}  ", words, qty_from_label_value(qty_text))
    else:
        if ("q" in text or "Q" in text) and QTY_LABEL.search(text):
            return None
        times = m.group("sep").strip()
        found = read_tokens(text, [*words, "×" if qty_text[0].isdigit() else times, qty_text] if times
                            else [*words, qty_text], None)
    if found is None or not found[0]:
        return None
    code, qty, alt = found
    return clean_code(code), qty, alt


def _model_in_a_cell(text: str, as_pasted: str) -> tuple[str, Quantity | None, str] | None:
    """"KVVP 8x1.5 200m\t5", "YJV-0.6/1kV 4x25+1x16,14pcs": the model's cell and the quantity's, as the general
    reading reads a row without a header (``parser._cells_to_line``): the cell that is code-shaped is the code."""
    m = _CELLS_LINE.fullmatch(text) if "\t" in text or "," in text else None  # (its separator is one of them)
    if m is None:
        return None
    model, qty_text = m.group("m", "q")
    qty = read_qty(qty_text)
    if qty is None or not code_shaped(model) or read_qty(model) is not None or header_key(model) in CODE_HEADERS \
            or header_key(qty_text) in CODE_HEADERS or not _as_it_is(text):
        return None
    if m.group("sep") == "," and (protect_commas(text) != text or not _one_item(text, as_pasted)):
        return None  # (a spreadsheet's row is one item)
    return clean_code(code_in_cell(model)), qty, ""


def _as_it_is(text: str) -> bool:
    """The general reading's rewrites of a whole line leave ``text`` as it is, and it is no contact or reference."""
    return cable_sizes(text) == text and join_thousands(text) == text and not is_noise_line(text)


def _one_item(text: str, as_pasted: str) -> bool:
    """The line holds one item as the general reading splits items (``items.split_items``, on the line as pasted)."""
    if as_pasted != text:
        return len(split_items(cable_sizes(as_pasted))) < 2
    parts = text.split()  # no separator's character in these lines, but "and" may be a word
    return "and" not in parts and not any(map(item_ends_with, parts, parts[1:]))
