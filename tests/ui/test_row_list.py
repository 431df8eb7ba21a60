"""RowList: only drawn rows are built, Chinese (double-width) text lines up, product text is never markup."""

from __future__ import annotations

from unittest import mock

from rich.cells import cell_len
from rich.text import Text
from textual.app import App, ComposeResult
from uitext import widget_text

from b2bterm.ui.widgets.row_list import Column, LazyRow, RowList


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield RowList([Column("Name", 16), Column("Brand", 10), Column("Price", 10, "right")], id="rows")


async def test_only_drawn_rows_are_built() -> None:
    built: list[int] = []

    def row(i: int) -> list[Text]:
        built.append(i)
        return [Text(f"item {i}"), Text("ABB"), Text("¥1.00")]

    app = Host()
    async with app.run_test(size=(60, 20)) as pilot:
        rows = app.query_one(RowList)
        rows.set_rows([LazyRow(lambda i=i: row(i)) for i in range(20_000)], list(range(20_000)))
        await pilot.pause()
        assert 0 < len(built) < 40  # a screenful, not 20,000
        rows.focus()
        await pilot.press("end")
        await pilot.pause()
        assert 19_999 in built and len(built) < 80


async def test_wide_characters_line_up_and_markup_is_shown_as_typed() -> None:
    app = Host()
    async with app.run_test(size=(60, 10)) as pilot:
        rows = app.query_one(RowList)
        rows.set_rows([
            [Text("交流接触器 9A 3P"), Text("正泰"), Text("¥35.99")],
            [Text("LC1D09M7"), Text("Schneider"), Text("¥172.96")],
            [Text("Hose [bold]1/2in"), Text("[red]x"), Text("¥1.00")],
        ])
        await pilot.pause()
        lines = [line for line in widget_text(rows).splitlines() if "¥" in line]
        assert len(lines) == 3
        # the price column is right-aligned, so every row ends at the same terminal cell whatever the names' widths
        assert len({cell_len(line.rstrip()) for line in lines}) == 1, lines
        assert "Hose [bold]1/2in" in lines[2] and "[red]x" in lines[2]


async def test_a_tab_in_a_cell_is_drawn_as_a_space_and_keeps_the_columns() -> None:
    app = Host()  # a pasted Excel line keeps its tab in the line's input ("TRVV 3x1 100m<TAB>1盒")
    async with app.run_test(size=(60, 10)) as pilot:
        rows = app.query_one(RowList)
        rows.set_rows([[Text("TRVV 3x1\t1盒"), "A\tB", Text("¥1.00")], [Text("LC1D09M7"), "ABB", Text("¥172.96")]])
        await pilot.pause()
        lines = [line for line in widget_text(rows).splitlines() if "¥" in line]
        assert "\t" not in "".join(lines) and "TRVV 3x1 1盒" in lines[0] and "A B" in lines[0]
        assert len({cell_len(line.rstrip()) for line in lines}) == 1, lines


async def test_rows_kept_by_content_are_not_drawn_again_and_changed_ones_are() -> None:
    """Typing keeps most of a result list: a row whose content key is unchanged is reused (not built again); a row
    whose content changed under the same key (its price arrived) and rows that went away are painted anew."""
    built: list[str] = []

    def row(name: str, price: str) -> LazyRow:
        def cells() -> list[Text]:
            built.append(name)
            return [Text(name), Text("ABB"), Text(price)]
        return LazyRow(cells)

    app = Host()
    async with app.run_test(size=(60, 12)) as pilot:
        rows = app.query_one(RowList)
        names = ["A1", "B2", "C3", "D4"]
        rows.set_rows([row(n, "") for n in names], names, content_keys=[(n, None) for n in names])
        await pilot.pause()
        assert sorted(built) == names
        built.clear()
        # the same products, B2's price known now; D4 gone
        rows.set_rows([row(n, "¥9.50" if n == "B2" else "") for n in names[:3]], names[:3],
                      content_keys=[(n, "9.50" if n == "B2" else None) for n in names[:3]])
        await pilot.pause()
        assert built == ["B2"]
        text = widget_text(rows)
        assert "¥9.50" in text and "A1" in text and "C3" in text and "D4" not in text
        rows.focus()
        await pilot.press("down", "down")
        await pilot.pause()
        assert rows.current_key == "C3"


async def test_the_scrollbar_is_drawn_again_only_when_the_row_count_changes() -> None:
    """New rows of the same count (the next key's results, prices arriving) leave the scrollbar as drawn; another
    count moves its thumb and draws it again."""
    app = Host()
    async with app.run_test(size=(60, 10)) as pilot:
        rows = app.query_one(RowList)

        def page(tag: str, n: int) -> list[list[Text]]:
            return [[Text(f"{tag} {i}"), Text("ABB"), Text("¥1.00")] for i in range(n)]

        rows.set_rows(page("a", 50))
        await pilot.pause()
        bar = rows.vertical_scrollbar
        with mock.patch.object(bar, "refresh", wraps=bar.refresh) as drawn:
            rows.set_rows(page("b", 50))
            await pilot.pause()
            assert drawn.call_count == 0 and "b 0" in widget_text(rows)
            rows.set_rows(page("c", 80))
            await pilot.pause()
            assert drawn.call_count and bar.window_virtual_size == 81  # the rows and the header line


async def test_a_list_that_scrolls_shows_rows_to_its_last_line_not_an_empty_horizontal_bar() -> None:
    """Its rows always fit its width (cut with …), so the vertical bar taking two columns must not make the list
    scroll sideways: that drew an empty horizontal scrollbar over the last row whenever the list could scroll."""
    app = Host()
    async with app.run_test(size=(40, 10)) as pilot:
        rows = app.query_one(RowList)
        rows.set_rows([[Text(f"item {i}"), Text("Schneider Electric"), Text("¥1.00")] for i in range(50)])
        await pilot.pause()
        assert rows.show_vertical_scrollbar and not rows.show_horizontal_scrollbar
        last = widget_text(rows).splitlines()[-1]
        assert last.startswith(f"item {rows.size.height - 2}")  # the header, then rows down to the last line
