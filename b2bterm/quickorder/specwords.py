"""Numbers on an order line read by where they stand: a value split from its Chinese unit ("3" "芯", "2.5" "平方",
"32" "点") and a list number written without its dot before Chinese words ("4 正泰空开3P 16A 二十只") are what the
product is; a length first or after a times sign ("50m YJV 3x2.5", "BVR 2.5 x 10m") is how much; a comma inside a
model ("UT 2,5") is no cell separator."""

from __future__ import annotations

import re

from b2bterm.domain.quantity import Quantity, UnitKind, read_quantity
from b2bterm.domain.values import value_parser
from b2bterm.quickorder.qtytokens import restore

# a list number without its dot before a Chinese description (the line's quantity is elsewhere)
_BARE_NUMBER = re.compile(r"^\s*(\d{1,3})\s+(?=[\u4e00-\u9fff])")


def spec_unit_follows(toks: list[str], i: int) -> bool:
    """The number ``toks[i]`` and the Chinese word after it read together as a value of the product ("3" "芯",
    "2.5" "平方", "32" "点"), not as a count and its unit."""
    nxt = toks[i + 1] if i + 1 < len(toks) else ""
    if not nxt or nxt.isascii() or not ("\u4e00" <= nxt[0] <= "\u9fff"):
        return False
    found = value_parser().find(f"{toks[i]}{nxt}".lower())
    return bool(found) and found[0].start == 0 and found[0].kind != "number" and found[0].end > len(toks[i])


def without_list_number(text: str) -> str:
    """``text`` without a bare number before Chinese words ("4 正泰空开3P 16A" -> "正泰空开3P 16A"), unless it reads
    with them as a value ("4 极 断路器", "3 芯 电缆"): the caller has taken the line's quantity out already."""
    m = _BARE_NUMBER.match(text)
    if m is not None:
        first = value_parser().find(text[:m.end() + 4].lower())
        if first and first[0].kind == "number" and first[0].end == m.end(1):
            return text[m.end():]
    return text


def length_asked(toks: list[str], i: int, kinds: list[str]) -> Quantity | None:
    """The length ``toks[i]`` when it says how much: first on the line before the model ("50m YJV 3x2.5") or after a
    times sign ("BVR 2.5 x 10m", ``kinds`` of the tokens before it). Elsewhere a glued "m" is a roll's length inside
    a model ("RVV 3x2.5 50m"), and no model starts with one."""
    if not (i == 0 < len(toks) - 1 or (kinds and kinds[-1] == "mult")):
        return None
    length = read_quantity(restore(toks[i]))
    return length if length is not None and length.unit_kind is UnitKind.LENGTH else None


# A comma inside a model number, typed after a family in capitals: a decimal comma ("UT 2,5", "UTTB 2,5 BK") or the
# comma of a marker strip ("ZB 6,LGS:1-10"). It is not a separator: it is hidden from the CSV and token splitting.
# ("WDU 2.5,5" has its decimal point already: that comma separates; "UT 4,5" reads as a decimal comma, "UT 4, 5" not.)
_INNER_COMMA = re.compile(r"(?<!\S)([A-Z]{2,}(?:-[A-Z]+)*) (\d{1,3}),(?=\d{1,2}(?![\d.])|[A-Z])")
KEPT_COMMA = "\ue000"  # stands for a comma inside a model number while the line is split


def protect_commas(text: str) -> str:
    """The line with its commas inside model numbers kept apart (``KEPT_COMMA``) while it is split."""
    if KEPT_COMMA in text or "," not in text:
        return text
    return _INNER_COMMA.sub(lambda m: f"{m.group(1)} {m.group(2)}{KEPT_COMMA}", text)


def restore_commas(text: str) -> str:
    """What ``protect_commas`` kept apart, commas again."""
    return text.replace(KEPT_COMMA, ",")
