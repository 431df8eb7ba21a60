"""Resolution: which SKU each parsed line means.

The chain, first hit wins: exact SKU, the account's customer part number, normalised model number, cross-reference,
EAN, loose key (O/0, I/1), unique prefix; then fuzzy candidates. A fuzzy match is never accepted on its own: it
makes the line AMBIGUOUS so the user picks. Exact matches come from ONE ``CodeLookup.match_codes`` call for the batch;
prefix and fuzzy are asked per line only for the lines still unmatched.

Products are read for resolved lines and come with prefix and fuzzy candidates. The products of an exact match that
is ambiguous (a cable model made by five brands) are read only with ``candidate_products``: the order pad shows
"pick one of 5" and reads them when the pick list opens, which on a 1M-SKU catalog saves reading and decoding about
1,800 products for a 500-line paste.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field

from b2bterm.domain.modelno import normalise
from b2bterm.domain.models import CodeKind, CodeMatch, LineStatus, Product
from b2bterm.domain.quantity import Quantity, Settled, describe_issue, settle
from b2bterm.domain.record import record
from b2bterm.domain.search_query import SearchResult
from b2bterm.quickorder.description import description_text
from b2bterm.quickorder.habits import AccountHabits, Preference, prefer, preference_note
from b2bterm.quickorder.lookup import CodeLookup
from b2bterm.quickorder.loose_ends import CANDIDATE_LIMIT, MIN_PREFIX_LEN, loose_ends, prefixed_codes
from b2bterm.quickorder.parser import ParsedLine, parse_order_text, without_labels
from b2bterm.quickorder.stated import model_parts, not_held, not_of, only_values, readings


class MatchHow(enum.StrEnum):
    SKU = "sku"
    CUSTOMER_PART = "customer_part"
    CROSS_REF = "cross_ref"
    EAN = "ean"
    MODEL = "model"  # normalised model number
    LOOSE = "loose"  # model number with O/0, I/1 folded
    PREFIX = "prefix"
    FUZZY = "fuzzy"
    STARTED = "started"  # a model's start and the values written with it ("H3Y-2 DC24V 0-30S")
    REORDERED = "reordered"  # a model number's parts written in another order ("NXB-63 C32 2P": NXB-63 2P C32)
    DESCRIBED = "described"  # no code: a description ("施耐德接触器 9A 220V") that products fit


# The product's own model number comes before cross-references: in a distributor's catalog every popular model
# (LC1D09M7) is also listed as a cross-reference on its competitors' items (3RT2015-1AP01, NXC-09...), so taking
# cross-references first would turn every exactly typed model number into a pick list.
CHAIN: tuple[MatchHow, ...] = (
    MatchHow.SKU,
    MatchHow.CUSTOMER_PART,
    MatchHow.MODEL,
    MatchHow.CROSS_REF,
    MatchHow.EAN,
    MatchHow.LOOSE,
    MatchHow.PREFIX,
    MatchHow.FUZZY,
    MatchHow.DESCRIBED,
)

_KIND_TO_HOW = {
    CodeKind.SKU: MatchHow.SKU,
    CodeKind.CUSTOMER_PART: MatchHow.CUSTOMER_PART,
    CodeKind.CROSS_REF: MatchHow.CROSS_REF,
    CodeKind.EAN: MatchHow.EAN,
    CodeKind.MODEL: MatchHow.MODEL,
    CodeKind.MODEL_LOOSE: MatchHow.LOOSE,
}


@record
class Candidate:
    sku: str
    how: MatchHow
    score: float | None = None  # fuzzy score 0..100
    product: Product | None = None


@record
class ResolvedLine:
    inputs: tuple[ParsedLine, ...]  # more than one when repeated SKUs were merged
    code: str  # the code that was looked up (the alternative reading when that one matched)
    qty: int  # quantity to order; 0 when the quantity is in error
    status: LineStatus
    sku: str = ""
    how: MatchHow | None = None
    product: Product | None = None
    candidates: tuple[Candidate, ...] = ()
    qty_error: str = ""
    message: str = ""  # for the user: how it matched, or what to do
    unit: str = ""  # unit the customer wrote
    written: Quantity | None = None  # the quantity as written (None: none stated, or merged lines)
    qty_assumed: bool = False  # no quantity stated (on one of the merged lines): 1 was assumed
    settled: Settled | None = None  # how the written quantity became ``qty`` with the product (a pack converted)

    @property
    def input(self) -> str:
        return " | ".join((p.item or p.raw).strip() for p in self.inputs)

    @property
    def line_no(self) -> int:
        return self.inputs[0].line_no


@dataclass(slots=True)
class _Outcome:
    status: LineStatus
    code: str
    sku: str = ""
    how: MatchHow | None = None
    candidates: list[Candidate] = field(default_factory=list)
    used_alt: bool = False
    preference: Preference | None = None  # the account's habit that settled a shared code
    stated_against: tuple[str, ...] = ()  # what was written after the model that its product is not (not_of)


class _Keys(dict[str, str]):
    """``normalise`` memoised for one resolve call: popular models are shared by many products and lines."""

    def __missing__(self, code: str) -> str:
        key = self[code] = normalise(code)
        return key


def _classify(matches: list[CodeMatch]) -> dict[MatchHow, list[str]]:
    """Group exact matches by step in the chain."""
    by_how: dict[MatchHow, list[str]] = {}
    for m in matches:
        skus = by_how.setdefault(_KIND_TO_HOW.get(m.kind, MatchHow.MODEL), [])
        if m.sku not in skus:
            skus.append(m.sku)
    return by_how


def _exact(code: str, matches: list[CodeMatch] | None) -> _Outcome | None:
    if not matches:
        return None
    by_how = _classify(matches)
    for how in CHAIN:
        skus = by_how.get(how)
        if not skus:
            continue
        if len(skus) == 1:
            return _Outcome(LineStatus.RESOLVED, code, skus[0], how)
        return _Outcome(LineStatus.AMBIGUOUS, code, how=how, candidates=[Candidate(s, how) for s in skus])
    return None


def _describe(line: ParsedLine, out: _Outcome) -> str:
    if out.status is LineStatus.RESOLVED and out.preference is not None:
        return preference_note(out.preference)
    if out.status is LineStatus.RESOLVED:
        msg = "" if out.how is MatchHow.SKU else f"matched by {out.how.value.replace('_', ' ')}" if out.how else ""
        if out.used_alt:
            msg = f"read '{out.code}' as one model number (quantity 1)"
        return msg
    if out.status is LineStatus.AMBIGUOUS:
        if out.stated_against:
            return f"'{out.code}' is not {', '.join(out.stated_against)} as written — pick one"
        if out.how is MatchHow.FUZZY:
            return f"'{out.code}' not found; {len(out.candidates)} similar model(s) — pick one"
        if out.how is MatchHow.DESCRIBED:
            return f"'{out.code}': {len(out.candidates)} product(s) fit the description — pick one"
        how = out.how.value.replace("_", " ") if out.how else "code"
        return f"'{out.code}' matches {len(out.candidates)} products by {how} — pick one"
    return f"no product matches '{line.code}'"


def resolve_lines(
    lookup: CodeLookup,
    parsed: Sequence[ParsedLine],
    *,
    account_id: str | None,
    merge: bool = True,
    candidate_products: bool = True,
    habits: AccountHabits | None = None,
) -> list[ResolvedLine]:
    """Resolve every parsed line (same order). Repeated SKUs are merged (qty summed, inputs kept) unless ``merge``
    is False; lines with a quantity error are never merged so that the error stays visible. Without
    ``candidate_products`` the candidates of an ambiguous exact match carry only their SKU (``product`` is None).
    A lookup with ``one_paste`` holds its catalog for the whole call (checked once, its searches' word lookups
    remembered until the call ends)."""
    held = getattr(lookup, "one_paste", None)
    with held() if held is not None else nullcontext():
        return _resolve_lines(lookup, parsed, account_id=account_id, merge=merge,
                              candidate_products=candidate_products, habits=habits)


def _resolve_lines(lookup: CodeLookup, parsed: Sequence[ParsedLine], *, account_id: str | None, merge: bool,
                   candidate_products: bool, habits: AccountHabits | None) -> list[ResolvedLine]:
    codes: list[str] = []
    for p in parsed:
        codes.append(p.code)
        if p.alt_code:
            codes.append(p.alt_code)
    unique_codes = list(dict.fromkeys(c for c in codes if c))
    matches = lookup.match_codes(unique_codes, account_id=account_id) if unique_codes else {}

    keys = _Keys()
    products: dict[str, Product] = {}
    exact: list[_Outcome | None] = []
    for p in parsed:
        out = _exact(p.code, matches.get(p.code))
        if out is None and p.alt_code:
            out = _exact(p.alt_code, matches.get(p.alt_code))
            if out is not None:
                out.used_alt = True
        exact.append(out)
    described = _Described(lookup, account_id)
    said = _stated_models(lookup, parsed, exact, matches, account_id, products, described)
    taken = [out if out is not None else said.get(p.code) for p, out in zip(parsed, exact, strict=True)]
    # a line no code matched, read whole but its quantity ("wdz-ryy 8x2.5 x 60个", "ZR-RVV 16 x1 200m 48个": the
    # parser took "8x2.5" or "200m" as the code): the lines' whole texts looked up together, in one more batch
    wholes = {i: w for i, (p, out) in enumerate(zip(parsed, taken, strict=True)) if out is None
              and (w := whole_code(p, keys))}
    whole_matches = lookup.match_codes(list(dict.fromkeys(wholes.values())), account_id=account_id) \
        if wholes else {}
    for i, w in wholes.items():
        taken[i] = _exact(w, whole_matches.get(w))
    # the codes still unmatched: a model prefix each, then the near misses of those it does not settle
    ends, near = loose_ends(lookup, [p.code for p, out in zip(parsed, taken, strict=True) if out is None], keys)
    outcomes = [out if out is not None else _loose_end(p.code, ends[p.code], near.get(p.code, []))
                for p, out in zip(parsed, taken, strict=True)]
    # a line nothing matched, read as a description: all of them searched at once
    texts = {i: without_labels(description_text(p))  # (not its list marker: "2. 三菱 plc 32点": 2 is no value)
             for i, (p, out) in enumerate(zip(parsed, outcomes, strict=True)) if out.status is LineStatus.UNKNOWN}
    searched = _searched(lookup, [(text, False, False) for text in texts.values()], account_id)
    for i, (p, out) in enumerate(zip(parsed, outcomes, strict=True)):
        if i in texts:
            outcomes[i] = _fits(searched[texts[i], False, False], texts[i], False) or out
        elif out.stated_against:  # the model's product is not what was stated of it: it and the described ones
            outcomes[i] = _with_described(lookup, p, out, account_id)

    _in_other_order(lookup, parsed, outcomes, described, products)
    if habits is not None and not habits.empty:
        _apply_habits(lookup, outcomes, habits, products)

    # one read for the products still missing: the resolved lines', and the candidates' when asked for
    missing = [o.sku for o in outcomes if o.sku and o.sku not in products]
    if candidate_products:
        missing += [c.sku for o in outcomes for c in o.candidates if c.product is None and c.sku not in products]
    if missing:
        products.update(lookup.products(list(dict.fromkeys(missing))))

    resolved: list[ResolvedLine] = []
    for p, out in zip(parsed, outcomes, strict=True):
        written = None if out.used_alt else p.quantity
        product = products.get(out.sku) if out.sku else None
        settled = settle(written, product.unit if product else None, product.pack_size if product else 0)
        qty = settled.qty
        qty_error = describe_issue(settled.issue, written.text if written else "", settled.unit) \
            if settled.issue else ""
        cands = tuple(  # a candidate is made again only when its product was read (most wait for the pick list)
            c if c.product is not None or (found := products.get(c.sku)) is None
            else Candidate(c.sku, c.how, c.score, found)
            for c in out.candidates
        )
        resolved.append(
            ResolvedLine(
                inputs=(p,),
                code=out.code,
                qty=qty,
                status=out.status,
                sku=out.sku,
                how=out.how,
                product=product,
                candidates=cands,
                qty_error=qty_error,
                message=_describe(p, out),
                unit=p.unit,
                written=written,
                qty_assumed=written is None,
                settled=settled,
            )
        )
    return merge_repeats(resolved) if merge else resolved


def _stated_models(lookup: CodeLookup, parsed: Sequence[ParsedLine], exact: Sequence[_Outcome | None],
                   matches: dict[str, list[CodeMatch]], account_id: str | None,
                   products: dict[str, Product], described: _Described) -> dict[str, _Outcome]:
    """For each code with no exact match that ends in stated values ("GV2ME10 4-6.3A", "S201-C16 1P"): the one
    product its model alone matches, checked against what was stated. One lookup of all such models of the paste,
    one read of their products."""
    ways = {p.code: readings(p.code) for p, out in zip(parsed, exact, strict=True) if out is None and p.code}
    models = list(dict.fromkeys(m for rs in ways.values() for m, _ in rs if m not in matches))
    if models:
        matches = {**matches, **lookup.match_codes(models, account_id=account_id)}
    found: dict[str, tuple[_Outcome, str]] = {}
    for code, rs in ways.items():
        for model, stated in rs:
            out = _exact(model, matches.get(model))
            if out is not None and out.status is LineStatus.RESOLVED:  # a model shared by several: not this way
                found[code] = (out, stated)
                break
    _started_models({p.code: p for p in parsed}, {c: rs for c, rs in ways.items() if c not in found}, described,
                    found)
    missing = [o.sku for o, _ in found.values() if o.sku and o.sku not in products]
    if missing:
        products.update(lookup.products(list(dict.fromkeys(missing))))
    for out, stated in found.values():
        product = products.get(out.sku)
        against = tuple(not_of(product, stated)) if product is not None else ()
        if against:
            out.status, out.stated_against = LineStatus.AMBIGUOUS, against
            out.candidates = [Candidate(out.sku, out.how or MatchHow.MODEL, None, product)]
            out.sku = ""
    return {code: out for code, (out, _) in found.items()}


PARTS_CHECKED = 8  # the first candidates of a line looked at for a model with exactly the parts written
DESCRIBED_EXTRA = 5  # products a line describes that its near misses did not have, put before the other near misses


class _Described(dict[str, "_Outcome | None"]):
    """The description searches of one resolve call, by text: a line's code is searched once for its model's
    start and its near misses both."""

    def __init__(self, lookup: CodeLookup, account_id: str | None) -> None:
        super().__init__()
        self.lookup, self.account_id = lookup, account_id

    def of(self, line: ParsedLine, text: str, *, unmatched: bool = False) -> _Outcome | None:
        """``unmatched``: the text is a line's code that no code matched exactly (not looked up again)."""
        if text not in self:
            self[text] = _described(self.lookup, line, self.account_id, text, every_word=True, unmatched=unmatched)
        return self[text]

    def ask(self, texts: Sequence[str], *, unmatched: bool = False) -> None:
        """Search the texts not searched yet, all at once (``of`` then answers from here)."""
        asks = [(text, True, unmatched) for text in dict.fromkeys(texts) if text not in self]
        for (text, _, _), result in _searched(self.lookup, asks, self.account_id).items():
            self[text] = _fits(result, text, True)


