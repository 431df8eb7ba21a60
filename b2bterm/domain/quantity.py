"""Quantities as people write them in WeChat and e-mail orders: pure rules, no I/O.

``read_quantity`` reads one token: Arabic digits (with thousands separators ``1,000`` and full-width digits),
Chinese numerals (十二, 两百, 一千五 = 1500, 壹拾贰, 两千零五), mixed forms (2千, 1.2k, 1.5万), a leading label
(数量, 共计, 要…) and a unit (个 只 台 件 套 pcs ea 米 m 卷 盒 箱 包 …). It answers ``None`` when the token is not
quantity-shaped at all, and a ``Quantity`` with an ``issue`` when it looks like a quantity but cannot be ordered as
written ("十二打", "½", "2.5个", "0"): such a quantity is never turned into a number, the line waits for a person.

``settle`` applies the product: a pack unit (2 箱 of a product sold per piece in boxes of 50) becomes pieces, an
unknown pack size or a length written for a product not sold by length is an issue.
"""

from __future__ import annotations

import enum
import json
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from b2bterm.domain.record import record

MAX_QTY = 1_000_000


class QtyIssue(enum.StrEnum):
    NOT_UNDERSTOOD = "not_understood"  # quantity-shaped, but not a quantity we can read ("十二打", "5-10个")
    NOT_WHOLE = "not_whole"  # a fraction or a decimal ("½", "2.5")
    NOT_POSITIVE = "not_positive"  # 0 or negative
    TOO_LARGE = "too_large"  # more than MAX_QTY
    EMPTY = "empty"  # a label with nothing after it ("数量：")
    AMBIGUOUS_SEPARATOR = "ambiguous_separator"  # "1.000" / "1 500": a thousands separator or not?
    PACK_SIZE_UNKNOWN = "pack_size_unknown"  # "2 箱" of a product whose pack size is unknown
    UNIT_MISMATCH = "unit_mismatch"  # "200 米" of a product sold per roll
    MISSING = "missing"  # one of several items on a line has no quantity of its own


class UnitKind(enum.StrEnum):
    NONE = "none"
    PIECE = "piece"
    PACK = "pack"
    LENGTH = "length"


# the unit as written -> (canonical unit, kind); a pack unit's canonical name is what a product's unit may say too
_PIECE_UNITS = ("个 只 件 台 套 把 支 条 根 片 块 颗 粒 张 張 组 副 付 瓶 桶 pcs pc pce pces piece pieces ea each "
                "unit units set sets no nos").split()
_PACK_UNITS = {
    "箱": "carton", "carton": "carton", "cartons": "carton", "ctn": "carton", "ctns": "carton",
    "盒": "box", "box": "box", "boxes": "box", "bx": "box",
    "包": "pack", "pack": "pack", "packs": "pack", "pk": "pack", "pkt": "pack",
    "袋": "bag", "bag": "bag", "bags": "bag",
    "卷": "roll", "roll": "roll", "rolls": "roll", "盘": "roll", "reel": "roll", "reels": "roll", "轴": "roll",
}
_LENGTH_UNITS = ("米 m meter meters metre metres mtr mtrs").split()
# count words we recognise but do not convert: the line is flagged, a person decides
_UNSUPPORTED_UNITS = ("打 对 双 dozen dozens doz dz pair pairs 吨 公斤 斤 kg km 千米 公里 ft feet").split()

_UNIT_KIND: dict[str, tuple[str, UnitKind]] = {
    **{u: (u, UnitKind.PIECE) for u in _PIECE_UNITS},
    **{u: (c, UnitKind.PACK) for u, c in _PACK_UNITS.items()},
    **{u: ("m", UnitKind.LENGTH) for u in _LENGTH_UNITS},
}
# what a product's own unit field may say
_PRODUCT_UNIT = {**{u: "piece" for u in _PIECE_UNITS}, **_PACK_UNITS, **{u: "m" for u in _LENGTH_UNITS}}

ZH_UNIT_CHARS = "".join(u for u in [*_UNIT_KIND, *_UNSUPPORTED_UNITS] if len(u) == 1 and not u.isascii())
EN_UNITS = tuple(sorted((u for u in [*_UNIT_KIND, *_UNSUPPORTED_UNITS] if u.isascii()), key=len, reverse=True))

