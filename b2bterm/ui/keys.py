"""Keys as terminals send them: Alt+digit and Alt+letter arrive as ESC followed by the character.

Textual 8.2.8 reads some of those pairs as macOS Option characters (``ESC 3`` becomes ``£``, ``ESC 1`` becomes
``¡``: a table meant for one macOS terminal) and hands the others over as ``alt+t`` *with the character* ``t``, so a
focused text box types it. In xterm, tmux, GNOME Terminal, Windows Terminal, macOS Terminal and iTerm2 ("Option as
Meta/Esc+") and over SSH, ESC followed by one character is the Alt key: b2bterm reads it so, and an Alt key carries
no character (nothing types it; only a binding acts on it).

The parser is used by every driver Textual builds its input from (Linux/macOS, Windows, the browser of
``b2bterm serve``): ``use_terminal_keys`` points the driver module's parser name at ``TerminalKeys``. A real
Option character (an unmodified ``£`` typed on a macOS keyboard) arrives as the character itself and stays one.

A bracketed paste is read whole: Textual's parser takes a paste a character at a time (a generator step, a debug
log call and a timeout check each), 6-18 ms for a 500-line order list on these machines before the app even hears of
it. ``TerminalKeys`` finds the paste's end with one search and hands over the same ``Paste`` event; a paste with an
escape character inside (which Textual reads as keys) goes through Textual's own reading, so the events are the same.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from textual import events
from textual._parser import Read1
from textual._xterm_parser import XTermParser
from textual.keys import KEY_NAME_REPLACEMENTS, _character_to_key
from textual.message import Message

ESC = "\x1b"
PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
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
    """Textual's xterm parser, with ESC + character read as Alt + that character, and a bracketed paste read whole."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._paste: list[str] | None = None  # a bracketed paste being read whole: its text so far
        self._held = ""  # the end of the last read, which may be the start of the paste's end sequence
        self._recent = ""  # the last characters Textual's parser read: a paste start split across two reads
        self._textual_pastes = False  # Textual's parser is reading a paste itself (a start it saw, split or late)

    def feed(self, data: str) -> Iterable[Message]:
        if not data:  # the end of input: what is held goes to Textual's parser, as it would have
            rest, self._paste, self._held = self._unread(), None, ""
            yield from self._textual(rest)
            yield from super().feed(data)
            return
        data, self._held = self._held + data, ""
        while data:
            if self._paste is None:
                start = data.find(PASTE_START)
                if start < 0:
                    yield from self._textual(data)
                    return
                yield from self._textual(data[:start])
                if not self._idle():  # inside a sequence (or a paste) of its own: Textual's parser reads on
                    yield from self._textual(data[start:])
                    return
                self._paste = []
                data = data[start + len(PASTE_START):]
            end = data.find(PASTE_END)
            body = data if end < 0 else data[:end]
            held = _end_started(body) if end < 0 else 0
            if "\x1b" in body[:len(body) - held]:  # an escape inside the paste: read as Textual reads it
                rest, self._paste = self._unread() + data, None
                yield from self._textual(rest)
                return
            if end < 0:
                self._paste.append(body[:len(body) - held])
                self._held = body[len(body) - held:]
                return
            self._paste.append(body)
            text, self._paste = "".join(self._paste), None
            yield events.Paste(text.replace("\x00", ""))  # as Textual's parser makes it (no NUL characters)
            data = data[end + len(PASTE_END):]

    def _unread(self) -> str:
        """The paste read so far, as the characters it came as."""
        return PASTE_START + "".join(self._paste) + self._held if self._paste is not None else self._held

    def _idle(self) -> bool:
        """Textual's parser waits for a first character (not inside an escape sequence, nor a paste of its own)."""
        return isinstance(self._awaiting, Read1) and self._awaiting.timeout is None and not self._textual_pastes

    def _textual(self, data: str) -> Iterable[Message]:
        """``data`` read by Textual's parser, a character at a time."""
        if not data:
            return
        seen, self._recent = self._recent + data, (self._recent + data)[-len(PASTE_START):]
        if PASTE_START in seen:
            self._textual_pastes = True
        for event in super().feed(data):
            if isinstance(event, events.Paste):
                self._textual_pastes = False
            yield event

    def _sequence_to_key_events(self, sequence: str, alt: bool = False) -> Iterable[events.Key]:
        if is_alt_sequence(sequence):
            yield alt_key(sequence[1])
            return
        for event in super()._sequence_to_key_events(sequence, alt=alt):
            if event.key.startswith("alt+") and event.character is not None and event.character.isprintable():
                yield events.Key(event.key, None)  # Alt+T acts; it never types "t"
            else:
                yield event


def _end_started(text: str) -> int:
    """How many characters at the end of ``text`` may be the start of the paste's end sequence (0 when none)."""
    for n in range(min(len(PASTE_END) - 1, len(text)), 0, -1):
        if PASTE_END.startswith(text[-n:]):
            return n
    return 0


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