def _started_models(lines: dict[str, ParsedLine], ways: dict[str, list[tuple[str, str]]], described: _Described,
                    found: dict[str, tuple[_Outcome, str]]) -> None:
    """A model's start written with values that tell its variant: "H3Y-2 DC24V 0-30S" (the H3Y-2 DC24 30S),
    "CDZ9-52P AC220V" (the CDZ9-52P AC220/240). The products the code describes (one search) whose model starts so
    and that hold every value written: one is taken; several are the pick list; none leaves the line to the rest of
    the chain (a slip in a value: the near misses of the whole code are the better pick list)."""
    # (an indexed look, all of them at once: a slip in the model skips it)
    starts = prefixed_codes(described.lookup, [model for rs in ways.values() for model, _ in rs
                                          if len(normalise(model)) >= MIN_PREFIX_LEN])
    described.ask([code for code, rs in ways.items() if any(model in starts for model, _ in rs)], unmatched=True)
    for code, rs in ways.items():
        rs = [(model, stated) for model, stated in rs if model in starts and only_values(stated)]  # (no note)
        if not rs or (fits := described.of(lines[code], code, unmatched=True)) is None:
            continue
        for model, stated in rs:
            start = normalise(model)
            best = [c for c in fits.candidates if c.product is not None
                    and normalise(c.product.model).startswith(start) and not not_held(c.product, stated)]
            if len(best) == 1:
                found[code] = (_Outcome(LineStatus.RESOLVED, code, best[0].sku, MatchHow.STARTED), stated)
            elif best:
                found[code] = (_Outcome(LineStatus.AMBIGUOUS, code, how=MatchHow.STARTED, candidates=[
                    Candidate(c.sku, MatchHow.STARTED, None, c.product) for c in best]), stated)
            if best:
                break


