"""The draft's header line above the lines: customer, ship-to, PO, date, invoice, note, which draft (F10 edits it)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual.message import Message

from b2bterm.domain.models import Account, DraftOrder, ShipTo
from b2bterm.ui.i18n import _
from b2bterm.ui.screens.draft_header import INVOICE_LABELS, DraftHeaderForm, HeaderValues
from b2bterm.ui.screens.quickorder.notices import SteadyLine
from b2bterm.ui.screens.quickorder.view import TEXT
from b2bterm.ui.tones import tone


class DraftBar(SteadyLine):
    """Shows the account and the open draft's header; ``edit`` opens the header form and posts ``Edited``."""

    DEFAULT_CSS = "DraftBar { height: auto; padding: 0 1; background: $panel; }"

    class Edited(Message):
        """The user saved the header form: these values go to the draft (a new one if there is none yet)."""

        def __init__(self, values: HeaderValues) -> None:
            super().__init__()
            self.values = values

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.account: Account | None = None
        self.draft: DraftOrder | None = None

    def show(self, account: Account | None, draft: DraftOrder | None) -> None:
        self.account = account
        self.draft = draft
        self.say(header_text(account, draft))  # the same header after each edit: nothing drawn

    def edit(self, done: Callable[[], None] | None = None) -> None:
        """Open the header form for the shown draft (or a new one) of the shown account."""
        account = self.account
        if account is None:
            return
        draft = self.draft or DraftOrder(id=0, account_id=account.id)

        def chosen(values: HeaderValues | None) -> None:
            if done is not None:
                done()
            if values is not None:
                self.post_message(self.Edited(values))

        self.app.push_screen(DraftHeaderForm(draft, account.ship_tos), chosen)


def _ship_to(ship_tos: Sequence[ShipTo], draft: DraftOrder | None) -> str:
    if draft is not None and draft.ship_to_id:
        return next((s.name for s in ship_tos if s.id == draft.ship_to_id), draft.ship_to_id)
    return ship_tos[0].name + _(" (default)") if ship_tos else ""


def header_text(account: Account | None, draft: DraftOrder | None) -> Text:
    text = Text()
    if account is None:
        text.append(TEXT["no_account"], style=tone("bold yellow"))
        return text
    text.append(_("Customer "), style="dim")
    text.append(f"{account.display_name} ({account.code})", style="bold")
    text.append(_("  ·  Ship to "), style="dim")
    text.append(_ship_to(account.ship_tos, draft) or "—")
    text.append(_("  ·  PO "), style="dim")
    text.append(draft.po_number if draft and draft.po_number else "—")
    text.append(_("  ·  Date "), style="dim")
    text.append(draft.requested_date.isoformat() if draft and draft.requested_date else "—")
    text.append(_("  ·  Invoice "), style="dim")
    text.append(INVOICE_LABELS[draft.invoice_type].split(" (")[0] if draft else INVOICE_LABELS[
        next(iter(INVOICE_LABELS))].split(" (")[0])
    if draft and draft.note:
        text.append(_("  ·  Note "), style="dim")
        text.append(draft.note)
    text.append(_("  ·  draft #{id}").format(id=draft.id) if draft else _("  ·  new pad"), style="dim")
    text.append(_("  (F10 edit)"), style="dim italic")
    return text
