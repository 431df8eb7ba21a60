"""The whole-word test the lexicon is built with (understand._contains) says what the regular expression it
replaced said: an ASCII alias only as a whole word (no a-z or 0-9 next to it), a Chinese one anywhere."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from b2bterm.domain.understand import Lexicon, _contains

TEXT = st.text(alphabet="ab1 -./Z施耐德", max_size=12)


def _by_pattern(haystack: str, needle: str) -> bool:
    if not needle:
        return False
    if not needle.isascii():
        return needle in haystack
    return re.search(r"(?<![a-z0-9])" + re.escape(needle) + r"(?![a-z0-9])", haystack) is not None


@given(TEXT, TEXT)
def test_whole_word_match_agrees_with_the_pattern(haystack: str, needle: str) -> None:
    assert _contains(haystack, needle) == _by_pattern(haystack, needle)


def test_whole_words_only() -> None:
    assert _contains("abb ab", "ab")  # the second one stands alone
    assert not _contains("abb", "ab")
    assert _contains("schneider electric", "schneider")
    assert not _contains("schneiderx", "schneider")
    assert _contains("x-ab/y", "ab")  # punctuation is a boundary
    assert _contains("施耐德电气", "施耐德")
    assert not _contains("anything", "")


def _whole_pattern(lex: Lexicon) -> re.Pattern[str]:
    """The one expression of every phrase that Lexicon.phrases compiled before it kept only the candidates."""
    lex.phrases("")
    assert lex._phrases is not None
    parts = [r"(?<![a-z0-9])" + re.escape(alias).replace(r"\ ", r"[\s\-]+") + r"(?![a-z0-9])"
             if alias.isascii() else re.escape(alias) for alias, _probe in lex._phrases[0]]
    return re.compile("|".join(parts))


LEX = Lexicon.build(["Schneider Electric", "ABB", "Siemens", "Phoenix Contact", "正泰 CHINT", "Mitsubishi Electric"],
                    ["Contactors", "Miniature circuit breakers", "Thermal overload relays", "Cable ties", "接触器"])
_whole = _whole_pattern(LEX)
PHRASES = [alias for alias, _probe in LEX._phrases[0]] if LEX._phrases else []


@given(st.lists(st.sampled_from([*PHRASES, "9a", "220v", "lc1d09", "3p", "x", "-", "施耐德"]), max_size=4),
       st.sampled_from([" ", "-", "  ", "", "x"]))
def test_phrases_found_in_a_query_are_those_of_the_whole_expression(words: list[str], gap: str) -> None:
    query = gap.join(words).lower()
    pattern, _meaning = LEX.phrases(query)
    assert [m.span() for m in pattern.finditer(query)] == [m.span() for m in _whole.finditer(query)]
