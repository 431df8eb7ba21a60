"""Log in to the profile's platform: username and password in, a token in the keyring, the client rebuilt with it.

Opened over whatever screen the user was on (an expired token, a keyring problem at start, or by hand), so their
work stays underneath; after logging in they retry what failed.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label

from b2bterm.services.gateway import PlatformError
from b2bterm.ui.i18n import _
from b2bterm.ui.outcome_text import platform_error_text
from b2bterm.ui.screens.dialog import Dialog
from b2bterm.ui.widgets.text_input import TextInput


class LoginScreen(Dialog[bool]):
    """Dismissed with True once logged in, False when cancelled."""

    DEFAULT_CSS = """
    LoginScreen > Vertical { width: 72; max-width: 95%; height: auto; }
    LoginScreen #login-reason { color: $warning; height: auto; width: 100%; }
    LoginScreen #login-status { color: $text-muted; height: auto; width: 100%; }
    LoginScreen Input { margin: 0 0 1 0; }
    """
    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="login.cancel")]

    class Succeeded(Message):
        def __init__(self, username: str, note: str) -> None:
            super().__init__()
            self.username = username
            self.note = note

    class Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, reason: str = "") -> None:
        super().__init__()
        self.reason = reason

    def compose(self) -> ComposeResult:
        from b2bterm.services.session import can_log_in

        profile = self.services.profile
        url = str(profile.options.get("url", ""))
        with Vertical():
            yield Label(Text(_("Log in to {profile} ({url})").format(profile=profile.name, url=url or profile.platform),
                             style="bold"), id="login-title")
            yield Label(Text(self.reason), id="login-reason")
            yield Label(_("Username"))
            yield TextInput(profile.username, placeholder=_("username"), id="login-username")
            yield Label(_("Password"))
            yield TextInput(placeholder=_("password"), password=True, id="login-password")
            status = "" if can_log_in(profile) else _(
                "This profile's platform has no login by password: set B2BTERM_TOKEN to a token from its "
                "administrator.")
            yield Label(Text(status or _("Enter logs in, Escape cancels.")), id="login-status")

    def on_mount(self) -> None:
        self.query_one("#login-reason", Label).display = bool(self.reason)
        username = self.query_one("#login-username", Input)
        (self.query_one("#login-password", Input) if username.value else username).focus()

    @on(Input.Submitted, "#login-username")
    def _username_done(self) -> None:
        self.query_one("#login-password", Input).focus()

    @on(Input.Submitted, "#login-password")
    def _submit(self) -> None:
        username = self.query_one("#login-username", Input).value.strip()
        password_input = self.query_one("#login-password", Input)
        password, password_input.value = password_input.value, ""
        if not username:
            self._status(_("Type your username."))
            self.query_one("#login-username", Input).focus()
            return
        self._status(_("Logging in…"))
        self.log_in(username, password)

    # description: without one Textual names the worker after its arguments, and logs it: the password with them
    @work(exclusive=True, group="login", exit_on_error=False, description="log in")
    async def log_in(self, username: str, password: str) -> None:
        from b2bterm.services.session import log_in_and_keep

        desk = self.services
        try:
            config = getattr(desk, "config", None)
            allow = bool(config.general.get("allow_plaintext_keyring", False)) if config is not None else False
            grant = await log_in_and_keep(desk.profile, username, password, allow_plaintext=allow)
        except PlatformError as exc:
            self.post_message(self.Failed(platform_error_text(exc)))
            return
        note = ""
        if grant.keep_error is not None:  # still logged in, for this session only
            note = _("Logged in for this session only; the token could not be kept: {err}").format(
                err=grant.keep_error)
        try:
            await desk.relogin(grant.token)
        except PlatformError as exc:
            self.post_message(self.Failed(platform_error_text(exc)))
            return
        self.post_message(self.Succeeded(username, note))

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self._status(event.text)
        self.query_one("#login-password", Input).focus()

    @on(Succeeded)
    def _succeeded(self, event: Succeeded) -> None:
        if event.note:
            self.app.notify(event.note, severity="warning", timeout=15)
        self.app.notify(_("Logged in as {user}. Try again what you were doing.").format(user=event.username))
        self.dismiss(True)

    def _status(self, text: str) -> None:
        self.query_one("#login-status", Label).update(Text(text))

    def action_cancel(self) -> None:
        self.dismiss(False)
