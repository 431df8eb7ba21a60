"""The words of one order item besides its model number: a cable family and its size and colour ("BV 2.5 red",
"BV 4 蓝"), what one item holds ("100米", "10只/盒"), the vocabulary's value words ("两组") and product words (a
brand, a kind of product). Pure; the paste parser (``parser``) reads a line with them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from b2bterm.domain.quantity import QtyIssue, Quantity, UnitKind, pack_name, read_quantity

FAMILY = re.compile(r"^[A-Z]{2,5}$|^[A-Z]{1,8}(?:-[A-Z]{1,10})+$")
# capitals that are chat, not a product family ("OK 5", "PO 12", "NB 2 pcs")
NOT_FAMILY = frozenset(
    "OK HI HEY PO NO TEL FAX QTY PCS PC EA SET ATTN RE FW FWD CC TO AM PM ASAP THX PLS PLZ BR NB PS ID ETA TBD "
    "FYI MOQ EUR USD RMB CNY VAT ITEM SKU PN MPN PART CODE NEED THE AND FOR "
    "ABB WAGO OMRON SIEMENS EATON CHINT DELIXI LS IDEC SMC FESTO AUTONICS SCHNEIDER MITSUBISHI".split()
)
SIZE = re.compile(r"^\d+(?:[.,]\d+)?$")  # a size or rating typed after a family: "2,5", "2.5", "4", "16"
COLOURS = frozenset(
    "red black blue white brown green yellow grey gray orange purple violet pink yellow-green green-yellow".split()
)
LONG_COLOURS = tuple(c for c in COLOURS if len(c) >= 4)  # "red" is too short to recognise with a slip
CN_COLOURS = frozenset(
    [*"红黑蓝白棕绿黄灰橙紫", *(f"{c}色" for c in "红黑蓝白棕绿黄灰橙紫"), "黄绿", "黄绿色", "黄绿双色", "双色"])


def family_prefix(tok: str) -> bool:
    """An all-capitals family name typed before a size or rating (RVV, KVVP, YJV, BVR, ZR-RVV, WDZ-RYY, UT, ZB):
    part of the model."""
    return len(tok) <= 14 and FAMILY.match(tok) is not None and tok not in NOT_FAMILY


def size_or_colour(tok: str) -> bool:
    """A wire size or rating ("1.5", "2,5", "16") or a colour word, also with one slip ("yelow-green", "blak"):
    what stands between a family and the rest of a cable or terminal-block model ("BV 1.5 black 100m",
    "UT-QUATTRO 4 RD"). It only joins a run that a family name in capitals leads."""
    if SIZE.match(tok) is not None or tok in CN_COLOURS:
        return True
    word = tok.lower()
    return word in COLOURS or near_colour(word)



@lru_cache(maxsize=4096)
def near_colour(word: str) -> bool:
    if len(word) < 4 or not word.isascii() or not word.replace("-", "").isalpha():
        return False
    from rapidfuzz.distance import OSA

    return any(OSA.distance(word, colour, score_cutoff=1) <= 1 for colour in LONG_COLOURS)


PER_PACK = re.compile(r"^(\d+)\s*([^\d/\s]+)\s*/\s*([^\d/\s]+)$")  # "10只/盒", "100米/卷", "10 pcs/box"


def per_pack(described: Quantity, count: Quantity) -> Quantity:
    """The count, knowing how many a pack holds when the customer said it: "10只/盒 2盒" is 2 boxes of 10."""
    m = PER_PACK.match(described.text)
    if m is None or not pack_name(count.unit) or pack_name(m.group(3)) != pack_name(count.unit):
        return count
    return replace(count, per=int(m.group(1)))


def is_pack_size(q: Quantity) -> bool:
    """"10只/盒", "10 pcs/box": how many one pack holds."""
    return PER_PACK.match(q.text) is not None


def is_length(q: Quantity) -> bool:
    """"100米", "100米/卷": a cable's length, part of what it is."""
    m = PER_PACK.match(q.text)
    inner = read_quantity(f"1{m.group(2)}") if m is not None else None
    return q.unit_kind is UnitKind.LENGTH or (inner is not None and inner.unit_kind is UnitKind.LENGTH)


def describes_item(q: Quantity) -> bool:
    """A quantity-shaped token that says what one item is when a count follows it: a length ("BV 2.5 100米 3卷":
    100 m rolls) or a pack ("10只/盒 2盒")."""
    return q.unit_kind is UnitKind.LENGTH or (q.issue is QtyIssue.NOT_UNDERSTOOD and "/" in q.text)


@lru_cache(maxsize=1)
def value_words() -> frozenset[str]:
    """The vocabulary's Chinese value words ("两组", "双极", "常开")."""
    from b2bterm.domain.vocabulary import default_vocabulary

    return frozenset(w for w in default_vocabulary().values if not w.isascii())


@lru_cache(maxsize=1)
def product_words() -> tuple[frozenset[str], tuple[str, ...]]:
    """The vocabulary's brand and category words: ASCII ones as whole words, Chinese ones anywhere in a run."""
    from b2bterm.domain.vocabulary import default_vocabulary

    vocab = default_vocabulary()
    words = {w for w in (*vocab.brands, *vocab.categories) if len(w) >= 2}
    return frozenset(w for w in words if w.isascii()), tuple(sorted(w for w in words if not w.isascii()))


def names_a_product(text: str) -> bool:
    ascii_words, cjk_words = product_words()
    low = text.lower()
    return any(w in low for w in cjk_words) or any(w in ascii_words for w in re.findall(r"[a-z][a-z0-9&.\-]*", low))