_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "幺": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2, "俩": 2,
           "三": 3, "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6, "七": 7, "柒": 7,
           "八": 8, "捌": 8, "九": 9, "玖": 9}
_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_TENS = {"廿": 20, "卅": 30}
NUMERAL_CHARS = "".join([*_DIGITS, *_SMALL, *_BIG, *_TENS])

# invisible characters people's phones put inside numbers and codes; U+20E3 and U+FE0F make a keycap digit "5️⃣"
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\ufe0e\ufe0f\u20e3"))
_EMOJI_NUMBERS = {"🔟": "10", "💯": "100"}
_ODD = re.compile("[" + "".join(map(chr, INVISIBLE)) + "".join(_EMOJI_NUMBERS) + "]")

# a label or a verb before the quantity: 数量：5, 共计20个, 要十个, 来两盒
_LEAD = re.compile(
    r"^(?:订购数量|需求数量|采购数量|订货数量|数量|qty|q'ty|quantity|共计|合计|总计|总共|一共|共|计|再要|再来|需要|要|来|订|买|"
    r"补|发|各)\s*[:：=]?\s*",
    re.IGNORECASE,
)
_ARABIC = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^[+-]?\.\d+$")
_SCI = re.compile(r"^[+-]?\d+(?:\.\d+)?e[+-]?\d+$", re.IGNORECASE)
_FRACTION = re.compile(r"^\d*\s*\d+\s*[⁄/]\s*\d+$")
_APPROX = re.compile(r"^\d+(?:\.\d+)?\s*[-~～至到]\s*\d+(?:\.\d+)?$")
_NUMBER_CHARS = re.compile(rf"[\d{NUMERAL_CHARS}.,+\-~～⁄/ kK至到]+")
_COUNT_AND_MORE = re.compile(rf"^[\d{NUMERAL_CHARS}.,]+\s*[{ZH_UNIT_CHARS}]?(?:半|多|余|左右|上下|以上|以内|以下)$")
_ANY_UNIT = rf"(?:[{ZH_UNIT_CHARS}]|(?:{'|'.join(EN_UNITS)})\.?)"
_PER_PACK = re.compile(rf"^[\d{NUMERAL_CHARS}.,]+\s*{_ANY_UNIT}\s*/\s*{_ANY_UNIT}$", re.IGNORECASE)
_APPROX_LEAD = re.compile(r"^(?:约|大约|大概|差不多|about|approx\.?|approximately|around|ca\.|~|～)\s*", re.IGNORECASE)
_VERBS = frozenset("再要 再来 需要 要 来 订 买 补 发 各".split())
_ROUGH_LEAD = "(?:需要|再要|再来|一共|要|来|共|订|买)?"  # a verb or "in all" before a rough or half quantity
_HALF = re.compile(rf"^{_ROUGH_LEAD}半[{ZH_UNIT_CHARS}]$")  # 半箱, 半盒: half a pack, never a number (nor 1)
_ROUGH = re.compile(rf"^{_ROUGH_LEAD}[\d{NUMERAL_CHARS}]+(?:来|几)[{ZH_UNIT_CHARS}]?$")  # 二十来个, 十几只
_ATTRIBUTE_SUFFIX = frozenset("相极芯线位路档孔寸级层段联开常号点次分秒年月日周天岁型类种脚针平")


_JSON = json.JSONEncoder(ensure_ascii=False)  # as json.dumps(..., ensure_ascii=False), one encoder for every line


