"""A model number followed by what the customer says of it: "GV2ME10 4-6.3A", "S201-C16 1P", "LC1D09M7 220V 线圈",
"3RT2015-1BB41(DC24V)". The model is looked up without the stated values, and the product found is checked against
them: a product that holds a value of that kind but not the one stated ("GV2ME08 4-6.3A": GV2ME08 is 2.5-4 A) is
never taken on its own. Pure: the values are read by the domain's value parser.
"""

from __future__ import annotations

import re
from functools import lru_cache

from b2bterm.domain.models import Product
from b2bterm.domain.values import attribute_values, product_facts, value_parser
from b2bterm.domain.vocabulary import norm_phrase

MAX_STATED = 3  # at most this many tokens after the model are read as stated values
# words that may stand among stated values without being one ("线圈" in "220V 线圈", "coil")
_FILLER = frozenset("线圈 coil 型 的 款 规格 电压 volt voltage 交流 直流 ac dc".split())
_OPEN = re.compile(r"(?<=\S)[(\[（【]")
_PUNCT = re.compile(r"[()\[\]（）【】,，;；:：/]")


@lru_cache(maxsize=4096)
def _only_values(stated: str) -> bool:
    """True when ``stated`` is nothing but values (and filler words): "4-6.3A", "1P", "(DC24V)", "AC220V 线圈"."""
    work = norm_phrase(stated)
    found = value_parser().find(work)
    if not found or not all(v.asks for v in found):
        return False
    for v in found:
        work = work[: v.start] + " " * (v.end - v.start) + work[v.end:]
    return all(w in _FILLER for w in _PUNCT.sub(" ", work).split())


def readings(code: str) -> list[tuple[str, str]]:
    """(model, stated) for each way of reading the end of ``code`` as stated values, the longest model first; []
    when no end of it reads so."""
    toks = _OPEN.sub(lambda m: " " + m.group(0), code).split()
    out: list[tuple[str, str]] = []
    for i in range(len(toks) - 1, max(0, len(toks) - 1 - MAX_STATED), -1):
        stated = " ".join(toks[i:])
        if _only_values(stated):
            out.append((" ".join(toks[:i]), stated))
    return out


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
