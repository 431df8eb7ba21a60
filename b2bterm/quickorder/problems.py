"""What can be wrong with an order line, as typed codes with values (the UI and the CLI word them), and the
notices the pad shows about a line's quantity: assumed, converted from packs, merged from several lines."""

from __future__ import annotations

import enum

from b2bterm.domain.models import DraftLine, LineStatus, Product
from b2bterm.domain.quantity import QtyIssue, describe_issue, settle
from b2bterm.domain.record import record
from b2bterm.quickorder.habits import preference_values, read_preference_note


class ProblemKind(enum.StrEnum):
    QTY_ERROR = "qty_error"
    QTY_UNREADABLE = "qty_unreadable"  # values: issue (a QtyIssue), text (as written)
    PACK_SIZE_UNKNOWN = "pack_size_unknown"  # values: text, unit
    UNIT_MISMATCH = "unit_mismatch"  # values: text, unit, sold (the product's unit)
    UNKNOWN = "unknown"
    AMBIGUOUS = "ambiguous"
    BELOW_MOQ = "below_moq"
    NOT_PACK_MULTIPLE = "not_pack_multiple"
    OUT_OF_STOCK = "out_of_stock"
    SHORT = "short"  # some in stock, not enough
    DISCONTINUED = "discontinued"
    # notices: shown on the line, nothing to fix
    QTY_ASSUMED = "qty_assumed"  # the line stated no quantity: 1 was assumed
    PACK_CONVERTED = "pack_converted"  # values: packs, unit, pack_size, qty ("2 箱 = 2 × 50 = 100")
    ACCOUNT_CHOICE = "account_choice"  # values: reason (history: count, last; contract: reference; brand: brand, lines)
    MERGED = "merged"  # values: count, inputs (the merged lines as they were written, joined by " + ")


NOTICES = frozenset({ProblemKind.QTY_ASSUMED, ProblemKind.PACK_CONVERTED, ProblemKind.MERGED,
                     ProblemKind.ACCOUNT_CHOICE})
QTY_KINDS = frozenset({ProblemKind.QTY_UNREADABLE, ProblemKind.PACK_SIZE_UNKNOWN, ProblemKind.UNIT_MISMATCH})


@record
class Problem:
    kind: ProblemKind
    text: str  # English, for logs and the command line: the UI words ``kind`` and ``values`` itself
    values: tuple[tuple[str, str], ...] = ()

    @property
    def fixable_by_round_up(self) -> bool:
        return self.kind in (ProblemKind.BELOW_MOQ, ProblemKind.NOT_PACK_MULTIPLE)

    @property
    def notice(self) -> bool:
        """Information about the line (a quantity assumed or converted, lines merged), not something to fix."""
        return self.kind in NOTICES

    def value(self, key: str) -> str:
        return dict(self.values).get(key, "")


def qty_notes(line: DraftLine, product: Product | None) -> list[Problem]:
    """The quantity's problems and notices of a line (``product``: the resolved line's, else None)."""
    out: list[Problem] = []
    written = line.written_qty
    if written is not None:
        settled = settle(written, product.unit if product else None, product.pack_size if product else 0)
        issue = settled.issue
        text = describe_issue(issue, written.text, written.unit) if issue else ""
        if issue is QtyIssue.PACK_SIZE_UNKNOWN:
            out.append(Problem(ProblemKind.PACK_SIZE_UNKNOWN, text,
                               (("text", written.text), ("unit", written.unit))))
        elif issue is QtyIssue.UNIT_MISMATCH:
            sold = product.unit if product else ""
            out.append(Problem(ProblemKind.UNIT_MISMATCH, text,
                               (("text", written.text), ("unit", written.unit), ("sold", sold))))
        elif issue is not None:
            out.append(Problem(ProblemKind.QTY_UNREADABLE, text, (("issue", issue.value), ("text", written.text))))
        elif settled.packs and settled.qty == line.qty:
            note = f"{settled.packs} {written.unit} = {settled.packs} × {settled.pack_size} = {settled.qty}"
            out.append(Problem(ProblemKind.PACK_CONVERTED, note, (
                ("packs", str(settled.packs)), ("unit", written.unit), ("pack_size", str(settled.pack_size)),
                ("qty", str(settled.qty)))))
    if line.qty_assumed:
        out.append(Problem(ProblemKind.QTY_ASSUMED, "no quantity on the pasted line: 1 assumed"))
    chosen = read_preference_note(line.message) if line.status is LineStatus.RESOLVED else None
    if chosen is not None:
        out.append(Problem(ProblemKind.ACCOUNT_CHOICE, f"chosen for this account: {chosen[0].value} "
                           f"({chosen[1].replace('|', ', ')})", preference_values(*chosen)))
    inputs = line.input.split(" | ")
    if len(inputs) > 1:
        out.append(Problem(ProblemKind.MERGED, f"merged {len(inputs)} lines: {' + '.join(inputs)}",
                           (("count", str(len(inputs))), ("inputs", " + ".join(inputs)))))
    return out
