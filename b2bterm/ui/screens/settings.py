"""Settings: the profiles (add one, or change one), the theme and the language. Saved to config.toml through
``update_config``, keeping the user's other keys. The theme applies at once; a profile and the language at the
next start."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from b2bterm.ui.i18n import N_, _, resolve_language
from b2bterm.ui.screens.dialog import Dialog
from b2bterm.ui.widgets.footer import FitFooter
from b2bterm.ui.widgets.text_input import TextInput

LANGUAGES = (("auto", N_("Automatic")), ("en", "English"), ("zh_CN", "简体中文"))


class SettingsScreen(Dialog[None]):
    DEFAULT_CSS = """
    SettingsScreen > VerticalScroll { width: 110; max-width: 98%; height: 1fr; max-height: 38; }
    SettingsScreen #settings-profiles { height: auto; max-height: 6; border: none; }
    SettingsScreen .row { height: 3; }
    SettingsScreen .row Label { width: 18; padding: 1 1 0 0; }
    SettingsScreen .row Input, SettingsScreen .row Select { width: 1fr; }
    SettingsScreen .heading { text-style: bold; }
    SettingsScreen #settings-status { color: $accent; height: auto; width: 100%; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="settings.save"),
        Binding("ctrl+n", "new_profile", _("New profile"), id="settings.new"),
        Binding("escape", "close", _("Close"), id="settings.close"),
    ]

    class Saved(Message):
        def __init__(self, config: Any, text: str) -> None:
            super().__init__()
            self.config = config
            self.text = text

    class Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def _config(self) -> Any:
        return self.app.config  # type: ignore[attr-defined]

    def _config_path(self) -> Path:
        from b2bterm.config import default_config_path

        config = self._config()
        return config.path if config is not None and config.path is not None else default_config_path()

    def compose(self) -> ComposeResult:
        from b2bterm.services.session import platform_names

        general = self._config().general if self._config() is not None else {}
        themes = sorted(self.app.available_themes)
        setting = str(general.get("language", "auto")).strip() or "auto"
        language = "auto" if setting == "auto" else resolve_language(setting)  # "zh", "zh-CN" -> zh_CN
        with VerticalScroll():
            yield Label(_("Profiles (Enter edits one, Ctrl+N adds one)"), classes="heading")
            yield OptionList(id="settings-profiles")
            yield Label("", id="settings-status")
            yield Label(_("Profile"), classes="heading")
            with Horizontal(classes="row"):
                yield Label(_("Name"))
                yield TextInput(placeholder=_("e.g. acme"), id="profile-name")
            with Horizontal(classes="row"):
                yield Label(_("Platform"))
                yield Select([(n, n) for n in platform_names()], value="http" if "http" in platform_names()
                             else Select.BLANK, allow_blank=False, id="profile-platform")
            with Horizontal(classes="row"):
                yield Label(_("URL"))
                yield TextInput(placeholder="https://erp.example.com/b2bterm/v1", id="profile-url")
            with Horizontal(classes="row"):
                yield Label(_("Username"))
                yield TextInput(id="profile-username")
            with Horizontal(classes="row"):
                yield Label(_("Default account"))
                yield TextInput(placeholder=_("account id (optional)"), id="profile-account")
            yield Label(_("Appearance"), classes="heading")
            with Horizontal(classes="row"):
                yield Label(_("Theme"))
                yield Select([(t, t) for t in themes], value=self.app.theme, allow_blank=False, id="settings-theme")
            with Horizontal(classes="row"):
                yield Label(_("Language"))
                yield Select([(_(label), code) for code, label in LANGUAGES], value=language, allow_blank=False,
                             id="settings-language")
        yield FitFooter()

    def on_mount(self) -> None:
        self._fill_profiles()
        self.query_one("#profile-name", Input).focus()

    # --- profiles ----------------------------------------------------------------------------------------------------

    def _profiles(self) -> dict[str, Any]:
        config = self._config()
        profiles = dict(config.profiles) if config is not None else {}
        if "demo" not in profiles and config is not None:
            profiles["demo"] = config.profile("demo")
        return profiles

    def _fill_profiles(self) -> None:
        config = self._config()
        current = str(config.general.get("profile", "demo")) if config is not None else "demo"
        options = self.query_one("#settings-profiles", OptionList)
        options.clear_options()
        for name, profile in sorted(self._profiles().items()):
            label = Text(no_wrap=True, overflow="ellipsis")
            label.append("* " if name == current else "  ", style="bold")
            label.append(f"{name:<16} ", style="bold")
            label.append(f"{profile.platform:<8} {profile.options.get('url', '') or '-'}  {profile.username}")
            options.add_option(Option(label, id=name))

    @on(OptionList.OptionSelected, "#settings-profiles")
    def _edit(self, event: OptionList.OptionSelected) -> None:
        profile = self._profiles().get(str(event.option.id))
        if profile is None:
            return
        self.query_one("#profile-name", Input).value = profile.name
        self.query_one("#profile-platform", Select).value = profile.platform
        self.query_one("#profile-url", Input).value = str(profile.options.get("url", ""))
        self.query_one("#profile-username", Input).value = profile.username
        self.query_one("#profile-account", Input).value = profile.account
        self._status(_("Editing profile {name}; Ctrl+S saves.").format(name=profile.name))
        self.query_one("#profile-url", Input).focus()

    def action_new_profile(self) -> None:
        for field_id in ("profile-name", "profile-url", "profile-username", "profile-account"):
            self.query_one(f"#{field_id}", Input).value = ""
        self._status(_("New profile: fill it in, Ctrl+S saves."))
        self.query_one("#profile-name", Input).focus()

    @on(Select.Changed, "#settings-theme")
    def _theme(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value in self.app.available_themes:
            self.app.theme = event.value  # shown at once; kept when saved

    # --- saving ------------------------------------------------------------------------------------------------------

    def action_save(self) -> None:
        from b2bterm.config import PROFILE_NAME

        name = self.query_one("#profile-name", Input).value.strip()
        platform = str(self.query_one("#profile-platform", Select).value)
        url = self.query_one("#profile-url", Input).value.strip()
        username = self.query_one("#profile-username", Input).value.strip()
        account = self.query_one("#profile-account", Input).value.strip()
        theme = str(self.query_one("#settings-theme", Select).value)
        language = str(self.query_one("#settings-language", Select).value)
        profile: dict[str, str] | None = None
        if name:
            if not PROFILE_NAME.match(name):
                self._status(_("A profile name is letters, digits, '-', '_' or '.'."))
                return
            if platform == "http" and not url.startswith(("http://", "https://")):
                self._status(_("An http profile needs its URL, starting with http:// or https://."))
                self.query_one("#profile-url", Input).focus()
                return
            profile = {"name": name, "platform": platform, "url": url, "username": username, "account": account}
        self._status(_("Saving…"))
        self.save(profile, theme, language)

    @work(exclusive=True, group="settings-save", exit_on_error=False, thread=True)
    def save(self, profile: dict[str, str] | None, theme: str, language: str) -> None:
        from b2bterm.config import ConfigError, load_config, save_profile, update_config

        path = self._config_path()
        try:
            update_config(path, {"general": {"theme": theme, "language": language}})
            if profile is not None:
                save_profile(path, profile["name"], platform=profile["platform"],
                             url=profile["url"] if profile["platform"] == "http" else None,
                             username=profile["username"], account=profile["account"])
            config = load_config(path)
        except (ConfigError, OSError) as exc:
            err = exc.worded(_) if isinstance(exc, ConfigError) else exc
            self.post_message(self.Failed(_("Not saved: {err}").format(err=err)))
            return
        text = _("Saved to {path}.").format(path=path)
        if profile is not None:
            text += " " + _("Profile {name} is used from the next start: b2bterm --profile {name}").format(
                name=profile["name"])
        self.post_message(self.Saved(config, text))

    @on(Saved)
    def _saved(self, event: Saved) -> None:
        self.app.config = event.config  # type: ignore[attr-defined]
        self._fill_profiles()
        self._status(event.text)

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self._status(event.text)

    def _status(self, text: str) -> None:
        self.query_one("#settings-status", Label).update(Text(text))

    def action_close(self) -> None:
        self.dismiss(None)
