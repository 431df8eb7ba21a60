"""Query understanding: a customer's phrase taken apart into brand, category, stated values and the words left.

"施耐德接触器9A 220V" -> brand Schneider Electric, category contactor, current 9 A, voltage 220 V.
"schnieder lc1d09" -> brand Schneider Electric (a misspelling), word "lc1d09".

The words come from the vocabulary (``b2bterm.domain.vocab``) and from the catalog itself: a ``Lexicon`` links
the vocabulary's brands and category concepts to the brand and category names the catalog holds, and adds every
catalog name that the vocabulary does not know as its own entry, so a platform's new category is understood by
its name without code. Pure.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from b2bterm.domain.lazy_re import lazy
from b2bterm.domain.models import Product
from b2bterm.domain.record import record
from b2bterm.domain.search_query import Miss, sanitise, split_terms
from b2bterm.domain.values import Value, ValueParser, attribute_values, value_parser
from b2bterm.domain.vocabulary import Vocabulary, default_vocabulary, norm_phrase

_CJK = lazy(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")  # compiled on first use (domain/lazy_re.py)
_ASCII_WORD = lazy(r"[a-z0-9][a-z0-9\-/.]*[a-z0-9]|[a-z0-9]")
_RUN_ON = lazy(r"(?<=\d)(p|a|v|ma|mm2|mm²|极|安|伏|平方)(?=\d)", re.IGNORECASE)


def _phrase_key(text: str) -> str:
    return re.sub(r"[\s\-]+", " ", text).strip()


def _singular(phrase: str) -> str:
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                    for w in phrase.split())


_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _contains(haystack: str, needle: str) -> bool:
    """``needle`` in ``haystack``; an ASCII needle only as a whole word (no [a-z0-9] just before or after it).

    Found with str.find, not a regular expression per needle: building a lexicon asks thousands of (brand, alias)
    pairs, and a pattern each overflowed re's cache, so every start compiled them all again (~100 ms of every
    ``b2bterm search`` that reads a phrase)."""
    if not needle:
        return False
    if not needle.isascii():
        return needle in haystack
    end = len(needle)
    at = haystack.find(needle)
    while at >= 0:
        if (at == 0 or haystack[at - 1] not in _WORD_CHARS) and \
                (at + end >= len(haystack) or haystack[at + end] not in _WORD_CHARS):
            return True
        at = haystack.find(needle, at + 1)
    return False


@record
class Constraint:
    """A value the query states. ``asks``: fact tokens, any of which satisfies it. A bare number is ``soft``: it
    may also be a word of a name or model ("NXC 09"), and is never reported as missed."""

    kind: str
    asked: str
    asks: tuple[str, ...]
    soft: bool = False
    words: tuple[str, ...] = ()


@record
class Understanding:
    text: str
    brands: tuple[str, ...] = ()  # catalog brand names meant
    brand_asked: str = ""
    categories: tuple[str, ...] = ()  # catalog category names meant
    category_asked: str = ""
    constraints: tuple[Constraint, ...] = ()
    words: tuple[str, ...] = ()  # words left (model numbers, other words), lower case
    chinese: tuple[str, ...] = ()  # Chinese runs left
    unmatched: tuple[str, ...] = ()  # words and Chinese runs no product has (left out of the search: "欧普")

    @property
    def hard(self) -> tuple[Constraint, ...]:
        return tuple(c for c in self.constraints if not c.soft)

    @property
    def rich(self) -> bool:
        """True when something beyond plain words was understood."""
        return bool(self.brands or self.categories or self.hard)


@dataclass
class Lexicon:
    """The vocabulary joined to one catalog's brand and category names."""

    vocab: Vocabulary
    brand_names: dict[str, tuple[str, ...]] = field(default_factory=dict)  # brand key -> catalog brands
    concept_names: dict[str, tuple[str, ...]] = field(default_factory=dict)  # concept -> catalog categories
    brand_words: dict[str, str] = field(default_factory=dict)  # alias -> brand key (vocabulary + catalog)
    category_words: dict[str, str] = field(default_factory=dict)  # alias -> concept
    parser: ValueParser | None = None
    _phrases: tuple[tuple[tuple[str, str], ...], dict[str, tuple[str, str]]] | None = None  # (alias, probe)
    _phrase_patterns: dict[tuple[str, ...], re.Pattern[str]] = field(default_factory=dict)
    known: Callable[[str], bool] | None = None  # is this word in the catalog's own text? (no fuzzy match then)

    @classmethod
    def build(cls, brands: Iterable[str], categories: Iterable[str], vocab: Vocabulary | None = None) -> Lexicon:
        vocab = vocab or default_vocabulary()
        lex = cls(vocab=vocab, parser=value_parser(vocab))
        brand_names: dict[str, list[str]] = {}
        for name in brands:
            n = norm_phrase(name)
            keys = [k for k, aliases in vocab.brand_aliases.items()
                    if n == norm_phrase(k) or any(_contains(n, a) for a in aliases if len(a) >= 2)]
            if not keys:  # a brand the vocabulary does not know: its own name, and its first word
                keys = [name]
                lex.brand_words.setdefault(n, name)
                first = n.split()[0] if n.split() else ""
                if len(first) >= 4:
                    lex.brand_words.setdefault(first, name)
            for k in keys[:1]:
                brand_names.setdefault(k, []).append(name)
        lex.brand_names = {k: tuple(v) for k, v in brand_names.items()}
        for alias, key in vocab.brands.items():
            if key in lex.brand_names:
                lex.brand_words.setdefault(alias, key)
        concept_names: dict[str, list[str]] = {}
        singular = [(concept, [_singular(a) for a in aliases]) for concept, aliases in vocab.concept_aliases.items()]
        for name in categories:
            n = _singular(norm_phrase(name))
            best, best_len = "", 0
            for concept, aliases in singular:
                for a1 in aliases:
                    if len(a1) > best_len and _contains(n, a1):
                        best, best_len = concept, len(a1)
            if not best:  # a category the vocabulary does not know: it names itself
                best = name
                lex.category_words.setdefault(norm_phrase(name), name)
                lex.category_words.setdefault(n, name)
            concept_names.setdefault(best, []).append(name)
        lex.concept_names = {k: tuple(v) for k, v in concept_names.items()}
        for alias, concept in vocab.categories.items():
            if concept in lex.concept_names:
                lex.category_words.setdefault(alias, concept)
                lex.category_words.setdefault(_singular(alias), concept)
        return lex

    def kept_form(self) -> tuple[object, ...]:
        """What ``build`` and the phrase table (``phrases``) worked out, as plain data (``from_kept`` makes the same
        lexicon of it): b2bterm.local.vocab_cache keeps it beside the catalog."""
        self.phrases("")
        return self.brand_names, self.concept_names, self.brand_words, self.category_words, self._phrases

    @classmethod
    def from_kept(cls, kept: tuple[Any, ...], vocab: Vocabulary | None = None) -> Lexicon:
        """The lexicon whose ``kept_form`` this is (of ``vocab``, whose brand and category words it was built with)."""
        vocab = vocab or default_vocabulary()
        brand_names, concept_names, brand_words, category_words, phrases = kept
        return cls(vocab=vocab, parser=value_parser(vocab), brand_names=brand_names, concept_names=concept_names,
                   brand_words=brand_words, category_words=category_words, _phrases=phrases)

    def understand(self, query: str) -> Understanding:
        return understand(query, self)

    def phrases(self, text: str) -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
        """One regular expression for the brand and category phrases of several words and the Chinese entries that
        can occur in ``text`` (longest first at each position), and what each phrase means.

        A phrase can occur only where its first word (a Chinese entry: all of it) does, so only those go into the
        expression: compiling all of them took most of a ``b2bterm search`` that reads a phrase. The same
        candidates always make the same expression (kept for the next query), and a phrase left out could not have
        matched, so what is found is what the whole expression would find."""
        if self._phrases is None:
            meaning: dict[str, tuple[str, str]] = {}
            for a, k in self.brand_words.items():
                if " " in a or not a.isascii():
                    meaning.setdefault(_phrase_key(a), ("brand", k))
            for a, k in self.category_words.items():
                if " " in a or "-" in a or not a.isascii():
                    meaning.setdefault(_phrase_key(a), ("cat", k))
            for w in self.vocab.stopwords:
                if not w.isascii() and len(w) >= 2:
                    meaning.setdefault(_phrase_key(w), ("stop", ""))
            entries = [a for a, (what, _) in meaning.items() if what in ("brand", "cat") and not a.isascii()]
            for w in self.vocab.values:  # "继电器输出" is a relay output, not a relay: the value word holds the phrase
                if not w.isascii() and any(a in w and a != w for a in entries):
                    meaning.setdefault(_phrase_key(w), ("value", ""))
            probes = tuple((alias, alias.split(" ", 1)[0] if alias.isascii() else alias)
                           for alias in sorted(meaning, key=len, reverse=True))
            self._phrases = (probes, meaning)
        probes, meaning = self._phrases
        candidates = tuple(alias for alias, probe in probes if probe in text)
        pattern = self._phrase_patterns.get(candidates)
        if pattern is None:
            parts = []
            for alias in candidates:
                if alias.isascii():
                    parts.append(r"(?<![a-z0-9])" + re.escape(alias).replace(r"\ ", r"[\s\-]+") + r"(?![a-z0-9])")
                else:
                    parts.append(re.escape(alias))
            pattern = re.compile("|".join(parts) or r"(?!x)x")
            if len(self._phrase_patterns) >= 256:
                self._phrase_patterns.clear()
            self._phrase_patterns[candidates] = pattern
        return pattern, meaning


