"""The bytes common terminals send for b2bterm's navigation keys, read by the parser every driver uses."""

from __future__ import annotations

import os
import threading
import tty

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual import events
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

from b2bterm.ui.app import B2BApp
from b2bterm.ui.keys import TerminalKeys, use_terminal_keys

XTERM_FKEYS = {"f1": "\x1bOP", "f2": "\x1bOQ", "f3": "\x1bOR", "f4": "\x1bOS", "f5": "\x1b[15~",
               "f6": "\x1b[17~", "f7": "\x1b[18~", "f8": "\x1b[19~", "f9": "\x1b[20~", "f10": "\x1b[21~"}
# Alt as ESC + character: xterm (metaSendsEscape), tmux (always), GNOME Terminal/VTE, Windows Terminal,
# macOS Terminal ("Use Option as Meta key"), iTerm2 (Option "Esc+"), and any of them over SSH.
ESC_PREFIX_ALT = {f"alt+{c}": f"\x1b{c}" for c in "1234567890t"}
TERMINALS = {
    "xterm": {**XTERM_FKEYS, **ESC_PREFIX_ALT},
    "tmux": {**XTERM_FKEYS, **ESC_PREFIX_ALT},
    "gnome-terminal": {**XTERM_FKEYS, **ESC_PREFIX_ALT},
    "windows-terminal": {**XTERM_FKEYS, **ESC_PREFIX_ALT},
    "macos-terminal": {**XTERM_FKEYS, **ESC_PREFIX_ALT},
    "iterm2": {**XTERM_FKEYS, **ESC_PREFIX_ALT},
    # iTerm2 "Report modifiers using CSI u", kitty, WezTerm, foot: the kitty keyboard protocol Textual asks for
    "iterm2-csi-u": {f"alt+{c}": f"\x1b[{ord(c)};3u" for c in "1234567890t"},
    "linux-console": {"f1": "\x1b[[A", "f2": "\x1b[[B", "f3": "\x1b[[C", "f4": "\x1b[[D", "f6": "\x1b[17~"},
    "rxvt": {"f1": "\x1b[11~", "f2": "\x1b[12~", "f3": "\x1b[13~", "f4": "\x1b[14~", "f10": "\x1b[21~"},
}
CASES = [(term, key, data) for term, keys in TERMINALS.items() for key, data in keys.items()]


def keys_of(data: str) -> list[tuple[str, str | None]]:
    parser = TerminalKeys()
    found = [*parser.feed(data), *parser.tick()]
    return [(e.key, e.character) for e in found if isinstance(e, events.Key)]


@pytest.mark.parametrize(("terminal", "key", "data"), CASES, ids=[f"{t}-{k}" for t, k, _d in CASES])
def test_each_terminal_key_is_read_as_the_key_pressed(terminal: str, key: str, data: str) -> None:
    assert keys_of(data) == [(key, None)]  # an Alt key carries no character: no text box can type it


@pytest.mark.parametrize(("key", "action"), [("alt+1", "show_help"), ("alt+2", "section('search')"),
                                             ("alt+3", "section('quickorder')"), ("alt+4", "section('orders')"),
                                             ("alt+6", "section('drafts')"), ("alt+7", "pick_account"),
                                             ("alt+0", "settings"), ("alt+t", "pick_theme")])
def test_the_documented_alt_fallbacks_are_bound(key: str, action: str) -> None:
    bound = {k.strip(): b.action for b in B2BApp.BINDINGS for k in b.key.split(",")}
    assert bound[key] == action
    assert keys_of("\x1b" + key[-1]) == [(key, None)]


def test_a_burst_keeps_the_order_typed_and_alt_keys_inside_it() -> None:
    assert keys_of("X\x7fPO-NU-0001")[:3] == [("X", "X"), ("backspace", "\x7f"), ("P", "P")]
    assert "".join(c or "" for _k, c in keys_of("\x1b3LC1D09")) == "LC1D09"
    assert keys_of("\x1b3LC")[0] == ("alt+3", None)
    # Escape pressed twice, then Alt+4: still two escapes and an Alt key, no stray "^"
    assert keys_of("\x1b\x1b\x1b4") == [("escape", "\x1b"), ("escape", "\x1b"), ("alt+4", None)]


def test_sequences_that_start_longer_ones_are_not_alt_keys() -> None:
    assert keys_of("\x1b[A") == [("up", None)]
    assert keys_of("\x1bOP") == [("f1", None)]
    paste = TerminalKeys()
    pasted = [e for e in [*paste.feed("\x1b[200~\x1b3 keep\x1b[201~"), *paste.tick()]]
    assert any(isinstance(e, events.Paste) for e in pasted)


def test_a_real_option_character_is_still_typed() -> None:
    # macOS without "Option as Meta": Option+3 sends the character itself, UTF-8, no ESC
    assert keys_of("£") == [("pound_sign", "£")]


@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=30))
def test_plain_typing_is_never_read_as_alt(text: str) -> None:
    got = keys_of(text)
    assert "".join(c or "" for _k, c in got) == text
    assert not any(k.startswith("alt+") for k, _c in got)


