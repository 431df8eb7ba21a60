"""The Chinese UI walked screen by screen: no English sentence on the main screens, and the palette finds actions
by their English and Chinese names."""

from __future__ import annotations

import re

import pytest
from backoffice import demo_sql
from uitext import widget_text

from b2bterm.config import Config, parse_config
from b2bterm.services.desk import Desk, open_desk
from b2bterm.ui.app import B2BApp
from b2bterm.ui.i18n import set_language
from b2bterm.ui.widgets.row_list import RowList

SIZE = (120, 36)
# Three or more words in a row, two of them lowercase English words: a sentence ("no product found", "pick one
# of", "prices and stock up to date"). Model numbers, brands (Schneider Electric), units (A, V, pc→个), key names
# (Ctrl+P, Esc) and warehouse names (Shanghai Qingpu DC) are not sentences.
_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ ,]+[A-Za-z][A-Za-z'’-]*){2,}")
# The platform's own bilingual text ("仓库拣货中 Picking in warehouse", a demo tracking event) is data, not the UI's
_BILINGUAL = re.compile(r"[\u4e00-\u9fff]+ [A-Z][A-Za-z ]+")
_LOWER = re.compile(r"^[a-z]{2,}$")


def english_sentences(text: str, allowed: set[str] = frozenset()) -> list[str]:
    for phrase in sorted(allowed, key=len, reverse=True):
        text = text.replace(phrase, " ")
    text = _BILINGUAL.sub(" ", text)
    found = []
    for run in _RUN.finditer(text):
        words = re.split(r"[ ,]+", run.group(0))
        if sum(1 for w in words if _LOWER.match(w)) >= 2:
            found.append(run.group(0))
    return found


def test_the_sentence_finder_finds_sentences_only() -> None:
    assert english_sentences("1 行 · no product found — fix it") == ["no product found"]
    assert english_sentences("prices and stock up to date")
    assert not english_sentences("Schneider Electric LC1D09M7 9 A 220 V Ctrl+P 帮助 Shanghai Qingpu DC 上海")
    assert not english_sentences("事件 仓库拣货中 Picking in warehouse")


@pytest.fixture
async def zh_desk(demo_config: Config):
    assert demo_config.path is not None
    text = demo_config.path.read_text(encoding="utf-8") + '[general]\nlanguage = "zh"\n'
    config = parse_config(text, demo_config.path)
    config.path.write_text(text, encoding="utf-8")
    desk = open_desk(config)
    await desk.sync_catalog()
    accounts = await desk.search_accounts("")
    await desk.select_account(accounts[0].id)
    yield desk, config
    await desk.aclose()
    set_language("en")


async def settle(app: B2BApp, pilot) -> None:
    for _ in range(4):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def test_the_main_screens_in_chinese_show_no_english_sentence(zh_desk: tuple[Desk, Config]) -> None:
    desk, config = zh_desk
    app = B2BApp(desk=desk, config=config, sync_on_start=False)
    seen: dict[str, list[str]] = {}
    # product names are the platform's data (an order line or a product may have only an English name)
    names = {r["name_en"] for r in demo_sql(desk, "SELECT name_en FROM products")}
    # so are the notes a customer wrote on an order ("Deliver to gate 5"): which order is shown depends on the day
    names |= {r["note"] for r in demo_sql(desk, "SELECT DISTINCT note FROM orders") if r["note"]}

    def check(where: str) -> None:
        # what is on screen, and every cell of every list in full (a cut column must not hide a sentence)
        cells = [c.plain if hasattr(c, "plain") else str(c)
                 for rows in app.screen.query(RowList) for row in rows.rows for c in row]
        # lists are read from their cells (a name cut to its column would not match the product's name)
        shown = [widget_text(w) for w in app.screen.query("*")
                 if w.display and w.size.area and not isinstance(w, RowList)]
        found = english_sentences("\n".join([*shown, *cells]), names)
        if found:
            seen[where] = found

    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        check("search, empty")
        await pilot.press(*"lc1d09")
        await settle(app, pilot)
        check("search, results")
        await pilot.press("enter")
        await settle(app, pilot)
        check("model query")
        await pilot.press("escape")
        await pilot.press("f3")
        await settle(app, pilot)
        check("quick order, empty")
        moq = demo_sql(desk, "SELECT sku AS model, moq FROM products WHERE moq > 1 AND pack_size > 1 "
                             "AND status = 'active' ORDER BY sku LIMIT 1")[0]
        for line in ("LC1D09M7 3", "QQQQ-99999 1", "LC1D 2", "LC1D09M7 0", f"{moq['model']} {moq['moq'] - 1}"):
            await pilot.press(*line, "enter")
            await settle(app, pilot)
        check("quick order, lines with problems")
        problems = " ".join(c.plain for row in app.screen.query_one("#qo-lines", RowList).rows for c in row)
        assert "未找到产品" in problems and "最小订购量" in problems, problems  # the walk really met problems
        await pilot.press("f4")
        await settle(app, pilot)
        check("orders")
        await pilot.press("down", "enter")
        await settle(app, pilot)
        check("order detail")
        await pilot.press("escape", "f6")
        await settle(app, pilot)
        check("drafts")
        await pilot.press("f1")
        await settle(app, pilot)
        check("help")
    assert not seen, seen


async def test_the_palette_finds_actions_by_english_and_chinese_names(zh_desk: tuple[Desk, Config]) -> None:
    desk, config = zh_desk
    app = B2BApp(desk=desk, config=config, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for query, expected in (("lang", "语言"), ("语言", "语言"), ("quick", "快速下单"), ("theme", "主题")):
            await pilot.press("ctrl+p")
            await pilot.pause()
            app.screen.query_one("#--input").query_one("Input").value = query
            await settle(app, pilot)
            from textual.widgets import OptionList

            options = app.screen.query_one(OptionList)
            shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
            assert any(expected in s for s in shown), (query, shown)
            await pilot.press("escape")
            await pilot.pause()


async def test_search_in_chinese_names_facets_and_what_differs_in_chinese(zh_desk: tuple[Desk, Config]) -> None:
    desk, config = zh_desk
    app = B2BApp(desk=desk, config=config, sync_on_start=False)
    async with app.run_test(size=(180, 40)) as pilot:
        box = app.screen.query_one("#search-input")
        box.value = "接触器 9A"  # what an IME commits in one go
        await settle(app, pilot)
        facets = widget_text(app.screen.query_one("#search-facets"))
        assert "品牌:" in facets and "线圈电压:" in facets, facets
        assert "Brand" not in facets and "oltage" not in facets, facets
        box.value = "施耐德接触器9A 127V"  # no Schneider contactor has a 127 V coil
        await settle(app, pilot)
        status = widget_text(app.screen.query_one("#search-status"))
        assert "理解为：施耐德 · 接触器 · 9A · 127V" in status and "没有产品符合 127V" in status, status
        first = app.screen.query_one("#search-results", RowList).row_text(0)
        assert "施耐德" in first and "✗ 线圈电压" in first and "要求 127V" in first, first


async def test_facet_values_that_are_words_show_in_chinese(zh_desk: tuple[Desk, Config]) -> None:
    """A cable's colours and its cut-to-length are words of the data: the chips say them in Chinese (a chip still
    narrows by the value the catalog holds)."""
    desk, config = zh_desk
    app = B2BApp(desk=desk, config=config, sync_on_start=False)
    async with app.run_test(size=(180, 40)) as pilot:
        box = app.screen.query_one("#search-input")
        box.value = "rvv 3x1.5"
        await settle(app, pilot)
        facets = widget_text(app.screen.query_one("#search-facets"))
        assert "长度:" in facets and "按米" in facets and "per metre" not in facets, facets
        box.value = "bv 2.5"
        await settle(app, pilot)
        facets = widget_text(app.screen.query_one("#search-facets"))
        assert "颜色:" in facets and "红色" in facets and "蓝色" in facets, facets
        assert not any(colour in facets for colour in ("red", "blue", "black", "white")), facets


# Settings and every dialog, opened as a user opens them, in Chinese at 80x24: each box fits the terminal, no list's
# column title is cut or runs past the edge, and no English sentence shows.
DIALOGS_80 = ("SettingsScreen", "AccountPicker", "ThemePicker", "HelpScreen", "CandidatePicker", "QtyPrompt",
              "LineEditPrompt", "DraftHeaderForm", "ImportFilePrompt", "BuyAgainPicker", "ListNamePrompt",
              "ListPicker", "FillChoice", "ConfirmSubmit", "ExportPrompt", "QuotationDetailsForm", "LoginScreen")


def dialog_problems(app: B2BApp, names: set[str]) -> list[str]:
    """What is wrong with the dialog on top: a box outside the terminal, a column title cut, an English sentence."""
    from rich.cells import cell_len

    screen = app.screen
    problems = []
    box = screen.children[0]
    if not app.screen.region.contains_region(box.region):
        problems.append(f"the box {box.region} does not fit the terminal {app.screen.region}")
    for rows in screen.query(RowList):
        widths = rows._widths(rows.size.width)
        problems += [f"column title cut: {c.title!r} in {w} cells" for c, w in zip(rows.columns, widths, strict=True)
                     if w and cell_len(c.title) > w]
        shown = [w for w in widths if w]
        if sum(shown) + len(shown) - 1 > rows.size.width:
            problems.append(f"columns run past the list's edge: {[c.title for c in rows.columns]} in {widths}")
    cells = [c.plain if hasattr(c, "plain") else str(c) for rows in screen.query(RowList) for row in rows.rows
             for c in row]
    shown = [widget_text(w) for w in screen.query("*") if w.display and w.size.area and not isinstance(w, RowList)]
    problems += [f"English: {s!r}" for s in english_sentences("\n".join([*shown, *cells]), names)]
    return problems


async def test_settings_and_every_dialog_in_chinese_fit_and_show_no_english(zh_desk: tuple[Desk, Config]) -> None:
    """At 80x24 (the smallest terminal; at 160x48 they were walked by hand in tmux: nothing more to cut there)."""
    from b2bterm.ui.screens.dialog import Dialog

    desk, config = zh_desk
    sku = demo_sql(desk, "SELECT sku FROM products WHERE status = 'active' ORDER BY sku LIMIT 1")[0]["sku"]
    await desk.quotations.add(desk.account, sku, 2)  # a quotation to open (F12) and edit (F10) and export (F5)
    names = {r["name_en"] for r in demo_sql(desk, "SELECT name_en FROM products")}
    app = B2BApp(desk=desk, config=config, sync_on_start=False)
    seen: dict[str, list[str]] = {}
    opened: list[str] = []

    async def dialog(*keys: str, close: tuple[str, ...] = ("escape",), leads_on: bool = False) -> None:
        await pilot.press(*keys)
        await settle(app, pilot)
        name = type(app.screen).__name__
        assert isinstance(app.screen, Dialog), (keys, name)
        opened.append(name)
        found = dialog_problems(app, names)
        if found:
            seen[name] = found
        await pilot.press(*close)
        await settle(app, pilot)
        assert leads_on or not isinstance(app.screen, Dialog), (name, "did not close")

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await dialog("f10")  # settings
        await dialog("f7")  # the account picker
        await dialog("alt+t")  # the theme picker
        await dialog("f1")  # help
        await pilot.press("f3")
        await settle(app, pilot)
        for line in ("LC1D09M7 3", "LC1D 2"):  # the second needs a pick; the cursor is on it
            await pilot.press(*line, "enter")
            await settle(app, pilot)
        await dialog("enter")  # the pick list
        await pilot.press("up")
        await dialog("f8")  # the quantity
        await dialog("ctrl+r")  # the line's text
        await dialog("f10")  # the draft's header
        await dialog("ctrl+t")  # a file to import
        await dialog("ctrl+b")  # buy again
        await dialog("ctrl+l", close=(*"monthly", "enter"))  # save as a list
        await dialog("ctrl+o", close=("enter",), leads_on=True)  # open a list: the pad has lines, so it asks
        await dialog()  # replace the pad's lines or add to them
        await pilot.press("down", "delete")  # the line that needs a pick goes: the pad can be sent
        await settle(app, pilot)
        await dialog("f9")  # confirm the send
        await pilot.press("f4")
        await settle(app, pilot)
        await dialog("ctrl+s")  # export the orders
        await pilot.press("f12")
        await settle(app, pilot)
        await dialog("f10")  # the quotation's details
        await dialog("f5")  # export the quotation
        app.action_login()
        await dialog()  # log in
    assert sorted(set(opened)) == sorted(set(DIALOGS_80)), opened
    assert not seen, seen


def test_the_demos_attribute_words_are_chinese_where_the_chinese_ui_shows_them() -> None:
    """The match reason of a search row and a closest product's miss: "✓ 32 · 继电器", not "relay"."""
    from b2bterm.domain.models import Product
    from b2bterm.domain.search_query import MatchKind, Miss, SearchHit
    from b2bterm.domain.understand import Lexicon
    from b2bterm.ui.screens.search_rows import miss_text, why_text

    plc = Product(sku="P", model="FX5U-32MR/ES", brand="Mitsubishi Electric", category="PLCs and I/O modules",
                  name_en="PLC", attributes=(("io_points", "32"), ("output", "relay"), ("terminals", "screw")))
    und = Lexicon.build(["Mitsubishi Electric"], ["PLCs and I/O modules"]).understand("plc 32点 继电器输出")
    set_language("zh")
    try:
        shown = why_text(SearchHit(plc, MatchKind.ATTRIBUTE), und).plain
        assert "继电器" in shown and "relay" not in shown
        assert "螺钉" in miss_text(Miss("terminals", "screw", "spring"))
    finally:
        set_language("en")