def understand(query: str, lex: Lexicon) -> Understanding:
    # a unit run into the next number ("9A220V", "3P16A") is two values
    original = _RUN_ON.sub(r"\1 ", sanitise(query if isinstance(query, str) else "").replace("×", "x"))
    text = original.lower()
    if len(text) != len(original):  # a rare character whose lower case is longer: show what was understood
        original = text
    parser = lex.parser or value_parser(lex.vocab)
    work = text
    brands: list[str] = []
    brand_asked: list[str] = []
    concepts: list[str] = []
    cat_asked: list[str] = []

    def blank(s: int, e: int) -> None:
        nonlocal work
        work = work[:s] + " " * (e - s) + work[e:]

    # 1. brand and category phrases of several words, and Chinese entries, longest first (before values: "三菱"
    #    is a brand, not 3 of something)
    pattern, meaning = lex.phrases(work)
    for m in pattern.finditer(work):
        what, key = meaning.get(_phrase_key(m.group(0)), ("", ""))
        if what == "brand" and key not in brands:
            brands.append(key)
            brand_asked.append(m.group(0))
        elif what == "cat" and key not in concepts:
            concepts.append(key)
            cat_asked.append(m.group(0))
        elif what == "value":  # read as a value in step 2
            continue
        blank(m.start(), m.end())
    # 2. values
    constraints: list[Constraint] = []
    for v in parser.find(work):
        blank(v.start, v.end)
        c = _constraint(v, original[v.start:v.end].strip() or v.text)
        if c is not None and c not in constraints:
            constraints.append(c)
    constraints = _contact_pairs(constraints)
    # 3. single words
    words: list[str] = []
    chinese: list[str] = []
    for term in split_terms(work):
        if _CJK.fullmatch(term):
            if len(term) >= 2 or not (brands or concepts or constraints):
                chinese.append(term)
            continue
        if term in lex.vocab.stopwords:
            continue
        key = lex.brand_words.get(term)
        if key is not None:
            if key not in brands:
                brands.append(key)
                brand_asked.append(term)
            continue
        concept = lex.category_words.get(term) or lex.category_words.get(_singular(term))
        if concept is not None:
            if concept not in concepts:
                concepts.append(concept)
                cat_asked.append(term)
            continue
        fuzzy = _fuzzy(term, lex)
        if fuzzy is not None:
            what, key = fuzzy
            if what == "brand" and key not in brands:
                brands.append(key)
                brand_asked.append(term)
            elif what == "cat" and key not in concepts:
                concepts.append(key)
                cat_asked.append(term)
            continue
        if term not in words:
            words.append(term)
    brand_values = tuple(dict.fromkeys(n for k in brands for n in lex.brand_names.get(k, ())))
    cat_values = tuple(dict.fromkeys(n for k in concepts[:1] for n in lex.concept_names.get(k, ())))
    return Understanding(text=text, brands=brand_values, brand_asked=" ".join(brand_asked),
                         categories=cat_values, category_asked=" ".join(cat_asked[:1]),
                         constraints=tuple(constraints[:8]), words=tuple(words[:8]), chinese=tuple(chinese[:8]))


