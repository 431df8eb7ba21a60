"""RowList cells cut to their width straight to segments: the same line as Rich's Text truncate and pad."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from b2bterm.ui.widgets.row_cells import fit, line_segments, runs


def style_of(style: str | Style) -> Style:
    return style if isinstance(style, Style) else Style.parse(style)


def rich_cut(text: Text, width: int, justify: str) -> str:
    """What the line looked like when each cell went through Rich (truncate with an ellipsis, then pad)."""
    cut = text.copy()
    cut.truncate(width, overflow="ellipsis")
    pad = width - cut.cell_len
    return (" " * pad + cut.plain) if justify == "right" else cut.plain + " " * pad


words = st.text(alphabet=st.sampled_from("abcXYZ09 -接触器施耐德ＬＣ１"), max_size=30)


@given(words, words, st.integers(min_value=1, max_value=25), st.sampled_from(["left", "right"]))
def test_a_cell_is_cut_and_padded_as_rich_does_it(first: str, second: str, width: int, justify: str) -> None:
    text = Text(first, style="bold")
    text.append(second, style="dim")
    got = fit(runs(text, style_of), width, justify)
    plain = "".join(s.text for s in got)
    assert sum(cell_len(s.text) for s in got) == width
    assert plain == rich_cut(text, width, justify)


def test_styles_follow_the_text_and_a_cut_ends_in_an_ellipsis() -> None:
    text = Text("LC1D09", style="bold")
    text.append(" ⊘", style="red")
    segments = fit(runs(text, style_of), 7)
    assert [(s.text, s.style) for s in segments] == [("LC1D09", Style(bold=True)), ("…", Style(bold=True, color="red"))]
    # a double-width character cut in half leaves a space, as Rich does
    assert "".join(s.text for s in fit(runs(Text("施耐德"), style_of), 4)) == "施 …"


def test_a_line_puts_one_space_between_shown_columns_and_hides_a_zero_width_one() -> None:
    cells = [Text("Model"), "hidden", Text("[bold]as typed")]
    line = line_segments(cells, [6, 0, 16], ["left", "left", "right"], style_of)
    assert "".join(s.text for s in line) == "Model    [bold]as typed"
