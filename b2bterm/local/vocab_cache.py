"""The search vocabulary compiled once and kept (b2bterm.derived_file): the merged TOML files as plain data, with the
files' hash (the catalog file's format check) and the digest of the fact sections, and the programs of the value
parser's expressions and of the domain's lazy ones (local/kept_patterns.py). Reading and merging the TOML and hashing
it (hashlib loads OpenSSL) cost every ``b2bterm search`` ~6-9 ms of a ~110 ms command, compiling those expressions
~10 ms more; the kept copy is read, and its patterns made, in about 1 ms.

A copy serves only the files it was made from, by the code that made it: it is keyed by each file's name, size and
CRC-32 (their content, not their time) and those of the modules that read them (derived_file.code_of), and the
vocabulary it holds is exactly ``vocabulary.compile_files``' (a test compares them). The domain reads no files of
its own making (it does no I/O but reading its package's data): this module, loaded with the local layer, gives it
the kept copy (``vocabulary.keep_compiled_with``) and the kept patterns (``lazy_re.use_kept``).

The catalog's lexicon (the vocabulary joined to its brands and categories) is kept the same way, beside the profile's
database (``kept_lexicon``).
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import Callable, Iterator
from dataclasses import fields
from pathlib import Path

from b2bterm import derived_file
from b2bterm.domain import lazy_re, modelno, understand, vocabulary
from b2bterm.domain.understand import Lexicon
from b2bterm.domain.values import value_parser
from b2bterm.domain.vocabulary import Compiled, Vocabulary
from b2bterm.local import kept_patterns

# (understand is loaded with this module: its lazy patterns, and search_query's, are registered before a copy is made)
FORMAT = 2  # bump when what the copy holds changes
NAME = "vocabulary"
SUFFIX = ".vocab-cache"
_FIELDS = tuple(f.name for f in fields(Vocabulary))


def copy_places() -> Iterator[Path]:
    return derived_file.places(vocabulary.VOCAB_DIR, NAME, "vocab", SUFFIX)


def kept(files: list[tuple[str, str]], compile_files: Callable[[list[tuple[str, str]]], Compiled],
         places: Iterator[Path] | None = None) -> Compiled:
    """``compile_files(files)``, read from a copy made from the same files, else worked out and kept. A copy without
    the program of a lazy pattern this process has (made where that pattern's module was not loaded) is made again
    with it, keeping the ones it had."""
    code = derived_file.code_of(vocabulary, modelno)
    if code is None:  # which code would make it is not known: nothing is kept
        return compile_files(files)
    key = (FORMAT, _FIELDS, kept_patterns.interpreter(), code,
           tuple((name, len(data), zlib.crc32(data)) for name, data in ((n, t.encode("utf-8")) for n, t in files)))
    tried: list[Path] = []
    had: tuple[tuple[str, int, kept_patterns.Program], ...] = ()
    for place in copy_places() if places is None else places:
        found = _read(place, key)
        if found is not None:
            compiled, programs = found
            if not set(lazy_re.lazy_sources()) - {(source, flags) for source, flags, _ in programs}:
                lazy_re.use_kept(kept_patterns.patterns(programs))
                return compiled
            had = programs
        tried.append(place)
    vocab, source, digest = compile_files(files)
    expressions = [(p.pattern, 0) for p in value_parser(vocab).expressions()] + lazy_re.lazy_sources()
    programs = kept_patterns.programs(expressions)
    programs += tuple(p for p in had if p[:2] not in set(expressions))
    stored = (source, digest, tuple(getattr(vocab, name) for name in _FIELDS), programs)
    for place in tried:
        if derived_file.write_keyed(place, key, stored):
            break
    lazy_re.use_kept(kept_patterns.patterns(programs))
    return vocab, source, digest


def _read(place: Path, key: object) -> tuple[Compiled, tuple[tuple[str, int, kept_patterns.Program], ...]] | None:
    stored = derived_file.read_keyed(place, key)
    if not (isinstance(stored, tuple) and len(stored) == 4):
        return None
    source, digest, values, programs = stored
    if not (isinstance(source, str) and isinstance(digest, str) and isinstance(values, tuple)
            and len(values) == len(_FIELDS) and isinstance(programs, tuple)
            and all(isinstance(p, tuple) and len(p) == 3 for p in programs)):
        return None
    return (Vocabulary(**dict(zip(_FIELDS, values, strict=True))), source, digest), programs


LEXICON_FORMAT = 1  # bump when what a kept lexicon holds changes


def lexicon_place(folder: Path, stem: str) -> Path:
    """Where the lexicon of the catalog of the profile database ``<folder>/<stem>.sqlite`` is kept."""
    return folder / f"{stem}.lexicon.{sys.implementation.cache_tag}"


def kept_lexicon(brands: list[str], categories: list[str], place: Path) -> Lexicon:
    """``Lexicon.build(brands, categories)``, read from ``place`` when it was made from the same brands, categories,
    vocabulary files and code, else built and kept there (~2-4 ms of every search's first query; the phrase table
    too, ~1-2 ms of its understanding)."""
    code = derived_file.code_of(understand, vocabulary, modelno)
    if code is None:
        return Lexicon.build(brands, categories)
    key = (LEXICON_FORMAT, code, vocabulary.vocabulary_source(), tuple(brands), tuple(categories))
    stored = derived_file.read_keyed(place, key)
    if stored is not None:
        try:
            return Lexicon.from_kept(stored)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            pass
    lexicon = Lexicon.build(brands, categories)
    derived_file.write_keyed(place, key, lexicon.kept_form(), private=True)
    return lexicon


vocabulary.keep_compiled_with(kept)
