"""The floor: the least a Textual app can do per keystroke (an Input and a status line that repeats what was typed).

    .venv/bin/python benchmarks/floor_app.py

benchmarks/run.py starts it in tmux next to the real app, in the same run, so that every terminal figure is also a
ratio to this floor (absolute times on a shared machine drift with its load).
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input, Static

READY = "floor ready"
ECHO = "typed: "


class FloorApp(App[None]):
    CSS = "Input { border: tall $primary; } #status { padding: 0 1; }"

    def compose(self) -> ComposeResult:
        yield Input(id="q")
        yield Static(READY, id="status")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#status", Static).update(ECHO + event.value if event.value else READY)


if __name__ == "__main__":
    FloorApp().run()
