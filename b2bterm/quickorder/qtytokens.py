"""Splitting a free-text order line into tokens so that each quantity, however it is written, is one token.

"交流接触器十个" -> "交流接触器", "十个"; "5 pcs" -> "5 pcs"; "1.5 万" -> "1.5万"; "3 打" -> "3打" (read, then
flagged); "1 000 pcs" -> "1000 pcs". A space-grouped number that may be a model's size followed by a quantity
("GV2ME 1 500") becomes one token the reader flags: never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import pairwise
from typing import TypeVar

from b2bterm.domain.modelno import looks_like_code
from b2bterm.domain.quantity import (
    EN_NUMBER_WORDS,
    EN_UNITS,
    NUMERAL_CHARS,
    ZH_UNIT_CHARS,
    QtyIssue,
    Quantity,
    english_number,
    is_attribute_suffix,
    read_number,
    read_quantity,
)

_T = TypeVar("_T")
_PASTE_MEMOS: list[Callable[[], None]] = []


def per_paste(fn: Callable[[str], _T]) -> Callable[[str], _T]:
    """``fn`` (pure, of one token) remembered while one paste is read: a paste repeats its tokens ("100m", "RVV",
    "5个") from line to line. ``forget_paste`` (at the start of each paste) forgets it all, so that no paste finds what
    an earlier one read."""
    cached = lru_cache(maxsize=8192)(fn)
    _PASTE_MEMOS.append(cached.cache_clear)
    return cached  # type: ignore[return-value]


def forget_paste() -> None:
    for clear in _PASTE_MEMOS:
        clear()


_CJK = re.compile(r"([\u2e80-\u9fff\uf900-\ufaff\uac00-\ud7af]+)")
_NUM = re.compile(r"^\d+(?:\.\d+)?$")
_CN_NUMBER = re.compile(rf"^[{NUMERAL_CHARS}]+$")
_WORDS_AND = EN_NUMBER_WORDS | {"and"}
_NUMBERISH = re.compile(r"^(?=.*\d)[\d.,\-~～⁄/]+$")  # "5-10", "1⁄2": read (and flagged) with the unit after them
_EN_UNIT = re.compile(rf"^(?:{'|'.join(EN_UNITS)})\.?$", re.IGNORECASE)
_MORE = "半|多|余|左右|上下|以上|以内|以下"  # "三打半", "两箱多", "十个左右": the reader flags these
_ZH_TAIL = re.compile(rf"^(?P<head>.*?)(?P<num>[{NUMERAL_CHARS}]+)(?P<unit>[^{NUMERAL_CHARS}]?)(?P<more>{_MORE})?$")
# a run ending in a numeral after one of these is a date or an ordinal (周五, 第一, 星期三), not a quantity
_NOT_BEFORE_NUMERAL = frozenset("周第期初拜号礼月")
_CHAT = frozenset("急的吧呢啊哈吗了呀哦噢嗯谢")
_COLOURS = frozenset("红黑蓝白棕绿黄灰橙紫")  # "BV 4 蓝 100米": a wire's colour after its size, not a count word
_LEADS = ("数量", "共计", "合计", "总计", "总共", "一共", "共", "计", "再要", "再来", "需要", "要", "来", "订", "买",
          "补", "发", "各", "订购数量", "采购数量", "需求数量")
_LEADS_LONGEST_FIRST = sorted(_LEADS, key=len, reverse=True)
_GROUPED = "\ue001"  # stands for the space inside "1 500" while the line is split: the token is then flagged
_UNIT_AHEAD = rf"\s*(?:$|[x×*]|[{ZH_UNIT_CHARS}]|(?:{'|'.join(EN_UNITS)})\b)"
_SPACE_GROUPS = re.compile(rf"(?<![\w.,/-])(\d{{1,3}})((?: \d{{3}})+)(?![0-9A-Za-z.,/-])(?=(?P<ahead>{_UNIT_AHEAD})?)")
_COMMA_GROUP = re.compile(r"\d,\d{3}")
_SPACE_GROUP = re.compile(r"(?<![\w.,/-])\d{1,3} \d{3}")  # how every space-grouped number starts: else nothing to join
_FAMILY_BEFORE = re.compile(r"(?:^|\s)[A-Z][A-Z-]*\s$")
_COMMA_GROUPS = re.compile(
    rf"(?<![A-Za-z0-9_.,\-/+])(\d{{1,3}}(?:,\d{{3}})+)(?![\d,.])(?!(?!(?:{'|'.join(EN_UNITS)})\b)[A-Za-z]{{2}})",
    re.IGNORECASE)
# "x1,200" after a model: the times sign glued to a grouped quantity (the grouping is read once they are apart)
_TIMES_GROUPED = re.compile(r"(?:(?<=\s)|^)([xX×*])(?=\d{1,3}(?:,\d{3})+(?![\d,.]))")
GLUED_LENGTH = re.compile(r"^\d+(?:\.\d+)?[mM]$")  # "100m", "2M": a cable's or a sensor cable's length, in the model


def join_thousands(text: str) -> str:
    """"LC1D18M7 1,000" -> "LC1D18M7 1000" (a comma between thousands is no CSV separator); "1 000 pcs" -> "1000
    pcs"; a space-grouped number with nothing to tell ("GV2ME 1 500") is kept as one token for the reader to flag."""
    if "," in text and _COMMA_GROUP.search(text):  # both rewrites need a digit, a comma and three digits
        text = _TIMES_GROUPED.sub(r"\1 ", text)
        text = _COMMA_GROUPS.sub(lambda m: m.group(1).replace(",", ""), text)

    return _SPACE_GROUPS.sub(_spaces, text) if " " in text and _SPACE_GROUP.search(text) else text


