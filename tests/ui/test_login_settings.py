"""The login and settings screens as a user meets them: against a real server on 127.0.0.1 and a real file keyring in
tmp_path (never the user's)."""

from __future__ import annotations

import os
import sys
import tomllib
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Input
from uitext import widget_text

from b2bterm.config import Config, parse_config
from b2bterm.server import ServerThread, create_app
from b2bterm.services.desk import Desk, open_desk
from b2bterm.ui.app import B2BApp
from b2bterm.ui.screens.account_picker import AccountPicker
from b2bterm.ui.screens.login import LoginScreen
from b2bterm.ui.screens.settings import SettingsScreen

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from http_memory_platform import MemoryPlatform

SIZE = (120, 40)
PASSWORD = "pw-Ui-7731"



@pytest.fixture(scope="module")
def server() -> Iterator[ServerThread]:
    with ServerThread(create_app(MemoryPlatform(), users={"alice": PASSWORD})) as running:
        yield running


@pytest.fixture
async def http_desk(server: ServerThread, file_keyring: PlaintextKeyring) -> AsyncIterator[Desk]:
    path = Path(os.environ["B2BTERM_CONFIG"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'[general]\nprofile = "shop"\n[profiles.shop]\nplatform = "http"\nusername = "alice"\n'
                    f'[profiles.shop.options]\nurl = "{server.url}"\nretries = 1\n', encoding="utf-8")
    desk = open_desk(parse_config(path.read_text(encoding="utf-8"), path))  # nothing in the keyring yet
    yield desk
    await desk.aclose()


def shown(widget: Widget) -> str:
    """What a bordered widget (an Input) shows, border included."""
    size = widget.outer_size
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, size.width, size.height)))


async def settle(pilot, app: B2BApp) -> None:  # type: ignore[no-untyped-def]
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_not_logged_in_opens_login_which_stores_the_token(
    http_desk: Desk, server: ServerThread, file_keyring: PlaintextKeyring
) -> None:
    app = B2BApp(desk=http_desk, config=http_desk.config, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, LoginScreen)  # the capabilities call was refused: log in first
        assert "not logged in" in widget_text(app.screen.query_one("#login-reason"))
        assert "alice" in shown(app.screen.query_one("#login-username", Input))

        await pilot.press(*"wrong")
        masked = shown(app.screen.query_one("#login-password"))
        assert "•••••" in masked and "wrong" not in masked
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, LoginScreen)
        assert "Wrong username or password" in widget_text(app.screen.query_one("#login-status"))
        assert file_keyring.get_password("b2bterm", "shop") is None

        await pilot.press(*PASSWORD, "enter")
        await settle(pilot, app)
        assert not isinstance(app.screen, LoginScreen)
        token = file_keyring.get_password("b2bterm", "shop")
        assert token and server.app.state.tokens.valid(token)
        assert await http_desk.search_accounts("")  # the rebuilt client carries the token


