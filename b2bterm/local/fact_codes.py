"""The words index's ``facts`` column holds each attribute fact ("a9", "v220", "k3x1p5") as a one-character code.

FTS5 writes every token into each of its prefix indexes (1-5 characters, b2bterm.local.prefix_terms), and facts are
never searched by prefix: written as it is, a fact of four characters had five index entries besides its own; as one
character (a private-use one, which the unicode61 tokenizer keeps as a token) it has one. Measured on the 200k demo:
words index 126 -> 110 MiB; at 1M about 70 MiB less. A catalog has a few hundred to a few thousand distinct facts.

``catalog_fact_code`` maps each fact of the catalog to its number; ``code`` spells a number in private-use characters
(one for the first 6,399, more after: always a distinct token). ``translate`` rewrites the facts of a MATCH
expression (``facts : ("a9" OR ...)``, attr_search.constraint_expr) into their codes; a fact no product has becomes
``NONE``, a code never given, so it matches nothing as before. The text ``catalog_facts`` keeps stays the facts
themselves (ranking reads them).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Mapping

from b2bterm.domain.lazy_re import lazy

_BASE = 0xE000  # the Basic Multilingual Plane's private use area: U+E000 - U+F8FF
_SPAN = 0xF900 - _BASE
NONE = chr(_BASE)  # number 0: never given to a fact

# a facts column filter of an expression and the phrases in it (facts are letters and digits: no nested brackets)
_FACTS = lazy(r"facts : \(([^()]*)\)")
_PHRASE = lazy(r'"((?:[^"]|"")*)"')

TABLE = """
CREATE TABLE catalog_fact_code (
    fact TEXT PRIMARY KEY,     -- an attribute fact (attr_search.index_facts)
    n INTEGER NOT NULL         -- its code in the words index's facts column: fact_codes.code(n)
) WITHOUT ROWID
"""


def code(n: int) -> str:
    """The token of fact number ``n`` (from 1): its digits in base 6400, each a private-use character."""
    digits: list[str] = []
    while True:
        n, d = divmod(n, _SPAN)
        digits.append(chr(_BASE + d))
        if not n:
            return "".join(reversed(digits))


def number_facts(texts: Iterable[str]) -> dict[str, int]:
    """A number (from 1) for each fact of these facts texts, in the order first seen (a full build)."""
    out: dict[str, int] = {}
    for text in texts:
        for fact in text.split():
            if fact not in out:
                out[fact] = len(out) + 1
    return out


def encode(text: str, codes: Mapping[str, str]) -> str:
    """The ``facts`` column text of a facts text, with ``codes`` from ``assign`` or ``codes_of``."""
    return " ".join(codes[f] for f in text.split()) if text else ""


def codes_of(numbers: Mapping[str, int]) -> dict[str, str]:
    return {fact: code(n) for fact, n in numbers.items()}


def assign(conn: sqlite3.Connection, texts: Iterable[str]) -> dict[str, str]:
    """The codes of the facts in these facts texts, numbering the new ones (a page applied). Caller holds the lock,
    in a transaction."""
    facts = sorted({f for text in texts for f in text.split()})
    if not facts:
        return {}
    numbers = _numbers(conn, facts)
    new = [f for f in facts if f not in numbers]
    if new:
        top = int(conn.execute("SELECT coalesce(max(n), 0) FROM catalog_fact_code").fetchone()[0])
        rows = [(f, top + i) for i, f in enumerate(new, 1)]
        conn.executemany("INSERT INTO catalog_fact_code(fact, n) VALUES (?, ?)", rows)
        numbers.update(rows)
    return codes_of(numbers)


def _numbers(conn: sqlite3.Connection, facts: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in range(0, len(facts), 500):
        chunk = facts[i : i + 500]
        out.update(conn.execute(f"SELECT fact, n FROM catalog_fact_code WHERE fact IN ({','.join('?' * len(chunk))})",
                                chunk).fetchall())
    return out


def translate(conn: sqlite3.Connection, expr: str) -> str:
    """``expr`` with the facts of its ``facts : (...)`` filters written as the codes the index holds."""
    if "facts : (" not in expr:
        return expr
    filters = _FACTS.findall(expr)
    facts = sorted({m.replace('""', '"') for f in filters for m in _PHRASE.findall(f)})
    numbers = _numbers(conn, facts)

    def phrase(m: re.Match[str]) -> str:
        n = numbers.get(m.group(1).replace('""', '"'))
        return f'"{code(n) if n else NONE}"'

    return _FACTS.sub(lambda m: "facts : (" + _PHRASE.sub(phrase, m.group(1)) + ")", expr)