def _spaces(m: re.Match[str]) -> str:
    groups = m.group(2).split()
    if _FAMILY_BEFORE.search(m.string[: m.start()]):
        return m.group()  # "UT 4 100": a terminal block's size, then the quantity
    if (m.group("ahead") is not None and m.group("ahead").strip()) or groups[-1].startswith("0"):
        return m.group(1) + "".join(groups)
    return m.group(1) + _GROUPED + _GROUPED.join(groups)


_PINS = frozenset("脚针")
_BRACKETED_PACK = re.compile(r"[(（]\s*(\d+\s*\S{1,4}?\s*/\s*\S{1,6}?)\s*[)）]")


def _each_pack(m: re.Match[str]) -> str:
    n = read_number(m.group(2))
    return f" {n}{m.group(3)}/{m.group(1)} " if n is not None and n == int(n) else m.group(0)


_EACH_PACK = re.compile(rf"每\s*([箱盒包卷袋捆扎])\s*(\d+|[{NUMERAL_CHARS}]+)\s*([个只件台套片条根支米])")


def _split_cjk(tok: str) -> list[str]:
    """A run of Chinese ending in a quantity: "交流接触器十个" -> ["交流接触器", "十个"]; "三相电机" stays whole."""
    m = _ZH_TAIL.match(tok)
    if m is None or not _CJK.fullmatch(tok):
        return [tok]
    head, num, unit, more = m.group("head"), m.group("num"), m.group("unit"), m.group("more") or ""
    if unit and is_attribute_suffix(unit):
        return [tok]
    if head and head[-1] in _NOT_BEFORE_NUMERAL:
        return [tok]
    for lead in _LEADS_LONGEST_FIRST:
        if head.endswith(lead):
            head = head[: -len(lead)]
            break
    else:
        if head and not unit and num in ("一", "壹"):
            return [tok]  # 统一, 唯一: a word
        if head and unit and unit not in ZH_UNIT_CHARS:
            return [tok]  # 上次一样: a word
    return [t for t in (head, num + unit + more) if t]


