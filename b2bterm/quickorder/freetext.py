"""A free-text order line read into its model number and its quantity ("RVV 3x1.5 100m 5个", "Schneider LC1D09M7
contactor x 5", "型号: LC1D09M7 数量: 5"): the line's tokens, each of a kind (a code, a word, a quantity, a bare
integer, a times sign), and the run of them that is the model. Pure; the paste parser (``parser``) reads a line with
it, and its fast readings (``fastline``) read the commonest lines as it reads them. Also what every reading of a line
shares: its list marker, and a code as the line gives it, cleaned.
"""

from __future__ import annotations

import re

from b2bterm.domain.modelno import fold_width, looks_like_code, normalise
from b2bterm.domain.quantity import EN_UNITS, QtyIssue, Quantity
from b2bterm.domain.values import value_parser
from b2bterm.quickorder.itemwords import (
    SIZE,
    describes_item,
    family_prefix,
    is_length,
    is_pack_size,
    per_pack,
    size_or_colour,
    value_words,
)
from b2bterm.quickorder.noise import CODE_LABEL, GREETING, SIGNOFF
from b2bterm.quickorder.qtytokens import per_paste, read_token, restore, tokens, unbracket
from b2bterm.quickorder.specwords import KEPT_COMMA, length_asked, spec_unit_follows

QTY_LABEL = re.compile(
    r"(?:订购数量|需求数量|采购数量|数量|qty|q'ty|quantity)\.?\s*[:=]?\s*"
    rf"(?P<val>[^\s,;:：]*(?:\s*(?:{'|'.join(EN_UNITS)})(?![A-Za-z])\.?)?)[:：]?",
    re.IGNORECASE,
)
LIST_MARKER = re.compile(
    r"^\s*(?:[①-⑳⑴-⒇⒈-⒛❶-❿]|\(\d{1,3}\)|#\d{1,3}\b|\d{1,3}[.)、](?!\d)|[-*•·●○◦▪■□►>]+(?=\s)|[•●▪■►])\s*"
)
_RANGE = re.compile(r"^\d+\s*[-~～]\s*\d+$")
MULT = re.compile(r"^[x×*]$", re.IGNORECASE)


# A quantity token is read by the domain (b2bterm.domain.quantity); ``qtytokens`` splits a line so that each quantity
# is one token. ``None``: the token is not quantity-shaped; a ``Quantity`` with an issue: it is, but not readable.


def read_qty(token: str) -> Quantity | None:
    return read_token(token.strip())


def qty_from_label_value(val: str) -> Quantity:
    val = val.strip()
    if not val:
        return Quantity("", None, issue=QtyIssue.EMPTY)
    q = read_qty(val)
    return q if q is not None else Quantity(val, None, issue=QtyIssue.NOT_UNDERSTOOD)


@per_paste
def model_number(code: str) -> bool:
    """One word of letters and digits that is no value ("LC1D09M7", "3RV2011-1EA10"; not "100m", "2x10", "C16")."""
    return " " not in code and len(code) >= 5 and any(c.isdigit() for c in code) \
        and any(c.isalpha() for c in code) and not value_parser().has_value(code.lower())


@per_paste
def code_in_cell(code: str) -> str:
    """The model number in a cell, as in a sentence ("Schneider LC1D09M7 contactor" in the cell of "…, 5 pcs"), else
    the cell."""
    if " " in code.strip() and any(map(model_number, code.split())) and (inner := free_text(code)) is not None \
            and inner[1] is None and set(inner[0].split()) < set(code.split()) and model_number(inner[0]):
        return inner[0]
    return code


_LIST_NUMBER = re.compile(r"\d{1,3}[.)]")


@per_paste
def _is_code_piece(tok: str) -> bool:
    if _LIST_NUMBER.fullmatch(tok):
        return False  # "1." "2)": a list number, not a piece of a model
    key = normalise(tok)
    return bool(key) and key.isascii() and key.isalnum() and any(c.isdigit() for c in key)


@per_paste
def _short_alpha_piece(tok: str) -> bool:
    key = normalise(tok)
    return bool(key) and key.isascii() and key.isalpha() and len(key) <= 3 and tok.upper() == tok





@per_paste
def token_kind(tok: str) -> tuple[str, Quantity | None]:
    """A free-text token's kind ("mult", "int", "qty", "code", "word"; "range": a quantity after a model number)."""
    if MULT.match(tok):
        return "mult", None
    q = read_qty(tok)
    if q is not None and not tok.isascii() and tok in value_words():
        q = None  # "两组" (two changeover contacts), "双极": what the product is, not how many
    if q is not None:
        return ("int" if q.bare else "qty"), q
    if _RANGE.match(tok):
        return "range", None
    return ("code" if code_shaped(tok) else "word"), None


