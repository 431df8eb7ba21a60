"""The command palette (Ctrl+P): every action of the screen underneath (from its active bindings, with their
current keys) and the app's own: sections, account, theme, language, help, settings."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from b2bterm.domain.record import record
from b2bterm.ui.i18n import LANGUAGE_NAMES, N_, _, english


@record
class Command:
    title: str
    help: str
    run: Callable[[], Any]
    english: str = ""  # the title in English: in the Chinese UI "lang" still finds 语言 (Language)


def both(template: str, **fields: str) -> tuple[str, str]:
    """A title in the user's language and in English (``template`` is an English msgid)."""
    return _(template).format(**fields), template.format(**fields)


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
                                    partial(app.run_action, row.action, row.node), english(row.description)))
        for section in getattr(app, "sections", {}).values():
            action = f"section('{section.id}')"
            if action not in seen:
                title = _("Go to: {section}").format(section=_(section.title))
                commands.append(Command(title, "", partial(app.run_action, action),
                                        f"Go to: {english(section.title)}"))
        extra = [
            (N_("Help: keys of this screen"), "show_help"),
            (N_("Theme…"), "pick_theme"),
            (N_("Choose the customer account"), "pick_account"),
            (N_("Settings"), "settings"),
            (N_("Price differences (price book against live)"), "price_differences"),
        ]
        for title, action in extra:
            if action not in seen:
                commands.append(Command(_(title), "", partial(app.run_action, action), title))
        for name in sorted(getattr(app, "b2b_themes", [])):
            shown, plain = both(N_("Theme: {name}"), name=name)
            commands.append(Command(shown, "", partial(app.run_action, f"set_theme({name!r})"), plain))
        for code in ("en", "zh_CN"):
            shown, plain = both(N_("Language: {name}"), name=LANGUAGE_NAMES[code])
            commands.append(Command(shown, "", partial(app.run_action, f"set_language({code!r})"), plain))
        return commands

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.title, command.run, help=command.help or None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            own = matcher.match(command.title)
            in_english = matcher.match(command.english) * 0.9 if command.english != command.title else 0
            score = max(own, in_english, matcher.match(command.help) * 0.8 if command.help else 0)
            if score > 0:
                help_text = command.help
                if in_english > own:  # found by its English name: show that name too
                    help_text = f"{command.english} · {help_text}" if help_text else command.english
                yield Hit(score, matcher.highlight(command.title), command.run, text=command.title,
                          help=help_text or None)