def _with_described(lookup: CodeLookup, line: ParsedLine, out: _Outcome, account_id: str | None) -> _Outcome:
    """A model whose product is not what was stated of it: the pick list offers it and the products the whole line
    describes ("GV2ME08 4-6.3A": GV2ME08, 2.5-4 A, and the 4-6.3 A ones). A word stated that is no value (another
    brand or series: "S202-C32(Schneider)") asks first for the products of that word with all the model's values
    (Schneider's 2P C32 6 kA breakers), else of its brand's kind."""
    product = out.candidates[0].product if out.candidates else None
    if product is None:
        return out
    stated = " ".join(out.stated_against)
    texts = [f"{product.category} {stated} {' '.join(value for _, value in product.attributes)}"] \
        if not all(only_values(a) for a in out.stated_against) else []
    described = None
    for text in [*texts, f"{product.brand} {product.category} {stated}"]:
        if (described := _described(lookup, line, account_id, text)) is not None:
            break
    if described is not None:
        seen = {c.sku for c in out.candidates}
        out.candidates += [c for c in described.candidates if c.sku not in seen][: CANDIDATE_LIMIT - 1]
    return out


_SHARED = (MatchHow.MODEL, MatchHow.CROSS_REF, MatchHow.EAN, MatchHow.LOOSE, MatchHow.SKU)


