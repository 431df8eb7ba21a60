"""The command palette (Ctrl+P): every action of the screen underneath (from its active bindings, with their
current keys) and the app's own: sections, account, theme, language, help, settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from b2bterm.ui.i18n import LANGUAGE_NAMES, _


@dataclass(frozen=True)
class Command:
    title: str
    help: str
    run: Callable[[], Any]


class B2BCommands(Provider):
    def _commands(self) -> list[Command]:
        from b2bterm.ui.screens.help import screen_keys

        app: Any = self.app
        commands: list[Command] = []
        seen: set[str] = set()
        for row in screen_keys(self.screen):
            if not row.enabled or row.action in seen:
                continue
            seen.add(row.action)
            keys = " / ".join(row.keys)
            commands.append(Command(row.description, _("Key: {keys}").format(keys=keys),
                                    partial(app.run_action, row.action, row.node)))
        for section in getattr(app, "sections", {}).values():
            action = f"section('{section.id}')"
            if action not in seen:
                commands.append(Command(_("Go to: {section}").format(section=_(section.title)), "",
                                        partial(app.run_action, action)))
        extra = [
            (_("Help: keys of this screen"), "show_help"),
            (_("Theme…"), "pick_theme"),
            (_("Choose the customer account"), "pick_account"),
            (_("Settings"), "settings"),
        ]
        for title, action in extra:
            if action not in seen:
                commands.append(Command(title, "", partial(app.run_action, action)))
        for name in sorted(getattr(app, "b2b_themes", [])):
            commands.append(Command(_("Theme: {name}").format(name=name), "",
                                    partial(app.run_action, f"set_theme({name!r})")))
        for code in ("en", "zh_CN"):
            commands.append(Command(_("Language: {name}").format(name=LANGUAGE_NAMES[code]), "",
                                    partial(app.run_action, f"set_language({code!r})")))
        return commands

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.title, command.run, help=command.help or None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = max(matcher.match(command.title), matcher.match(command.help) * 0.8 if command.help else 0)
            if score > 0:
                yield Hit(score, matcher.highlight(command.title), command.run, text=command.title,
                          help=command.help or None)
