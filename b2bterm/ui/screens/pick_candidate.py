"""Pick the product an ambiguous quick-order line means: the candidates with model, brand, name and match score."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from b2bterm.domain.models import Product
from b2bterm.ui.i18n import _
from b2bterm.ui.widgets.row_list import Column, RowList


@dataclass(frozen=True)
class Choice:
    product: Product
    score: float | None  # 0..100; None when the match was not fuzzy (a prefix or a shared code)


class CandidatePicker(ModalScreen[str | None]):
    """Dismisses with the chosen SKU, or None on Escape."""

    DEFAULT_CSS = """
    CandidatePicker { align: center middle; }
    CandidatePicker > Vertical {
        width: 110; max-width: 95%; height: 16; border: round $primary; background: $surface; padding: 0 1;
    }
    CandidatePicker #pick-title { text-style: bold; }
    CandidatePicker #pick-help { color: $text-muted; }
    CandidatePicker RowList { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "dismiss_none", _("Cancel"), id="pick_candidate.cancel"),
    ]

    def __init__(self, line_input: str, choices: Sequence[Choice]) -> None:
        super().__init__()
        self.line_input = line_input
        self.choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical():
            title = Text(_("Which product is “"))
            title.append(self.line_input, style="bold")
            title.append(_("”?"))
            yield Label(title, id="pick-title")
            yield Label(_("↑↓ to move, Enter to pick, Esc to leave the line as it is."), id="pick-help")
            yield RowList([Column(_("Model"), 24), Column(_("Brand"), 10), Column(_("Name")),
                           Column(_("Score"), 6, "right")], empty_text=_("no candidates"), id="pick-list")

    def on_mount(self) -> None:
        rows = []
        for choice in self.choices:
            p = choice.product
            name = Text(p.name_zh or p.name_en)
            if p.name_zh and p.name_en:
                name.append("  " + p.name_en, style="dim")
            score = Text(f"{choice.score:.0f}" if choice.score is not None else "—", justify="right")
            rows.append([Text(p.model, style="bold"), Text(p.brand), name, score])
        listing = self.query_one(RowList)
        listing.set_rows(rows, [c.product.sku for c in self.choices])
        listing.focus()

    @on(RowList.Chosen, "#pick-list")
    def _chosen(self, event: RowList.Chosen) -> None:
        self.dismiss(str(event.key))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