def _apply_habits(lookup: CodeLookup, outcomes: list[_Outcome], habits: AccountHabits,
                  products: dict[str, Product]) -> None:
    """A code several products share exactly (never a near miss) resolves to the one the account's habits point to:
    its history and contracts first (no product read), then its brands (one read of the remaining candidates)."""
    shared = [o for o in outcomes if o.status is LineStatus.AMBIGUOUS and o.how in _SHARED
              and not o.stated_against]  # a model that is not what was stated is never taken, by habit neither
    for o in shared:
        o.preference = prefer(habits, [c.sku for c in o.candidates])
    left = [o for o in shared if o.preference is None]
    if left and habits.brands:
        missing = [c.sku for o in left for c in o.candidates if c.sku not in products]
        if missing:
            products.update(lookup.products(list(dict.fromkeys(missing))))
        for o in left:
            o.preference = prefer(habits, [c.sku for c in o.candidates], products)
    for o in shared:
        if o.preference is not None:
            o.status, o.sku, o.candidates = LineStatus.RESOLVED, o.preference.sku, []


def _in_other_order(lookup: CodeLookup, parsed: Sequence[ParsedLine], outcomes: list[_Outcome],
                    described: _Described, products: dict[str, Product]) -> None:
    """Lines only near misses matched, written as a model's parts in another order or as a series with values:
    the products the line describes come first in the pick list ("DZ47 1P C16": CHINT's DZ47-60 C16 and DELIXI's
    DZ47s C16, not DZ47s 2P C16), and the one product whose model has exactly the parts written is taken
    ("C16 1P NXB-63" is NXB-63 1P C16), looked for among the candidates whose products are read already."""
    # values after the series or around it ("BVR 1.5平方 蓝色"): each line's description worked out once
    todo = [(p, o, text) for p, o in zip(parsed, outcomes, strict=True) if o.status is LineStatus.AMBIGUOUS
            and o.how in (MatchHow.FUZZY, MatchHow.PREFIX, MatchHow.DESCRIBED)
            and len((text := without_labels(description_text(p))).split()) >= 2]
    series = [(p, o, text) for p, o, text in todo if o.how is not MatchHow.DESCRIBED
              and (readings(o.code) or len(text.split()) > len(o.code.split()))]
    # (a slip in the series: the near misses)
    starts = prefixed_codes(lookup, [o.code.split()[0] for _, o, _ in series])
    described.ask([text for _, o, text in series if o.code.split()[0] in starts])
    for p, o, text in series:
        if o.code.split()[0] in starts:
            said = described.of(p, text)
            if said is not None:  # the near misses it describes first, a few more it describes, the rest
                fits = {c.sku for c in said.candidates}
                near = {c.sku for c in o.candidates}
                o.candidates = [*(c for c in o.candidates if c.sku in fits),
                                *[c for c in said.candidates if c.sku not in near][:DESCRIBED_EXTRA],
                                *(c for c in o.candidates if c.sku not in fits)][:CANDIDATE_LIMIT]
    for _, o, _text in todo:  # among the products read already (a description's): no read for a near miss's parts
        parts = model_parts(o.code)
        same = [c for c in o.candidates[:PARTS_CHECKED]
                if (product := c.product or products.get(c.sku)) is not None and model_parts(product.model) == parts]
        if len(same) == 1:
            o.status, o.sku, o.how, o.candidates = LineStatus.RESOLVED, same[0].sku, MatchHow.REORDERED, []