code_shaped = per_paste(looks_like_code)
_family_prefix = per_paste(family_prefix)
_size_or_colour = per_paste(size_or_colour)


def free_text(text: str) -> tuple[str, Quantity | None, str] | None:
    """(code, qty, alt_code) from a free-text line, or None when there is no model number."""
    label_qty: Quantity | None = None
    text = unbracket(text)  # "(数量:20)": the label's value is what the brackets hold
    m = QTY_LABEL.search(text) if "数量" in text or "q" in text or "Q" in text else None  # every label has one
    if m:
        label_qty = qty_from_label_value(m.group("val"))
        text = text[: m.start()] + " " + text[m.end() :]
    text = CODE_LABEL.sub(" ", text) if any(c in text for c in ":=#") else text  # what ends every model-number label
    return read_tokens(text, tokens(text, KEPT_COMMA), label_qty)


def read_tokens(text: str, toks: list[str], label_qty: Quantity | None) -> tuple[str, Quantity | None, str] | None:
    """(code, qty, alt_code) from the tokens of a free-text line (``text``, as ``tokens`` split it) and the quantity
    its label gave, or None when there is no model number."""
    kinds: list[str] = []  # "code", "qty", "mult", "int", "word"
    qtys: dict[int, Quantity] = {}
    last = len(toks) - 1
    for i, tok in enumerate(toks):
        kind, q = token_kind(tok)
        if kind == "range":
            if kinds and kinds[-1] == "code":
                q = Quantity(tok, None, issue=QtyIssue.NOT_UNDERSTOOD)  # "LC1D09M7 20-30": a range, not a model piece
                kind = "qty"
            else:
                kind = "code" if code_shaped(tok) else "word"
        elif (kind == "code" or kind == "word") and (i == 0 or (kinds and kinds[-1] == "mult")) \
                and (length := length_asked(toks, i, kinds)) is not None:  # (where a length may say how much)
            kind, q = "qty", length  # "50m YJV 3x2.5", "BVR 2.5 x 10m": how much
        elif q is not None and not q.unit and i < last and not toks[i + 1].isascii() and spec_unit_follows(toks, i):
            kind, q = ("code" if code_shaped(tok) else "word"), None  # "3芯", "2.5平方", "32点": what it is
        if q is not None:
            qtys[i] = q
        kinds.append(kind)
    start = kinds.index("code") if "code" in kinds else None
    if start is None and not (GREETING.match(text.strip()) or SIGNOFF.match(text.strip())):
        # a family and its size with no other code-shaped token: "UT 2,5", "WDU 2.5", "UT 4 5"
        start = next(
            (i + 1 for i in range(len(toks) - 1) if _family_prefix(toks[i]) and SIZE.match(toks[i + 1])), None
        )
    if start is None:
        # a long bare number (EAN, numeric part number) is the code when something else is the qty
        long_ints = [i for i, k in enumerate(kinds) if k == "int" and code_shaped(toks[i])]
        if not long_ints:
            return None
        ints = [i for i, k in enumerate(kinds) if k == "int"]
        other_qty = label_qty is not None or any(k in ("mult", "qty") for k in kinds) or len(ints) >= 2
        if not other_qty and len(toks) > 1:
            return None
        start = long_ints[0]
    end = start + 1
    while end < len(toks) and (
        kinds[end] == "code"
        or kinds[end] == "int"
        or (kinds[end] == "word" and (_is_code_piece(toks[end]) or _short_alpha_piece(toks[end])))
    ):
        if kinds[end] == "int" and end + 1 < len(toks) and kinds[end + 1] == "mult":
            break
        end += 1
    while start > 0 and (
        kinds[start - 1] == "code" or (kinds[start - 1] == "word" and _is_code_piece(toks[start - 1]))
    ):
        start -= 1
    # a cable or terminal family in capitals leads its size: "RVV 3x1.5 100m", "KVVP 14x2.5", "YJV 4x25+1x16",
    # also across a size and a colour: "BV 1.5 black 100m", "UT-QUATTRO 4 RD-PK10"
    lead = start
    while lead > 0 and kinds[lead - 1] != "mult" and _size_or_colour(toks[lead - 1]):
        lead -= 1
    if lead > 0 and kinds[lead - 1] == "word" and _family_prefix(toks[lead - 1]):
        start = lead - 1
    # trailing bare integers at the end of the run: the last one is the qty unless a qty is given otherwise
    run = range(start, end)
    qty: Quantity | None = label_qty
    alt = ""
    mult_after = end < len(toks) and kinds[end] == "mult"
    mult_before = start > 0 and kinds[start - 1] == "mult"
    if qty is None and mult_after:
        nxt = end + 1
        if nxt < len(toks):
            qty = qtys.get(nxt) or Quantity(restore(toks[nxt]), None, issue=QtyIssue.NOT_UNDERSTOOD)
        else:
            qty = Quantity("×", None, issue=QtyIssue.EMPTY)
    if qty is None and mult_before and start >= 2 and (start - 2) in qtys:
        qty = qtys[start - 2]
    if qty is None:
        after = [i for i in range(end, len(toks)) if kinds[i] == "qty"]
        counts = [i for i in after[1:] if qtys[i].issue is None and not describes_item(qtys[i])]
        if after and counts and describes_item(qtys[after[0]]):
            # "BV 2.5 红色 100米 3卷", "LC1D25M7 10只/盒 2盒", "… 100米/卷 x 5卷": the count is the quantity; a cable
            # family's colour and length before it are part of its model ("BV 2.5 红色 100米")
            qty = per_pack(qtys[after[0]], qtys[counts[-1]])
            between = [i for i in range(end, counts[-1]) if kinds[i] != "mult"]
            if between and all(_size_or_colour(toks[i]) or (i in qtys and is_length(qtys[i])) for i in between):
                end = between[-1] + 1
                run = range(start, end)
            described = set(range(end, counts[-1]))
            qtys = {i: q for i, q in qtys.items() if i not in described or not describes_item(q)}
        elif after and qtys[after[0]].issue is None and not describes_item(qtys[after[0]]) \
                and (packs := [i for i in after[1:] if is_pack_size(qtys[i])]):
            # "LC1D25M7 2盒 10只/盒", "2盒（每盒10只）": the count, then how many one pack holds
            qty = per_pack(qtys[packs[0]], qtys[after[0]])
            qtys = {i: q for i, q in qtys.items() if i not in packs}
        elif after:
            qty = qtys[after[0]]
    if qty is None and len(run) > 1 and kinds[run[-1]] == "int":
        rest = " ".join(toks[run.start:run.stop - 1])
        if code_shaped(rest):
            qty = qtys[run[-1]]
            alt = " ".join(toks[run.start:run.stop])
            run = run[:-1]
    if qty is None:
        before = [i for i in range(0, start) if kinds[i] in ("qty", "int")]
        after_ints = [i for i in range(end, len(toks)) if kinds[i] == "int"]
        if after_ints:
            qty = qtys[after_ints[0]]
        elif before:
            qty = qtys[before[-1]]
    # a quantity-looking token that could not be read, anywhere outside the model number, wins: never a guess
    flagged = [q for i, q in qtys.items() if q.issue is not None and i not in run and kinds[i] == "qty"]
    if flagged and (qty is None or qty.issue is None):
        qty, alt = flagged[0], ""
    code = " ".join(toks[run.start:run.stop])  # (a range of step 1)
    return code, qty, alt