def asked_parts(und: Understanding) -> list[str]:
    """What was understood, as the customer wrote it: brand, category, each stated value, the words searched for
    ("施耐德", "接触器", "9A", "380V")."""
    parts = [und.brand_asked, und.category_asked, *(c.asked for c in und.constraints if not c.soft)]
    return [p for p in dict.fromkeys(parts) if p]


def values_run_together(term: str, parser: ValueParser | None = None) -> tuple[Constraint, ...]:
    """Stated values typed as one word with nothing between them ("m12pnp", "3pc63", "24vdc2co"; Chinese typed
    without spaces runs the Latin part together), read from the left, each the longest value that starts there;
    empty unless the whole word is values (a model number such as "lc1d52m7" is not taken apart)."""
    parser = parser or value_parser()
    out: list[Constraint] = []
    rest = term
    while rest:
        for k in range(len(rest), 0, -1):
            found = [v for v in parser.find(rest[:k]) if v.kind not in ("number", "count")]
            if found and found[0].start == 0 and _spans_cover(found, k):
                for v in found:
                    c = _constraint(v, v.text)
                    if c is not None and c not in out:
                        out.append(c)
                rest = rest[k:]
                break
        else:
            return ()
    return tuple(out)


def _spans_cover(values: Sequence[Value], length: int) -> bool:
    covered = [False] * length
    for v in values:
        for i in range(v.start, min(v.end, length)):
            covered[i] = True
    return all(covered)