_BRACKETED = re.compile(r"[(\[]\s*([^()\[\]]+?)\s*[)\]](?=\s|$)")
_TIMES_LEAD = re.compile(r"^[xX×*]\s*(?=\d)")
_APPROX_WORDS = frozenset(("约", "大约", "大概", "差不多", "about", "approx", "approx.", "approximately", "around",
                           "ca.", "~", "～"))


def unbracket(text: str) -> str:
    """A quantity in brackets out of them: "LC1D09M7 (5个)", "LC1D18M7(20pcs)", "LC1D09M7（20只）" (NFKC'd), "(x20)",
    "(数量:20)". Glued to the model, a bare number stays ("LC1D(2)" may be the model's own)."""
    def out(m: re.Match[str]) -> str:
        inner = m.group(1)
        body = _TIMES_LEAD.sub("", inner)
        q = read_quantity(body)
        if q is None or (q.bare and body == inner and m.start() > 0 and not text[m.start() - 1].isspace()):
            return m.group(0)
        return f" {inner} " if body == inner else f" × {body} "

    return _BRACKETED.sub(out, text) if "(" in text or "[" in text else text


def _split_colon(tok: str) -> list[str]:
    """"LC1D09M7:5" -> the model and its quantity; "ZB 6,LGS:1-10" keeps its colon."""
    head, sep, tail = tok.rpartition(":")
    if sep and tail and looks_like_code(head) and re.fullmatch(rf"\d+|[{NUMERAL_CHARS}]+", tail):
        return [head, tail]
    return [tok]


def _per_pack_piece(prev: str, tok: str) -> bool:
    q = read_quantity(prev.rstrip("/"))
    if prev.endswith("/"):
        return q is not None and bool(q.unit) and (_EN_UNIT.match(tok) is not None or tok in ZH_UNIT_CHARS)
    return q is not None and bool(q.unit) and tok.startswith("/")


# A cable's size after its family name: cores × cross-section, with more conductors after "+" ("RVV 3*1.5",
# "YJV 3×35+1×16", "ZR-BVR 1x2.5"). Written with * or × as often as with x; it is part of the model, never a quantity.
_SIZE = r"\d+(?:\.\d+)?[*×xX]\d+(?:\.\d+)?"
_CABLE_SIZE = re.compile(rf"(?<![\w.])((?:[A-Za-z]{{1,4}}-)?[A-Za-z]{{1,6}}\s+)({_SIZE}(?:\+{_SIZE})*)(?![\w.])")


def _cable_size(m: re.Match[str]) -> str:
    return m.group(1) + _SIZE_TIMES.sub("x", m.group(2))


_SIZE_TIMES = re.compile(r"[*×X]")
_SIZE_MARK = re.compile(r"\d[*×X]\d")  # what a size the rewrite changes has ("3*1.5"; "3x1.5" is already written so)


def cable_sizes(text: str) -> str:
    """Cable sizes written as the catalog writes them ("RVV 3*1.5" → "RVV 3x1.5"), so that neither the item splitter
    ("A x5 + B x3") nor the quantity reader takes their "*" and "+" for its own."""
    if "*" not in text and "×" not in text and "X" not in text:
        return text  # no size mark (a size written "3x1.5" is as the catalog writes it)
    return _CABLE_SIZE.sub(_cable_size, text) if _SIZE_MARK.search(text) else text


_DASHES = re.compile(r"—+")
# ASCII words of letters, digits and ./+- one space apart, no lone "x" (a times sign): ``whole_words`` tells whether
# ``tokens`` keeps each as it is
_PLAIN_WORD = r"(?:[A-Za-z0-9][A-Za-z0-9./+-]+|[A-WYZa-wyz0-9])"
_PLAIN_WORDS = re.compile(rf"{_PLAIN_WORD}(?: {_PLAIN_WORD})*")
_TIMES = re.compile(r"[×*]")
_X_BEFORE = re.compile(r"(?:(?<=\s)|^)[xX](?=\s*\d)")
_X_AFTER = re.compile(r"(?<=\d)[xX](?=\s|$)")
_X_EITHER = re.compile(rf"{_X_BEFORE.pattern}|{_X_AFTER.pattern}")  # neither: both rewrites leave the text as it is
_TOKEN_SPLIT = re.compile(r"[\s,;，；、]+")
_SPLIT_CHARS = ",;，；、"


