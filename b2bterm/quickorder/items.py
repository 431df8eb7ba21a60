"""Several order items on one pasted line: "LC1D09M7 5个，GV2ME10 3个", "LC1D09M7 x5 + GV2ME10 x3",
"LC1D09M7 5个 GV2ME10 3个", "LC1D09M7、LC1D12M7 各10个". Each becomes its own item (same line number), so no item is
lost and no item takes another's quantity."""

from __future__ import annotations

import re

from b2bterm.domain.modelno import normalise
from b2bterm.quickorder.qtytokens import per_paste, read_token

# between items (in the line as pasted, before full-width forms are folded): a Chinese comma, semicolon or
# enumeration comma, " + " or " & " (a "+" inside a model stays: YJV 4x25+1x16), a comma or semicolon followed by
# a space (not a CSV cell), or a word for "and"
_SEPARATORS = re.compile(
    r"\s*(?:[，；、]|\s[+&]\s|[,;](?=\s)|\s(?:和|及|以及|还有|and)\s|(?<=[个只台件套盒箱卷包])(?:和|及))\s*")
_SEPARATOR_CHARS = "，；、+&,;和及"  # one of these, "还有" or "and" is in every separator
_FAMILY_SIZE = re.compile(r"(?<![\w-])[A-Z]{2,6}(?:-[A-Z]{1,6})*\s+\d+(?:\.\d+)?(?:x\d+(?:\.\d+)?)?\b")
EACH = re.compile(r"(?:^|\s|(?<=[\u4e00-\u9fff]))各\s*(?=\S)|\beach\b", re.IGNORECASE)


@per_paste
def _strong_code(tok: str) -> bool:
    """A token that is a model number on its own (LC1D09M7, 3RT2015-1BB41, an EAN), not an attribute (220V, C16)."""
    key = normalise(tok)
    if not key.isascii() or read_token(tok) is not None:
        return False
    letters, digits = any(c.isalpha() for c in key), any(c.isdigit() for c in key)
    return (len(key) >= 5 and letters and digits) or (len(key) >= 8 and digits)


def _has_code(segment: str) -> bool:
    """A model number of its own, or a cable or terminal family with its size ("BV 2.5", "RVV 3x1.5")."""
    return any(_strong_code(t) for t in re.split(r"[\s×*]+", segment) if t) or bool(_FAMILY_SIZE.search(segment))


def _after_quantity(segment: str) -> list[str]:
    """"LC1D09M7 5个 GV2ME10 3个" -> two segments: a quantity with its unit, then a model number starts the next."""
    tokens = segment.split()
    out: list[list[str]] = [[]]
    for i, tok in enumerate(tokens):
        out[-1].append(tok)
        if i + 1 < len(tokens) and item_ends_with(tok, tokens[i + 1]):
            out.append([])
    return [" ".join(t) for t in out if t]


def item_ends_with(tok: str, nxt: str) -> bool:
    """True when an item ends with ``tok`` and the next starts with ``nxt``: a quantity with its unit (or more than a
    bare number), then a model number ("5个" "GV2ME10")."""
    q = read_token(tok)
    return q is not None and bool(q.unit or not q.bare) and _strong_code(nxt)


def split_items(text: str) -> list[str]:
    """The items of one cleaned line; a single element when the line holds one item (or cannot be told apart)."""
    if "\t" in text:
        return [text]  # spreadsheet cells: one row is one item
    if any(c in text for c in _SEPARATOR_CHARS) or "还有" in text or "and" in text:
        parts = [p for p in _SEPARATORS.split(text) if p.strip()]
    else:
        parts = [text] if text.strip() else []  # what the split gives a line with no separator's character (most)
    segments = [s for p in parts for s in _after_quantity(p)]
    if len(segments) < 2:
        return [text]  # one piece: one item (most lines)
    with_code = [s for s in segments if _has_code(s)]
    if len(with_code) < 2:
        return [text]
    # glue a piece without a model number to the item before it ("LC1D09M7, 5" is one item)
    items: list[str] = []
    for s in segments:
        if _has_code(s) or not items:
            items.append(s)
        else:
            items[-1] = f"{items[-1]} {s}"
    return items
