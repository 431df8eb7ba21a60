"""The search vocabulary: brand, category, unit and value words in every language, loaded from data files.

The words live in ``b2bterm/domain/vocab/*.toml`` (one file a language, reviewed like code), not in code. This
module only reads and merges them; ``b2bterm.domain.lexicon`` adds the catalog's own brand and category names.
Pure: reading the package's own data files is the only I/O, done once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from b2bterm.domain.lazy_re import lazy
from b2bterm.domain.modelno import fold_width

_SPACES = lazy(r"\s+")


def norm_phrase(text: str) -> str:
    """How vocabulary entries and catalog names are compared: width-folded, lower case, single spaces."""
    return _SPACES.sub(" ", fold_width(text).lower()).strip()


@dataclass(frozen=True, eq=False)  # hashed by identity: one parser is built per vocabulary
class Vocabulary:
    """The merged vocabulary files (its docstring spares ``@dataclass`` working out a signature: ~0.4 ms)."""

    brands: dict[str, str] = field(default_factory=dict)  # alias -> brand key ("schnieder" -> "Schneider Electric")
    categories: dict[str, str] = field(default_factory=dict)  # alias -> concept ("空开" -> "mcb")
    attribute_kinds: dict[str, str] = field(default_factory=dict)  # attribute name -> value kind
    units: dict[str, str] = field(default_factory=dict)  # unit word -> value kind ("安" -> "current")
    current_kind: dict[str, str] = field(default_factory=dict)  # "交流" -> "ac"
    numerals: dict[str, int] = field(default_factory=dict)  # "三" -> 3
    values: dict[str, tuple[str, str]] = field(default_factory=dict)  # "红色" -> ("colour", "red")
    stopwords: frozenset[str] = frozenset()
    concept_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # concept -> its aliases
    brand_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # brand key -> its aliases

    def attribute_kind(self, name: str) -> str:
        return self.attribute_kinds.get(norm_phrase(name), "")


def _merge(vocab: dict[str, dict[str, object]], data: dict[str, object]) -> None:
    for section, entries in data.items():
        if not isinstance(entries, dict):
            continue
        target = vocab.setdefault(section, {})
        for key, value in entries.items():
            if isinstance(value, list):
                old = target.get(key, [])
                target[key] = [*old, *value] if isinstance(old, list) else value
            else:
                target[key] = value


def build_vocabulary(files: list[dict[str, object]]) -> Vocabulary:
    """A vocabulary from parsed TOML documents (later files add to earlier ones)."""
    raw: dict[str, dict[str, object]] = {}
    for data in files:
        _merge(raw, data)

    def aliases(section: str) -> dict[str, list[str]]:
        return {k: [norm_phrase(str(a)) for a in v] for k, v in raw.get(section, {}).items()
                if isinstance(v, list)}

    def inverse(table: dict[str, list[str]]) -> dict[str, str]:
        out: dict[str, str] = {}
        for key, words in table.items():
            for w in words:
                if w:
                    out.setdefault(w, key)
        return out

    brands, cats = aliases("brands"), aliases("categories")
    values: dict[str, tuple[str, str]] = {}
    for key, words in aliases("values").items():
        kind, _, value = key.partition(":")
        for w in words:
            values.setdefault(w, (kind, value))
    stop = raw.get("stopwords", {}).get("words", [])
    numerals = {str(k): int(v) for k, v in raw.get("numerals", {}).items() if isinstance(v, int)}
    return Vocabulary(
        brands=inverse(brands),
        categories=inverse(cats),
        attribute_kinds=inverse(aliases("attribute_kinds")),
        units=inverse(aliases("units")),
        current_kind=inverse(aliases("current_kind")),
        numerals=numerals,
        values=values,
        stopwords=frozenset(norm_phrase(str(w)) for w in stop) if isinstance(stop, list) else frozenset(),
        concept_aliases={k: tuple(dict.fromkeys(v)) for k, v in cats.items()},
        brand_aliases={k: tuple(dict.fromkeys(v)) for k, v in brands.items()},
    )


VOCAB_DIR = Path(__file__).with_name("vocab")  # shipped with the package (importlib.resources cost ~4 ms a start)


def _vocab_files() -> list[tuple[str, str]]:
    return [(entry.name, entry.read_text(encoding="utf-8")) for entry in sorted(VOCAB_DIR.glob("*.toml"))]


# (vocabulary, source, digest) of the vocabulary files: built from them, or a copy compiled once and kept by a layer
# that may write files (b2bterm.local.vocab_cache, installed when that layer loads)
Compiled = tuple[Vocabulary, str, str]
Keeper = Callable[[list[tuple[str, str]], Callable[[list[tuple[str, str]]], Compiled]], Compiled]
_keeper: Keeper | None = None


def keep_compiled_with(keeper: Keeper) -> None:
    """Have ``keeper(files, compile_files)`` answer ``compile_files(files)``, from a copy it kept when the files are
    the same (what ``b2bterm search`` spent reading TOML and hashing it: ~6 ms of its start)."""
    global _keeper
    _keeper = keeper


def compile_files(files: list[tuple[str, str]]) -> Compiled:
    """The vocabulary of these (name, text) files, their ``source_of`` and the vocabulary's ``digest_of``."""
    import tomllib

    vocab = build_vocabulary([tomllib.loads(text) for _, text in files])
    return vocab, source_of(files), digest_of(vocab)


def source_of(files: list[tuple[str, str]]) -> str:
    """A short hash of the vocabulary files as written (see ``vocabulary_source``)."""
    import hashlib  # (OpenSSL's: ~3 ms of a start, loaded only where a hash is worked out)

    h = hashlib.sha256()
    for name, text in files:
        h.update(f"{name}\0{text}\0".encode())
    return h.hexdigest()[:16]


def digest_of(v: Vocabulary) -> str:
    """A short hash of the sections of ``v`` that attribute facts depend on (see ``vocabulary_digest``)."""
    import hashlib

    parts = (v.units, v.current_kind, v.numerals, v.values, v.attribute_kinds)
    return hashlib.sha256(repr([sorted(p.items()) for p in parts]).encode()).hexdigest()[:16]


@lru_cache(maxsize=1)
def _kept() -> Compiled | None:
    return _keeper(_vocab_files(), compile_files) if _keeper is not None else None


@lru_cache(maxsize=1)
def vocabulary_digest() -> str:
    """A short hash of the vocabulary sections a product's attribute facts depend on (units, AC/DC words, numerals,
    value words, attribute kinds): the local catalog's index is rebuilt when it changes. Brand, category and stop
    words only change how a query is read, not the index."""
    kept = _kept()
    return kept[2] if kept is not None else digest_of(default_vocabulary())


@lru_cache(maxsize=1)
def vocabulary_source() -> str:
    """A short hash of the vocabulary files as written: the same files give the same ``vocabulary_digest``, which
    is known then without parsing them (a catalog file records both; the app's start checks this one: ~5 ms of TOML
    parsing less before its first screen)."""
    kept = _kept()
    return kept[1] if kept is not None else source_of(_vocab_files())


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    """Every ``vocab/*.toml`` file shipped with b2bterm, merged in name order."""
    kept = _kept()
    if kept is not None:
        return kept[0]
    import tomllib

    return build_vocabulary([tomllib.loads(text) for _, text in _vocab_files()])
