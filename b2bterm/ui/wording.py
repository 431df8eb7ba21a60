"""Words the services hand over in English, put in the user's language at the last moment.

The quick-order pad, the parser and the order book still describe a line's problem as an English sentence (with its
kind as a code). Until they return codes and values (the services-layer issue), this module reads those sentences by
pattern and words them through gettext, so the Chinese UI shows no English sentence. A sentence no pattern knows is
shown as it came (a new problem kind shows in English rather than not at all). Units, categories, relation labels,
product states and ignore reasons are plain words, looked up the same way.
"""

from __future__ import annotations

import re

from b2bterm.ui.i18n import N_, _

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
    "no model number found": N_("no model number found"),
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
}


def word(text: str) -> str:
    """A unit, category, relation or state in the user's language (unknown words as they are)."""
    known = WORDS.get(text) or WORDS.get(text.strip())
    return _(known) if known else text


def _words(match: re.Match[str]) -> dict[str, str]:
    return {k: word(v) if k in ("unit", "status") else (sentence(v) if k == "what" else (v or ""))
            for k, v in match.groupdict().items()}


# (pattern, msgid): the pattern's named groups fill the msgid's fields; "unit"/"status" are words, "what" a sentence
SENTENCES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), m) for p, m in (
    (r"(?P<what>.+) — enter a quantity", N_("{what} — enter a quantity")),
    (r"quantity '(?P<q>[^']*)' is not a number", N_("quantity '{q}' is not a number")),
    (r"quantity '(?P<q>[^']*)' is not a whole number", N_("quantity '{q}' is not a whole number")),
    (r"quantity '(?P<q>[^']*)' must be at least 1", N_("quantity '{q}' must be at least 1")),
    (r"quantity '(?P<q>[^']*)' is too large \(more than (?P<max>[\d,]+)\)",
     N_("quantity '{q}' is too large (more than {max})")),
    (r"quantity is empty", N_("quantity is empty")),
    (r"quantity is missing after the multiplication sign", N_("quantity is missing after the multiplication sign")),
    (r"quantity must be at least 1", N_("quantity must be at least 1")),
    (r"quantity (?P<q>[\d,]+) is more than (?P<max>[\d,]+) — check it",
     N_("quantity {q} is more than {max} — check it")),
    (r"no product found — fix the model number or search for it",
     N_("no product found — fix the model number or search for it")),
    (r"(?P<n>\d+) possible products — pick one", N_("{n} possible products — pick one")),
    (r"(?P<status>discontinued|superseded); replaced by (?P<sku>.+)", N_("{status}; replaced by {sku}")),
    (r"minimum order is (?P<n>[\d,]+) (?P<unit>\S+)", N_("minimum order is {n} {unit}")),
    (r"sold in packs of (?P<n>[\d,]+) (?P<unit>\S+)", N_("sold in packs of {n} {unit}")),
    (r"out of stock; next arrival (?P<eta>\S+)", N_("out of stock; next arrival {eta}")),
    (r"out of stock", N_("out of stock")),
    (r"only (?P<n>[\d,]+) in stock", N_("only {n} in stock")),
    (r"price changed: was (?P<was>.+) on (?P<number>\S+), now (?P<now>[^()]+?)(?P<share> \([^)]*\))?",
     N_("price changed: was {was} on {number}, now {now}{share}")),
    (r"The pad is empty\.", N_("The pad is empty.")),
    (r"Line (?P<n>\d+) \((?P<input>.*)\) is (?P<status>\w+): pick or fix it\.",
     N_("Line {n} ({input}) is {status}: pick or fix it.")),
    (r"Line (?P<n>\d+) \((?P<input>.*)\) has no valid quantity\.", N_("Line {n} ({input}) has no valid quantity.")),
    (r"Working offline\.", N_("Working offline.")),
    (r"The demo platform is offline \(switched off for this demo or test\)\.",
     N_("The demo platform is offline (switched off for this demo or test).")),
    (r"The order has no lines\.", N_("The order has no lines.")),
    (r"no price today \(was (?P<was>.+) on (?P<number>\S+)\)", N_("no price today (was {was} on {number})")),
    (r"not in the catalog any more \(was (?P<was>.+) on (?P<number>\S+)\) — pick a replacement",
     N_("not in the catalog any more (was {was} on {number}) — pick a replacement")),
))


def sentence(text: str, *, sep: str = " · ") -> str:
    """A service's English sentence (or several joined by ``sep``, or following each other) in the user's
    language."""
    if sep and sep in text:
        return sep.join(sentence(part, sep="") for part in text.split(sep))
    parts = re.split(r"(?<=\.) (?=[A-Z])", text.strip())
    if len(parts) > 1:
        return " ".join(sentence(part, sep="") for part in parts)
    for pattern, msgid in SENTENCES:
        match = pattern.fullmatch(text.strip())
        if match is not None:
            return _(msgid).format(**_words(match))
    return word(text)


def attribute_label(key: str) -> str:
    """'rated_current' -> 'Rated current', translated (attribute keys come from the platform as identifiers; the
    demo's labels are marked in b2bterm.ui.i18n.DYNAMIC_TEXT, another platform's show in English)."""
    words = key.replace("_", " ").strip()
    return _(words[:1].upper() + words[1:]) if words else key
