"""Model-number normalisation.

Customers quote model numbers sloppily: "LC1-D09 M7", "lc1d09m7", "ＬＣ１－Ｄ０９Ｍ７", "6es7214 1ag40".
``normalise`` folds case, full-width characters and separators, so that all of these meet on one key.
``loose_key`` also folds the letters that people and OCR confuse with digits (O/0, I/1), for a second,
more tolerant lookup. Both are pure and total: any string in, a string out.
"""

from __future__ import annotations

import re
import unicodedata

# Separators people put inside model numbers, after NFKC has folded full-width forms.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−_./\\·・,'\"`:;|+()\[\]{}]+")
_DIGIT = re.compile(r"[0-9]")
_LETTER = re.compile(r"[A-Za-z]")
_LOOSE = str.maketrans({"O": "0", "Q": "0", "I": "1", "L": "1"})


def fold_width(text: str) -> str:
    """NFKC: full-width letters, digits and punctuation become their ASCII forms."""
    return unicodedata.normalize("NFKC", text)


def normalise(code: str) -> str:
    """The key a model number, SKU or customer part number is indexed and looked up by."""
    if code.isascii():  # NFKC leaves ASCII as it is (the common case, and a full build normalises every model)
        upper = code.upper()
        return upper if upper.isalnum() else _SEPARATORS.sub("", upper)  # letters and digits: no separator in it
    key = _SEPARATORS.sub("", fold_width(code).upper())
    if key.isascii():  # nothing left to fold
        return key
    # Removing a separator or upper-casing can leave a base letter beside a combining mark ("C¸" -> "C" + U+0327):
    # fold once more so the key is stable (normalise(normalise(x)) == normalise(x)).
    return _SEPARATORS.sub("", fold_width(key))


def loose_key(code: str) -> str:
    """``normalise`` plus O->0, Q->0, I->1, L->1: matches codes that differ only by those slips."""
    return loose_fold(normalise(code))


def loose_fold(key: str) -> str:
    """A key (``normalise``'s or ``decimal_key``'s) with O->0, Q->0, I->1, L->1."""
    return key.translate(_LOOSE)


def looks_like_code(token: str) -> bool:
    """True when a token has the shape of a model number (letters and digits mixed, or long digits)."""
    key = normalise(token)
    if len(key) < 3 or not key.isascii() or _DIGIT.search(key) is None:
        return False
    return len(key) >= 5 or _LETTER.search(key) is not None  # (ASCII: isdigit is 0-9, isalpha A-Z a-z)


# A decimal number inside a model ("BV 2.5", "UT 2,5", "YJV 0.6/1kV", "MS116-4.0"): one to three digits, a point or a
# comma, one or two digits, no digit or decimal mark around it ("6ES7.214", "1,000" and "1.5.3" are no decimals).
_DECIMAL = re.compile(r"(?<![0-9.,])([0-9]{1,3})[.,]([0-9]{1,2})(?![0-9]|[.,][0-9])")


def _decimal_mark(m: re.Match[str]) -> str:
    fraction = m.group(2).rstrip("0")
    return f"{m.group(1)}#{fraction}" if fraction else m.group(1)


def decimal_key(code: str) -> str:
    """``normalise`` with the decimal numbers kept as such ("BV 2.5" -> "BV2#5", beside "BV 25" -> "BV25": one
    ``normalise`` key), their trailing zeros dropped ("RVV 2x1.0" -> "RVV2X1", "MS116-4.0" -> "MS1164"); "" when the
    code has no decimal number (its ``normalise`` key says it all)."""
    if not code or (("." not in code and "," not in code) and code.isascii()):
        return ""
    text = fold_width(code)
    if _DECIMAL.search(text) is None:
        return ""
    return normalise(_DECIMAL.sub(_decimal_mark, text))


def without_decimal_zeros(code: str) -> str:
    """The code with its decimals' trailing zeros dropped ("RVV 2x1.0" -> "RVV 2x1", "2.50" -> "2.5"); the code
    itself when it has none."""
    if "0" not in code or _DECIMAL.search(code) is None:
        return code
    return _DECIMAL.sub(lambda m: f"{m.group(1)}.{f}" if (f := m.group(2).rstrip("0")) else m.group(1), code)


def decimals_agree(asked: str, found: str) -> bool:
    """Whether a product whose decimal key is ``found`` is what a code with decimal key ``asked`` names (each the
    ``normalise`` key when it has no decimal): the same, or the code wrote no decimal mark where the product has one
    ("BV25" for "BV 2.5": read alike, as before). A code that writes a decimal names no product without it ("BV 2.5"
    is not "BV 25", "RVV 2x1.0" is not "RVV 2x10")."""
    return asked == found or ("#" not in asked and "#" in found and found.replace("#", "") == asked)