def strip_marker(line: str) -> str:
    """``line`` without its list marker ("1.", "①", "(2)", "- "), if it has one."""
    first = line.lstrip()[:1]  # what a marker can start with (after the spaces its pattern skips): most lines have none
    if not (first.isdigit() or first in "(#-*•·●○◦▪■□►>" or "\u2460" <= first <= "\u249b"
            or "\u2776" <= first <= "\u277f") or not first:
        return line
    return LIST_MARKER.sub("", line, count=1)



def clean_code(code: str) -> str:
    if code.isascii() and code[:1].isalnum() and code[-1:].isalnum() and ":" not in code and "=" not in code \
            and "#" not in code:
        return code  # no label, nothing to fold, trim or close (most codes): what the rules leave
    return clean_code_rules(code)


def clean_code_rules(code: str) -> str:
    code = CODE_LABEL.sub("", fold_width(restore(code))).strip()
    code = code.strip(" \"'`,;:([{<。，").rstrip(" \"'`,;:。，")
    # a closing bracket stays when it closes one inside the model: "DILM95(RDC12)"
    for opening, closing in ("()", "[]", "{}", "<>"):
        while code.endswith(closing) and code.count(closing) > code.count(opening):
            code = code[:-1].rstrip(" \"'`,;:。，")
    return code.strip(" \"'`,;:()[]{}<>。，") if not code.endswith((")", "]", "}", ">")) else code
