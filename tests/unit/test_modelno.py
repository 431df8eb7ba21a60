from hypothesis import given
from hypothesis import strategies as st

from b2bterm.domain.modelno import looks_like_code, loose_key, normalise


def test_sloppy_forms_meet_on_one_key() -> None:
    forms = ["LC1D09M7", "lc1d09m7", "LC1-D09 M7", "LC1-D09-M7", "ＬＣ１－Ｄ０９Ｍ７", " lc1.d09/m7 ", "LC1–D09—M7"]
    assert {normalise(f) for f in forms} == {"LC1D09M7"}


def test_siemens_spacing_and_case() -> None:
    assert normalise("6es7214 1ag40") == normalise("6ES7214-1AG40")
    assert normalise("3RT2015-1BB41") == "3RT20151BB41"


def test_loose_key_folds_letter_digit_slips() -> None:
    assert loose_key("6ES7214-1AG4O-OXB0") == loose_key("6ES7214-1AG40-0XB0")
    assert loose_key("E2E-XSMEI") == loose_key("E2E-XSME1")
    assert normalise("6ES7214-1AG4O") != normalise("6ES7214-1AG40")


def test_looks_like_code() -> None:
    assert looks_like_code("LC1D09M7")
    assert looks_like_code("3044076")
    assert not looks_like_code("hello")
    assert not looks_like_code("谢谢")
    assert not looks_like_code("5")


@given(st.text())
def test_normalise_is_total_and_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert " " not in once and "-" not in once
    assert loose_key(text) == loose_key(once)
