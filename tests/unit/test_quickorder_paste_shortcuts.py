"""The paste parser's shortcuts (issue 18: a 500-line paste read in ≤ 25 ms) answer what its full rules answer: each
shortcut is switched off here and the answers compared, on generated lines and tokens of the shapes it takes and of
shapes close to them. What a paste's tokens are is remembered for that paste only."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from b2bterm.domain import quantity
from b2bterm.domain.quantity import _read, clean, read_quantity
from b2bterm.quickorder import items, parser, qtytokens
from b2bterm.quickorder.parser import parse_order_text

MODELS = ["LC1D09M7", "3RT2015-1BB41", "A9F74216", "GV2ME10", "NXB-63", "lc1d09m7", "6ES7214-1AG40-0XB0", "M6x20",
          "XquantityY1", "QTY5A", "aQty5", "x12AB", "AB12x", "4.A1", "E9AAN3C20", "S201-C16", "2X16A", "A1/B2",
          "KVV-4x1.5", "Tel-12345", "PO-4512345", "20-30", "LC1D", "ABC", "12345678"]
NUMERALS = ["十二", "两百四十三", "一百零五", "三十", "十", "零", "一二", "百", "两千零五", "廿", "五"]
UNITS = ["", "个", "只", "台", "pcs", "箱", "盒", "PCS", "打", "米", "卷", "包", "件", "套", "pc", "m"]
QTYS = st.one_of(st.builds("{}{}".format, st.sampled_from(["5", "12", "0", "007", "1000000", "1000001", "99999999"]),
                           st.sampled_from(UNITS)),
                 st.builds("{}{}".format, st.sampled_from(NUMERALS), st.sampled_from(UNITS)),
                 st.sampled_from(["1,000", "2.5", "1 500", "5-10", "½", "x5", "5x", "二十来个", "半箱"]))
SEPS = [" ", "  ", "\t", ",", " x ", " X ", ", ", " * ", ""]
LEADS = ["", "1. ", "12) ", "  ", "3. 4. ", "- "]


def _general(line: str) -> parser.ParseResult:
    with pytest.MonkeyPatch.context() as m:
        m.setattr(parser, "_fast_line", lambda raw: None)
        return parse_order_text(line)


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(MODELS), st.sampled_from(SEPS), QTYS, st.sampled_from(LEADS),
       st.sampled_from(["", " ", "\t"]), st.booleans())
def test_a_line_read_fast_reads_as_in_general(model: str, sep: str, qty: str, lead: str, tail: str,
                                              labelled: bool) -> None:
    line = f"{lead}型号: {model} 数量: {qty}{tail}" if labelled else f"{lead}{model}{sep}{qty}{tail}"
    assert parse_order_text(line) == _general(line), repr(line)


def test_the_fast_reading_takes_chinese_numerals_packs_and_labels() -> None:
    for line in ("LC1D09M7 十二个", "A9F74216\t两百四十三只", "GV2ME10,3箱", "3RT2015-1BB41 x 2盒",
                 "型号: LC1D09M7 数量: 5", "型号: A9F74216 数量: 一百零五台", "12. 型号: GV2ME10 数量: 2箱"):
        fast = parser._fast_line(line)
        assert fast is not None, line
        assert parse_order_text(line) == _general(line)


def test_a_model_holding_a_quantity_label_is_read_the_general_way() -> None:
    # "quantity" inside a model: the general reading takes it for the label, so the fast one must not take the line
    assert parser._fast_line("XquantityY1 5") is None
    assert parse_order_text("XquantityY1 5") == _general("XquantityY1 5")


@settings(max_examples=500, deadline=None)
@given(st.one_of(QTYS, st.builds("{}{}".format, st.sampled_from([*NUMERALS, "5", "0", "17"]),
                                 st.sampled_from([*UNITS, "dozen", "半", "多", "/盒", ":"]))))
def test_a_plain_count_reads_as_the_full_rules_read_it(token: str) -> None:
    read_quantity.cache_clear()
    assert read_quantity(token) == _read(token, clean(token).strip())
    with pytest.MonkeyPatch.context() as m:
        m.setattr(quantity, "_PLAIN_COUNT", re.compile("(?!)"))
        read_quantity.cache_clear()
        slow = read_quantity(token)
    read_quantity.cache_clear()
    assert read_quantity(token) == slow


_PIECES = st.sampled_from([
    "LC1D09M7", "5", "12", "x", "X", "×", "*", "5x", "x5", "3x1.5", "RVV", "pcs", "m", "个", "箱", "十二", "只", "/",
    "/盒", "10只/盒", "盒", "about", "约", "twenty", "five", "and", "合计", "：20只", ":20", "元", "k",
    "千", "万", "半", "多", "脚", "双", "红", "(", ")", "每盒", "—", "1.5", "2,5", "UT", ",", ";", "、",
])  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=8), st.sampled_from([" ", "", "  "]))
def test_tokens_split_as_without_the_shortcuts(pieces: list[str], joiner: str) -> None:
    text = joiner.join(pieces)
    qtytokens.forget_paste()
    fast = qtytokens.tokens(text, parser._KEPT_COMMA)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(qtytokens, "_joins_nothing", lambda tok: False)
        m.setattr(qtytokens, "_X_EITHER", re.compile(""))
        assert fast == qtytokens.tokens(text, parser._KEPT_COMMA), repr(text)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.lists(_PIECES, min_size=1, max_size=4).map("".join), st.text(max_size=12)))
def test_a_code_is_cleaned_as_without_the_shortcut(code: str) -> None:
    assert parser._clean_code(code) == parser._clean_code_rules(code)


def test_what_a_paste_taught_is_forgotten_when_the_next_is_read() -> None:
    parse_order_text("RVV 3x1.5 100m 5个\nLC1D09M7 十二只")
    assert parser._token_kind.cache_info().currsize > 0
    parse_order_text("")
    assert parser._token_kind.cache_info().currsize == 0
    assert qtytokens.read_token.cache_info().currsize == 0


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=8), st.lists(st.sampled_from(
    [" ", "\t", "\u3000", "1", "12", "1234", ".", ")", "、", "(", "#", "-", "*", "•", "①", "⒛", "❶", "❿", "⑴", "١",
     "²", "LC1D09M7", "a"]), max_size=5).map("".join)))
def test_a_list_marker_is_stripped_as_its_pattern_strips_it(line: str) -> None:
    assert parser.strip_marker(line) == parser._LIST_MARKER.sub("", line, count=1)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["1", "12", "123", "000", "500", " ", "  ", "GV2ME", "UT", "4", "个", "pcs", "x", ",",
                                 "1,000", ".", "٣", "m", "X", "×", "*", "1,200", "x1,200"]),
                min_size=1, max_size=9).map("".join))
def test_grouped_numbers_join_as_without_the_shortcuts(text: str) -> None:
    fast = qtytokens.join_thousands(text)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(qtytokens, "_SPACE_GROUP", re.compile(""))
        m.setattr(qtytokens, "_COMMA_GROUP", re.compile(""))
        assert fast == qtytokens.join_thousands(text), repr(text)


_ITEM_PIECES = st.sampled_from([
    "LC1D09M7", "GV2ME10", " ", "5个", "3", "x5", "，", "；", "、", " + ", "+", " & ", ", ", ",", "; ", "和", " 和 ",
    " and ", "and", " 还有 ", "以及", "个和", "各", "\t", "BV 2.5", "RVV 3x1.5", "\u3000", "\x1c", "\x85",
])  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_ITEM_PIECES, min_size=1, max_size=8).map("".join))
def test_items_split_as_without_the_shortcut(text: str) -> None:
    fast = items.split_items(text)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(items, "_SEPARATOR_CHARS", text)  # the separators always looked for
        assert fast == items.split_items(text), repr(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(_ITEM_PIECES, min_size=1, max_size=8).map("".join))
def test_tokens_split_on_spaces_as_the_pattern_splits(text: str) -> None:
    qtytokens.forget_paste()
    fast = qtytokens.tokens(text)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(qtytokens, "_SPLIT_CHARS", text)  # the pattern always used
        assert fast == qtytokens.tokens(text), repr(text)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(alphabet=st.characters(max_codepoint=127), max_size=14),
                 st.lists(_PIECES, min_size=1, max_size=4).map("".join)))
def test_an_ascii_code_normalises_as_its_pattern_folds_it(code: str) -> None:
    from b2bterm.domain import modelno

    if code.isascii():
        assert modelno.normalise(code) == modelno._SEPARATORS.sub("", code.upper())
