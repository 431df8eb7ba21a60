"""The public corpus of real-style order messages (tests/corpus/order_messages.txt), checked line by line: every
quantity as the customer meant it or the line flagged, no line lost; and hypothesis properties of the same rules."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from b2bterm.domain.quantity import MAX_QTY, chinese_number, read_quantity
from b2bterm.quickorder.parser import ParsedLine, parse_order_text

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "order_messages.txt"
ARROW = " ⟹ "


@dataclass(frozen=True)
class Expected:
    raw: str
    kind: str  # "ignored", "qty", "flagged", "assumed"
    code: str = ""
    qty: int = 0
    unit: str = ""


def _expectation(raw: str, text: str) -> Expected:
    if text == "ignored":
        return Expected(raw, "ignored")
    code, _, what = text.partition(" | ")
    if what in ("flagged", "assumed"):
        return Expected(raw, what, code)
    number, _, unit = what.partition(" ")
    return Expected(raw, "qty", code, int(number), unit)


def _messages() -> list[tuple[str, list[Expected]]]:
    messages: list[tuple[str, list[Expected]]] = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("=== "):
            messages.append((line[4:], []))
            continue
        raw, _, expected = line.partition(ARROW)
        messages[-1][1].append(_expectation(raw, expected.strip()))
    return messages


MESSAGES = _messages()


def test_the_corpus_is_varied_enough() -> None:
    lines = [e for _, block in MESSAGES for e in block]
    assert len(lines) >= 60
    kinds = {e.kind for e in lines}
    assert kinds == {"ignored", "qty", "flagged", "assumed"}
    assert any(not e.raw.isascii() for e in lines) and any(e.raw.isascii() for e in lines)


def _check(line: ParsedLine, e: Expected) -> str:
    """"" when the line is read as expected, else what went wrong."""
    got = f"code {line.code!r} qty {line.qty} error {line.qty_error!r} unit {line.unit!r}"
    if line.code != e.code:
        return got
    if e.kind == "flagged":
        return "" if line.qty is None and line.qty_error and line.qty_issue is not None else got
    if e.kind == "assumed":
        return "" if line.qty is None and not line.qty_error and line.qty_assumed and line.effective_qty == 1 else got
    ok = line.qty == e.qty and not line.qty_error and line.unit == e.unit.lower()
    return "" if ok else got


@pytest.mark.parametrize(("name", "expected"), MESSAGES, ids=[m[0] for m in MESSAGES])
def test_corpus_message(name: str, expected: list[Expected]) -> None:
    text = "\n".join(e.raw for e in expected)
    result = parse_order_text(text)
    by_no: dict[int, ParsedLine] = {}
    for x in result.lines:  # a line with several items is checked item by item (see test_several_items_per_line)
        by_no.setdefault(x.line_no, x)
    ignored = {i.line_no: i for i in result.ignored}
    wrong = []
    for no, e in enumerate(expected, start=1):
        assert (no in by_no) != (no in ignored), f"line {no} must be accounted for exactly once"
        if e.kind == "ignored":
            if no not in ignored:
                wrong.append((e.raw, "read as an order line", by_no[no].code))
            continue
        if no not in by_no:
            wrong.append((e.raw, "set aside", ignored[no].reason))
            continue
        problem = _check(by_no[no], e)
        if problem:
            wrong.append((e.raw, problem))
    assert wrong == []


SEVERAL = [
    ("LC1D09M7 5个，GV2ME10 3个", [("LC1D09M7", 5), ("GV2ME10", 3)]),
    ("LC1D09M7 x5 + GV2ME10 x3", [("LC1D09M7", 5), ("GV2ME10", 3)]),
    ("LC1D09M7 5个 GV2ME10 3个", [("LC1D09M7", 5), ("GV2ME10", 3)]),
    ("6ES7214-1AG40-0XB0 两台 + 3RT2015-1BB41 5只", [("6ES7214-1AG40-0XB0", 2), ("3RT2015-1BB41", 5)]),
    ("LC1D09M7、LC1D12M7 各10个", [("LC1D09M7", 10), ("LC1D12M7", 10)]),
    ("RVV 3x1.5 100m 5卷, BV 2.5 red 100m 3卷", [("RVV 3x1.5 100m", 5), ("BV 2.5 red 100m", 3)]),
    ("LC1D09M7, GV2ME10 5个", [("LC1D09M7", None), ("GV2ME10", 5)]),  # one quantity for two: flagged
    ("YJV 4x25+1x16 10", [("YJV 4x25+1x16", 10)]),  # a "+" inside a model is no separator
    ("Contactor 9A 220V,4,LC1D09M7", [("LC1D09M7", 4)]),  # CSV cells are one item
]


@pytest.mark.parametrize(("text", "items"), SEVERAL)
def test_several_items_per_line(text: str, items: list[tuple[str, int | None]]) -> None:
    lines = parse_order_text(text).lines
    assert [(x.code, x.qty) for x in lines] == items
    assert all(x.line_no == 1 and x.raw == text for x in lines)
    assert all(x.qty_error for x in lines if x.qty is None)


# --- properties -----------------------------------------------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"


def _to_chinese(n: int) -> str:
    """The standard reading of 1..99,999,999 in Chinese numerals (十二, 一百零五, 两万三千), as a generator does it."""
    def below_10k(x: int, leading: bool) -> str:
        out, zero = "", False
        for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d, x = divmod(x, unit)
            if d:
                if zero and out:
                    out += "零"
                zero = False
                out += ("" if (unit == 10 and d == 1 and leading and not out) else _CN_DIGITS[d]) + name
            elif out:
                zero = True
        return out

    high, low = divmod(n, 10_000)
    if not high:
        return below_10k(low, True)
    text = below_10k(high, True) + "万"
    if low:
        text += ("零" if low < 1000 else "") + below_10k(low, False)
    return text


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=1, max_value=99_999_999))
def test_chinese_numerals_round_trip(n: int) -> None:
    assert chinese_number(_to_chinese(n)) == n


_UNITS = ["", "个", "只", "台", "件", "套", " pcs", "pcs", " ea", "盒", "箱", "卷", "包"]


@settings(max_examples=300, deadline=None)
@given(
    qty=st.integers(min_value=1, max_value=MAX_QTY),
    unit=st.sampled_from(_UNITS),
    form=st.sampled_from(["arabic", "chinese", "comma", "fullwidth"]),
    template=st.sampled_from(["LC1D18M7 {q}", "{q} x LC1D18M7", "LC1D18M7 数量：{q}", "施耐德 LC1D18M7 {q}",
                              "LC1D18M7 x {q}", "- LC1D18M7 ×{q}", "LC1D18M7 共计{q}"]),
)  # fmt: skip
def test_a_written_quantity_is_read_as_meant(qty: int, unit: str, form: str, template: str) -> None:
    if form == "chinese":
        number = _to_chinese(qty)
    elif form == "comma":
        number = f"{qty:,}"
    elif form == "fullwidth":
        number = str(qty).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    else:
        number = str(qty)
    written = number + unit
    (line,) = parse_order_text(template.format(q=written)).lines
    assert (line.code, line.qty, line.qty_error) == ("LC1D18M7", qty, ""), written
    assert line.unit == unit.strip().lower()


_NOT_QUANTITIES = ["十二打", "3打", "½", "¾个", "2.5个", "1.5 pcs", "五双", "两对", "5-10个", "3~4只", "1.000", "0",
                   "-2", "数量：很多", "0个", "1e12", "2000000", "x abc", "三打半"]


@settings(max_examples=300, deadline=None)
@given(
    bad=st.sampled_from(_NOT_QUANTITIES),
    noise=st.lists(st.sampled_from(["你好", "施耐德", "接触器", "急", "please", "Thanks", "型号:", "-", "1."]),
                   max_size=3),
    code=st.sampled_from(["LC1D18M7", "GV2ME10", "3RT2015-1BB41", "NXB-63 1P C16", "BV 2.5 red 100m"]),
)  # fmt: skip
def test_an_unreadable_quantity_is_flagged_never_resolved(bad: str, noise: list[str], code: str) -> None:
    text = " ".join([*noise[:1], code, bad, *noise[1:]]).strip()
    result = parse_order_text(text)
    assert len(result.lines) == 1, (text, result)
    line = result.lines[0]
    assert line.qty is None and line.qty_error and line.qty_issue is not None, (text, line)
    assert line.effective_qty == 0 and not line.qty_assumed


_PIECES = st.sampled_from(
    ["LC1D09M7", "十", "二十五", "两", "百", "千", "万", "个", "只", "打", "箱", "5", "1,000", "½", "x", "×", " ", "\t",
     "数量：", "共计", "\u200b", "5\ufe0f\u20e3", "１２", "pcs", "1.5", "k", "-", "~", "\n", "你好", "谢谢", "1 000"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_every_line_accounted_for_and_no_unreadable_quantity_resolved(text: str) -> None:
    result = parse_order_text(text)
    non_blank = [n for n, raw in enumerate(text.splitlines(), start=1) if raw.strip()]
    assert sorted({x.line_no for x in result.lines} | {i.line_no for i in result.ignored}) == non_blank
    assert not {x.line_no for x in result.lines} & {i.line_no for i in result.ignored}
    assert not any(i.reason.startswith("could not read") for i in result.ignored), result.ignored
    for x in result.lines:
        if x.quantity is not None and x.quantity.issue is not None:
            assert x.qty is None and x.effective_qty == 0 and x.qty_error
        if x.qty is not None:
            assert 1 <= x.qty <= MAX_QTY and x.quantity is not None and x.quantity.ok
        if x.effective_qty == 1 and x.qty is None:
            assert x.qty_assumed  # 1 only where nothing quantity-like was written


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12))
def test_read_quantity_never_raises_and_never_invents(token: str) -> None:
    q = read_quantity(token)
    if q is not None and q.value is not None:
        assert q.issue is None and 1 <= q.value <= MAX_QTY