def _loose_end(code: str, prefixed: list[str], fuzzy: list[tuple[str, float]]) -> _Outcome:
    """A code with no exact match: a model prefix (``prefixed``: ``loose_ends``), else its near misses (``fuzzy``).
    SKUs only: the products a line needs are read for the whole paste at once (a candidate's when its pick list
    opens, or with ``candidate_products``). A new outcome each line (the later steps change a line's own)."""
    if len(prefixed) == 1:
        return _Outcome(LineStatus.RESOLVED, code, prefixed[0], MatchHow.PREFIX)
    if len(prefixed) > 1:
        cands = [Candidate(sku, MatchHow.PREFIX, None, None) for sku in prefixed]
        return _Outcome(LineStatus.AMBIGUOUS, code, how=MatchHow.PREFIX, candidates=cands)
    if fuzzy:
        cands = [Candidate(sku, MatchHow.FUZZY, score, None) for sku, score in fuzzy]
        return _Outcome(LineStatus.AMBIGUOUS, code, how=MatchHow.FUZZY, candidates=cands)
    return _Outcome(LineStatus.UNKNOWN, code)


def whole_code(line: ParsedLine, keys: dict[str, str]) -> str:
    """The line's text but its quantity, list marker and labels, as one model number ("339. wdz-ryy 14x0.3 100m
    一百一十七个" -> "wdz-ryy 14x0.3 100m"); "" when that is what the parser read already (or an item of several)."""
    if line.item:
        return ""
    text = without_labels(description_text(line))
    key = keys[text] if len(text) <= 64 else ""
    if not key or key == keys[line.code] or (line.alt_code and key == keys[line.alt_code]):
        return ""
    return text


