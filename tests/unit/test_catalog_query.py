"""parse_query: filters, words, Chinese runs and code keys, and nothing unsafe ever reaching FTS."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from b2bterm.domain.search_query import (
    MAX_QUERY_CHARS,
    MAX_TERMS,
    chinese_index_terms,
    chinese_query,
    parse_query,
    split_terms,
)

SAFE_TOKEN = re.compile(r"^[^\W_]+$")


def test_filters_words_and_chinese() -> None:
    q = parse_query('接触器 9A brand:"Schneider Electric" cat:cont LC1D09')
    assert q.brand == "Schneider Electric" and q.category == "cont"
    assert q.words == ("9a", "lc1d09") and q.chinese == ("接触器",)
    assert q.code_key == ""  # Chinese in the text: not a code
    assert parse_query("品牌：正泰 交流").brand == "正泰"
    assert parse_query("CAT:Relay").category == "Relay"


def test_code_key_is_normalised() -> None:
    assert parse_query("６ＥＳ７２１４－１ＡＧ４０").code_key == "6ES72141AG40"
    assert parse_query("lc1-d09 m7").code_key == "LC1D09M7"
    assert parse_query("x" * 41).code_key == ""  # too long to be a code


def test_mixed_runs_split_into_chinese_and_latin() -> None:
    assert split_terms("接触器9A") == ["接触器", "9a"]
    assert split_terms("AC220V交流接触器LC1") == ["ac220v", "交流接触器", "lc1"]


def test_chinese_index_and_query_agree() -> None:
    assert chinese_index_terms("电磁阀") == ["电磁", "磁阀", "阀"]
    assert chinese_query("磁阀") == '"磁阀"'
    assert chinese_query("电磁阀") == '"电磁 磁阀"'
    assert chinese_query("阀") == '"阀"*'


@given(st.text(max_size=3000))
def test_parse_never_raises_and_yields_only_plain_tokens(text: str) -> None:
    q = parse_query(text)
    assert len(q.text) <= MAX_QUERY_CHARS
    assert len(q.words) <= MAX_TERMS and len(q.chinese) <= MAX_TERMS
    for token in (*q.words, *q.chinese):
        assert SAFE_TOKEN.match(token), token
    assert q.code_key == "" or SAFE_TOKEN.match(q.code_key)
    for value in (q.brand, q.category):
        assert "\x00" not in value


@given(st.from_regex(r"[A-Za-z0-9]{1,6}([- ][A-Za-z0-9]{1,6}){0,3}", fullmatch=True))
def test_codes_typed_with_separators_meet_on_one_key(code: str) -> None:
    assert parse_query(code).code_key == parse_query(code.replace("-", "").replace(" ", "").upper()).code_key
