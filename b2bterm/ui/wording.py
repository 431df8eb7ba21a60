"""Plain words that come as data, put in the user's language at the last moment: units, the demo's categories,
relation labels, product states and why a pasted line was set aside. A word the table does not know (another
platform's category) is shown as it came. Sentences are never looked up here: the services return typed outcomes,
worded in ui/outcome_text.py and ui/problem_text.py.
"""

from __future__ import annotations

from b2bterm.domain.models import PriceSource
from b2bterm.ui.i18n import N_, _, ngettext

# plain words: units, categories, relations, product states, why a pasted line was set aside
WORDS = {
    "pc": N_("pc"), "pcs": N_("pcs"), "m": N_("m"), "roll": N_("roll"), "box": N_("box"), "set": N_("set"),
    "pack": N_("pack"), "pair": N_("pair"), "kg": N_("kg"),
    "substitute": N_("substitute"), "successor": N_("successor"), "cross-reference": N_("cross-reference"),
    "cross_ref": N_("cross-reference"), "replaced by": N_("replaced by"),
    "unknown": N_("unknown"), "ambiguous": N_("ambiguous"), "resolved": N_("resolved"),
    "discontinued": N_("discontinued"), "superseded": N_("superseded"), "active": N_("active"),
    "contact details (phone, address, e-mail)": N_("contact details (phone, address, e-mail)"),
    "reference or date, not an order line": N_("reference or date, not an order line"),
    "a date, not an order line": N_("a date, not an order line"),
    "sign-off": N_("sign-off"), "greeting or request text": N_("greeting or request text"),
    "no model number found": N_("no model number found"), "header row": N_("header row"),
    "list marker only": N_("list marker only"), "more than one line": N_("more than one line"),
    # where a price comes from (PriceSourceKind)
    "contract": N_("contract"), "group": N_("group"), "promotion": N_("promotion"), "list": N_("list"),
    # the demo distributor's categories (another platform's category names are shown as it sends them)
    "Contactors": N_("Contactors"), "Miniature circuit breakers": N_("Miniature circuit breakers"),
    "Residual current breakers": N_("Residual current breakers"),
    "Moulded case circuit breakers": N_("Moulded case circuit breakers"),
    "Motor protection circuit breakers": N_("Motor protection circuit breakers"),
    "Thermal overload relays": N_("Thermal overload relays"), "Control relays": N_("Control relays"),
    "Timer relays": N_("Timer relays"), "PLCs and I/O modules": N_("PLCs and I/O modules"),
    "Proximity sensors": N_("Proximity sensors"), "Photoelectric sensors": N_("Photoelectric sensors"),
    "Pushbuttons and pilot lights": N_("Pushbuttons and pilot lights"),
    "Terminal blocks and accessories": N_("Terminal blocks and accessories"), "Cable and wire": N_("Cable and wire"),
    # the demo distributor's attribute values that are words (another platform's are shown as it sends them)
    "relay": N_("relay"), "transistor (sink)": N_("transistor (sink)"), "screw": N_("screw"), "spring": N_("spring"),
    "shielded": N_("shielded"), "unshielded": N_("unshielded"), "copper": N_("copper"), "none": N_("none"),
    "red": N_("red"), "green": N_("green"), "black": N_("black"), "yellow": N_("yellow"), "blue": N_("blue"),
    "white": N_("white"), "grey": N_("grey"), "orange": N_("orange"), "brown": N_("brown"),
    "yellow-green": N_("yellow-green"), "per metre": N_("per metre"), "flush pushbutton": N_("flush pushbutton"),
    "flush pushbutton (metal)": N_("flush pushbutton (metal)"),
    "flush pushbutton (plastic)": N_("flush pushbutton (plastic)"),
    "projecting pushbutton": N_("projecting pushbutton"),
    "mushroom pushbutton": N_("mushroom pushbutton"), "booted pushbutton": N_("booted pushbutton"),
}


def word(text: str) -> str:
    """A unit, category, relation or state in the user's language (unknown words as they are)."""
    known = WORDS.get(text) or WORDS.get(text.strip())
    return _(known) if known else text


def attribute_label(key: str) -> str:
    """'rated_current' -> 'Rated current', translated (attribute keys come from the platform as identifiers; the
    demo's labels are marked in b2bterm.ui.i18n.DYNAMIC_TEXT, another platform's show in English)."""
    words = key.replace("_", " ").strip()
    return _(words[:1].upper() + words[1:]) if words else key


def source_text(source: PriceSource, kind: str | None = None) -> str:
    """Where a price comes from, in the user's language: the kind worded, the reference (a contract number, a price
    list, a group) as the platform names it, and the end of its validity ('contract · CX26-04 · valid to
    2026-12-31', '合同 · CX26-04 · 有效期至 2026-12-31')."""
    parts = [word(source.kind.value) if kind is None else kind]  # the CLI's tables say "group price", "list price"
    if source.reference:
        parts.append(source.reference)
    if source.valid_to:
        parts.append(_("valid to {date}").format(date=source.valid_to.isoformat()))
    return " · ".join(parts)


def replaced_text(replaced: str) -> str:
    """Why the local catalog is built again ("" when it is not): a file an earlier b2bterm made, or a damaged one."""
    if replaced == "format":
        return _("This version of b2bterm keeps the local catalog another way, so it is built again.")
    if replaced == "damaged":
        return _("The local catalog file was damaged or missing, so it is built again.")
    return ""


def catalog_count_text(count: int | None, replaced: str = "") -> str:
    """What the search screen shows under an empty search box about the local catalog (``None``: not read yet;
    ``replaced``: why it was set aside, ``replaced_text``)."""
    if count is None:
        return _("Loading the local catalog…")
    if count == 0:
        return " ".join(filter(None, [replaced_text(replaced), _(
            "The local catalog is empty: it fills from the platform when it can be reached.")]))
    return ngettext("{n:,} product in the local catalog. Type to search.",
                    "{n:,} products in the local catalog. Type to search.", count).format(n=count)


def catalog_sync_text(done: int, total: int | None, *, finished: bool, error: str, arriving: bool,
                      count: int | None, replaced: str = "") -> str:
    """What the search screen says while the start-up sync runs ("" once it has ended well): its failure, a first
    build's progress (the products in so far are searched, the platform's own search for the rest; why, when the
    catalog is built again: ``replaced_text``), an update's, or the count read first while it checks for changes."""
    if error:
        return _("Catalog not refreshed: {err} Searching the local copy.").format(err=error)
    if finished:
        return ""
    if arriving:
        return " ".join(filter(None, [replaced_text(replaced), _(
            "The catalog is arriving from the platform: {done:,} of {total:,} products. Search finds those in so far "
            "and asks the platform for the rest; drafts and quick order work meanwhile.").format(
            done=done, total=total) if total else _(
            "The catalog is arriving from the platform. Search asks the platform for what is not in yet; drafts and "
            "quick order work meanwhile.")]))
    if total:
        return _("Updating the catalog: {done:,} of {total:,} products…").format(done=done, total=total)
    if done:
        return _("Updating the catalog: {done:,} products…").format(done=done)
    n = count or 0  # the count read from the local database first: the screen is usable, and says how much it holds
    return ngettext("{n:,} product in the local catalog. Type to search · checking for changes…",
                    "{n:,} products in the local catalog. Type to search · checking for changes…", n).format(n=n)