def _described(lookup: CodeLookup, line: ParsedLine, account_id: str | None, text: str = "",
               every_word: bool = False, unmatched: bool = False) -> _Outcome | None:
    """A line with no code that matches, read as a description (``text``, else the line without its quantity):
    the products the catalog search finds for it (brand, category and stated values understood) become a pick
    list. Only when the search understood something besides plain words and found products that have everything
    asked."""
    text = text or without_labels(description_text(line))  # not its list marker ("2. 三菱 plc 32点": 2 is no value)
    return _fits(_search_of(lookup, text, every_word, unmatched, account_id), text, every_word)


def _searched(lookup: CodeLookup, asks: Sequence[tuple[str, bool, bool]], account_id: str | None
              ) -> dict[tuple[str, bool, bool], SearchResult | None]:
    """The description searches (text, every_word, unmatched) of several lines, asked at once when the lookup can
    (``described_many``: their word lookups remembered); what ``_described`` would search, one by one, otherwise."""
    batch = getattr(lookup, "described_many", None)
    if batch is not None:
        return batch(asks, account_id=account_id, limit=CANDIDATE_LIMIT)  # type: ignore[no-any-return]
    return {ask: _search_of(lookup, *ask, account_id) for ask in dict.fromkeys(asks)}


def _search_of(lookup: CodeLookup, text: str, every_word: bool, unmatched: bool, account_id: str | None
               ) -> SearchResult | None:
    described = getattr(lookup, "described", None)  # the search, skipped when it would understand nothing
    if described is not None:  # (with every_word: a word no product has ends it before the search)
        return described(text, account_id=account_id, limit=CANDIDATE_LIMIT, **(  # type: ignore[no-any-return]
            {"every_word": True} if every_word else {}), **({"unmatched": True} if unmatched else {}))
    search = getattr(lookup, "search", None)
    return search(text, account_id=account_id, limit=CANDIDATE_LIMIT) if search is not None else None