def nobody_has(und: Understanding, misses: Iterable[Sequence[Miss]], brands: Iterable[str] = ()) -> list[str]:
    """What every one of the closest products misses (``misses``: what each misses; ``brands``: their brands):
    the brand asked when none is of it ("seimens timer": Siemens makes none here), and the stated values none has
    ("380V" for "9A 施耐德 接触器 380V" when no such coil exists). Both are read only as far as that needs (a
    product's misses are worked out as they are read: with no stated value asked, only the first product's)."""
    rows = iter(misses)
    first = next(rows, None)
    if first is None:
        return []
    left = list(und.hard)
    for miss in itertools.chain([first], rows):
        if not left:
            break
        asked = {m.asked for m in miss}
        left = [c for c in left if c.asked in asked]
    brand: list[str] = []
    if und.brands:
        wanted, seen = set(und.brands), False
        for name in brands:
            seen = True
            if name in wanted:
                break
        else:
            brand = [und.brand_asked] if seen else []
    return brand + [c.asked for c in left]


def _contact_pairs(constraints: list[Constraint]) -> list[Constraint]:
    """"1NO+1NC", "4开4闭": normally-open and normally-closed contacts asked together are one set of contacts
    (held as such by a contact block, or by as many changeover contacts)."""
    nos = [c for c in constraints if c.kind == "contact" and re.fullmatch(r"no\d+", c.asks[0])]
    ncs = [c for c in constraints if c.kind == "contact" and re.fullmatch(r"nc\d+", c.asks[0])]
    if not (nos and ncs):
        return constraints
    no, nc = nos[0], ncs[0]
    pair = Constraint("contact", f"{no.asked}+{nc.asked}", (f"{no.asks[0]}{nc.asks[0]}",))
    return [pair if c is no else c for c in constraints if c is not nc]