class _Collecting(LinuxDriver):
    """The real Linux/macOS driver reading a pseudo-terminal; what it would post to the app is collected."""

    def __init__(self, want: int) -> None:
        class _App:  # the driver only stores it and marks messages as sent by it
            _driver = None

        super().__init__(_App())  # type: ignore[arg-type]
        self.got: list[events.Key] = []
        self.want = want
        self.enough = threading.Event()

    def process_message(self, message: object) -> None:
        if isinstance(message, events.Key):
            self.got.append(message)
            if len(self.got) >= self.want:
                self.enough.set()


@pytest.mark.parametrize(("data", "want"), [
    ("\x1b3", [("alt+3", None)]),
    ("\x1bt", [("alt+t", None)]),
    ("\x1bOS\x1b0", [("f4", None), ("alt+0", None)]),
    ("X\x7fPO", [("X", "X"), ("backspace", "\x7f"), ("P", "P"), ("O", "O")]),
])
async def test_the_linux_driver_reads_real_bytes_from_a_terminal(data: str, want: list[tuple[str, str | None]]) -> None:
    assert use_terminal_keys(LinuxDriver)
    master, slave = os.openpty()
    tty.setraw(slave)  # what the driver does to the user's terminal when the app starts: no line buffering
    driver = _Collecting(len(want))
    driver.fileno = slave
    thread = threading.Thread(target=driver.run_input_thread, daemon=True)
    thread.start()
    try:
        os.write(master, data.encode())
        assert driver.enough.wait(10), f"the driver read only {driver.got!r}"
    finally:
        driver.exit_event.set()
        thread.join(10)
        os.close(master)
        os.close(slave)
    assert [(e.key, e.character) for e in driver.got] == want


class _TextualReading(TerminalKeys):
    """The same parser reading every character through Textual's own generator (how a paste was read before)."""

    feed = XTermParser.feed  # type: ignore[assignment]


def _events(parser: TerminalKeys, reads: list[str]) -> list[tuple[str, object]]:
    got = [e for r in reads for e in parser.feed(r)] + list(parser.tick())
    return [(type(e).__name__, (e.key, e.character) if isinstance(e, events.Key) else getattr(e, "text", None))
            for e in got]


PASTE_PIECES = st.sampled_from(["LC1D09M7 5", "\r", "\n", "\r\n", " ", "中文", "3台", "\x00", "\t", "\x1b", "[",
                                "200~", "201~", "\x1b[201", "\x1b[A", "x"])


@given(before=st.lists(st.sampled_from(["q", "\x1b[A", "\x1b3", "1"]), max_size=2),
       body=st.lists(PASTE_PIECES, max_size=30), after=st.lists(st.sampled_from(["z", "\x1b[B", "\r"]), max_size=2),
       cuts=st.lists(st.integers(min_value=1, max_value=400), max_size=5))
def test_a_paste_read_whole_gives_the_events_textual_reading_gives(before: list[str], body: list[str],
                                                                   after: list[str], cuts: list[int]) -> None:
    # any paste (escapes and NUL inside, line ends of every kind), keys before and after it, the bytes split into
    # reads anywhere (inside the start or the end sequence too): the same events as Textual's own reading
    data = "".join(before) + "\x1b[200~" + "".join(body) + "\x1b[201~" + "".join(after)
    at = sorted({c for c in cuts if c < len(data)})
    reads = [data[a:b] for a, b in zip([0, *at], [*at, len(data)], strict=True)]
    assert _events(TerminalKeys(), reads) == _events(_TextualReading(), reads)


def test_a_long_paste_arrives_as_one_paste_event_with_its_text() -> None:
    text = "\r".join(f"LC1D{i % 90 + 10:02d}M7  {i % 7 + 1}台" for i in range(2000))
    data = "\x1b[200~" + text + "\x1b[201~"
    reads = [data[i:i + 4096] for i in range(0, len(data), 4096)]
    assert _events(TerminalKeys(), reads) == [("Paste", text)]


async def test_a_paste_whose_end_arrives_late_is_still_one_paste() -> None:
    # a slow link (SSH) splits the paste's end sequence and the rest comes after the escape delay: Textual's reading
    # took the half sequence for keys (typed into the prompt) and waited for an end that never came
    assert use_terminal_keys(LinuxDriver)
    master, slave = os.openpty()
    tty.setraw(slave)
    got: list[object] = []
    done = threading.Event()

    class Reading(_Collecting):
        def process_message(self, message: object) -> None:
            got.append(message)
            if isinstance(message, events.Paste):
                done.set()

    driver = Reading(1)
    driver.fileno = slave
    thread = threading.Thread(target=driver.run_input_thread, daemon=True)
    thread.start()
    try:
        os.write(master, b"\x1b[200~LC1D09M7 5\rLC1D12M7 2\x1b[2")
        done.wait(0.5)  # longer than the escape delay (0.1 s): the half sequence is not read as keys meanwhile
        os.write(master, b"01~")
        assert done.wait(10), f"no paste; read {got!r}"
    finally:
        driver.exit_event.set()
        thread.join(10)
        os.close(master)
        os.close(slave)
    assert [(type(e).__name__, getattr(e, "text", None)) for e in got] == [("Paste", "LC1D09M7 5\rLC1D12M7 2")]