def _fits(result: SearchResult | None, text: str, every_word: bool) -> _Outcome | None:
    """The pick list of a description search's result (a new outcome each time: later steps change a line's own);
    None unless it understood something besides plain words and found products that have everything asked."""
    if result is None or result.understood is None or result.closest or result.did_you_mean or not result.hits:
        return None
    if every_word and result.understood.unmatched:  # a word left out ("BV 16 broEn"): not what the line says
        return None
    cands = [Candidate(h.product.sku, MatchHow.DESCRIBED, None, h.product) for h in result.hits]
    return _Outcome(LineStatus.AMBIGUOUS, text, how=MatchHow.DESCRIBED, candidates=cands)


def merge_repeats(lines: Sequence[ResolvedLine]) -> list[ResolvedLine]:
    """Sum the quantities of resolved lines with the same SKU into the first of them, keeping every input."""
    out: list[ResolvedLine] = []
    first: dict[str, int] = {}
    for line in lines:
        mergeable = line.status is LineStatus.RESOLVED and not line.qty_error and line.sku
        if mergeable and line.sku in first:
            i = first[line.sku]
            kept = out[i]
            out[i] = ResolvedLine(
                inputs=kept.inputs + line.inputs,
                code=kept.code,
                qty=kept.qty + line.qty,
                status=kept.status,
                sku=kept.sku,
                how=kept.how,
                product=kept.product,
                candidates=kept.candidates,
                qty_error="",
                message=_merged_message(kept, len(kept.inputs) + len(line.inputs)),
                unit=kept.unit or line.unit,
                written=None,
                qty_assumed=kept.qty_assumed or line.qty_assumed,
                settled=None,
            )
            continue
        if mergeable:
            first[line.sku] = len(out)
        out.append(line)
    return out


def _merged_message(kept: ResolvedLine, count: int) -> str:
    base = kept.message.split(" · ")[0] if kept.message and not kept.message.startswith("merged") else ""
    merged = f"merged {count} lines"
    return f"{base} · {merged}" if base else merged


def line_code(typed: str) -> str:
    """The model number a pad line's input was read as ("NXB-63 C16 3P 30只" -> "NXB-63 C16 3P"): what the pick
    list ranks its candidates by; the input itself when it reads as no order line."""
    parsed = parse_order_text(typed.split(" | ")[0]).lines
    return parsed[0].code if parsed else typed


def candidate_scores(lookup: CodeLookup, typed: str, candidates: Sequence[Product], *,
                     account_id: str | None = None) -> dict[str, float | None]:
    """How close each candidate's model is to what was typed, for a line whose resolver scores were not kept (a
    reopened draft): the line is parsed again; when its code matches exactly (a model several brands make, a shared
    cross-reference) the candidates are not near misses and get no score (None), else each gets the rapidfuzz ratio
    of the normalised codes, as the catalog's typo search scores them."""
    from rapidfuzz import fuzz

    parsed = parse_order_text(typed.split(" | ")[0]).lines
    codes = [c for c in (parsed[0].code, parsed[0].alt_code) if c] if parsed else []
    if not codes or lookup.match_codes(codes, account_id=account_id):
        return dict.fromkeys((p.sku for p in candidates), None)
    code = normalise(codes[0])
    return {p.sku: float(fuzz.ratio(code, normalise(p.model))) for p in candidates}
