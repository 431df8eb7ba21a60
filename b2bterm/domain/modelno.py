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
    return normalise(code).translate(_LOOSE)


def looks_like_code(token: str) -> bool:
    """True when a token has the shape of a model number (letters and digits mixed, or long digits)."""
    key = normalise(token)
    if len(key) < 3 or not key.isascii() or _DIGIT.search(key) is None:
        return False
    return len(key) >= 5 or _LETTER.search(key) is not None  # (ASCII: isdigit is 0-9, isalpha A-Z a-z)