async def test_expired_token_logs_in_again_without_losing_the_screen(
    http_desk: Desk, server: ServerThread, file_keyring: PlaintextKeyring
) -> None:
    from b2bterm.platform.http.auth import request_token

    token = (await request_token({"url": server.url}, "alice", PASSWORD)).token.reveal()
    await http_desk.relogin(token)
    app = B2BApp(desk=http_desk, config=http_desk.config, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert not isinstance(app.screen, LoginScreen)
        await pilot.press(*"contactor 9a")
        await settle(pilot, app)
        server.app.state.tokens.revoke(token)  # the token expires while the user works

        await pilot.press("f7")  # the account picker asks the platform: refused
        await settle(pilot, app)
        assert isinstance(app.screen, LoginScreen)
        assert "token has expired" in widget_text(app.screen.query_one("#login-reason"))
        await pilot.press(*PASSWORD, "enter")
        await settle(pilot, app)

        assert isinstance(app.screen, AccountPicker)  # back where the user was
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#search-input", Input).value == "contactor 9a"  # the work is still there
        await pilot.press("f7")  # retry: it works now
        await settle(pilot, app)
        assert isinstance(app.screen, AccountPicker)
        assert "accounts" in widget_text(app.screen.query_one("#account-status"))
    assert file_keyring.get_password("b2bterm", "shop") not in (None, token)


async def test_settings_adds_a_profile_and_keeps_the_other_keys(demo_config: Config) -> None:
    desk = open_desk(demo_config)
    try:
        app = B2BApp(desk=desk, config=demo_config, sync_on_start=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f10")
            await pilot.pause()
            assert isinstance(app.screen, SettingsScreen)
            assert "demo" in widget_text(app.screen.query_one("#settings-profiles"))

            await pilot.press(*"acme")
            await pilot.click("#profile-url")
            await pilot.press(*"http://127.0.0.1:8765")
            await pilot.click("#profile-username")
            await pilot.press(*"bob")
            await pilot.click("#profile-account")
            await pilot.press(*"A17")
            await pilot.press("ctrl+s")
            await settle(pilot, app)
            assert "Saved to" in widget_text(app.screen.query_one("#settings-status"))
            listed = widget_text(app.screen.query_one("#settings-profiles"))
            assert "acme" in listed and "http://127.0.0.1:8765" in listed and "bob" in listed

            await pilot.click("#profile-url")  # a profile without a usable url is refused, nothing written
            await pilot.press("ctrl+u", *"ftp://x", "ctrl+s")
            await settle(pilot, app)
            assert "needs its URL" in widget_text(app.screen.query_one("#settings-status"))

        assert demo_config.path is not None
        saved = tomllib.loads(demo_config.path.read_text(encoding="utf-8"))
        assert saved["profiles"]["acme"] == {"platform": "http", "username": "bob", "account": "A17",
                                             "options": {"url": "http://127.0.0.1:8765"}}
        assert "path" in saved["profiles"]["demo"]["options"]  # the user's other keys stay
        assert saved["general"]["theme"] == "b2bterm-dark" and saved["general"]["language"] == "auto"
        assert app.config.profiles["acme"].username == "bob"
    finally:
        await desk.aclose()


async def test_settings_keep_the_comments_and_order_of_a_hand_written_config(demo_config: Config) -> None:
    assert demo_config.path is not None
    demo_path = demo_config.profile("demo").options["path"]
    written = (f'# Counter PC — edited by hand; keep these notes.\n\n'
               f'[quickorder]\nmerge_repeated = false   # keep repeated lines apart\n\n'
               f'[general]\ntheme = "textual-dark"   # dark, for the night shift\n'
               f'language = "auto"  # the system\'s\n\n'
               f'[profiles.demo.options]  # this test\'s own demo file\npath = "{demo_path}"\n')
    demo_config.path.write_text(written, encoding="utf-8")
    config = parse_config(written, demo_config.path)
    desk = open_desk(config)
    try:
        app = B2BApp(desk=desk, config=config, sync_on_start=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f10")
            await pilot.pause()
            assert isinstance(app.screen, SettingsScreen)
            await pilot.press(*"acme")
            await pilot.click("#profile-url")
            await pilot.press(*"http://127.0.0.1:8765")
            app.screen.query_one("#settings-theme").value = "b2bterm-light"  # type: ignore[attr-defined]
            await pilot.press("ctrl+s")
            await settle(pilot, app)
            assert "Saved to" in widget_text(app.screen.query_one("#settings-status"))
        after = demo_config.path.read_text(encoding="utf-8")
        before_lines = [x for x in written.splitlines() if x]
        after_lines = [x for x in after.splitlines() if x]
        gone = [x for x in before_lines if x not in after_lines]
        assert gone == ['theme = "textual-dark"   # dark, for the night shift']
        assert 'theme = "b2bterm-light"   # dark, for the night shift' in after_lines
        kept = [x for x in after_lines if x in before_lines]
        assert kept == [x for x in before_lines if x in after_lines]  # the user's lines, in the user's order
        saved = tomllib.loads(after)
        assert saved["profiles"]["acme"]["options"] == {"url": "http://127.0.0.1:8765"}
        assert saved["quickorder"]["merge_repeated"] is False
    finally:
        await desk.aclose()
