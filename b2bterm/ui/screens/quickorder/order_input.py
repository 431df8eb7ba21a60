"""The quick-order prompt: typed lines, scanner bursts and whole pastes."""

from __future__ import annotations

from textual import events
from textual.message import Message

from b2bterm.ui.widgets.text_input import TextInput


class OrderInput(TextInput):
    """The prompt. A multi-line paste is handed over whole; with the prompt empty, + - and Delete act on the
    current line instead of editing text. Tab after text separates two fields (a scanner sends model, Tab,
    quantity, Enter); from an empty prompt it moves the focus as everywhere."""

    class Pasted(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class LineKey(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def _on_paste(self, event: events.Paste) -> None:
        if "\n" in event.text.strip("\r\n") or "\r" in event.text.strip("\r\n"):
            event.stop()
            event.prevent_default()
            self.post_message(self.Pasted(event.text))
            return
        super()._on_paste(events.Paste(event.text.strip("\r\n")))
        event.stop()

    async def _on_key(self, event: events.Key) -> None:
        if not self.value and event.key in ("plus", "minus", "delete"):
            event.stop()
            event.prevent_default()
            self.post_message(self.LineKey(event.key))
            return
        if event.key == "tab" and self.value.strip():
            event.stop()
            event.prevent_default()
            if not self.value[:self.cursor_position].endswith(" "):
                self.insert_text_at_cursor(" ")
            return
        await super()._on_key(event)  # its own keys in order (TextInput); a printable key is typed by Input

    async def action_submit(self) -> None:
        """Enter hands the line over and empties the prompt in the key's own turn. A scanner or a fast typist sends
        the next line right behind the Enter: its keys are typed before the screen reads the submitted line, so a
        prompt emptied there lost the next line's first characters (and Enter then added what was left)."""
        value = self.value
        self.value = ""
        checked = self.validate(value) if "submitted" in self.validate_on else None
        self.post_message(self.Submitted(self, value, checked))

    def give_back(self, text: str) -> bool:
        """A line the screen could not take now goes back into the prompt, for Enter once the reason is gone; False
        when the user has typed on since (the prompt keeps what they typed)."""
        if self.value:
            return False
        self.value = text
        self.cursor_position = len(text)
        return True
