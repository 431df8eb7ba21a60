"""The parser's fast reading of the commonest line ("MODEL QTY") gives exactly what its general reading gives: the
same code, quantity, unit, alternative code and issue, for every line it takes; lines it does not take go the general
way. Checked on realistic pastes (the benchmark's maker) and on generated lines of the shapes it takes and of shapes
close to them."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from b2bterm.quickorder import parser
from b2bterm.quickorder.parser import parse_order_text

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import quickorder_bench  # the realistic paste maker


def _general(text: str, monkeypatch: pytest.MonkeyPatch) -> parser.ParseResult:
    with monkeypatch.context() as m:
        m.setattr(parser, "_fast_line", lambda raw: None)
        return parse_order_text(text)


MODELS = ["LC1D09M7", "3RT2015-1BB41", "A9F74216", "GV2ME10", "NXB-63", "lc1d09m7", "6ES7214-1AG40-0XB0", "M6x20",
          "DILM17-01", "XB2BA31C", "1.5KE6V8A", "TEL-5", "MOB-12A", "A13812345678", "QTY5A", "x12AB", "AB12x",
          "4.A1", "12.AB5", "E9AAN3C20", "S201-C16", "5SY6116-7", "2X16A", "PN12A", "A1/B2", "KVV-4x1.5",
          "XB2BH11", "xb4bh51", "X4BH51", "XB4BA31", "XF96HSP5W3", "X.5A", "x-12A", "AB1X", "ABX", "A2Bx", "X1",
          "Xa1"]
SEPS = [" ", "  ", "\t", ",", " x ", " X ", " x", ", ", " * "]
QTYS = ["5", "12", "0", "100", "1000", "99999999", "5个", "20只", "3台", "7pcs", "007", "2箱", "十二个", "1,000"]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(MODELS), st.sampled_from(SEPS), st.sampled_from(QTYS),
       st.sampled_from(["", "1. ", "12) ", "  ", "3. 4. ", "- "]), st.sampled_from(["", " ", "\t"]))
def test_a_model_and_a_quantity_read_fast_as_in_general(model: str, sep: str, qty: str, lead: str,
                                                        tail: str) -> None:
    line = f"{lead}{model}{sep}{qty}{tail}"
    with pytest.MonkeyPatch.context() as m:
        fast = parse_order_text(line)
        m.setattr(parser, "_fast_line", lambda raw: None)
        assert fast == parse_order_text(line), line


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="AbCx0129-./ \t,个只pcs", min_size=1, max_size=16))
def test_any_short_line_reads_the_same(line: str) -> None:
    with pytest.MonkeyPatch.context() as m:
        fast = parse_order_text(line)
        m.setattr(parser, "_fast_line", lambda raw: None)
        assert fast == parse_order_text(line), repr(line)


def test_realistic_pastes_read_the_same_and_mostly_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(11)
    models = MODELS + [f"{f} {a}x{b} {n}m" for f in ("RVV", "kvv", "ZR-BV") for a, b, n in ((3, 1.5, 100), (2, 4, 50))]
    taken = 0
    for _ in range(8):
        text, _typos = quickorder_bench.make_paste(models, 200, 0.1, rng)
        taken += sum(parser._fast_line(raw) is not None for raw in text.splitlines())
        assert parse_order_text(text) == _general(text, monkeypatch)
    assert taken > 8 * 200 * 0.2  # the fast reading takes a good share of a realistic paste


def test_a_model_starting_or_ending_with_x_is_read_fast_unless_the_x_is_a_times_sign() -> None:
    """Schneider's XB2/XB4 push buttons ("XB2BH11 1箱") are read fast; "X4BH51 54只" (x and a number: "× 4BH51" to the
    general reading) and "AB1X 5" ("AB1 ×") still go the general way."""
    assert parser._fast_line("XB2BH11 1箱") is not None
    assert parser._fast_line("xb4bh51\t一百二十二只") is not None
    assert parser._fast_line("XB4BH51 x 4盒") is not None
    assert parser._fast_line("X4BH51 54只") is None
    assert parser._fast_line("AB1X 5") is None
    for line in ("XB2BH11 1箱", "xb4bh51\t一百二十二只", "XB4BH51 x 4盒", "X4BH51 54只", "AB1X 5"):
        with pytest.MonkeyPatch.context() as m:
            fast = parse_order_text(line)
            m.setattr(parser, "_fast_line", lambda raw: None)
            assert fast == parse_order_text(line), line
