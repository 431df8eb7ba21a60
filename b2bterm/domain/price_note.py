"""Why a pad line's price differs from what was paid or quoted, as a typed note with values.

A line made by a reorder, buy-again or a quotation carries one of these in its stored message (joined to other notes
by " · "). ``PriceNote.stored`` writes it and ``read_price_notes`` reads it back: the stored form is a data format
(drafts saved by earlier versions hold the same form), not the words a user sees. The UI and the CLI word the note's
kind and values through gettext.
"""

from __future__ import annotations

import enum
import re
from decimal import Decimal

from b2bterm.domain.record import record


class PriceNoteKind(enum.StrEnum):
    CHANGED = "changed"  # the price moved since the old order: was, number, now, pct
    NO_PRICE = "no_price"  # no price today: was, number
    GONE = "gone"  # the item left the catalog: was, number (pick a replacement)
    QUOTED = "quoted"  # the line's price is a quotation's: now (the quoted price), qty, number, valid_until


@record
class PriceNote:
    kind: PriceNoteKind
    number: str  # the order or quotation it comes from
    was: str = ""  # money, formatted ("¥12.50")
    now: str = ""
    pct: Decimal | None = None  # the change in percent (CHANGED)
    qty: int = 0  # QUOTED: the quantity quoted
    valid_until: str = ""  # QUOTED: ISO date

    def stored(self) -> str:
        if self.kind is PriceNoteKind.GONE:
            return f"not in the catalog any more (was {self.was} on {self.number}) — pick a replacement"
        if self.kind is PriceNoteKind.NO_PRICE:
            return f"no price today (was {self.was} on {self.number})"
        if self.kind is PriceNoteKind.QUOTED:
            return f"quoted {self.now} for {self.qty} on {self.number}, valid until {self.valid_until}"
        share = "" if self.pct is None else f" ({'+' if self.pct > 0 else ''}{self.pct}%)"
        return f"price changed: was {self.was} on {self.number}, now {self.now}{share}"


_FORMS: tuple[tuple[PriceNoteKind, re.Pattern[str]], ...] = (
    (PriceNoteKind.GONE, re.compile(r"not in the catalog any more \(was (?P<was>.+) on (?P<number>\S+)\) — "
                                    r"pick a replacement")),
    (PriceNoteKind.NO_PRICE, re.compile(r"no price today \(was (?P<was>.+) on (?P<number>\S+)\)")),
    (PriceNoteKind.QUOTED, re.compile(r"quoted (?P<now>\S+) for (?P<qty>\d+) on (?P<number>\S+), valid until "
                                      r"(?P<valid_until>\d{4}-\d{2}-\d{2})")),
    (PriceNoteKind.CHANGED, re.compile(r"price changed: was (?P<was>.+) on (?P<number>\S+), now (?P<now>[^()]+?)"
                                       r"(?: \((?P<pct>[+-]?[\d.]+)%\))?")),
)


# what each stored form starts with: a part that starts with none of them is no price note (most parts: "matched by
# model", a quantity's note), told without trying every form on it
_STARTS = ("not in the catalog any more (was ", "no price today (was ", "quoted ", "price changed: was ")


def read_price_note(part: str) -> PriceNote | None:
    part = part.strip()
    if not part.startswith(_STARTS):
        return None
    for kind, form in _FORMS:
        m = form.fullmatch(part)
        if m is not None:
            values = m.groupdict()
            pct = values.pop("pct", None)
            qty = values.pop("qty", None)
            return PriceNote(kind, pct=Decimal(pct) if pct else None, qty=int(qty) if qty else 0,
                             **{k: v for k, v in values.items() if v is not None})
    return None


def read_price_notes(message: str, sep: str = " · ") -> tuple[PriceNote, ...]:
    """The price notes in a line's stored message (its other notes are left out)."""
    return tuple(n for n in (read_price_note(p) for p in message.split(sep)) if n is not None)