def tokens(text: str, kept_comma: str = "") -> list[str]:
    """The tokens of a free-text line (after NFKC and the label cut): quantities are whole tokens. ``kept_comma``
    stands for a comma inside a model number ("UT 2,5"): it is a comma again in the tokens."""
    if _PLAIN_WORDS.fullmatch(text) and whole_words(words := text.split(" "), "/" in text) \
            and cable_sizes(text) == text:
        return words  # words of a model one space apart, that no rewrite nor join below changes (a cell's model)
    # each rewrite only when the line has the character it looks for (a paste runs this on every line)
    if "—" in text:
        text = _DASHES.sub(" ", text)  # "LC1D09M7——5只"
    if "每" in text:
        text = _EACH_PACK.sub(_each_pack, text)  # "每盒10只" is "10只/盒": what one box holds
    if "/" in text:
        text = _BRACKETED_PACK.sub(r" \1 ", text)  # "2盒(10只/盒)": the pack size out of its brackets
    text = unbracket(text)  # "LC1D09M7 (5个)"
    if not text.isascii():
        text = _CJK.sub(r" \1 ", text)
    text = cable_sizes(text)  # "RVV 3*1.5": cores × cross-section, part of the model
    if "×" in text or "*" in text:
        text = _TIMES.sub(" × ", text)
    if ("x" in text or "X" in text) and _X_EITHER.search(text):
        # "x5" / "5x" / "X 5" as a multiplier, but not inside a model number like "M6x20".
        text = _X_AFTER.sub(" × ", _X_BEFORE.sub(" × ", text))
    raw: list[str] = []
    # without a comma or a semicolon the pattern splits where str.split does (the same whitespace; empty pieces left)
    pieces = _TOKEN_SPLIT.split(text) if any(c in text for c in _SPLIT_CHARS) else text.split()
    for t in pieces:
        if kept_comma:
            t = t.replace(kept_comma, ",")
        if t:
            raw.extend(_pieces(t))
    merged: list[str] = []
    for at, tok in enumerate(raw):
        prev = merged[-1] if merged else ""
        if not prev or (_joins_nothing(tok) and not prev.endswith("/") and prev.lower() not in _APPROX_WORDS):
            merged.append(tok)  # what most tokens are: none of the joins below can take them (checked once a paste)
        elif prev in _LEADS and tok[:1] in ":：" and (q := read_quantity(tok[1:])) is not None and q.ok \
                and raw[at + 1:at + 2] != ["元"] and raw[at + 1:at + 2] != ["块"]:
            merged.append(tok[1:])  # "合计：20只", "共计:20PCS": the label's colon, then the quantity
        elif prev and (prev.endswith("/") or tok.startswith("/")) and _per_pack_piece(prev, tok):
            merged[-1] = prev + tok  # "5只/盒", "10 pcs/box": a pack size, not the quantity (the reader flags it)
        elif prev and "/" in tok and _NUM.match(prev) and _per_pack_piece(f"{prev}{tok.partition('/')[0]}",
                                                                         "/" + tok.partition("/")[2]):
            merged[-1] = f"{prev} {tok}"  # "10 pcs/box", "100 m/roll": the same, with a space after the number
        elif prev.lower() in _APPROX_WORDS and read_quantity(tok) is not None:
            merged[-1] = f"{prev} {tok}"  # "约 20只", "about 20": approximate (the reader flags it)
        elif prev and tok.lower() in _WORDS_AND and prev.split()[-1].lower() in _WORDS_AND:
            merged[-1] = f"{prev} {tok}"  # "twenty five", "two hundred and fifty"
        elif prev and _EN_UNIT.match(tok) \
                and (_NUMBERISH.match(prev) or english_number(prev) is not None or _CN_NUMBER.match(prev)):
            merged[-1] = f"{prev} {tok}"  # "5 pcs"; "5 m" keeps its space: "5m" would be part of a model
        elif prev and tok[0] in "千万萬百kK" and (len(tok) == 1 or tok[1:] in ZH_UNIT_CHARS) and _NUM.match(prev):
            merged[-1] = prev + tok  # "2 千", "1.5 万个"
        elif prev and tok[0] in ZH_UNIT_CHARS and re.fullmatch(_MORE, tok[1:]) and _NUMBERISH.match(prev):
            merged[-1] = prev + tok  # "5 个半", "2 箱多": flagged by the reader
        elif prev and tok[0] in ZH_UNIT_CHARS and len(tok) <= 3 and _NUMBERISH.match(prev):
            merged[-1] = prev + tok[0]  # "5 个", "3 打" (the reader flags 打)
            if len(tok) > 1:
                merged.append(tok[1:])
        elif prev and tok in _PINS and prev.isdigit():
            merged[-1] = prev + tok  # "14脚": a relay's pins, what it is (a stated value), never its quantity
        elif prev and len(tok) == 1 and _CJK.match(tok) and _NUM.match(prev) and tok not in _CHAT \
                and tok not in _COLOURS and tok not in NUMERAL_CHARS and not is_attribute_suffix(tok):
            merged[-1] = prev + tok  # "3 双": a count word we do not know, flagged by the reader
        else:
            merged.append(tok)
    return merged


