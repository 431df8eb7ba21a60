"""Look and reach: theme files and the picker, keys remapped in [keymap] (footer and help), the F-key layout and
its Alt fallbacks, F1 help and the command palette."""

from __future__ import annotations

import importlib
import pkgutil
import tomllib
from pathlib import Path

import pytest
from textual.dom import DOMNode
from uitext import screen_text

import b2bterm.ui
from b2bterm.config import Config, parse_config
from b2bterm.services.desk import Desk, open_desk
from b2bterm.ui.app import B2BApp
from b2bterm.ui.i18n import set_language
from b2bterm.ui.themes import DEFAULT_THEME, load_themes, theme_from_toml, user_theme_dir

SIZE = (140, 40)


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("en")


def _with(config: Config, extra: str) -> Config:
    assert config.path is not None
    text = config.path.read_text(encoding="utf-8") + extra
    config.path.write_text(text, encoding="utf-8")
    return parse_config(text, config.path)


async def _app(config: Config) -> tuple[B2BApp, Desk]:
    desk = open_desk(config)
    await desk.sync_catalog()
    return B2BApp(desk=desk, config=config, sync_on_start=False), desk


def footer_keys(app: B2BApp) -> dict[str, str]:
    """description -> the key shown for it, as the footer draws them."""
    from b2bterm.ui.widgets.footer import FitFooter

    shown = {}
    for key in app.screen.query_one(FitFooter).shown():
        shown[key.description] = key.key_display
    return shown


def help_rows(app: B2BApp) -> list[str]:
    rows = app.screen.query_one("#help-keys")
    return [rows.row_text(i) for i in range(len(rows.rows))]


def palette_text(app: B2BApp) -> str:
    """The commands the palette lists (prompt and help lines), as plain text."""
    from textual.command import CommandList

    commands = app.screen.query_one(CommandList)
    return "\n".join(str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count))


# --- themes ----------------------------------------------------------------------------------------------------------


