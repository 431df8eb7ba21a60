"""Decimals in model numbers: "BV 2.5" and "BV 25" share one ``normalise`` key ("BV25"), and so do "RVV 2x10" and a
customer's "RVV 2x1.0"; the catalog keeps each product's ``modelno.decimal_key`` (``product.dkey``) to tell them apart
when a code is looked up (LocalCatalog._exact) or a model prefix is listed (``by_decimals``)."""

from __future__ import annotations

from b2bterm.domain.modelno import decimal_key, decimals_agree, loose_fold, normalise
from b2bterm.domain.search_query import MatchKind

_BY_MODEL = frozenset({MatchKind.MODEL, MatchKind.MODEL_LOOSE})


def decimals_named(per: dict[int, MatchKind], asked: str, dkey_of: dict[int, str],
                   folded: dict[str, str] | None = None) -> None:
    """Keep the model hits (``per``: product id -> how) that a code with decimal key ``asked`` names: those whose model
    has the same decimals if there are any ("BV 25": BV 25, not BV 2.5; "RVV 2x1.0": RVV 2x1), else those that agree
    (modelno.decimals_agree: "BV25" still finds "BV 2.5" alone). Other hits (SKU, EAN, customer part) stay.
    ``folded``: the keys loose-folded so far (a batch of codes shares it: one fold a key)."""
    models = [pid for pid, how in per.items() if how in _BY_MODEL]
    if not models:
        return
    fold = folded if folded is not None else {}

    def folded_key(key: str) -> str:
        f = fold.get(key)
        if f is None:
            f = fold[key] = loose_fold(key)
        return f

    asked = folded_key(asked)  # (a loose hit differs by O/0, I/1 too: "LCID09M7" is LC1D09M7)
    found = {pid: folded_key(dkey_of[pid]) if pid in dkey_of else asked for pid in models}
    if all(f == asked for f in found.values()):
        return  # (the usual case: every model hit has the decimals asked, or none and none asked)
    same = {pid for pid in models if found[pid] == asked}
    keep = same or {pid for pid in models if decimals_agree(asked, found[pid])}
    for pid in models:
        if pid not in keep:
            del per[pid]


def by_decimals(text: str) -> tuple[str, tuple[str | int, ...]]:
    """The SQL that follows ``WHERE model_key IN (...)`` to list the products of a model prefix ``text`` ("BV 25 red")
    most popular first, those whose model starts with the same decimals before the rest ("BV 2" is on the way to
    "BV 2.5" and to "BV 25": both, as the popularity puts them). A prefix that writes a decimal ("BV 2.5") lists no
    model without it. Its parameters after the keys'. Read from the index on (model_key, dkey)."""
    if not text or not any(c.isdigit() for c in text):
        return " ORDER BY id", ()
    asked = decimal_key(text) or normalise(text)
    named = "substr(CASE dkey WHEN '' THEN model_key ELSE dkey END, 1, ?) = ?"
    if "#" in asked:
        return f" AND {named} ORDER BY id", (len(asked), asked)
    return f" ORDER BY NOT {named}, id", (len(asked), asked)
