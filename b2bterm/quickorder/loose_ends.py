"""A paste's codes that no code matched exactly, asked of the lookup all at once: the models each one starts (a
unique prefix) and the near misses of those none starts. SKUs and scores only (``resolve`` makes the lines)."""

from __future__ import annotations

from collections.abc import Sequence

from b2bterm.quickorder.lookup import CodeLookup
from b2bterm.quickorder.stated import model_of

MIN_PREFIX_LEN = 4  # a shorter code matches too much to be a "unique prefix"
CANDIDATE_LIMIT = 20  # a pick list shows up to this many; typing narrows it


def prefixed_codes(lookup: CodeLookup, codes: Sequence[str]) -> set[str]:
    """The codes some model number starts with (``prefix_skus`` finds products for them), asked at once."""
    if not codes:
        return set()
    batch = getattr(lookup, "prefixed", None)
    if batch is not None:
        return set(batch(codes))
    return {code for code in dict.fromkeys(codes) if lookup.prefix_skus(code, limit=1)}


def loose_ends(lookup: CodeLookup, codes: Sequence[str], keys: dict[str, str]
               ) -> tuple[dict[str, list[str]], dict[str, list[tuple[str, float]]]]:
    """The SKUs of the models each code starts (``_by_prefix``) and the near misses of those none starts, all asked
    together; then, for a code that found neither and ends in a note in brackets, the same for its model without
    the note ("6ES7214-1AG40-0XB1(CPU1214C)"; a model may hold brackets itself: "DILM7-10(220V50HZ)")."""
    ends: dict[str, list[str]] = {}
    near: dict[str, list[tuple[str, float]]] = {}
    todo = {code: code for code in codes}
    while todo:
        prefixed = prefixed_codes(lookup, [c for c in dict.fromkeys(todo.values()) if len(keys[c]) >= MIN_PREFIX_LEN])
        found = {code: _by_prefix(lookup, look, keys, look in prefixed) for code, look in todo.items()}
        misses = _near_misses(lookup, [todo[code] for code, skus in found.items() if not skus])
        for code, look in todo.items():
            ends[code], near[code] = found[code], misses.get(look, [])
        todo = {code: bare for code, look in todo.items() if not ends[code] and not near[code]
                and (bare := model_of(look)) != look}
    return ends, near


def _by_prefix(lookup: CodeLookup, code: str, keys: dict[str, str], prefixed: bool) -> list[str]:
    """The SKUs of the models ``code`` starts (``prefix_skus``); [] when it is too short or no model starts with it
    (``prefixed`` False: ``prefixed_codes`` said so, the look is skipped)."""
    if prefixed and len(keys[code]) >= MIN_PREFIX_LEN:
        return lookup.prefix_skus(code, limit=CANDIDATE_LIMIT)
    return []


def _near_misses(lookup: CodeLookup, codes: Sequence[str]) -> dict[str, list[tuple[str, float]]]:
    """``fuzzy_skus`` of each code (SKUs and scores), asked at once when the lookup can (``fuzzy_many``)."""
    if not codes:
        return {}
    batch = getattr(lookup, "fuzzy_many", None)
    if batch is not None:
        return batch(codes, limit=CANDIDATE_LIMIT)  # type: ignore[no-any-return]
    return {code: lookup.fuzzy_skus(code, limit=CANDIDATE_LIMIT) for code in dict.fromkeys(codes)}
