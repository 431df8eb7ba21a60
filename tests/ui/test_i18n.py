"""English and Simplified Chinese: every string has a translation, placeholders survive, the language follows the
config or the locale, the catalog works compiled or not, and Chinese lines up in tables."""

from __future__ import annotations

import gettext
import string
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Footer
from uitext import widget_text

import b2bterm
from b2bterm.config import Config, parse_config
from b2bterm.locale.catalog import compile_po, read_po, translations
from b2bterm.locale.extract import extract
from b2bterm.services.desk import open_desk
from b2bterm.ui import i18n
from b2bterm.ui.i18n import _, load_catalog, resolve_language, set_language
from b2bterm.ui.widgets.footer import FitFooter
from b2bterm.ui.widgets.row_list import Column, RowList

PACKAGE = Path(b2bterm.__file__).resolve().parent
PO = PACKAGE / "locale" / "zh_CN" / "LC_MESSAGES" / "b2bterm.po"
SIZE = (140, 40)


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("en")


def _fields(text: str) -> set[str]:
    return {f"{name}:{spec}" for _lit, name, spec, _conv in string.Formatter().parse(text) if name is not None}


def test_every_string_in_the_source_has_a_chinese_translation() -> None:
    messages, problems = extract(PACKAGE)
    assert not problems, [f"{p.where}: {p.text}" for p in problems]
    assert len(messages) > 100  # the extractor really finds the UI's text
    catalog = read_po(PO)
    missing = [f"{m.msgid!r} ({m.where[0]})" for m in messages
               if m.key not in catalog or not catalog[m.key].translated]
    assert not missing, "no zh_CN translation (run scripts/i18n.py, then fill the msgstr):\n" + "\n".join(missing)


def test_translations_keep_every_placeholder() -> None:
    wrong = [f"{k!r} -> {v!r}" for k, v in translations(read_po(PO)).items() if _fields(k) != _fields(v)]
    assert not wrong, "\n".join(wrong)


def test_chinese_text_really_differs_from_the_english() -> None:
    done = translations(read_po(PO))
    same = [k for k, v in done.items() if k == v and any(c.isalpha() and c.isascii() for c in k)]
    assert len(same) <= 3, same  # SKU and the like may stay as they are


