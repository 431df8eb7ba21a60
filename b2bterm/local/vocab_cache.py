"""The search vocabulary compiled once and kept (b2bterm.derived_file): the merged TOML files as plain data, with the
files' hash (the catalog file's format check) and the digest of the fact sections, and the programs of the value
parser's expressions and of the domain's lazy ones (local/kept_patterns.py). Reading and merging the TOML and hashing
it (hashlib loads OpenSSL) cost every ``b2bterm search`` ~6-9 ms of a ~110 ms command, compiling those expressions
~10 ms more; the kept copy is read, and its patterns made, in about 1 ms.

A copy serves only the files it was made from, by the code that made it: it is keyed by each file's name, size and
CRC-32 (their content, not their time) and those of the modules that read them (derived_file.code_of), and the
vocabulary it holds is exactly ``vocabulary.compile_files``' (a test compares them). The domain
reads no files of its own making (it does no I/O but reading its package's data): this module, loaded with the local
layer, gives it the kept copy (``vocabulary.keep_compiled_with``).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from dataclasses import fields
from pathlib import Path

from b2bterm import derived_file
from b2bterm.domain import lazy_re, modelno, vocabulary
from b2bterm.domain.values import value_parser
from b2bterm.domain.vocabulary import Compiled, Vocabulary
from b2bterm.local import kept_patterns

FORMAT = 2  # bump when what the copy holds changes
NAME = "vocabulary"
SUFFIX = ".vocab-cache"
_FIELDS = tuple(f.name for f in fields(Vocabulary))


def copy_places() -> Iterator[Path]:
    return derived_file.places(vocabulary.VOCAB_DIR, NAME, "vocab", SUFFIX)


def kept(files: list[tuple[str, str]], compile_files: Callable[[list[tuple[str, str]]], Compiled],
         places: Iterator[Path] | None = None) -> Compiled:
    """``compile_files(files)``, read from a copy made from the same files, else worked out and kept."""
    code = derived_file.code_of(vocabulary, modelno)
    if code is None:  # which code would make it is not known: nothing is kept
        return compile_files(files)
    key = (FORMAT, _FIELDS, kept_patterns.interpreter(), code,
           tuple((name, len(data), zlib.crc32(data)) for name, data in ((n, t.encode("utf-8")) for n, t in files)))
    tried: list[Path] = []
    for place in copy_places() if places is None else places:
        found = _read(place, key)
        if found is not None:
            return found
        tried.append(place)
    vocab, source, digest = compile_files(files)
    expressions = [(p.pattern, 0) for p in value_parser(vocab).expressions()] + lazy_re.lazy_sources()
    stored = (key, source, digest, tuple(getattr(vocab, name) for name in _FIELDS),
              kept_patterns.programs(expressions))
    for place in tried:
        if derived_file.write(place, stored):
            break
    return vocab, source, digest


def _read(place: Path, key: object) -> Compiled | None:
    stored = derived_file.read(place)
    if not (isinstance(stored, tuple) and len(stored) == 5 and stored[0] == key):
        return None
    _key, source, digest, values, programs = stored
    if not (isinstance(source, str) and isinstance(digest, str) and isinstance(values, tuple)
            and len(values) == len(_FIELDS)):
        return None
    lazy_re.use_kept(kept_patterns.patterns(programs))
    return Vocabulary(**dict(zip(_FIELDS, values, strict=True))), source, digest


vocabulary.keep_compiled_with(kept)
