"""Services hand over codes and values; the UI words them: pad problems, price notes and outbox stop notes read the
same in English and Chinese from their code, never from an English sentence."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from b2bterm.domain.draft_note import StopKind, StopNote, read_stop_note
from b2bterm.domain.price_note import PriceNote, PriceNoteKind, read_price_note, read_price_notes
from b2bterm.quickorder.problems import Problem, ProblemKind
from b2bterm.ui.i18n import set_language
from b2bterm.ui.outcome_text import last_error_text
from b2bterm.ui.problem_text import price_note_text, problem_text


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("en")


def _p(kind: ProblemKind, **values: str) -> Problem:
    # the English text is deliberately not the words: the UI must word the code, not show or parse this
    return Problem(kind, "ENGLISH FOR LOGS", tuple(values.items()))


@pytest.mark.parametrize(("problem", "en", "zh"), [
    (_p(ProblemKind.BELOW_MOQ, moq="20", unit="pcs"), "minimum order is 20 pcs", "最小订购量 20 "),
    (_p(ProblemKind.NOT_PACK_MULTIPLE, pack_size="6", unit="box"), "sold in packs of 6 box", "按每包 6 "),
    (_p(ProblemKind.SHORT, on_hand="3"), "only 3 in stock", "库存仅 3"),
    (_p(ProblemKind.OUT_OF_STOCK, eta="2026-04-02"), "out of stock; next arrival 2026-04-02", "2026-04-02"),
    (_p(ProblemKind.DISCONTINUED, status="discontinued", replacement="SE-X2"), "discontinued; replaced by SE-X2",
     "替换为 SE-X2"),
    (_p(ProblemKind.AMBIGUOUS, count="1"), "1 possible product — pick it", "1 个可能的产品"),
    (_p(ProblemKind.AMBIGUOUS, count="7"), "7 possible products — pick one", "7 个可能的产品"),
    (_p(ProblemKind.UNKNOWN), "no product found — fix the model number or search for it", "未找到"),
    (_p(ProblemKind.QTY_ERROR, issue="too_large", qty="2,000,000", max="1,000,000"),
     "quantity 2,000,000 is more than 1,000,000 — check it", "2,000,000"),
])
def test_pad_problems_are_worded_from_their_code(problem: Problem, en: str, zh: str) -> None:
    assert problem_text(problem) == en
    set_language("zh")
    worded = problem_text(problem)
    assert zh in worded and "ENGLISH" not in worded
    assert not any(w in worded for w in ("minimum", "packs", "stock", "possible", "replaced", "product"))


def test_every_problem_the_pad_makes_has_words(tmp_path) -> None:
    words = {k for k in ProblemKind}
    set_language("zh")
    for kind in words - {ProblemKind.ACCOUNT_CHOICE}:
        assert "ENGLISH" not in problem_text(_p(kind, text="x", unit="箱", sold="卷", packs="2", pack_size="5",
                                                qty="10", count="2", inputs="a + b", moq="5", on_hand="1",
                                                status="discontinued", replacement="", eta="", issue="empty")), kind


@pytest.mark.parametrize(("note", "zh"), [
    (PriceNote(PriceNoteKind.CHANGED, "SO-1", "¥95.00", "¥100.00", Decimal("5.3")), "价格已变"),
    (PriceNote(PriceNoteKind.CHANGED, "SO-1", "¥95.00", "¥90.00", Decimal("-5.3")), "(-5.3%)"),
    (PriceNote(PriceNoteKind.NO_PRICE, "SO-1", "¥95.00"), "SO-1"),
    (PriceNote(PriceNoteKind.GONE, "SO-1", "¥95.00"), "SO-1"),
    (PriceNote(PriceNoteKind.QUOTED, "Q-7", now="¥9.00", qty=3, valid_until="2026-05-01"), "报价单 Q-7"),
])
def test_price_notes_round_trip_their_stored_form_and_read_in_chinese(note: PriceNote, zh: str) -> None:
    assert read_price_note(note.stored()) == note
    assert read_price_notes(f"below MOQ · {note.stored()} · picked X") == (note,)
    set_language("zh")
    worded = price_note_text(note)
    assert zh in worded and "was" not in worded and "price" not in worded


@given(st.from_regex(r"[A-Z0-9][A-Za-z0-9\-_/.,#]{0,15}", fullmatch=True),
       st.decimals(min_value=-999, max_value=999, places=1, allow_nan=False))
def test_any_order_number_and_change_survive_the_stored_form(number: str, pct: Decimal) -> None:
    note = PriceNote(PriceNoteKind.CHANGED, number, "¥1.00", "¥2.00", pct)
    assert read_price_note(note.stored()) == note


def test_stop_notes_are_worded_and_the_platforms_words_pass_as_they_are() -> None:
    changed = StopNote(StopKind.CHANGED, 6, (("SE-1", "price"), ("SE-2", "discontinued")))
    assert read_stop_note(changed.stored()) == changed
    assert last_error_text(changed.stored()) == "6 lines changed since drafting: SE-1: price changed; SE-2: no " \
        "longer sold …"
    assert last_error_text(StopNote(StopKind.NOT_READY, 1).stored()) == "1 line needs fixing."
    assert last_error_text("HTTP 503 from the platform") == "HTTP 503 from the platform"
    assert read_stop_note("b2bterm-note:{broken") is None
    set_language("zh")
    assert last_error_text(changed.stored()) == "起草后有 6 行发生变化：SE-1：价格已变；SE-2：已停售 …"
    assert last_error_text(StopNote(StopKind.WORKING_OFFLINE).stored()).startswith("离线工作中")
