"""The paste parser's shortcuts answer what the full rules answer: a model number is never a quantity (read without
the reader's dozen rules), a cable size is rewritten only when it needs it, and whole lines with quantities as
customers write them (Chinese numerals, grouped thousands, packs, units) still read right."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from b2bterm.domain.modelno import looks_like_code, normalise
from b2bterm.domain.quantity import EN_NUMBER_WORDS, _read, clean, english_number, read_quantity
from b2bterm.quickorder import fastline, noise
from b2bterm.quickorder.parser import parse_order_text
from b2bterm.quickorder.qtytokens import _CABLE_SIZE, _cable_size, cable_sizes

_TOKEN_PIECES = st.sampled_from([
    "LC1D09M7", "3RT2015", "-", "1BB41", "qty", "Qty", "q'ty", "quantity", "about", "approx", "around", "ca.", "~",
    "5", "12", "1,000", "1.5", "e", "E", "k", "K", "x", "X", "m", "M", "pcs", "pc", "ea", "box", "dozen", "kg", "/",
    ":", ".", ",", " ", "+", "a", "z", "RVV", "3x1.5", "3*1.5", "100m", "个", "箱", "十二", "两百", "二十来", "半",
    "five", "twenty", "(", ")", "#", "%", "°",
])  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=12), st.lists(_TOKEN_PIECES, min_size=1, max_size=6).map("".join)))
def test_a_token_reads_as_the_full_rules_read_it(token: str) -> None:
    read_quantity.cache_clear()
    assert read_quantity(token) == _read(token, clean(token).strip())


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=30), st.lists(_TOKEN_PIECES, min_size=1, max_size=10).map(" ".join)))
def test_cable_sizes_rewrites_exactly_what_its_pattern_would(text: str) -> None:
    assert cable_sizes(text) == _CABLE_SIZE.sub(_cable_size, text)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=20), st.lists(_TOKEN_PIECES, min_size=1, max_size=5).map("".join)))
def test_looks_like_code_is_letters_and_digits_or_long_digits(token: str) -> None:
    key = normalise(token)
    shaped = len(key) >= 3 and key.isascii() and any(c.isdigit() for c in key) and (
        any(c.isalpha() for c in key) or len(key) >= 5)
    assert looks_like_code(token) is shaped


_DIGITS = "零一二三四五六七八九"


def chinese(n: int, two: str) -> str:
    """1..9999 in Chinese numerals as written (十二, 一百一十, 一千零五, 两百 with ``two`` = "两")."""
    out, zero, started = "", False, False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        digit, n = divmod(n, value)
        if digit:
            out += "零" if zero else ""
            lead = two if digit == 2 and value >= 100 else _DIGITS[digit]
            out += ("" if value == 10 and digit == 1 and not started else lead) + unit
            zero, started = False, True
        elif started and n:
            zero = True
    if n:
        out += ("零" if zero else "") + _DIGITS[n]
    return out


_CODES = st.one_of(  # ending in a digit: "AA00X 5" reads as AA00 × 5, a multiplier (as it always has)
    st.from_regex(r"[A-Z]{2,3}[0-9]{1,3}[A-Z]{0,2}[0-9]{1,2}", fullmatch=True),
    st.from_regex(r"[0-9][A-Z]{2}[0-9]{4}-[0-9][A-Z]{2}[0-9]{2}", fullmatch=True),
)


@settings(max_examples=300, deadline=None)
@given(code=_CODES, qty=st.integers(min_value=1, max_value=9999), two=st.sampled_from(["二", "两"]),
       unit=st.sampled_from(["", "个", "只", "台", "件", "套", "箱", "盒", "卷", "米"]),
       layout=st.sampled_from(["{c} {q}", "{c} x {q}", "{c}\t{q}", "{n}. {c} {q}", "型号: {c} 数量: {q}",
                               "{c}  {q}", "{c},{q}"]))
def test_lines_with_chinese_numerals_and_units_read_right(code: str, qty: int, two: str, unit: str,
                                                          layout: str) -> None:
    (line,) = parse_order_text(layout.format(c=code, q=chinese(qty, two) + unit, n=3)).lines
    assert (line.code, line.qty, line.unit, line.qty_error) == (code, qty, unit, "")


@settings(max_examples=200, deadline=None)
@given(code=_CODES, qty=st.integers(min_value=1000, max_value=999_999),
       unit=st.sampled_from(["", "个", "pcs", "箱"]), layout=st.sampled_from(["{c} {q}", "{c} x {q}", "{c}\t{q}"]))
def test_grouped_thousands_read_as_one_number(code: str, qty: int, unit: str, layout: str) -> None:
    (line,) = parse_order_text(layout.format(c=code, q=f"{qty:,}{unit}")).lines
    assert (line.code, line.qty, line.unit) == (code, qty, unit)


def test_the_cyclic_collector_is_held_while_a_paste_is_read_and_back_after(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from b2bterm.domain.models import Product
    from b2bterm.local.db import Database
    from b2bterm.local.drafts import DraftStore
    from b2bterm.quickorder import pad as pad_module
    from b2bterm.quickorder.collector import collector_held
    from b2bterm.quickorder.memory import InMemoryLookup

    assert gc.isenabled()
    with collector_held():
        with collector_held():  # nested (or another thread's paste): still held
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    try:
        with collector_held():
            raise ValueError("a paste that failed")
    except ValueError:
        pass
    assert gc.isenabled()  # back after a failure too
    gc.disable()
    try:
        with collector_held():
            pass
        assert not gc.isenabled()  # left as the app had it
    finally:
        gc.enable()

    seen: list[bool] = []
    parse = pad_module.parse_order_text
    monkeypatch.setattr(pad_module, "parse_order_text", lambda text: (seen.append(gc.isenabled()), parse(text))[1])
    store = DraftStore(Database(tmp_path / "pad.sqlite"))
    lookup = InMemoryLookup([Product(sku="SKU-1", model="LC1D09M7", brand="Schneider", category="c", name_en="x")])

    async def no_prices(account_id: str, items: list[tuple[str, int]]) -> list[object]:
        return []

    pad = pad_module.OrderPad.create(store, lookup, "ACME", prices=no_prices)  # type: ignore[arg-type]
    added = pad.add_text("LC1D09M7 十二个\nZZQ-4711 两百只")
    assert seen == [False] and gc.isenabled()
    assert [(x.sku, x.qty) for x in added.added] == [("SKU-1", 12), ("", 200)]
    store.db.close()


_LINE_PIECES = st.sampled_from([
    "LC1D09M7", "施耐德接触器", "9A", "220V", "5", "15", "105", "0", "个", "只", "箱", "pcs", "PCS", "Pcs.", "box",
    "x", "X", "×", "*", "qty", "QTY", "数量", ":", "：", " ", "  ", "\t", "\u3000", "\xa0", "-", "3P16A10", "m",
])  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(_LINE_PIECES, min_size=1, max_size=8).map("".join),
       st.one_of(st.sampled_from([0, 5, 10, 15, 105]), st.integers(-3, 200)),
       st.sampled_from(["", "个", "只", "pcs", "PCS", "Pcs.", "box", "m", " pcs", "pcs ", "5个", "(", "?"]))
def test_a_description_loses_its_quantity_as_the_per_line_patterns_cut_it(raw: str, qty: int, unit: str) -> None:
    from b2bterm.quickorder.description import _description_text_slow, description_text
    from b2bterm.quickorder.parser import ParsedLine

    line = ParsedLine(line_no=1, raw=raw, code="X", qty=qty, unit=unit)
    assert description_text(line) == _description_text_slow(line, raw.strip())


_ZH_PIECES = st.sampled_from([
    "施耐德接触器", "LC1D09M7", "十二", "两百", "三", "十", "个", "只", "箱", "盒", "x", "X", "×", "*", "qty", "QTY",
    "数量", ":", "：", " ", "\u3000", "\xa0", "5", "12", "pcs", "box", "ǅ", "ǆ", "K", "\u212a", "k", "ſ", "s",
])  # fmt: skip


@settings(max_examples=700, deadline=None)
@given(st.lists(_ZH_PIECES, min_size=1, max_size=8).map("".join),
       st.lists(_ZH_PIECES, min_size=1, max_size=3).map("".join),
       st.integers(-3, 300),
       st.sampled_from(["", "个", "只", "box", "carton", "pcs", " pcs", "5个", "K", "\u212a", "ſ"]))
def test_a_chinese_quantity_is_cut_as_the_per_line_patterns_cut_it(raw: str, written: str, qty: int,
                                                                    unit: str) -> None:
    """Quantities written in Chinese (and units no ASCII fast path takes) are found at the line's end with patterns
    compiled once: the same cut as the patterns made for each line, case-blind letters included."""
    from b2bterm.domain.quantity import Quantity
    from b2bterm.quickorder.description import _description_text_at_end, _description_text_slow, description_text
    from b2bterm.quickorder.parser import ParsedLine

    line = ParsedLine(line_no=1, raw=raw + written, code="X", qty=qty, unit=unit, quantity=Quantity(written, qty))
    text = line.raw.strip()
    assert description_text(line) == _description_text_slow(line, text)
    assert _description_text_at_end(line, text) in (None, _description_text_slow(line, text))


@pytest.mark.parametrize(("raw", "described"), [
    ("bvr 4 red 100m x 二只", "bvr 4 red 100m"),
    ("BVR 4 red 100m X两百只", "BVR 4 red 100m"),
    ("正泰空开 3P 16A 十个", "正泰空开 3P 16A"),
    ("正泰空开3P16A十只", "正泰空开3P16A"),
    ("施耐德接触器9A 220V线圈 * 三只", "施耐德接触器9A 220V线圈"),
    ("施耐德接触器9A 220V线圈 数量：十二个", "施耐德接触器9A 220V线圈"),
    ("bvr 4 red 100m x 2", "bvr 4 red 100m"),
])
def test_a_description_loses_its_quantity_however_it_is_written(raw: str, described: str) -> None:
    """The words searched for a line no code matched are the line without its quantity, Chinese numerals and a
    multiplier before them too: "x 二只" left in the words found nothing (the search wanted an "x")."""
    from b2bterm.quickorder.parser import parse_order_text
    from b2bterm.quickorder.resolve import description_text

    (line,) = parse_order_text(raw).lines
    assert description_text(line) == described


@pytest.mark.parametrize("token", ["2.5", "0.75", "1.5", "1.0", "10.00", "0.0", "1.000", "12.500", "999.999",
                                   "1000000.0", "1000001.0", "3.14159", "007.5", "1234.5"])
def test_a_decimal_reads_as_the_full_rules_read_it(token: str) -> None:
    """A cable's cross-section ("2.5", "0.75") is read without the reader's rules for labels, units and words."""
    read_quantity.cache_clear()
    assert read_quantity(token) == _read(token, token)


@pytest.mark.parametrize("word", [*sorted(EN_NUMBER_WORDS), "a", "and", "RVV", "yellow", "Five", "HUNDRED", "k",
                                  "pcs", "dozen", "ZR", "twentyfive"])
def test_one_word_is_a_number_as_in_a_phrase(word: str) -> None:
    """``english_number`` of one word of letters answers what it answers for the same word in a phrase (its general
    reading: "and" is dropped from a phrase)."""
    assert english_number(word) == english_number(f"{word} and")


def _noise_by_each_pattern(text: str) -> str:
    """``is_noise_line`` as it was written before its one-pattern first look: each pattern in turn."""
    stripped = text.strip()
    if noise._DATE.match(stripped):
        return "a date, not an order line"
    if noise._CONTACT_LABEL.match(stripped) or noise.looks_like_phone(stripped):
        return "contact details (phone, address, e-mail)"
    if noise._CN_MOBILE.search(stripped) and not noise.CODE_LABEL.search(stripped):
        return "contact details (phone, address, e-mail)"
    if noise._REFERENCE_LABEL.match(stripped):
        return "reference or date, not an order line"
    return ""


_NOISE_PIECES = st.sampled_from([
    "Tel", "tel:", "TEL", "Phone", "mobile", "Mob", "fax", "E-mail", "email", "qq", "QQ", "wechat", "电话", "手机：",
    "座机", "传真", "邮箱", "微信", "地址", "address", "联系人", "contact", "收货人", "收件人", "PO", "po:", "P.O.",
    "PO No", "订单号", "合同号", "Ref", "reference", "date", "日期", "交期：", "项目", "project", "2026-12-07",
    "2026年12月7日", "021-5555 1234", "+86 138 1234 5678", "(021) 55551234", "13812345678", "LC1D09M7", "5", "个",
    " ", ":", "=", "#", "-", "(", ")", "+", "型号:", "RVV 3x1.5", "x", "0", "1",
])  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.one_of(st.text(max_size=24), st.lists(_NOISE_PIECES, min_size=1, max_size=6).map("".join),
                 st.lists(_NOISE_PIECES, min_size=1, max_size=6).map(" ".join)))
def test_a_line_is_noise_as_each_pattern_in_turn_says(text: str) -> None:
    assert noise.is_noise_line(text) == _noise_by_each_pattern(text)


_FAST_PIECES = st.sampled_from(["LC1D09M7", "A9", "x", "X", "5", "12个", " ", "  ", "\t", ",", "RVV", "3x1.5", "-"])


@settings(max_examples=600, deadline=None)
@given(st.lists(_FAST_PIECES, min_size=1, max_size=7).map("".join))
def test_no_one_word_model_line_has_a_word_between_two_others(text: str) -> None:
    """``fastline._SPACED_PARTS`` (a word between two others, not a times sign) rules out ``_FAST_LINE``."""
    if fastline._FAST_LINE.fullmatch(text):
        assert fastline._SPACED_PARTS.search(text) is None, repr(text)
