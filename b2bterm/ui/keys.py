"""Keys as terminals send them: Alt+digit and Alt+letter arrive as ESC followed by the character.

Textual 8.2.8 reads some of those pairs as macOS Option characters (``ESC 3`` becomes ``£``, ``ESC 1`` becomes
``¡``: a table meant for one macOS terminal) and hands the others over as ``alt+t`` *with the character* ``t``, so a
focused text box types it. In xterm, tmux, GNOME Terminal, Windows Terminal, macOS Terminal and iTerm2 ("Option as
Meta/Esc+") and over SSH, ESC followed by one character is the Alt key: b2bterm reads it so, and an Alt key carries
no character (nothing types it; only a binding acts on it).

The parser is used by every driver Textual builds its input from (Linux/macOS, Windows, the browser of
``b2bterm serve``): ``use_terminal_keys`` points the driver module's parser name at ``TerminalKeys``. A real
Option character (an unmodified ``£`` typed on a macOS keyboard) arrives as the character itself and stays one.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from textual import events
from textual._xterm_parser import XTermParser
from textual.keys import KEY_NAME_REPLACEMENTS, _character_to_key

ESC = "\x1b"
# ESC followed by these starts a longer sequence (CSI, SS3, DCS, OSC, APC, PM, ST): never an Alt key.
INTRODUCERS = frozenset("[OP]_^\\")


def alt_key(character: str) -> events.Key:
    """The key event for Alt + ``character`` (named as Textual names it: ``alt+3``, ``alt+t``, ``alt+shift+t``)."""
    name = character if character.isalnum() else _character_to_key(character)
    name = KEY_NAME_REPLACEMENTS.get(name, name)
    if len(name) == 1 and name.isupper():
        name = f"shift+{name.lower()}"
    return events.Key(f"alt+{name}", None)


def is_alt_sequence(sequence: str) -> bool:
    """ESC and one printable ASCII character, not one that starts a longer sequence."""
    return (len(sequence) == 2 and sequence[0] == ESC and " " <= sequence[1] <= "~"
            and sequence[1] not in INTRODUCERS)


class TerminalKeys(XTermParser):
    """Textual's xterm parser, with ESC + character read as Alt + that character."""

    def _sequence_to_key_events(self, sequence: str, alt: bool = False) -> Iterable[events.Key]:
        if is_alt_sequence(sequence):
            yield alt_key(sequence[1])
            return
        for event in super()._sequence_to_key_events(sequence, alt=alt):
            if event.key.startswith("alt+") and event.character is not None and event.character.isprintable():
                yield events.Key(event.key, None)  # Alt+T acts; it never types "t"
            else:
                yield event


# Where each Textual driver builds its parser (the Windows driver reads its input in the win32 module).
PARSER_MODULES = {
    "LinuxDriver": ("textual.drivers.linux_driver",),
    "WebDriver": ("textual.drivers.web_driver",),
    "WindowsDriver": ("textual.drivers.win32",),
}


def use_terminal_keys(driver_class: type) -> bool:
    """Make ``driver_class`` read its input with ``TerminalKeys``. True when it does (a driver that reads no
    terminal bytes, e.g. the headless one of tests, is left alone)."""
    names = next((PARSER_MODULES[c.__name__] for c in driver_class.__mro__ if c.__name__ in PARSER_MODULES), ())
    done = False
    for name in names:
        module = importlib.import_module(name)
        current = getattr(module, "XTermParser", None)
        if current is XTermParser:
            module.XTermParser = TerminalKeys  # type: ignore[attr-defined]
            done = True
        elif current is TerminalKeys:
            done = True
    return done
