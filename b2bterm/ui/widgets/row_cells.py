"""The cells of a RowList line as segments, each cut to its column's width in terminal cells.

Rich's way (a ``Text`` per line: copy, slice, truncate, pad, append, then render through the console) costs about a
millisecond a row on these machines, and a result list draws some thirty rows for every key typed. Here a cell's
styled runs go straight to segments: the same line (the same ellipsis, the same double-width rule: a wide character
cut in half becomes a space), a tenth of the work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

StyleOf = Callable[[str | Style], Style]
NULL = Style.null()


def runs(cell: Text | str, style_of: StyleOf) -> list[tuple[str, Style]]:
    """A cell's text as runs of one style each (its base style, then each span's over it, in order)."""
    if isinstance(cell, str):
        return [(cell.replace("\t", " "), NULL)] if cell else []
    plain = cell.plain.replace("\t", " ")  # a tab (a pasted Excel line) would jump to the terminal's next tab stop
    if not plain:                            # and push the rest of the line out of its columns; a space, one cell
        return []
    base = style_of(cell.style) if cell.style else NULL
    spans = cell.spans
    if not spans:
        return [(plain, base)]
    end = len(plain)
    cuts = sorted({0, end, *(min(s.start, end) for s in spans), *(min(s.end, end) for s in spans)})
    out = []
    for a, b in pairwise(cuts):
        if a >= b:
            continue
        style = base
        for span in spans:
            if span.start <= a and span.end >= b and span.style:
                style = style + style_of(span.style)
        out.append((plain[a:b], style))
    return out


def fit(parts: list[tuple[str, Style]], width: int, justify: str = "left", pad_style: Style = NULL) -> list[Segment]:
    """The runs in exactly ``width`` cells: cut with an ellipsis when longer, padded when shorter (on the right in
    ``pad_style``, the cell's own, as Rich pads a Text; on the left unstyled)."""
    if width <= 0:
        return []
    lengths = [cell_len(text) for text, _style in parts]
    total = sum(lengths)
    if total > width:
        keep, used, out = width - 1, 0, []
        last = parts[-1][1]
        for (text, style), n in zip(parts, lengths, strict=True):
            if used + n <= keep:
                out.append(Segment(text, style))
                used += n
                continue
            last = style
            piece = set_cell_size(text, keep - used)
            if piece:
                out.append(Segment(piece, style))
            break
        out.append(Segment("…", last))
        return out
    out = [Segment(text, style) for text, style in parts]
    if total < width:
        if justify == "right":
            out.insert(0, Segment(" " * (width - total), NULL))
        else:
            out.append(Segment(" " * (width - total), pad_style))
    return out


def line_segments(cells: Sequence[Text | str], widths: Sequence[int], justify: Sequence[str],
                  style_of: StyleOf) -> list[Segment]:
    """One line: each shown column's cell fitted to its width, a space between columns (a width of 0 hides one)."""
    gap = Segment(" ", NULL)
    out: list[Segment] = []
    for i, width in enumerate(widths):
        if not width:
            continue
        if out:
            out.append(gap)
        cell = cells[i] if i < len(cells) else ""
        base = style_of(cell.style) if isinstance(cell, Text) and cell.style else NULL
        out.extend(fit(runs(cell, style_of), width, justify[i], base))
    return list(Segment.simplify(out))  # runs of one style as one segment: less for the terminal to draw
