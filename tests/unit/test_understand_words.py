"""The whole-word test the lexicon is built with (understand._contains) says what the regular expression it
replaced said: an ASCII alias only as a whole word (no a-z or 0-9 next to it), a Chinese one anywhere."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from b2bterm.domain.understand import _contains

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