def _constraint(v: Value, asked: str) -> Constraint | None:
    if not v.asks or v.kind == "count":
        return None
    if v.kind == "number":
        return Constraint("number", asked, v.asks, soft=True, words=tuple(split_terms(v.text)))
    return Constraint(v.kind, asked, v.asks)


def _fuzzy(term: str, lex: Lexicon) -> tuple[str, str] | None:
    """A misspelt brand or category word ("schnieder", "contacter", "cabel"): letters only, five or more, an alias
    of about the same length one slip away (two from eight letters on; a swap of two letters is one slip), and not a
    word the catalog itself has (``Lexicon.known``: "contact" is in "Phoenix Contact", it is not "contactor")."""
    if len(term) < 5 or not term.isalpha() or not term.isascii():
        return None
    if lex.known is not None and lex.known(term):
        return None
    from rapidfuzz.distance import OSA

    slips = 1 if len(term) < 8 else 2
    best: tuple[int, str, str] | None = None
    for table, what in ((lex.brand_words, "brand"), (lex.category_words, "cat")):
        for alias, key in table.items():
            if abs(len(alias) - len(term)) > 1 or not alias.isalpha():
                continue
            d = OSA.distance(term, alias, score_cutoff=slips)
            if d <= slips and (best is None or d < best[0]):
                best = (d, what, key)
    return (best[1], best[2]) if best else None


def written_tokens(c: Constraint) -> list[str]:
    """The tokens of a stated value as written, when a name holding them says the same: one token with a unit
    ("9a", "220v", "c16"). Not bare numbers or cable sizes: "3x1.5" is indexed as "3x1" and "5", and numbers
    stand next to each other in many names."""
    terms = split_terms(c.asked)
    if len(terms) != 1 or c.kind == "cable" or not any(ch.isalpha() for ch in terms[0]):
        return []
    return terms


@lru_cache(maxsize=65536)
def _attr_facts(name: str, value: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """(kind, facts) of each value one attribute holds."""
    return tuple((v.kind, frozenset(v.facts)) for v in attribute_values(name, value, value_parser()))


def explain(product: Product, constraints: Sequence[Constraint], words: Sequence[str] = ()
            ) -> tuple[int, tuple[tuple[str, str], ...], tuple[Miss, ...]]:
    """How many stated values a product satisfies, the attributes that satisfy them, and what it misses: the
    stated values, and the ``words`` asked that its model and names do not have."""
    held = [(name, value, _attr_facts(name, value)) for name, value in product.attributes]
    named = " " + " ".join(split_terms(f"{product.model} {product.name_en} {product.name_zh}")) + " "
    count = 0
    matched: list[tuple[str, str]] = []
    misses: list[Miss] = []
    for c in constraints:
        asks = set(c.asks)
        hit = next(((n, v) for n, v, vals in held if any(asks & f for _, f in vals)), None)
        written = " ".join(written_tokens(c))
        if hit is None and written and f" {written} " in named:
            hit = ("", c.asked)
        if hit is not None:
            count += 1
            if hit[0] and hit not in matched:
                matched.append(hit)
        elif not c.soft:
            same = next(((n, v) for n, v, vals in held if any(k == c.kind for k, _ in vals)), None)
            misses.append(Miss(same[0], same[1], c.asked) if same else Miss("", "", c.asked))
    tokens = named.split()
    misses += [Miss("", "", w) for w in words if not any(t.startswith(w) for t in tokens)]
    return count, tuple(matched), tuple(misses)