@record
class Quantity:
    """One quantity as written. ``value`` is set only when ``issue`` is None."""

    text: str  # the token as written (trimmed), e.g. "2箱", "十二打", "1,000"
    value: int | None
    unit: str = ""  # the unit as written ("个", "箱", "pcs", lower-case), "" when none
    unit_kind: UnitKind = UnitKind.NONE
    issue: QtyIssue | None = None
    bare: bool = False  # a plain ASCII integer, nothing around it: it may also be part of a model number
    per: int = 0  # what one pack holds as the customer stated it ("10只/盒 2盒": 10; "100米/卷": 100), else 0

    @property
    def ok(self) -> bool:
        return self.issue is None and self.value is not None

    def to_json(self) -> str:
        data = {"text": self.text, "value": self.value, "unit": self.unit, "kind": self.unit_kind.value,
                "issue": self.issue.value if self.issue else None}
        if self.per:
            data["per"] = self.per
        return _JSON.encode(data)

    @classmethod
    def from_json(cls, text: str) -> Quantity | None:
        """A stored quantity; None when the stored text cannot be read (an older or damaged value)."""
        try:
            data = json.loads(text)
            value = data.get("value")
            return cls(str(data["text"]), int(value) if value is not None else None, str(data.get("unit", "")),
                       UnitKind(data.get("kind", "none")),
                       QtyIssue(data["issue"]) if data.get("issue") else None, per=int(data.get("per") or 0))
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


def clean(text: str) -> str:
    """NFKC (full-width digits, ½ -> 1⁄2), invisible characters and keycaps removed, emoji numbers spelled out."""
    if text.isascii():  # NFKC leaves ASCII as it is; invisible characters and emoji are not ASCII
        return text
    if _ODD.search(text) is None:  # no invisible character, no emoji number (most lines): NFKC alone
        return unicodedata.normalize("NFKC", text)
    for emoji, digits in _EMOJI_NUMBERS.items():
        text = text.replace(emoji, digits)
    return unicodedata.normalize("NFKC", text.translate(INVISIBLE))


def chinese_number(text: str) -> Decimal | None:
    """十二 -> 12, 两百 -> 200, 一千五 -> 1500, 壹拾贰 -> 12, 两千零五 -> 2005, 2千 -> 2000, 1.5万 -> 15000.
    None when ``text`` is not one well-formed number."""
    value = _chinese_value(text)
    return Decimal(value) if value is not None else None


def _chinese_value(text: str) -> int | Decimal | None:
    """``chinese_number``'s value: an int when ``text`` has no Arabic digits (all Chinese numerals)."""
    if not text:
        return None
    # whole numbers as ints (exact, and cheaper than Decimals), an Arabic run as a Decimal ("1.5万")
    total: int | Decimal = 0  # what the 万/亿 sections add up to
    section: int | Decimal = 0  # below 万
    number: int | Decimal | None = None  # the digit (or Arabic run) waiting for its unit
    last_unit = 0  # the unit just seen, for 一千五 (= 1500)
    after_unit = False  # the pending number came right after a unit, with no 零 between
    zero = False
    i = 0
    while i < len(text):
        ch = text[i]
        m = _DECIMAL.match(text, i) if ch.isdecimal() else None  # a run of what \d matches starts with one
        if m:
            if number is not None:
                return None
            number = Decimal(m.group())
            after_unit = last_unit > 0 and not zero
            i += len(m.group())
            continue
        if ch in _DIGITS:
            if number is not None:
                return None  # 一二 is not a number we read
            if _DIGITS[ch] == 0:
                zero = True
                i += 1
                continue
            number = _DIGITS[ch]
            after_unit = last_unit > 0 and not zero
        elif ch in _TENS:
            if number is not None:
                return None
            section += _TENS[ch]
            last_unit, number, zero = 10, None, False
        elif ch in _SMALL:
            unit = _SMALL[ch]
            if last_unit and unit >= last_unit and section:
                return None  # 十百, 五十千
            if number is None and unit != 10:
                return None  # 百 alone is not a quantity; 十 alone is ten
            section += (number if number is not None else 1) * unit
            last_unit, number, zero = unit, None, False
        elif ch in _BIG:
            unit = _BIG[ch]
            part = section + (number or 0)
            if part == 0:
                return None
            total += part * unit
            section, number, last_unit, zero = 0, None, unit, False
        else:
            return None
        i += 1
    if number is not None:
        if after_unit and last_unit >= 100 and number == int(number) and number < 10:
            number *= last_unit // 10  # 一千五 = 1500, 两万三 = 23000
        section += number
    value = total + section
    return value if value > 0 or zero else None


_EN_UNITS_BY_LAST: dict[str, tuple[str, ...]] = {}  # EN_UNITS by their last letter, each in EN_UNITS' order
for _unit in EN_UNITS:
    _EN_UNITS_BY_LAST[_unit[-1]] = (*_EN_UNITS_BY_LAST.get(_unit[-1], ()), _unit)