@pytest.mark.parametrize(
    ("setting", "env", "expected"),
    [
        ("zh", {}, "zh_CN"),
        ("zh_CN", {"LANG": "en_US.UTF-8"}, "zh_CN"),
        ("en", {"LANG": "zh_CN.UTF-8"}, "en"),
        ("auto", {"LANG": "zh_CN.UTF-8"}, "zh_CN"),
        ("auto", {"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh_CN"),
        ("auto", {"LANGUAGE": "en_GB:zh_CN", "LANG": "zh_CN.UTF-8"}, "en"),
        ("auto", {"LANG": "de_DE.UTF-8"}, "en"),
        ("auto", {}, "en"),
    ],
)
def test_language_comes_from_config_or_locale(setting: str, env: dict[str, str], expected: str) -> None:
    assert resolve_language(setting, env) == expected


def test_a_compiled_mo_gives_the_same_text_as_the_po(tmp_path: Path) -> None:
    mo = tmp_path / "zh_CN" / "LC_MESSAGES" / "b2bterm.mo"
    count = compile_po(PO, mo)
    assert count == len(translations(read_po(PO)))
    with mo.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    in_memory = load_catalog("zh_CN")  # the editable install: no .mo next to the .po
    for msgid in ("Search", "Updating the catalog: {done:,} of {total:,} products…", "none — press F7 to choose"):
        assert compiled.gettext(msgid) == in_memory.gettext(msgid) != msgid
    assert load_catalog("zh_CN", tmp_path).gettext("Search") == "搜索"  # a .mo is used when there is one


def test_switching_language_retranslates_text_built_at_import() -> None:
    from b2bterm.ui.screens import search

    assert search.TEXT["empty"].startswith("Type a model number")
    set_language("zh")
    assert _("Search") == "搜索"
    assert search.TEXT["empty"] == "输入型号、描述、中文或拼音。"
    descriptions = {b.description for bs in search.SearchScreen._merged_bindings.key_to_bindings.values() for b in bs}
    assert "清除" in descriptions  # the "Clear" key
    set_language("en")
    assert search.TEXT["empty"].startswith("Type a model number")
    assert i18n.current_language() == "en"


def test_switching_language_leaves_enum_values_in_module_tables_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """A table of states (a StrEnum's members, whose values are also words in the catalog, like "sent") is data:
    a language switch must not turn its members into translated plain text (marking a quotation sent broke)."""
    import types

    from b2bterm.domain.quotation import QuotationState

    assert _("sent")  # the state's value is also a word the UI has asked for (as the quotations screen does)
    module = types.ModuleType("b2bterm.ui.screens._state_table")
    module.NEXT = {QuotationState.DRAFT: QuotationState.SENT}  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    set_language("zh")
    set_language("en")
    assert type(module.NEXT[QuotationState.DRAFT]) is QuotationState  # type: ignore[attr-defined]
    assert module.NEXT[QuotationState.DRAFT] is QuotationState.SENT  # type: ignore[attr-defined]


def test_switching_language_leaves_style_tables_alone() -> None:
    """A colour is both a style ("yellow": a line below its minimum order) and a word the UI shows (a cable's colour
    in a facet). Once the word has been shown, a language switch must leave every style table of the UI as it was
    (it turned a line's problem style into "黄色", and the Quick order screen stopped on it)."""
    import importlib
    import pkgutil

    from rich.style import Style

    import b2bterm.ui
    from b2bterm.ui.wording import WORDS, word

    for found in pkgutil.walk_packages(b2bterm.ui.__path__, "b2bterm.ui."):
        importlib.import_module(found.name)
    style_words = {"bold", "dim", "italic", "reverse", "underline", "strike", "red", "yellow", "green", "cyan",
                   "magenta", "blue"}
    tables = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith("b2bterm.ui") or module is None:
            continue
        for var, value in vars(module).items():
            styles = [v for v in value.values() if type(v) is str] if isinstance(value, Mapping) else []
            if styles and all(set(v.split()) <= style_words for v in styles):
                tables[f"{name}.{var}"] = (value, dict(value))
    assert "b2bterm.ui.screens.quickorder.view._PROBLEM_STYLE" in tables and len(tables) >= 4, sorted(tables)
    for colour in WORDS:
        word(colour)  # every word shown once, as the screens show them
    try:
        set_language("zh")
        changed = {name for name, (table, before) in tables.items() if dict(table) != before}
        assert not changed, changed
        for table, _before in tables.values():
            for style in table.values():
                Style.parse(style)
    finally:
        set_language("en")


def test_text_imported_in_chinese_comes_back_to_its_own_english() -> None:
    # "Order" and "Orders" are both 订单: going back to English must give each its own text again.
    set_language("zh")
    labels = {"one": _("Order"), "many": _("Orders"), "invoice": _("普通发票 (normal invoice)"),
              "detail_invoice": _("normal invoice 普通发票")}
    assert labels["one"] == labels["many"] == "订单"
    set_language("en")
    assert [i18n.retranslate(v) for v in labels.values()] == [
        "Order", "Orders", "普通发票 (normal invoice)", "normal invoice 普通发票"]


async def test_the_app_in_chinese(demo_config: Config) -> None:
    assert demo_config.path is not None
    text = demo_config.path.read_text(encoding="utf-8") + '[general]\nlanguage = "zh"\n'
    config = parse_config(text, demo_config.path)
    desk = open_desk(config)
    await desk.sync_catalog()
    from b2bterm.ui.app import B2BApp

    app = B2BApp(desk=desk, config=config, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = widget_text(app.screen.query_one(FitFooter))
        header = widget_text(app.screen.query_one("#app-header"))
        assert "搜索" in header and "无 — 按 F7 选择" in header and "在线" in header
        descriptions = {k.description for k in app.screen.query_one(FitFooter).shown()}
        assert {"帮助", "快速下单", "订单", "草稿", "客户", "设置", "退出"} <= descriptions, (descriptions, footer)
        assert app.screen.query_one("#search-input").placeholder.startswith("型号、关键词")
        await pilot.press(*"lc1d09")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "个结果" in widget_text(app.screen.query_one("#search-status"))
        await pilot.press("f1")
        await pilot.pause()
        assert "按键：搜索" in widget_text(app.screen.query_one("#help-title"))
    await desk.aclose()


async def test_language_switch_from_the_palette_changes_footer_and_is_saved(demo_config: Config) -> None:
    import tomllib

    from b2bterm.ui.app import B2BApp

    desk = open_desk(demo_config)
    await desk.sync_catalog()
    app = B2BApp(desk=desk, config=demo_config, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Search" in {k.description for k in app.screen.query_one(FitFooter).shown()}
        await pilot.press("ctrl+p")
        await pilot.pause()
        app.screen.query_one("#--input").query_one("Input").value = "简体中文"
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "搜索" in {k.description for k in app.screen.query_one(FitFooter).shown()}
        assert "f2 搜索" in widget_text(app.screen.query_one(FitFooter))
        assert "在线" in widget_text(app.screen.query_one("#app-header"))
    assert demo_config.path is not None
    assert tomllib.loads(demo_config.path.read_text(encoding="utf-8"))["general"]["language"] == "zh_CN"
    await desk.aclose()


class _Table(App[None]):
    def compose(self) -> ComposeResult:
        yield RowList([Column("Model", 14), Column("Name", 24), Column("Brand", 10), Column("List", 10, "right")],
                      id="t")
        yield Footer()


async def test_chinese_lines_up_in_a_table() -> None:
    rows = [
        [Text("LC1D09M7"), Text("交流接触器 9A 220V"), Text("施耐德"), Text("¥123.00")],
        [Text("3RT2015-1BB41"), Text("Contactor 7A 24VDC"), Text("Siemens"), Text("¥98.50")],
        [Text("NXB-63"), Text("小型断路器 1P C16 正泰电器有限公司出品"), Text("正泰"), Text("¥9.00")],
        [Text("Ｆ１２３"), Text("全角型号"), Text("ABB"), Text("¥1.00")],
    ]
    app = _Table()
    async with app.run_test(size=(80, 10)) as pilot:
        table = app.query_one("#t", RowList)
        table.set_rows(rows)
        await pilot.pause()
        lines = widget_text(table).splitlines()[1:5]
    for line in lines:
        assert Text(line).cell_len == 80
    cuts = []
    for line, row in zip(lines, rows, strict=True):
        brand = row[2].plain
        before = line[: line.rindex(brand)]
        cuts.append(Text(before).cell_len)  # the cell where the brand column starts
        assert line.rstrip().endswith(row[3].plain)  # the price, right-aligned, ends at the same cell
    assert len(set(cuts)) == 1, (cuts, lines)
    assert "…" in lines[2]  # a too-long Chinese name is cut inside its column


def test_counted_messages_carry_their_plural_forms_in_the_catalog() -> None:
    messages, _problems = extract(PACKAGE)
    counted = [m for m in messages if m.msgid_plural]
    assert len(counted) >= 10  # every ngettext call is one catalog entry with both msgids
    catalog = read_po(PO)
    assert "Plural-Forms: nplurals=1; plural=0;" in catalog[""].msgstr
    for m in counted:
        entry = catalog[m.key]
        assert entry.msgid_plural == m.msgid_plural and len(entry.msgstr_plural) == 1, m.msgid
        assert m.msgid_plural not in catalog  # no leftover plain entry for the plural text


@pytest.mark.parametrize("compiled", [True, False])
def test_plurals_follow_the_language_rule(compiled: bool, tmp_path: Path) -> None:
    if compiled:
        compile_po(PO, tmp_path / "zh_CN" / "LC_MESSAGES" / "b2bterm.mo")
        zh = load_catalog("zh_CN", tmp_path)
    else:
        zh = load_catalog("zh_CN")
    one, many = "{n} account", "{n} accounts"
    assert zh.ngettext(one, many, 1) == zh.ngettext(one, many, 7) == "{n} 个客户"
    set_language("en")
    assert [i18n.ngettext(one, many, n).format(n=n) for n in (0, 1, 2)] == ["0 accounts", "1 account", "2 accounts"]
    set_language("zh")
    assert [i18n.ngettext(one, many, n).format(n=n) for n in (1, 21)] == ["1 个客户", "21 个客户"]


def test_a_po_with_plural_forms_reads_back_as_written() -> None:
    from b2bterm.locale.catalog import Entry, format_po, parse_po

    entry = Entry("{n} order", "", ["#: x.py:1"], False, "{n} orders", ["{n} 个订单"])
    text = format_po("Plural-Forms: nplurals=1; plural=0;\n", [entry, Entry("Search", "搜索")])
    back = parse_po(text)
    assert back["{n} order\0{n} orders"].msgstr_plural == ["{n} 个订单"]
    assert translations(back) == {"{n} order\0{n} orders": "{n} 个订单", "Search": "搜索"}
