"""The quick-order screen's message lines: the banner over the lines (an order's outcome), the totals line and the
status line below them. Each keeps what it shows; the screen tells them what happened."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from b2bterm.quickorder.pad import Totals
from b2bterm.services.submit import Outcome, Reason, SendResult
from b2bterm.ui.screens.quickorder.pad_lines import PadLines, no_lines
from b2bterm.ui.screens.quickorder.view import TEXT, totals_text
from b2bterm.ui.tones import tone


class Banner(Static):
    """A bold line over the lines: the order just placed or queued, a refusal, the lines that stop a send. Its
    ``kind`` (placed, queued, rejected, info, or "" when hidden) is its colour."""

    DEFAULT_CSS = """
    Banner { height: auto; padding: 0 1; display: none; text-style: bold; }
    Banner.placed { display: block; background: $success 30%; }
    Banner.queued { display: block; background: $warning 30%; }
    Banner.rejected { display: block; background: $error 30%; }
    Banner.info { display: block; background: $primary 20%; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.kind = ""
        self._text = ""

    def say(self, text: str, kind: str) -> None:
        self.kind, self._text = kind, text
        self.set_classes(kind)
        self.update(Text(text))

    def clear(self) -> None:
        if self.kind or self._text:  # (a paste clears it: when it is hidden already, no layout of the screen for it)
            self.say("", "")

    def show_sent(self, result: SendResult, text: str) -> None:
        """A send's outcome (``text``: its words, ``send_text``): placed, queued, refused or not sent."""
        if result.outcome is Outcome.PLACED:
            self.say(TEXT["placed"].format(number=result.order_number), "placed")
        elif result.outcome is Outcome.QUEUED:
            self.say(TEXT["queued_offline"] if result.reason is Reason.WORKING_OFFLINE
                     else TEXT["queued"].format(why=text), "queued")
        elif result.reason is Reason.REFUSED:
            self.say(TEXT["rejected"].format(msg=text), "rejected")
        else:
            self.say(text, "rejected")

    def about_sent_order(self) -> bool:
        """It speaks of an order just placed or queued (not of the draft that follows)."""
        return self.kind in ("placed", "queued")


class SteadyLine(Static):
    """A line of text (``height: auto``: it may wrap) that repaints itself alone when its height cannot change: a
    line for a line ("Saving…" as a paste starts, the totals after it) asks for no layout of the whole screen (one
    held up the paste's worker, and each cost a repaint of every widget)."""

    def __init__(self, content: str = "", *, id: str | None = None) -> None:
        super().__init__(content, id=id)
        self._said = Text(content)

    def say(self, text: str | Text) -> None:
        said = text if isinstance(text, Text) else Text(text)
        if said == self._said and said.style == self._said.style:
            return  # the same words in the same styles: nothing to draw
        self.update(said, layout=not (self._one_line(said) and self._one_line(self._said)))
        self._said = said

    def _one_line(self, text: Text) -> bool:
        """Surely one line at the current width, whichever way it is wrapped."""
        width = self.content_region.width
        return width > 1 and "\n" not in text.plain and text.cell_len < width


class StatusLine(SteadyLine):
    """What the last action did, below the totals."""

    DEFAULT_CSS = "StatusLine { height: auto; max-height: 3; padding: 0 1; color: $text-muted; }"


class TotalsBar(SteadyLine):
    """Net, tax, incl. tax and the lines' count, with the last price answer's note (fetching, up to date, failed)."""

    DEFAULT_CSS = "TotalsBar { height: auto; max-height: 2; padding: 0 1; background: $panel; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.rows: PadLines = no_lines()
        self._attention = 0
        self.totals: Totals | None = None
        self.price_note = ""

    def show(self, rows: PadLines, totals: Totals | None) -> None:
        self.rows = rows
        self.totals = totals
        self._attention = len(rows.not_ready())
        self._draw()

    def note_prices(self, note: str) -> None:
        self.price_note = note
        self._draw()

    def clear(self) -> None:
        self.rows, self.totals, self.price_note, self._attention = no_lines(), None, "", 0
        self.say("")

    def _draw(self) -> None:
        text = totals_text(len(self.rows), self._attention, self.totals) if self.totals else Text("")
        if self.price_note and self.totals:
            failed = self.price_note.startswith(TEXT["price_failed"].split("{")[0])
            text.append("  ·  " + self.price_note, style=tone("yellow") if failed else "dim italic")
        self.say(text)
