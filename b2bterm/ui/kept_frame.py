"""A screen that is kept and shown again draws its first frame from the frame it showed last.

Textual draws a screen shown again (a model query opened again from search) whole: every widget of it, front to
back, though most of them show what they showed when the screen was left (the header, the footer's keys, the
labels, the borders) - about 15 ms on these machines, most of an opening. The terminal must get the whole screen
(it shows the screen it came from), but the cells need not all be drawn again: a ``KeptFrameCompositor`` keeps the
frame it last handed the terminal (the pieces of every row, as the compositor's cuts divide it), updated with each
partial update, and the first frame of a screen shown again is that frame with what changed since drawn into it (the
widgets' pending repaints, and what a layout moved: Textual's own partial-update rules). When the frame cannot be
trusted - another size, other CSS, theme or colour filters, nothing kept yet - the screen is drawn whole Textual's
way. ``KeptScreen`` is the screen side: the resume's styling and repaint, and what a screen beneath sends up.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise
from typing import Any

from textual import events
from textual._compositor import ChopsUpdate, LayoutUpdate
from textual._context import visible_screen_stack
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from b2bterm.ui.compositor import DirtyRowsCompositor


class KeptFrameCompositor(DirtyRowsCompositor):
    """A DirtyRowsCompositor that keeps the frame the terminal was last handed for its screen (the pieces of every
    row, as the cuts divide it), updated with each partial update. A screen shown again is drawn whole from it
    (``render_kept_update``): only what changed since - the widgets' pending repaints and what a layout moved - is
    drawn, the rest is the pieces the terminal showed last time, and every cell of the screen is sent."""

    def __init__(self) -> None:
        super().__init__()
        self._kept: list[dict[int, Strip]] | None = None  # per row: cut -> the piece the terminal shows there
        self._kept_cuts: list[list[int]] = []  # the cuts those pieces are divided at
        self._kept_stamp: tuple[object, ...] = ()  # what the pieces were drawn for (``kept_stamp``)

    def render_full_update(self, simplify: bool = False) -> LayoutUpdate:
        update = super().render_full_update(simplify)
        self._kept = None
        if not simplify and isinstance(self.root, Screen):
            kept = [dict(zip(cut_set, line, strict=False)) for cut_set, line in zip(self.cuts, update.strips,
                                                                                    strict=True)]
            if all(piece is not None for line in kept for piece in line.values()):
                self._kept, self._kept_cuts, self._kept_stamp = kept, self.cuts, kept_stamp(self.root)
        return update

    def render_partial_update(self) -> ChopsUpdate | None:
        update = super().render_partial_update()
        if update is not None and self._kept is not None:
            self._keep(update.chops, {y for y, _x1, _x2 in update.spans})
        return update

    def _keep(self, chops: Sequence[Mapping[int, Strip | None]], rows: Iterable[int]) -> None:
        """The pieces a partial update drew, into the kept frame (divided at today's cuts first if a layout moved
        them)."""
        kept = self._kept
        assert kept is not None
        self._align()
        for y in rows:
            line = kept[y]
            for cut, piece in chops[y].items():
                if piece is not None:
                    line[cut] = piece

    def _align(self) -> None:
        """The kept rows whose cuts a layout changed, divided again at the new cuts."""
        kept, cuts = self._kept, self.cuts
        if kept is None or self._kept_cuts is cuts:
            return
        if len(cuts) != len(kept):
            self._kept = None
            return
        for y, (before, now) in enumerate(zip(self._kept_cuts, cuts, strict=True)):
            if before != now:
                kept[y] = _divided(kept[y], before, now)
        self._kept_cuts = cuts

    def render_kept_update(self, stamp: tuple[object, ...], screen_stack: list[Screen[Any]]
                           ) -> LayoutUpdate | None:
        """The whole screen from the kept frame with what changed since drawn into it (the dirty regions, which
        the caller has filled with every widget's pending repaints); None when there is no kept frame for
        ``stamp`` (the size, the CSS and the colours it was drawn with)."""
        if self._kept is None or stamp != self._kept_stamp:
            return None
        self._align()
        if self._kept is None:
            return None
        visible_screen_stack.set(screen_stack)
        self.render_partial_update()  # the dirty rows drawn, and kept
        return LayoutUpdate([list(line.values()) for line in self._kept], self.size.region)


def _divided(pieces: dict[int, Strip], before: list[int], now: list[int]) -> dict[int, Strip]:
    """A row's pieces at the cuts ``before``, divided at the cuts ``now``: a piece between two cuts that are still
    next to each other is kept as it is; the others are cut from the old pieces they lie in (joined first when they
    lie across more than one)."""
    spans = dict(pairwise(before))
    divided: dict[int, Strip] = {}
    for cut, end in pairwise(now):
        if spans.get(cut) == end:
            divided[cut] = pieces[cut]
            continue
        first = bisect_right(before, cut) - 1  # the old piece the new one starts in
        last = bisect_left(before, end, first + 1)  # the old cut at or after its end
        start = before[first]
        if last == first + 1:
            divided[cut] = pieces[start].crop(cut - start, end - start)
        else:
            joined = Strip.join([pieces[before[i]] for i in range(first, last)])
            divided[cut] = joined.crop(cut - start, end - start)
    return divided


def kept_stamp(screen: Screen[Any]) -> tuple[object, ...]:
    """What a kept frame depends on beyond its widgets' repaints: the screen's size, the app's CSS generation and
    theme, and its line filters."""
    app = screen.app
    filters = tuple((type(f), f.enabled) for f in app._filters)
    return screen.size, app._css_update_count, app.theme, app.ansi_color, filters


def draw_whole(screen: Screen[Any]) -> bool:
    """The screen drawn whole and handed to the terminal, as its first frame since it was shown again (then True;
    False, nothing done, when it is not the app's current screen or a batch is open). Textual lays a resumed screen
    out and hands over a frame of the widgets that moved or changed since it was last shown - the rest of the
    terminal still showing the screen it came from - and only then the whole screen, for the resume's repaint: two
    drawings, the first a mix of two screens. Here the first is the whole screen, and the resume's repaint is done
    with it. With a ``KeptFrameCompositor`` it is drawn from the frame the screen showed last, only the widgets that
    changed since drawn again; every widget's pending repaint is done by it."""
    app = screen.app
    if not screen.is_current or app.is_inline or app._batch_count:
        return False
    compositor = screen._compositor
    whole = screen.size.region
    # the screen's own repaints (the resume's repaint of it all is this frame; parts of it set aside while another
    # screen was on top are drawn), every widget's pending repaint (what changed while it was hidden, and since)
    compositor._dirty_regions.discard(whole)
    compositor._dirty_regions.update(r for r in screen._exchange_repaint_regions() if r != whole)
    compositor.update_widgets({widget for widget in compositor.visible_widgets if widget is not screen})
    update: LayoutUpdate | None = None
    if isinstance(compositor, KeptFrameCompositor):
        update = compositor.render_kept_update(kept_stamp(screen), app._background_screens)
    if update is None:
        update = compositor.render_update(full=True, screen_stack=app._background_screens)  # type: ignore[assignment]
    app._display(screen, update)
    screen._dirty_widgets.clear()
    compositor._dirty_regions.clear()
    screen._repaint_required = False  # drawn whole: nothing of the resume's repaint is left
    app._update_mouse_over(screen)
    return True


class KeptScreen(Screen[Any]):
    """A screen kept for reuse and drawn from its last frame when shown again (its compositor: ``_compositor =
    KeptFrameCompositor()`` in ``__init__``)."""

    _styled_at = -1  # the app's CSS generation this screen's widgets were last styled with
    _whole_frame_due = False  # resumed: the next frame draws the whole screen (``_compositor_refresh``)
    _resumed_early = False  # ``show_now`` did the resume: the ScreenResume event on its way has nothing left to do

    def show_now(self) -> bool:
        """Just pushed again: resumed and drawn whole in this turn, from the frame it showed last (True); False, and
        nothing done, when it cannot be (not the current screen, another size, CSS or theme since it was styled, a
        widget waiting for its styles, a batch open): then Textual's own resume does it.

        Textual resumes a pushed screen a few turns of the event loop later: the ScreenResume event, then each changed
        widget's idle check sending its repaint or layout up to the screen, the screen's idle check, its update
        timer - a dozen messages' dispatch, 2-3 ms of a 10 ms opening on these machines, spent before the first
        frame. Here the same is done at once: the resume's own steps (Textual's and the screen's ``on_screen_resume``),
        the widgets' pending layouts taken up as their idle checks would, one layout of the screen when one is due,
        and the frame (``draw_whole``). Their idle checks and the resume event, when they come, find nothing left."""
        app = self.app
        if not self.is_active or not self.is_attached or app._batch_count or app.is_inline:
            return False
        if self._size != app.size or self._styled_at != app._css_update_count or app.SUSPENDED_SCREEN_CLASS:
            return False
        widgets = list(self.walk_children(with_self=False))
        if any(widget._refresh_styles_required for widget in widgets):
            return False
        self._resumed_early = True
        self.stack_updates += 1  # Textual's resume (``Screen._on_screen_resume``), styles aside (unchanged)
        app._refresh_notifications()
        self._update_auto_focus()
        resumed = getattr(self, "on_screen_resume", None)
        if resumed is not None:
            resumed()
        layout = False
        for widget in widgets:  # what each widget's idle check would send up (``Widget._check_refresh``)
            if widget._layout_required or widget._scroll_required:
                widget._layout_required = widget._scroll_required = False
                layout = True
                for ancestor in widget.ancestors:
                    if not isinstance(ancestor, Widget):
                        break
                    ancestor._clear_arrangement_cache()
                    ancestor._layout_updates += 1
                    if not ancestor.styles.auto_dimensions:
                        break
            widget._repaint_required = False  # its regions are taken by the frame (``draw_whole``)
        self._whole_frame_due = True
        if layout or self._layout_required:
            self._layout_required = self._scroll_required = False
            self._refresh_layout()  # draws the frame (``_compositor_refresh``)
        else:
            self._compositor_refresh()
        return not self._whole_frame_due

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Shown again: its widgets are styled again only when the app's CSS or theme changed since they last were
        (Textual styles every widget of a resumed screen again: a third of an opening's time); its next frame draws
        it whole. Nothing is left to do when ``show_now`` did it (the handlers after this one are skipped)."""
        if self._resumed_early:
            self._resumed_early = False
            event.prevent_default()
            return
        generation = self.app._css_update_count
        event.refresh_styles = event.refresh_styles and self._styled_at != generation
        self._styled_at, self._whole_frame_due = generation, True

    def _compositor_refresh(self) -> None:
        """The first frame after the screen is shown again draws it whole (``draw_whole``)."""
        if not (self._whole_frame_due and draw_whole(self)):
            super()._compositor_refresh()
            return
        self._whole_frame_due = False

    def refresh(self, *regions: Any, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Any:
        """Regions of this screen to repaint are what a screen beneath it sends up (Textual hands the screen on top
        whatever a screen below repainted, in case it shows through): an opaque screen shows nothing of it, and it
        would draw this whole screen again for the screen it covers (search, refreshed as it is suspended)."""
        if regions and not (layout or recompose) and self.styles.background.a == 1:
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
