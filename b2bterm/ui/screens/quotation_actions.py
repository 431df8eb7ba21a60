"""What several screens do with quotations: add a product to the account's open quotation (search, model query),
word the use case's problems, and ask where to export."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from b2bterm.domain.quotation import PushState, Quotation, QuotationState
from b2bterm.services.gateway import PlatformError
from b2bterm.services.quotations import Problem, QuotationProblem
from b2bterm.ui.i18n import _
from b2bterm.ui.outcome_text import platform_error_text
from b2bterm.ui.screens.dialog import Dialog
from b2bterm.ui.services import services_of
from b2bterm.ui.tones import tone

TEXT = {
    Problem.NOT_FOUND: _("Quotation {number} is gone (deleted elsewhere?)."),
    Problem.UNKNOWN_ITEM: _("{code} is not in the catalog."),
    Problem.AMBIGUOUS_ITEM: _("{code} could be several products: pick one in Search."),
    Problem.NO_PRICE: _("No price for {model}: the platform is out of reach and none is cached for this customer."),
    Problem.EMPTY: _("Nothing to quote: the quotation has no lines."),
    Problem.NOT_EDITABLE: _("Quotation {number} is {state}: only a draft takes new lines."),
    Problem.BAD_STATE: _("Quotation {number} is {state}: it cannot be marked {wanted}."),
    Problem.EXPIRED: _("Quotation {number} expired after {valid_until}."),
    Problem.ORDERED: _("Quotation {number} is an order already (draft {draft_id})."),
    Problem.UNSUPPORTED: _("This platform ({platform}) keeps no quotations: they stay in b2bterm."),
}
STATE_WORDS = {
    QuotationState.DRAFT: _("draft"), QuotationState.SENT: _("sent"), QuotationState.ACCEPTED: _("accepted"),
    QuotationState.EXPIRED: _("expired"), QuotationState.ORDERED: _("ordered"),
}
STATE_STYLE = MappingProxyType({QuotationState.DRAFT: "", QuotationState.SENT: "cyan", QuotationState.ACCEPTED: "green",
                                QuotationState.EXPIRED: "red", QuotationState.ORDERED: "dim"})
PUSH_WORDS = {
    PushState.LOCAL: "", PushState.WAITING: _("waiting"), PushState.PUSHED: _("on platform"),
    PushState.FAILED: _("refused"),
}
PUSH_STYLE = MappingProxyType({PushState.LOCAL: "", PushState.WAITING: "yellow", PushState.PUSHED: "green",
                               PushState.FAILED: "red"})
PUSH_DETAIL = {
    PushState.LOCAL: "",
    PushState.WAITING: _("Waiting to go to the platform (tried {n} times; next {when}): {error}"),
    PushState.PUSHED: _("On the platform as {id}."),
    PushState.FAILED: _("The platform refused it: {error} Change it, or push it again (Ctrl+S)."),
}


def push_cell(q: Quotation) -> Text:
    return Text(PUSH_WORDS[q.push_state], style=tone(PUSH_STYLE[q.push_state]))


def push_detail(q: Quotation) -> str:
    """One line on the platform's copy of the quotation ("" when it has none)."""
    when = q.push_next_at.astimezone().strftime("%H:%M") if q.push_next_at else "—"
    return PUSH_DETAIL[q.push_state].format(n=q.push_attempts, when=when, error=q.push_error or "—", id=q.remote_id)


WORDS = {
    "no_account": _("Choose an account first (F7): a quotation is for one customer."),
    "added": _("{model} × {qty} on quotation {number}: {price} each, {gross} incl. tax (含税)."),
    "started": _("Started quotation {number} for {customer}. "),
    "cached": _(" Cached price: the platform is out of reach."),
    "failed": _("Not added: {err}"),
}


def problem_text(problem: QuotationProblem) -> str:
    values = {k: STATE_WORDS.get(v, v) if isinstance(v, QuotationState) else v for k, v in problem.values.items()}
    return TEXT[problem.code].format(**values)


def account_chosen(app: Any) -> bool:
    """Whether an account is chosen (a quotation is for one customer); says so when not."""
    if services_of(app).account is None:
        app.notify(WORDS["no_account"], severity="warning")
        return False
    return True


def add_to_quotation(screen: Any, sku: str, qty: int) -> None:
    """Quote ``qty`` of ``sku`` for the chosen account on its open quotation, in a worker; a notice says what
    happened (the price and the quotation, or why not)."""
    app = screen.app
    desk = services_of(app)
    account = desk.account
    if account is None or not account_chosen(app):
        return

    async def add() -> None:
        try:
            result = await desk.quotations.add(account, sku, qty)
        except QuotationProblem as exc:
            app.notify(problem_text(exc), severity="warning")
            return
        except PlatformError as exc:
            app.notify(WORDS["failed"].format(err=platform_error_text(exc)), severity="error")
            return
        q, line = result.quotation, result.line
        text = WORDS["started"].format(number=q.number, customer=account.display_name) if result.created else ""
        text += WORDS["added"].format(model=line.model, qty=line.qty, number=q.number, price=line.net_price.format(),
                                      gross=line.net_incl_tax.format())
        if not result.live:
            text += WORDS["cached"]
        app.notify(text, title=_("Quotation"), timeout=8)

    screen.run_worker(add(), group="quotation-add", exit_on_error=False)


class ExportPrompt(Dialog[Path | None]):
    """Ask where to write the quotation: a path without suffix gets both .xlsx and .pdf beside each other. (Other
    exports give their own ``title`` and ``help``; the path comes back without its suffix.)"""

    DEFAULT_CSS = """
    ExportPrompt > Vertical { width: 100; max-width: 95%; height: 10; }
    ExportPrompt #export-help { color: $text-muted; }
    ExportPrompt #export-error { color: $error; height: 1; }
    """
    BINDINGS = [Binding("escape", "dismiss_none", _("Cancel"), id="quotation_export.cancel")]

    def __init__(self, number: str, default: Path, *, title: str = "", help: str = "") -> None:
        super().__init__()
        self.number = number
        self.default = default
        self.title_text = title or _("Export quotation {number}").format(number=number)
        self.help_text = help or _("Writes FILE.xlsx and FILE.pdf. Enter writes them, Esc cancels.")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.title_text, style="bold"))
            yield Label(self.help_text, id="export-help")
            yield Input(str(self.default), id="export-path")
            yield Label("", id="export-error")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip().strip("\"'")
        if not text:
            self.query_one("#export-error", Label).update(_("Type where to write the files."))
            return
        path = Path(text).expanduser()
        if path.suffix.lower() in (".xlsx", ".pdf"):
            path = path.with_suffix("")
        self.dismiss(path)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
