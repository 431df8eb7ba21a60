"""A pasted line as the customer described the product: the line without its quantity ("RVV 3x1.5 100m x 二只" ->
"RVV 3x1.5 100m"), what a line that no code matched is searched for and looked up by as a whole. Patterns compiled
once: a pattern made for each line's quantity cost a 500-line paste about 10 ms."""

from __future__ import annotations

import re
from functools import lru_cache

from b2bterm.quickorder.parser import ParsedLine, strip_marker

# what may stand before a quantity at the end of a line: a label ("qty", "数量:"), then "x", "×" or "*"
_LABEL = r"(?:qty|数量)?[:：]?\s*"
_TIMES = r"[x×*]\s*"


@lru_cache(maxsize=256)
def _quantity_tails(unit: str) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """The quantity at the end of a line, with ``unit``: after a space or a label ("… x 5个", "… 数量: 5"), and
    glued to the text ("正泰空开3P16A10只"). Compiled once a unit (a paste has a handful), the number a group."""
    u = re.escape(unit)
    labelled = re.compile(rf"(?:^|\s){_LABEL}(?:{_TIMES})?(?P<q>[0-9]+)\s*{u}\s*$", re.IGNORECASE)
    return labelled, (re.compile(rf"(?P<q>[0-9]+)\s*{u}\s*$", re.IGNORECASE) if unit else None)


# after a quantity first on the line: a times sign, if any ("10 x LC1D09M7")
_TIMES_AFTER = re.compile(r"\s+(?:[x×*]\s+)?")


def description_text(line: ParsedLine) -> str:
    """The line as the customer described the product: what they wrote, without the quantity ("x5", "5个"), at its
    end or first on it ("50米 YJV 3x2.5")."""
    text = line.raw.strip()
    if line.qty is None:
        return text
    written = line.qty_text.strip()
    if written and written[0] in text[:8] and not text.endswith(written):  # (at the end, the end's rules cut it)
        at = len(text) - len(strip_marker(text))  # after its list marker if any ("- 50m YJV 3x2.5")
        if text.startswith(written, at) and (m := _TIMES_AFTER.match(text, at + len(written))) is not None \
                and m.end() < len(text):
            return text[m.end():].strip()
    qty, unit = str(line.qty), line.unit
    odd_unit = bool(unit) and (unit[0].isdigit() or unit[0].isspace() or unit[-1].isspace())
    if not (qty.isascii() and qty.isdigit()) or not line.qty_text.isascii() or odd_unit:
        cut = _description_text_at_end(line, text)
        return cut if cut is not None else _description_text_slow(line, text)
    # The quantity's digits are the whole run of digits before the unit (a label, a space or "x" stands before
    # them; the unit after them, then only spaces): the run read once, compared with the quantity, instead of a
    # pattern compiled for each line's quantity (what ``_description_text_slow`` does, with the same answers).
    labelled, glued = _quantity_tails(unit)
    m = labelled.search(text)
    if m is not None and m.group("q") == qty:
        return text[: m.start()].strip()
    if glued is not None:
        m = glued.search(text)
        if m is not None and m.group("q").endswith(qty):
            return text[: m.end("q") - len(qty)].strip()
    return text


# what may stand before a quantity that ends the line, matched up to where the quantity starts (``search`` with an
# end position: the leftmost start, as the per-line patterns of ``_description_text_slow`` find it)
_BEFORE_TIMES = re.compile(rf"(?:^|\s){_LABEL}{_TIMES}$", re.IGNORECASE)
_BEFORE_LABEL = re.compile(rf"{_LABEL}$", re.IGNORECASE)
_BEFORE_QTY = re.compile(rf"(?:^|\s){_LABEL}(?:{_TIMES})?$", re.IGNORECASE)


def _uncased(c: str) -> bool:
    return c.lower() == c == c.upper()


def _ends_with(text: str, tail: str) -> bool | None:
    """Whether ``text`` ends with ``tail`` as a case-blind pattern matches it; None when only the pattern can tell
    (a cased letter beyond ASCII against another)."""
    if len(tail) > len(text):
        return False
    end = text[len(text) - len(tail):]
    if end == tail:
        return True
    if end.isascii() and tail.isascii():
        return end.lower() == tail.lower()
    if any(a != b and (_uncased(a) or _uncased(b)) for a, b in zip(end, tail, strict=True)):
        return False
    return None


def _description_text_at_end(line: ParsedLine, text: str) -> str | None:
    """``_description_text_slow`` without a pattern compiled per line (a paste's Chinese quantities each made one):
    the quantity and unit are found at the line's end (``text`` is stripped: nothing may follow them) and what may
    stand before them is matched there by patterns compiled once. None when a letter's case leaves it open."""
    written = line.qty_text.strip()
    if written and not written.isascii():
        ends = _ends_with(text, written)
        if ends is None:
            return None
        if ends:
            at = len(text) - len(written)
            for before in (_BEFORE_TIMES, _BEFORE_LABEL):
                m = before.search(text, 0, at)
                if m is not None and (cut := text[: m.start()].strip()):
                    return cut
    if line.qty is None:
        return text
    qty, unit = str(line.qty), line.unit
    ends = _ends_with(text, unit) if unit else True
    if not ends:
        return None if ends is None else text
    end = len(text) - len(unit)
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if not qty.isdigit() or not text[:end].endswith(qty):
        return None if not qty.isdigit() else text
    at = end - len(qty)
    m = _BEFORE_QTY.search(text, 0, at)
    if m is not None:
        return text[: m.start()].strip()
    return text[:at].strip() if unit else text


def _description_text_slow(line: ParsedLine, text: str) -> str:
    """``description_text`` for a quantity or unit the fast path does not take (a pattern compiled per line): the
    quantity as written ("x 二只", "数量：十二个") first, then its digits with the unit."""
    written = line.qty_text.strip()
    if written and not written.isascii():  # a Chinese quantity may also stand glued to the text ("…16A十只")
        w = re.escape(written)
        for pattern in (rf"(?:^|\s){_LABEL}{_TIMES}{w}\s*$", rf"{_LABEL}{w}\s*$"):
            cut = re.sub(pattern, "", text, count=1, flags=re.IGNORECASE).strip()
            if cut != text and cut:
                return cut
    if line.qty is not None:
        qty = re.escape(str(line.qty))
        unit = re.escape(line.unit) if line.unit else ""
        patterns = [rf"(?:^|\s){_LABEL}(?:{_TIMES})?{qty}\s*{unit}\s*$"]
        if unit:
            patterns.append(rf"{qty}\s*{unit}\s*$")  # "正泰空开3P16A10只"
        for pattern in patterns:
            cut = re.sub(pattern, "", text, count=1, flags=re.IGNORECASE)
            if cut != text:
                return cut.strip()
    return text
