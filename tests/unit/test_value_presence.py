"""``ValueParser.has_value``: whether a text holds any value, told at the first one found (the paste's parser asks
it of model-like words), always what ``find`` would say."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from b2bterm.domain.values import value_parser

# pieces that values and model numbers are written with: numbers, units, cable sizes, ranges, poles, curves,
# voltages, contacts, value words in English and Chinese
PIECES = ["5", "0.3", "16", "220", "2.5", "x", "*", "×", "-", "~", "+", " ", "a", "v", "ac", "dc", "p", "c", "b",
          "m", "mm2", "kw", "s", "min", "no", "nc", "极", "常开", "芯", "平方", "lc1d", "rvv", "nxb", "m12", "pnp",
          "npn", "red", "blue", "蓝色", "两组", "dpdt", "双极", "24vdc", "1p+n", "3p", "c16", "0-30s", "9-13a"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=6))
def test_has_value_says_what_find_finds(pieces: list[str]) -> None:
    text = "".join(pieces)
    parser = value_parser()
    assert parser.has_value(text) == bool(parser.find(text)), text


def test_has_value_on_words_of_a_paste() -> None:
    parser = value_parser()
    assert parser.has_value("5x0.3")  # a cable size
    assert parser.has_value("c16")  # a curve and its current
    assert parser.has_value("220v")
    assert not parser.has_value("lc1d09m7")  # a model number holds no value
    assert not parser.has_value("kvvp")