def _split_unit(text: str) -> tuple[str, str]:
    """(number part, unit as written) — the unit at the end of ``text``, "" when none."""
    if text.endswith(".") and text[:-1][-1:].isalpha():
        text = text[:-1]  # "2 pcs."
    low = text.lower()
    for unit in _EN_UNITS_BY_LAST.get(low[-1:], ()):
        if low.endswith(unit):
            head = text[: len(text) - len(unit)]
            if head and (head[-1].isdigit() or head[-1] in " .k" or head[-1] in NUMERAL_CHARS):
                return head.rstrip(" "), unit
    for unit in ("公斤", "千米", "公里"):
        if text.endswith(unit):
            return text[: -len(unit)], unit
    if text and not text[-1].isascii() and text[-1] not in NUMERAL_CHARS:
        return text[:-1], text[-1]
    return text, ""


_EN_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_EN_WORDS.update({"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                  "ninety": 90})
_EN_SCALES = {"hundred": 100, "thousand": 1000}
EN_NUMBER_WORDS = frozenset([*_EN_WORDS, *_EN_SCALES])
_EN_WORD_CHARS = re.compile(r"[a-z\s-]*")
_EN_SPLIT = re.compile(r"[\s-]+")


def english_number(text: str) -> int | None:
    """"twenty five", "twenty-five", "two hundred", "one thousand five hundred" -> the number; None otherwise."""
    low = text.strip().lower()
    if low.isalpha() and low.isascii():  # one word of letters (most tokens asked): a number word or none
        if low in _EN_WORDS:
            return _EN_WORDS[low]
        return _EN_SCALES.get(low)  # "hundred" 100, "thousand" 1000; "and", "a" and any other word: none
    if _EN_WORD_CHARS.fullmatch(low) is None:  # a digit or any other character: no number word has it
        return None
    words = [w for w in _EN_SPLIT.split(low) if w and w not in ("and", "a")]
    if not words or any(w not in EN_NUMBER_WORDS for w in words):
        return None
    total = current = 0
    for w in words:
        if w in _EN_WORDS:
            current += _EN_WORDS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        else:
            total += (current or 1) * 1000
            current = 0
    return total + current


def read_number(text: str) -> Decimal | None:
    """An Arabic, Chinese or mixed number ("1,000", "1.2k", "1.5万", "二十五"); None when it is none of these."""
    words = english_number(text)
    if words is not None:
        return Decimal(words)
    text = text.strip().replace(" ", "")
    if not text:
        return None
    if _ARABIC.match(text):
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
    if _SCI.match(text):
        try:
            return Decimal(text)
        except InvalidOperation:
            return None
    if text[-1] in "kK" and _ARABIC.match(text[:-1]) and "," not in text:
        return Decimal(text[:-1]) * 1000
    if any(c in NUMERAL_CHARS for c in text):
        return chinese_number(text)
    return None


def _judge(text: str, number: Decimal, unit: str, kind: UnitKind, bare: bool) -> Quantity:
    if not number.is_finite():
        return Quantity(text, None, unit, kind, QtyIssue.NOT_UNDERSTOOD, bare)
    if number != number.to_integral_value():
        return Quantity(text, None, unit, kind, QtyIssue.NOT_WHOLE, bare)
    if number <= 0:
        return Quantity(text, None, unit, kind, QtyIssue.NOT_POSITIVE, bare)
    if number > MAX_QTY:
        return Quantity(text, None, unit, kind, QtyIssue.TOO_LARGE, bare)
    return Quantity(text, int(number), unit, kind, None, bare)


_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
_POINT_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_DIGITS_ONLY = re.compile(r"\d+")
# an ASCII letter that no quantity has before a digit (e: 1e3, k: 1.5k are numbers); with a digit after it, the token is
# a model number ("LC1D09M7", "3RT2015-1BB41") unless it starts with a label or an "about" (qty5, about 20)
_LETTER_THEN_DIGIT = re.compile(r"[a-df-jl-zA-DF-JL-Z][^0-9]*[0-9]")
_ASCII_LEADS = ("qty", "q'ty", "quantity", "about", "approx", "around", "ca.", "~")


@lru_cache(maxsize=4096)
def read_quantity(token: str) -> Quantity | None:
    """One token as a quantity; None when it does not look like a quantity at all (a word, a model number).
    Remembered: a pasted order repeats its quantities and its codes, and the parser reads a token more than once."""
    text = (token if token.isascii() else clean(token)).strip()  # (``clean`` leaves ASCII as it is)
    if text.isascii() and _LETTER_THEN_DIGIT.search(text) and not text.lower().startswith(_ASCII_LEADS):
        return None  # a model number: what ``_read`` answers for it too, without its dozen rules (a paste's codes)
    plain = _PLAIN_COUNT.fullmatch(text)
    if plain is not None:
        return _plain_count(text, plain.group(1), plain.group(2) or "")
    if _PLAIN_DECIMAL.fullmatch(text) is not None:  # "2.5", "0.75": a cable's cross-section, judged as ``_read`` does
        if _POINT_GROUPS.fullmatch(text):
            return Quantity(text, None, "", UnitKind.NONE, QtyIssue.AMBIGUOUS_SEPARATOR)  # "1.000": never a guess
        return _judge(text, Decimal(text), "", UnitKind.NONE, False)
    if _word_without_number(text):
        return None  # a word ("KVVP", "red", "zr-rvv"): what ``_read`` answers for it too
    return _read(token, text)


def _word_without_number(text: str) -> bool:
    """True when ``text`` is ASCII with no digit, no "/" (a pack), no unit word we flag, no label or "about" first,
    and no English number: ``_read`` finds no number in it (its other rules need a digit or a Chinese character)."""
    return text.isascii() and _ASCII_DIGIT.search(text) is None and "/" not in text \
        and text.lower() not in _UNSUPPORTED_UNITS and _APPROX_LEAD.match(text) is None and _LEAD.match(text) is None \
        and english_number(_split_unit(text)[0].strip()) is None


_ASCII_DIGIT = re.compile(r"[0-9]")


# the commonest quantities, "5", "20个", "187pcs", "3箱", "一百二十只": a number in digits or in Chinese numerals, and
# one of these units as written; what ``_read`` answers for them (tests/unit/test_quickorder_fast_paths.py), without
# the rules that cannot apply to them (labels, ranges, fractions, packs, words)
_PLAIN_UNITS = ("个", "只", "台", "件", "套", "pcs", "箱", "盒", "卷", "包", "米")
_PLAIN_DECIMAL = re.compile(r"[0-9]+\.[0-9]+")
_PLAIN_COUNT = re.compile(rf"([0-9]+|[{NUMERAL_CHARS}]+)({'|'.join(_PLAIN_UNITS)})?")


def _plain_count(text: str, body: str, unit: str) -> Quantity | None:
    kind = _UNIT_KIND[unit][1] if unit else UnitKind.NONE
    if body[0] in "0123456789":  # ASCII digits: a whole number, judged as ``_judge`` judges it
        n = int(body)
        issue = None if 0 < n <= MAX_QTY else QtyIssue.NOT_POSITIVE if n <= 0 else QtyIssue.TOO_LARGE
        return Quantity(text, n if issue is None else None, unit, kind, issue, not unit)
    value = _chinese_value(body)  # Chinese numerals only: a whole number too, or none
    if isinstance(value, int):
        issue = None if 0 < value <= MAX_QTY else QtyIssue.NOT_POSITIVE if value <= 0 else QtyIssue.TOO_LARGE
        return Quantity(text, value if issue is None else None, unit, kind, issue, False)
    number = Decimal(value) if value is not None else None
    if number is None:
        return Quantity(text, None, unit, kind, QtyIssue.NOT_UNDERSTOOD) if unit else None
    return _judge(text, number, unit, kind, not unit and body[0] in "0123456789")


def _read(token: str, text: str) -> Quantity | None:
    """``read_quantity`` of ``token``, ``text`` being it cleaned and trimmed."""
    if text.lower() in _UNSUPPORTED_UNITS or _ROUGH.match(text) or _HALF.match(text):
        return Quantity(text, None, issue=QtyIssue.NOT_UNDERSTOOD)  # "dozen" alone, "二十来个"
    if _PER_PACK.match(text) or (_APPROX_LEAD.match(text) and read_quantity(_APPROX_LEAD.sub("", text))):
        return Quantity(text, None, issue=QtyIssue.NOT_UNDERSTOOD)  # "5只/盒" (a pack size), "约20只"
    lead = _LEAD.match(text)
    labelled = bool(lead and lead.group())
    if labelled:
        assert lead is not None
        word = lead.group().strip(" :：=").lower()
        text = text[lead.end():].strip()
        if word in _VERBS:  # 要十个, 来两盒: a verb before a quantity, not a label that promises one
            labelled = False
            if not text or not (text[0].isdigit() or text[0] in NUMERAL_CHARS):
                return None
        if not text:
            explicit = ":" in token or "：" in token or lead.group().strip().lower() in ("数量", "qty", "quantity")
            return Quantity(clean(token).strip(), None, issue=QtyIssue.EMPTY) if explicit else None
    shown = text
    body, written_unit = _split_unit(text)
    body = body.strip()
    unit_key = written_unit.lower().rstrip(".")
    word = english_number(body) is not None
    has_number = word or (bool(body) and any(c.isdigit() or c in NUMERAL_CHARS for c in body))
    numeric = word or _NUMBER_CHARS.fullmatch(body) is not None or _SCI.match(body) is not None
    if not labelled and not (has_number and numeric):
        if _COUNT_AND_MORE.match(text):
            return Quantity(shown, None, issue=QtyIssue.NOT_UNDERSTOOD)  # 三打半, 5个半, 两箱多
        return None  # a word or a model number, not a quantity
    if not has_number:
        return Quantity(shown, None, issue=QtyIssue.NOT_UNDERSTOOD)  # 数量：很多
    if written_unit and unit_key not in _UNIT_KIND:
        # "5粒": a number and a Chinese unit not known here, flagged; but a Chinese numeral before a character that is
        # no unit is a word ("三菱", "五金", "十字", "六角"), not a quantity
        if unit_key in _UNSUPPORTED_UNITS or (len(written_unit) == 1 and not written_unit.isascii()
                                              and written_unit not in _ATTRIBUTE_SUFFIX
                                              and any(c.isdigit() for c in body)
                                              and read_number(body) is not None):
            return Quantity(shown, None, written_unit, UnitKind.NONE, QtyIssue.NOT_UNDERSTOOD)
        return None
    kind = _UNIT_KIND[unit_key][1] if unit_key in _UNIT_KIND else UnitKind.NONE
    unit = unit_key if written_unit else ""
    if word:
        return _judge(shown, Decimal(english_number(body) or 0), unit, kind, False)
    if _FRACTION.match(body):
        return Quantity(shown, None, unit, kind, QtyIssue.NOT_WHOLE)
    if _APPROX.match(body):
        return Quantity(shown, None, unit, kind, QtyIssue.NOT_UNDERSTOOD) if unit or labelled else None
    if _POINT_GROUPS.fullmatch(body):
        # "1.000" / "2.500": a European thousands point or a decimal — never guess
        return Quantity(shown, None, unit, kind, QtyIssue.AMBIGUOUS_SEPARATOR)
    number = read_number(body)
    if number is None:
        if unit or labelled:
            return Quantity(shown, None, unit, kind, QtyIssue.NOT_UNDERSTOOD)
        return None
    bare = not unit and not labelled and _DIGITS_ONLY.fullmatch(body) is not None
    return _judge(shown, number, unit, kind, bare)


# --- the product's side -----------------------------------------------------------------------------------------------


@record
class Settled:
    """The quantity to order once the product is known."""

    qty: int  # 0 when it cannot be ordered as written
    issue: QtyIssue | None = None
    packs: int = 0  # set when a pack unit was converted: packs × pack_size = qty
    pack_size: int = 0
    unit: str = ""  # the unit written


def product_unit_kind(unit: str) -> str:
    """"piece", "m", or a pack name ("roll", "box", …) for a product's own unit ("pc", "m", "roll", "卷")."""
    return _PRODUCT_UNIT.get(unit.strip().lower(), "piece")


def settle(quantity: Quantity | None, product_unit: str | None, pack_size: int) -> Settled:
    """The quantity to order: a pack unit becomes pieces with the product's pack size (2 箱 × 50 = 100). Without a
    product (``product_unit`` None) a pack quantity stays as the number of packs until the product is known."""
    if quantity is None:
        return Settled(1)
    if not quantity.ok:
        return Settled(0, quantity.issue, unit=quantity.unit)
    assert quantity.value is not None
    n = quantity.value
    if product_unit is None:
        return Settled(n, unit=quantity.unit)
    sold = product_unit_kind(product_unit)
    if quantity.unit_kind is UnitKind.PACK and sold != _PACK_UNITS.get(quantity.unit):
        if pack_size <= 1 and quantity.per > 1:  # the catalog does not know it; the customer said how many a pack
            pack_size = quantity.per
        if pack_size > 1:
            total = n * pack_size
            if total > MAX_QTY:
                return Settled(0, QtyIssue.TOO_LARGE, unit=quantity.unit)
            return Settled(total, packs=n, pack_size=pack_size, unit=quantity.unit)
        return Settled(0, QtyIssue.PACK_SIZE_UNKNOWN, unit=quantity.unit)
    if quantity.unit_kind is UnitKind.LENGTH and sold != "m":
        return Settled(0, QtyIssue.UNIT_MISMATCH, unit=quantity.unit)
    return Settled(n, unit=quantity.unit)


def pack_name(unit: str) -> str:
    """The pack a unit as written names ("箱", "ctn" -> "carton"), "" when it names none."""
    return _PACK_UNITS.get(unit.strip().lower(), "")


def is_attribute_suffix(char: str) -> bool:
    """三相, 四极, 五芯: a numeral before one of these is a product attribute, not a quantity."""
    return char in _ATTRIBUTE_SUFFIX


QTY_NOTE = "qty-issue:"  # a line message part recording a quantity issue as data: qty-issue:["not_whole", "2.5", ""]


def issue_note(issue: QtyIssue, text: str, unit: str = "") -> str:
    """The part of a stored line message that records a quantity's issue, as a code with its values (worded when
    shown, in the user's language)."""
    return QTY_NOTE + json.dumps([issue.value, text, unit], ensure_ascii=False)


def read_issue_note(part: str) -> tuple[QtyIssue, str, str] | None:
    """``issue_note``'s issue, text and unit; None for anything else (drafts saved before codes hold an English
    sentence starting "quantity", which ``is_issue_note`` still recognises and is shown as it is)."""
    if not part.startswith(QTY_NOTE):
        return None
    try:
        code, text, unit = json.loads(part[len(QTY_NOTE):])
        return QtyIssue(code), str(text), str(unit)
    except (ValueError, TypeError):
        return None


def is_issue_note(part: str) -> bool:
    """A stored message part about the quantity: a coded note, or an English one from an older draft."""
    return part.startswith((QTY_NOTE, "quantity", "no quantity for this item"))


def describe_issue(issue: QtyIssue, text: str, unit: str = "") -> str:
    """An English sentence for logs and scripts' JSON (the UI and the CLI word the typed issue themselves)."""
    return {
        QtyIssue.NOT_UNDERSTOOD: f"quantity not understood: '{text}'",
        QtyIssue.NOT_WHOLE: f"quantity '{text}' is not a whole number",
        QtyIssue.NOT_POSITIVE: f"quantity '{text}' must be at least 1",
        QtyIssue.TOO_LARGE: f"quantity '{text}' is too large (more than {MAX_QTY:,})",
        QtyIssue.EMPTY: "quantity is empty",
        QtyIssue.AMBIGUOUS_SEPARATOR: f"quantity '{text}' is ambiguous (thousands separator or decimal?)",
        QtyIssue.PACK_SIZE_UNKNOWN: f"quantity '{text}': pack size unknown — enter the quantity in pieces",
        QtyIssue.UNIT_MISMATCH: f"quantity '{text}': written in {unit or 'another unit'}, not the product's unit",
        QtyIssue.MISSING: "no quantity for this item (the line lists several items)",
    }[issue]
