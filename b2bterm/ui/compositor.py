"""A compositor whose partial updates draw only what changed.

Textual 8.2.8 paints a partial update (a few cells marked dirty: a typed digit, a price line) by drawing, for every
widget whose *clip* meets the box around the dirty cells, the widget's whole region - and that clip is the parent's,
so the screen, every container and even the docked header and footer are drawn top to bottom (a 40-row screen for a
three-row change); the rows nobody asked for are thrown away afterwards. On the model query one typed digit drew 13
widgets and about 180 rows for 5 dirty ones: more than half of the key's time on these machines.

Here a partial update goes through the widgets front to back as Textual does, and asks each one only for the rows
where a piece (a "cut") of a dirty span is still unpainted and lies within the widget's visible part. A container
whose children already cover the dirty cells is not drawn at all. The frame is the same: each dirty span gets the
strip of the frontmost widget at each cut, as in Textual's own pass. A full update (a new screen, a resize, a layout)
is Textual's own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip


class DirtyRowsCompositor(Compositor):
    def render_partial_update(self) -> ChopsUpdate | None:
        update_regions = self._dirty_regions.copy()
        self._dirty_regions.clear()
        if not update_regions:
            return None
        crop = Region.from_union(list(update_regions)).intersection(self.size.region)
        spans = list(self._regions_to_spans(update_regions))
        chops = self._dirty_chops(crop, spans)
        cuts = self.cuts
        if self._ends_of is not cuts:  # the cuts change with the layout: their ends worked out once for each
            self._ends_of, self._ends = cuts, [cut_set[1:] for cut_set in cuts]
        return ChopsUpdate(chops, spans, self._ends)

    _ends_of: list[list[int]] | None = None
    _ends: list[list[int]] = []

    def _dirty_chops(self, crop: Region, spans: Iterable[tuple[int, int, int]]) -> Sequence[Mapping[int, Strip]]:
        """Only the dirty rows get their cuts (the update reads no other row: ``ChopsUpdate`` goes by the spans)."""
        cuts = self.cuts
        nothing: dict[int, Strip | None] = {}
        chops: list[dict[int, Strip | None]] = [nothing] * len(cuts)
        missing: dict[int, set[int]] = {}  # per row: the cuts of a dirty span not painted yet
        for y, x1, x2 in spans:
            line = cuts[y]
            if chops[y] is nothing:
                chops[y] = dict.fromkeys(line[:-1])
            wanted = missing.setdefault(y, set())
            wanted.update(cut for cut, end in pairwise(line) if cut < x2 and end > x1)
        for widget, (region, clip) in self.visible_widgets.items():
            if not missing:
                break
            shown = region.intersection(clip)
            if not shown.overlaps(crop):
                continue
            first_cut, last_cut = shown.column_span
            rows = [y for y in shown.line_range
                    if (want := missing.get(y)) and any(first_cut <= cut < last_cut for cut in want)]
            for top, bottom in _runs(rows):
                strips = widget.render_lines(Region(first_cut - region.x, top - region.y, shown.width, bottom - top))
                for y, strip in zip(range(top, bottom), strips, strict=False):
                    want = missing.get(y)
                    if want is None:  # a clean row drawn along
                        continue
                    line = chops[y]
                    final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
                    pieces = strip.divide([cut - first_cut for cut in final_cuts[1:]])
                    for cut, piece in zip(final_cuts, pieces, strict=False):  # front to back: the first one wins
                        if line.get(cut) is None:
                            line[cut] = piece
                            want.discard(cut)
                    if not want:
                        del missing[y]
        return chops  # type: ignore[return-value]


GAP = 12  # rows between two dirty ones that are drawn along (from the widget's cache) rather than asked apart


def _runs(rows: list[int]) -> Iterable[tuple[int, int]]:
    """Rows as (top, bottom) ranges, near ones together: [2, 3, 4, 9, 40] -> (2, 10), (40, 41). Each drawing pass
    costs a widget its styles and colours worked out again (about as much as a dozen rows from its cache)."""
    start = previous = None
    for y in rows:
        if start is None:
            start = previous = y
        elif y <= previous + GAP:  # type: ignore[operator]
            previous = y
        else:
            yield start, previous + 1  # type: ignore[operator]
            start = previous = y
    if start is not None:
        yield start, previous + 1  # type: ignore[operator]