@per_paste
def _pieces(t: str) -> list[str]:
    return _split_cjk(t) if _CJK.match(t) else _split_colon(t)


@per_paste
def _joins_nothing(tok: str) -> bool:
    """True when ``tokens`` joins ``tok`` to no token before it, whatever that token is, save a token ending in "/"
    or an "about" word: none of its joins has a condition on ``tok`` alone that ``tok`` meets."""
    return not (tok[:1] in ":：" or "/" in tok or tok.lower() in _WORDS_AND or _EN_UNIT.match(tok)
                or tok[0] in "千万萬百kK" or tok[0] in ZH_UNIT_CHARS or tok in _PINS
                or (len(tok) == 1 and _CJK.match(tok)))


def one_chinese_token(tok: str) -> bool:
    """True when ``tokens`` keeps ``tok``, a run of Chinese ("两百个"), as one token, after any token."""
    return _CJK.fullmatch(tok) is not None and _pieces(tok) == [tok] and _joins_nothing(tok)


def whole_words(words: list[str], slash: bool = True) -> bool:
    """True when ``tokens`` keeps each of ``words`` (ASCII letters, digits and ``./+-``, one space apart, then a
    quantity) as a token of its own, as it is: none has a times sign to set apart ("x5", "5x"), none of the joins above
    can take it or the token after it (a unit, a number word, "k", an "about", a pack's "/" after a number).
    ``slash``: whether any word has a "/" (False: none has)."""
    return all(map(_stays_whole, words)) and not (slash and any("/" in w and _NUM.match(p) for p, w in pairwise(words)))


@per_paste
def _stays_whole(word: str) -> bool:
    low = word.lower()
    return not (_X_EITHER.search(word) or low in _WORDS_AND or low in _APPROX_WORDS or _EN_UNIT.match(word)
                or low == "k" or word.startswith("/") or word.endswith("/"))


@per_paste
def read_token(tok: str) -> Quantity | None:
    """A token as a quantity, with the parser's exceptions: a length glued to digits ("100m") belongs to a model,
    and a space-grouped number is flagged."""
    if _GROUPED in tok:
        shown = tok.replace(_GROUPED, " ")
        return Quantity(shown, None, issue=QtyIssue.AMBIGUOUS_SEPARATOR) if re.fullmatch(r"[\d ]+", shown) else None
    if GLUED_LENGTH.match(tok):
        return None
    return read_quantity(tok)


def restore(text: str) -> str:
    return text.replace(_GROUPED, " ")
