"""A model number followed by what the customer says of it: "GV2ME10 4-6.3A", "S201-C16 1P", "LC1D09M7 220V 线圈",
"3RT2015-1BB41(DC24V)", or any note in brackets: "6ES7214-1AG40-0XB0(CPU1214C)", "S202-C32 (ABB)". The model is
looked up without what was stated, and the product found is checked against it: a product that holds a value of that
kind but not the one stated ("GV2ME08 4-6.3A": GV2ME08 is 2.5-4 A), or whose own words (model, brand, names,
attributes) lack a word of the note ("S202-C32(Schneider)"), is never taken on its own. Pure: the values are read by
the domain's value parser.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from b2bterm.domain.modelno import normalise
from b2bterm.domain.models import Product
from b2bterm.domain.values import Value, attribute_values, product_facts, value_parser
from b2bterm.domain.vocabulary import norm_phrase

MAX_STATED = 3  # at most this many tokens after the model are read as stated values
# words that may stand among stated values without being one ("线圈" in "220V 线圈", "coil")
_FILLER = frozenset("线圈 coil 型 的 款 规格 电压 volt voltage 交流 直流 ac dc".split())
# words a note in brackets may hold that say nothing of the product ("(new)", "(urgent)", "(原装)")
_REMARKS = frozenset("new original genuine oem spare spares urgent asap stock sample samples brand-new 原装 正品 全新 "
                     "现货 急 急用 加急 样品 国产 进口".split())
_OPEN = re.compile(r"(?<=\S)[(\[（【]")
_PUNCT = re.compile(r"[()\[\]（）【】,，;；:：/]")
# a code that ends in a note in brackets: the model before it (at least one character that is no space) and the note
_NOTE = re.compile(r"^(?P<model>.*?\S)\s*(?P<note>[(\[（【][^()\[\]（）【】]{1,40}[)\]）】])$")


@lru_cache(maxsize=4096)
def only_values(stated: str) -> bool:
    """True when ``stated`` is nothing but values (and filler words): "4-6.3A", "1P", "(DC24V)", "AC220V 线圈"."""
    work = norm_phrase(stated)
    found = value_parser().find(work)
    if not found or not all(v.asks for v in found):
        return False
    return all(w in _FILLER for w in _other_words(work, found))


def _other_words(work: str, found: Sequence[Value]) -> list[str]:
    """The words of ``work`` (``norm_phrase``d) beside the values ``found`` in it, punctuation apart."""
    for v in found:
        work = work[: v.start] + " " * (v.end - v.start) + work[v.end:]
    return _PUNCT.sub(" ", work).split()


def readings(code: str) -> list[tuple[str, str]]:
    """(model, stated) for each way of reading the end of ``code`` as stated values, the longest model first; []
    when no end of it reads so."""
    toks = _OPEN.sub(lambda m: " " + m.group(0), code).split()
    out: list[tuple[str, str]] = []
    for i in range(len(toks) - 1, max(0, len(toks) - 1 - MAX_STATED), -1):
        stated = " ".join(toks[i:])
        if only_values(stated):
            out.append((" ".join(toks[:i]), stated))
    if (m := _NOTE.match(code)) is not None and (note := (m["model"], m["note"])) not in out:
        out.append(note)  # "6ES7214-1AG40-0XB0(CPU1214C)": whatever the note says, checked by ``not_of``
    return out


def model_of(code: str) -> str:
    """``code`` without a note in brackets at its end ("6ES7214-1AG40-0XB1(CPU1214C)" -> "6ES7214-1AG40-0XB1"):
    what a slip in the model is looked for by; ``code`` itself when it ends in none."""
    m = _NOTE.match(code)
    return m["model"] if m is not None else code


def not_of(product: Product, stated: str) -> list[str]:
    """What ``product`` is not of ``stated``: the values it contradicts (``contradicted``), then the words that are
    no value, filler or remark and that its model, SKU, brand, names and attributes do not hold ("schneider" of an
    ABB breaker; "CPU1214C" is held by a name "S7-1200 CPU 1214C")."""
    against = contradicted(product, stated)
    work = norm_phrase(stated)
    words = [w for w in _other_words(work, value_parser().find(work)) if w not in _FILLER and w not in _REMARKS]
    if words:
        own = normalise(" ".join([product.model, product.sku, product.brand, product.name_en, product.name_zh,
                                  *(value for _, value in product.attributes)]))
        against += [w for w in words if (key := normalise(w)) and key not in own]
    return against


def contradicted(product: Product, stated: str) -> list[str]:
    """The values in ``stated`` that ``product`` contradicts: it holds a value of that kind, not the one stated
    (a value of a kind it does not state is not held against it)."""
    facts = set(product_facts(product.attributes))
    kinds = {v.kind for name, value in product.attributes for v in attribute_values(name, value)}
    work = norm_phrase(stated)
    return [work[v.start:v.end].strip() for v in value_parser().find(work)
            if v.asks and not facts & set(v.asks) and v.kind in kinds]


def not_held(product: Product | None, stated: str) -> list[str]:
    """The values in ``stated`` that ``product`` does not hold (as written, lower case): none when it holds each
    one - not just contradicts none; all of them for no product."""
    facts = set(product_facts(product.attributes)) if product is not None else set()
    work = norm_phrase(stated)
    return [work[v.start:v.end].strip() for v in value_parser().find(work) if v.asks and not facts & set(v.asks)]


_PART = re.compile(r"[a-z]+|\d+(?:\.\d+)?")


def model_parts(text: str) -> tuple[str, ...]:
    """A model number's parts, letters and numbers apart, in no order: "NXB-63 2P C32" and "nxb-63 c32 2p" have the
    same parts; "DZ47-60 C16" and "DZ47 1P C16" do not."""
    return tuple(sorted(_PART.findall(norm_phrase(text))))
