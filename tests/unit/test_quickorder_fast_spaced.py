"""The parser's fast readings of a model written with spaces ("RVV 3x1.5 100m 5个", "BV 2.5 red 100m x 3", "型号:
KVVP 3x1.5 数量: 93", "YJV-0.6/1kV 4x25+1x16\t14pcs", full-width forms, grouped thousands) give exactly what its
general reading gives, for every line: generated from words a model has and words close to the rules' own (times
signs, units, number words, "about", labels, packs, list numbers, Chinese), in every layout the fast readings take."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from b2bterm.quickorder import parser, qtytokens
from b2bterm.quickorder.parser import parse_order_text
from b2bterm.quickorder.specwords import KEPT_COMMA

WORDS = [
    "RVV", "KVVP", "kvv", "ZR-RVV", "YJV-0.6/1kV", "BV", "UT", "WDZ-RYY", "K-VVP", "DZ47s", "LC1-D09", "M7", "LC1D09M7",
    "3x1.5", "4x25+1x16", "2.5", "4", "16", "100m", "50m", "5m0", "red", "blak", "yellow-green", "2P", "C16", "AC220",
    "1S", "100mA", "x", "X", "x2.5", "5x", "X1", "and", "about", "k", "K", "m", "pcs", "five", "qty", "Q", "q5", "0",
    "1,000", "12", "007", "1/2", "/", "3/", "1P+N", "DILM95(RDC12)", "5-10", "PO", "Tel", "021-5555", "1234",
    "13812345678", "2026-12-05", "3X1.5", "3*1.5", "ＲＶＶ", "６ｘ１．５", "２００ｍ", "个", "红", "3芯", "UT 2,5",
]  # fmt: skip
SEPS = [" ", "  ", " x ", " X ", "\t", ",", " * ", " x  "]
QTYS = ["5", "12", "0", "100", "1000000", "99999999", "5个", "20只", "3台", "7pcs", "2箱", "3盒", "十二个",
        "两百六十八只", "一百零五台", "万个", "百个", "○五个", "1,000", "4,028", "12,5", "1.5", "5米", "3卷"]
LEADS = ["", "1. ", "12) ", "3. 4. ", "- ", "① ", "１２． ", "  "]
LAYOUTS = ["{m}{s}{q}", "型号: {m} 数量: {q}", "型号: {m}{s}{q}", "{m}{s}{q} "]


def _general(line: str) -> parser.ParseResult:
    with pytest.MonkeyPatch.context() as m:
        m.setattr(parser, "_fast_line", lambda raw: None)
        return parse_order_text(line)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5), st.sampled_from(SEPS), st.sampled_from(QTYS),
       st.sampled_from(LEADS), st.sampled_from(LAYOUTS), st.booleans())
def test_a_model_with_spaces_and_a_quantity_read_fast_as_in_general(words: list[str], sep: str, qty: str, lead: str,
                                                                    layout: str, wide: bool) -> None:
    model = " ".join(words)
    if wide:  # as a Chinese keyboard types it: full-width letters and digits
        model = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in model)
    line = lead + layout.format(m=model, s=sep, q=qty)
    assert parse_order_text(line) == _general(line), repr(line)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="RVKxX0123456789.,/+- \t个只万百型号数量:", min_size=3, max_size=24))
def test_any_line_of_such_characters_reads_the_same(line: str) -> None:
    assert parse_order_text(line) == _general(line), repr(line)


def test_the_commonest_spaced_lines_are_read_fast() -> None:
    lines = ["RVV 3x1.5 100m 5个", "BV 2.5 red 100m x 3", "型号: KVVP 3x1.5 50m 数量: 93", "KVVP 8x1.5 200m\t5",
             "YJV-0.6/1kV 4x25+1x16,14pcs", "12. ZR-RVV 3x0.5 100m 3pcs", "ＲＶＶ ６ｘ１．５ ２００ｍ x 2盒",
             "KVV 10x0.3 4,028", "LC1-D09 M7 两百只"]
    for line in lines:
        assert parser._fast_line(line) is not None, line
        assert parse_order_text(line) == _general(line), line


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from([*WORDS, *QTYS, "5", "ten", "pcs.", "x5", "20-30", "ca."]), min_size=1, max_size=6))
def test_plain_words_split_as_the_token_rules_split_them(words: list[str]) -> None:
    text = " ".join(words)
    qtytokens.forget_paste()
    fast = qtytokens.tokens(text, KEPT_COMMA)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(qtytokens, "_PLAIN_WORDS", re.compile(r"(?!)"))  # every line the way of the rewrites and joins
        assert fast == qtytokens.tokens(text, KEPT_COMMA), repr(text)
