"""The CSS a start parsed is kept for the next start (ui/stylesheet.py): read back, it styles the screen as parsing
did; another theme, a changed source or a damaged file is parsed again."""

from __future__ import annotations

import textual.css.stylesheet as textual_stylesheet
from uitext import screen_text

from b2bterm.services.desk import Desk
from b2bterm.ui.app import CSS_KEPT, B2BApp
from b2bterm.ui.stylesheet import ParsedCss, ParsedOnceStylesheet

SIZE = (120, 30)


def _count_parses(monkeypatch) -> list[object]:  # type: ignore[no-untyped-def]
    parsed: list[object] = []
    parse = textual_stylesheet.parse

    def counted(scope, css, read_from, **kwargs):  # type: ignore[no-untyped-def]
        parsed.append(read_from)
        return parse(scope, css, read_from, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", counted)
    return parsed


async def _start(desk: Desk) -> tuple[str, dict[str, str]]:
    """The search screen as the start shows it, and the styles Textual worked out for its widgets."""
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        styles = {f"{type(w).__name__}#{w.id}": w.styles.css for w in app.screen.query("*")}
        return screen_text(app), styles


async def test_the_next_start_reads_the_parsed_css_back_and_looks_the_same(desk: Desk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    parsed = _count_parses(monkeypatch)
    first_screen, first_styles = await _start(desk)
    assert parsed and (desk.data_dir / CSS_KEPT).is_file()
    parsed.clear()
    again_screen, again_styles = await _start(desk)
    assert parsed == []  # every source of the first screen came from the file
    assert again_screen == first_screen and again_styles == first_styles


async def test_another_theme_or_a_damaged_file_is_parsed_again(desk: Desk, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    parsed = _count_parses(monkeypatch)
    kept = ParsedCss(tmp_path / CSS_KEPT)
    css = "Screen { background: $primary; }"
    dark = ParsedOnceStylesheet(variables={"primary": "#112233"}, kept=kept)
    dark.add_source(css, read_from=("test", "dark"))
    dark.parse()
    kept.save()
    assert len(parsed) == 1
    for variables, source in (({"primary": "#112233"}, css), ({"primary": "#445566"}, css),
                              ({"primary": "#112233"}, css.replace("$primary", "red"))):
        sheet = ParsedOnceStylesheet(variables=variables, kept=ParsedCss(tmp_path / CSS_KEPT))
        sheet.add_source(source, read_from=("test", "dark"))
        sheet.parse()
        want = ParsedOnceStylesheet(variables=variables)
        want.add_source(source, read_from=("test", "dark"))
        want.parse()
        assert [r.css for r in sheet.rules] == [r.css for r in want.rules]
    # the same source and theme came from the file (only the plain stylesheet parsed it); another theme or another
    # source was parsed by both
    assert len(parsed) == 1 + 1 + 2 + 2
    (tmp_path / CSS_KEPT).write_bytes(b"not a pickle")
    sheet = ParsedOnceStylesheet(variables={"primary": "#112233"}, kept=ParsedCss(tmp_path / CSS_KEPT))
    sheet.add_source(css, read_from=("test", "dark"))
    sheet.parse()
    assert "#112233" in sheet.rules[0].css


async def test_a_themes_colours_are_worked_out_once_and_follow_a_change_of_theme(desk: Desk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Textual built the theme's whole colour system on each of four calls before the first frame; once a theme
    now (Textual's own default theme is worked out once too, as its App starts). Another theme gets its own."""
    from textual.app import App
    from textual.design import ColorSystem

    generated: list[int] = []
    generate = ColorSystem.generate

    def counted(self: ColorSystem) -> dict[str, str]:
        generated.append(1)
        return generate(self)

    monkeypatch.setattr(ColorSystem, "generate", counted)
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert len(generated) <= 2, len(generated)
        app.theme = "b2bterm-light"
        await pilot.pause()
        assert app.get_css_variables() == App.get_css_variables(app)  # what Textual works out for this theme
        assert app.stylesheet._variables == App.get_css_variables(app)