def test_shipped_themes_include_high_contrast_and_ansi_only() -> None:
    loaded = load_themes()
    assert not loaded.problems
    names = loaded.names
    assert {"b2bterm-dark", "b2bterm-light", "b2bterm-high-contrast", "b2bterm-ansi"} <= set(names)
    ansi = loaded.themes[names.index("b2bterm-ansi")]
    assert ansi.ansi
    colours = [ansi.primary, ansi.secondary, ansi.accent, ansi.warning, ansi.error, ansi.success,
               ansi.foreground, ansi.background, ansi.surface, ansi.panel]
    assert all(str(c).startswith("ansi_") for c in colours), colours  # nothing outside the terminal's palette
    assert all(str(v).startswith("ansi_") or v == "none" for v in ansi.variables.values())


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('name = "x"\nprimary = "#123456"\nbogus = 1\n', "unknown keys: bogus"),
        ('name = "x"\nsecondary = "#123456"\n', "needs at least `primary`"),
        ('name = "x"\nprimary = "not a colour"\n', "is not a colour"),
        ('name = "x"\nprimary = "#123456"\n[variables]\n"border" = "zzz"\n', "border = 'zzz' is not a colour"),
        ('name = "x\nprimary = 1', "not valid TOML"),
    ],
)
def test_a_broken_theme_file_says_what_is_wrong(tmp_path: Path, text: str, says: str) -> None:
    path = tmp_path / "x.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=says.replace("(", r"\(").replace("`", "`")):
        theme_from_toml(path)


async def test_broken_user_theme_gives_one_notice_and_the_default_is_used(demo_config: Config) -> None:
    folder = user_theme_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "shop.toml").write_text('name = "shop"\nprimary = "#123456"\n[variables]\n"border" = "zzz"\n',
                                      encoding="utf-8")
    (folder / "mine.toml").write_text('name = "mine"\nprimary = "#AA0000"\nbackground = "#101010"\n',
                                      encoding="utf-8")
    config = _with(demo_config, '[general]\ntheme = "shop"\n')
    app, desk = await _app(config)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        notices = [n.message for n in app._notifications]
        assert sum("shop.toml" in n for n in notices) == 1, notices
        assert any("'shop' is not installed" in n for n in notices)
        assert "mine" in app.b2b_themes  # a good user theme next to the broken one is offered
    await desk.aclose()


async def test_theme_picker_previews_keeps_and_remembers_the_choice(demo_config: Config) -> None:
    config = _with(demo_config, '[general]\nfkeys = true\n[keymap]\n"app.orders" = "f4"\n')
    app, desk = await _app(config)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "b2bterm-dark"
        await pilot.press("alt+t")
        await pilot.pause()
        assert "b2bterm-high-contrast" in screen_text(app)
        await pilot.press("down")  # b2bterm-dark -> b2bterm-high-contrast (sorted list)
        await pilot.pause()
        assert app.theme == "b2bterm-high-contrast"  # previewed
        await pilot.press("escape")
        await pilot.pause()
        assert app.theme == "b2bterm-dark"  # Esc puts it back
        await pilot.press("alt+t")
        await pilot.pause()
        await pilot.press("down", "down", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.theme == "b2bterm-light"
    saved = tomllib.loads(config.path.read_text(encoding="utf-8"))  # type: ignore[union-attr]
    assert saved["general"]["theme"] == "b2bterm-light"
    assert saved["general"]["fkeys"] is True and saved["keymap"] == {"app.orders": "f4"}  # other keys kept
    assert "path" in saved["profiles"]["demo"]["options"]
    await desk.aclose()


# --- keys ------------------------------------------------------------------------------------------------------------


def _b2bterm_classes() -> list[type[DOMNode]]:
    for module in pkgutil.walk_packages(b2bterm.ui.__path__, "b2bterm.ui."):
        importlib.import_module(module.name)
    found, stack = [], list(DOMNode.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("b2bterm."):
            found.append(cls)
    return found


def test_every_binding_has_a_unique_id() -> None:
    from textual.binding import Binding

    owners: dict[str, str] = {}
    for cls in _b2bterm_classes():
        for binding in cls.__dict__.get("BINDINGS", []):
            assert isinstance(binding, Binding), f"{cls.__name__}: use Binding(..., id=...), not a tuple"
            assert binding.id, f"{cls.__module__}.{cls.__name__}: {binding.key} -> {binding.action} has no id"
            owner = f"{cls.__module__}.{cls.__name__}"
            assert owners.setdefault(binding.id, owner) == owner, f"id {binding.id} is used twice"


async def test_a_remapped_key_shows_in_the_footer_and_in_help_and_works(demo_config: Config) -> None:
    config = _with(demo_config, '[keymap]\n"app.search" = "f12"\n"app.help" = "ctrl+o"\n')
    app, desk = await _app(config)
    await desk.select_account("C10023")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert footer_keys(app)["Search"] == "f12", footer_keys(app)
        await pilot.press("f3")
        await pilot.pause()
        assert app.current_mode == "quickorder"
        await pilot.press("f2")  # no longer search
        await pilot.pause()
        assert app.current_mode == "quickorder"
        await pilot.press("f12")
        await pilot.pause()
        assert app.current_mode == "search"
        await pilot.press("f1")  # help moved to ctrl+o
        await pilot.pause()
        assert app.screen.id != "help" and not app.screen.query("#help-keys")
        await pilot.press("ctrl+o")
        await pilot.pause()
        rows = help_rows(app)
        search_row = next(r for r in rows if "app.search" in r)
        assert search_row.startswith("f12  ") and "Search" in search_row
        assert next(r for r in rows if "app.help" in r).startswith("^o  ")
    await desk.aclose()


async def test_f1_lists_the_keys_of_the_current_screen(demo_config: Config) -> None:
    app, desk = await _app(demo_config)
    await desk.select_account("C10023")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert "Keys: Search" in screen_text(app)
        rows = help_rows(app)
        assert rows[0].startswith("esc") and "Clear" in rows[0] and "search.clear" in rows[0]
        assert any(r.startswith("f3 / alt+3") and "Quick order" in r for r in rows)
        assert not any("Delete character left" in r for r in rows)  # Textual's input keys are not listed
        await pilot.press("escape", "f3")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        text = screen_text(app)
        assert "Keys: Quick order" in text and "quickorder.submit" in text and "Clear" not in "".join(help_rows(app))
    await desk.aclose()


async def test_alt_digits_reach_the_sections_where_f_keys_do_not_arrive(demo_config: Config) -> None:
    app, desk = await _app(demo_config)
    await desk.select_account("C10023")  # sections that act for a customer would ask for one first
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key, mode in (("alt+3", "quickorder"), ("alt+4", "orders"), ("alt+6", "drafts"), ("alt+2", "search")):
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode, key
        await pilot.press("alt+1")
        await pilot.pause()
        assert app.screen.query("#help-keys")
    await desk.aclose()


async def test_without_f_keys_the_footer_shows_the_alt_keys(demo_config: Config) -> None:
    config = _with(demo_config, '[general]\nfkeys = false\n')
    app, desk = await _app(config)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = footer_keys(app)
        assert shown["Search"] == "alt+2" and shown["Quick order"] == "alt+3" and shown["Help"] == "alt+1"
        await pilot.press("f3")
        await pilot.pause()
        assert app.current_mode == "search"
    await desk.aclose()


async def test_command_palette_offers_the_screen_actions_and_runs_them(demo_config: Config) -> None:
    app, desk = await _app(demo_config)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"find")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = palette_text(app)
        assert "Find" in text and "Key: ^f" in text  # the search screen's own action, with its key
        for _ in range(6):
            await pilot.press("backspace")
        await pilot.press(*"high-contrast")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Theme: b2bterm-high-contrast" in palette_text(app)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.theme == "b2bterm-high-contrast"
    await desk.aclose()



def test_themes_command_lists_user_themes_and_problems(capsys: pytest.CaptureFixture[str]) -> None:
    import argparse
    import json

    from b2bterm.cli.ui import cmd_themes

    folder = user_theme_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mine.toml").write_text('name = "mine"\nprimary = "#AA0000"\n', encoding="utf-8")
    (folder / "broken.toml").write_text('name = "broken"\n', encoding="utf-8")
    assert cmd_themes(argparse.Namespace(config=None, json=True)) == 1  # a broken file: exit 1
    out = json.loads(capsys.readouterr().out)
    rows = {row["name"]: row for row in out["themes"]}
    assert rows["mine"]["source"] == "user" and rows["b2bterm-ansi"]["ansi"] and rows["b2bterm-dark"]["current"]
    assert len(out["problems"]) == 1 and "broken.toml" in out["problems"][0]
