"""What a search keystroke draws: the rows it changed, never the header, the footer or the screen behind them, and
no row of a product whose row says what it said for the key before."""

from __future__ import annotations

import pytest
from paint_check import beside_textual

from b2bterm.services.desk import Desk
from b2bterm.ui.app import B2BApp
from b2bterm.ui.widgets.row_list import RowList

SIZE = (140, 40)


async def _settle(pilot, app: B2BApp) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):  # the change message starts the search, whose results start the facets and prices
        await app.workers.wait_for_complete()
        await pilot.pause()


async def test_a_search_key_draws_only_what_it_changed_and_sends_what_textual_would(
        desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every frame of a search keystroke is the one Textual's own partial update sends, while the header, the
    footer and the screen itself are not drawn at all (Textual drew every widget the changed rows meet)."""
    app = B2BApp(desk=desk, sync_on_start=False)
    frames, drawn = beside_textual(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot, app)
        await pilot.press(*"lc1")  # the first results lay the screen out once (the status and facet lines' heights),
        await _settle(pilot, app)  # and the list's columns settle (a change of columns draws the whole list)
        for typed in ("d", "0", "9"):
            frames.clear()
            drawn.clear()
            await pilot.press(*typed)
            await _settle(pilot, app)
            assert frames and all(theirs == mine for theirs, mine in frames)
            names = {type(w).__name__ for w in drawn}
            assert names and not names & {"AppHeader", "FitFooter", "FooterKey", "SearchScreen"}, (typed, names)
        rows = app.screen.query_one("#search-results", RowList)
        assert rows.row_text(0).startswith("LC1D09")
        assert app.screen.query_one("#search-input").value == "lc1d09"


async def test_a_key_that_leaves_a_row_saying_the_same_does_not_draw_it_again(desk: Desk) -> None:
    """With the "Why" column shown (a phrase understood as values), a key that changes the query but not what a
    product's row says (a space typed, a word completed to the same products) reuses the row drawn for the key
    before: the typed text alone is no part of a row (it was, and every row was built again on every key)."""
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot, app)
        await pilot.press(*"contactor 9A")
        await _settle(pilot, app)
        rows = app.screen.query_one("#search-results", RowList)
        assert any(c.title == "Why" for c in rows.columns) and len(rows.rows) > 3
        before = {rows.keys[i]: rows.render_line(1 + i) for i in range(1, 4)}  # below the header and the cursor
        texts = [rows.row_text(i) for i in range(1, 4)]
        await pilot.press("space")
        await _settle(pilot, app)
        assert app.screen._query == "contactor 9A "
        assert [rows.row_text(i) for i in range(1, 4)] == texts
        after = {rows.keys[i]: rows.render_line(1 + i) for i in range(1, 4)}
        assert after.keys() == before.keys()
        assert all(after[k] is before[k] for k in before)  # the very strips drawn for the key before


async def test_a_new_result_set_repaints_the_changed_lines_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """set_rows with most rows the same draws the changed lines, not every visible line again (the cursor's and the
    row count's reset repainted the whole list, and Textual then drew each visible line through its styles cache)."""
    from textual.app import App, ComposeResult

    from b2bterm.ui.widgets.row_list import Column

    class ListApp(App[None]):
        def compose(self) -> ComposeResult:
            yield RowList([Column("Model", 10), Column("Name")], id="rows")

    app = ListApp()
    async with app.run_test(size=(60, 20)) as pilot:
        rows = app.query_one(RowList)
        data = {f"k{i}": [f"M{i}", f"name {i}"] for i in range(40)}
        keys = list(data)
        rows.set_rows([data[k] for k in keys], keys, content_keys=keys)
        await pilot.pause()
        drawn: list[int] = []
        real = RowList.render_line

        def counted(self: RowList, y: int):  # type: ignore[no-untyped-def]
            drawn.append(y)
            return real(self, y)

        monkeypatch.setattr(RowList, "render_line", counted)
        data["k3"] = ["X3", "changed"]  # one row on screen says something else
        rows.set_rows([data[k] for k in keys], keys, content_keys=[*keys[:3], "k3 changed", *keys[4:]])
        await pilot.pause()
        assert sorted(set(drawn)) == [1, 4]  # the cursor's line (the first row) and the changed row, not all 19
        assert rows.row_text(3).startswith("X3")


async def test_the_why_column_is_shown_only_when_a_row_says_why(desk: Desk) -> None:
    """A query understood as values whose products all came by their model ("BV 2.5 red": the start of "BV 2.5 red
    100m") has nothing to say in a "Why" column: none is shown, and the names have its width; a phrase found by its
    values says why on each row."""
    from b2bterm.domain.search_query import MatchKind

    by_model = (MatchKind.MODEL, MatchKind.MODEL_PREFIX, MatchKind.MODEL_FRAGMENT)
    picked = ""
    for hit in desk.catalog.search("bv", limit=200).hits:  # cable models with their colour ("BV 2.5 red 100m")
        query = " ".join(hit.product.model.split()[:3])
        result = desk.catalog.search(query, limit=200)
        if result.understood is not None and result.hits and all(h.match in by_model for h in result.hits):
            picked = query
            break
    assert picked
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot, app)
        await pilot.press(*picked)
        await _settle(pilot, app)
        rows = app.screen.query_one("#search-results", RowList)
        assert rows.rows and not any(c.title == "Why" for c in rows.columns)
        await pilot.press(*(["backspace"] * len(picked)), *"contactor 9A")
        await _settle(pilot, app)
        assert any(c.title == "Why" for c in rows.columns) and "✓" in rows.row_text(0)


async def test_at_100_columns_the_names_keep_their_width_before_why_is_shown(desk: Desk) -> None:
    """At 100 columns "Why" (28 cells) left the names a dozen cells, fewer than at 80 where it is dropped; the names
    now keep 20 cells before "Why" is shown, and it shows again on a wider terminal."""
    for width, why in ((100, False), (140, True)):
        app = B2BApp(desk=desk, sync_on_start=False)
        async with app.run_test(size=(width, 30)) as pilot:
            await _settle(pilot, app)
            await pilot.press(*"contactor 9A")
            await _settle(pilot, app)
            rows = app.screen.query_one("#search-results", RowList)
            header = rows.render_line(0).text
            widths = dict(zip([c.title for c in rows.columns], rows._widths(rows.scrollable_content_region.width),
                              strict=True))
            assert ("Why" in header) is why and ("✓" in rows.render_line(1).text) is why
            assert widths["Name"] >= 20 and "Name" in header and "Model" in header
