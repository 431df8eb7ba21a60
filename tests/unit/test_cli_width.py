"""CLI tables line up Chinese names: columns are padded by display width (a Chinese character takes two)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from b2bterm.cli import main
from b2bterm.cli.common import cells


@given(st.text(alphabet=st.sampled_from("abcXYZ 09-上海恒信包装機械ＡＢ"), max_size=30), st.integers(2, 40))
def test_a_cut_cell_is_exactly_its_width(text: str, width: int) -> None:
    out = cells(text, width, cut=True)
    assert cell_len(out) == width or (cell_len(out) == width - 1 and cell_len(text) > width)  # a wide char at the edge
    assert cells(text, width, ">").endswith(text) and cell_len(cells(text, width)) == max(width, cell_len(text))


def test_accounts_with_chinese_names_line_up(capsys: pytest.CaptureFixture[str], demo_config) -> None:
    assert main(["accounts", "上海"]) == 0
    rows = [r for r in capsys.readouterr().out.splitlines() if r.strip()]
    assert len(rows) >= 2 and all(any("\u4e00" <= c <= "\u9fff" for c in r) for r in rows)
    phone_at = {cell_len(r[: r.rindex("  ") + 2]) for r in rows}  # where the last column starts, on screen
    assert len(phone_at) == 1, rows


def test_search_speaks_the_profiles_language(capsys: pytest.CaptureFixture[str], demo_config) -> None:
    from b2bterm.ui.i18n import set_language

    assert demo_config.path is not None
    zh = demo_config.path.with_name("zh.toml")
    zh.write_text(demo_config.path.read_text(encoding="utf-8") + '[general]\nlanguage = "zh"\n', encoding="utf-8")
    try:
        assert main(["--config", str(zh), "search", "接触器", "--limit", "3", "--account", "C10023"]) == 0
        out, err = capsys.readouterr()
        assert "显示 3 / " in err and "个产品" in err and "showing" not in err
        rows = out.splitlines()
        assert all("净价" in r and "库存" in r for r in rows) and "net" not in out
        starts = {cell_len(r[: r.index("净价")]) for r in rows}
        assert len(starts) == 1, rows  # the price columns line up whatever the brand
        assert main(["--config", str(zh), "search", "zzqqxx"]) == 1
        assert "没有产品匹配" in capsys.readouterr().err
    finally:
        set_language("en")
    assert main(["--config", str(demo_config.path), "search", "LC1D09M7", "--limit", "1"]) == 0
    assert "showing 1 of" in capsys.readouterr().err
