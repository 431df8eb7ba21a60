"""The search vocabulary is compiled once and kept (b2bterm/local/vocab_cache.py): later starts read the copy, which
is exactly what the files give; a changed file is read again, and a copy that cannot be kept costs nothing but time."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from b2bterm.domain import vocabulary
from b2bterm.local import vocab_cache


def _same(a: vocabulary.Vocabulary, b: vocabulary.Vocabulary) -> None:
    for f in dataclasses.fields(vocabulary.Vocabulary):
        x, y = getattr(a, f.name), getattr(b, f.name)
        assert type(x) is type(y) and x == y, f.name
        if isinstance(x, dict):  # the order too: the value parser sorts the words stably
            assert list(x.items()) == list(y.items()), f.name


def _refuse(files: list[tuple[str, str]]) -> vocabulary.Compiled:
    raise AssertionError("the vocabulary files were parsed although a kept copy matches them")


def test_the_kept_copy_is_what_the_files_give_and_later_reads_parse_nothing(tmp_path: Path) -> None:
    files = vocabulary._vocab_files()
    expected = vocabulary.compile_files(files)
    place = tmp_path / "vocabulary.cache"
    first = vocab_cache.kept(files, vocabulary.compile_files, iter([place]))
    assert place.is_file()
    again = vocab_cache.kept(files, _refuse, iter([place]))
    for got in (first, again):
        _same(got[0], expected[0])
        assert got[1:] == expected[1:]
    # and what the process uses is the same (the copy installed when the local layer loaded)
    _same(vocabulary.default_vocabulary(), expected[0])
    assert (vocabulary.vocabulary_source(), vocabulary.vocabulary_digest()) == expected[1:]


def test_a_changed_file_is_read_again_even_at_the_same_size(tmp_path: Path) -> None:
    files = vocabulary._vocab_files()
    place = tmp_path / "vocabulary.cache"
    vocab_cache.kept(files, vocabulary.compile_files, iter([place]))
    name, text = files[0]
    changed = text.replace('"siemens"', '"siemenz"', 1)
    assert changed != text and len(changed) == len(text)
    edited = [(name, changed), *files[1:]]
    vocab, source, _digest = vocab_cache.kept(edited, vocabulary.compile_files, iter([place]))
    assert "siemenz" in vocab.brands and "siemens" not in vocab.brands
    assert source != vocabulary.source_of(files)
    assert vocab_cache.kept(edited, _refuse, iter([place]))[0].brands["siemenz"] == "Siemens"


def test_a_copy_made_by_other_code_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The modules that read the files are part of the key: an edit (or an upgrade that left the copy behind) that
    reads the same files another way makes its own copy."""
    from b2bterm import derived_file

    files = vocabulary._vocab_files()
    place = tmp_path / "vocabulary.cache"
    vocab_cache.kept(files, vocabulary.compile_files, iter([place]))
    assert vocab_cache.kept(files, _refuse, iter([place]))[1] == vocabulary.source_of(files)
    code = derived_file.code_of(vocabulary)
    assert code is not None
    monkeypatch.setattr(derived_file, "code_of", lambda *modules: ((1, 2),) * len(modules))
    with pytest.raises(AssertionError, match="were parsed"):
        vocab_cache.kept(files, _refuse, iter([place]))


def test_a_copy_without_a_lazy_pattern_is_made_again_with_it_and_keeps_the_others(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from b2bterm.domain import lazy_re

    files = vocabulary._vocab_files()
    place = tmp_path / "vocabulary.cache"
    made = list(lazy_re._made)
    assert len(made) >= 2
    monkeypatch.setattr(lazy_re, "_made", made[:1])  # a process that had loaded one module of lazy patterns
    vocab_cache.kept(files, vocabulary.compile_files, iter([place]))
    monkeypatch.setattr(lazy_re, "_made", made[1:])  # and one that had loaded the others only
    vocab_cache.kept(files, vocabulary.compile_files, iter([place]))
    monkeypatch.setattr(lazy_re, "_made", made)  # every one of them is in the copy now: nothing is parsed
    vocab_cache.kept(files, _refuse, iter([place]))
    monkeypatch.setattr(lazy_re, "_made", made[:1])
    vocab_cache.kept(files, _refuse, iter([place]))


@pytest.mark.parametrize("content", [b"", b"not marshal", None])
def test_a_damaged_or_unwritable_copy_still_gives_the_vocabulary(tmp_path: Path, content: bytes | None) -> None:
    files = vocabulary._vocab_files()
    if content is None:  # a place that cannot be written: a file stands where its folder would be
        (tmp_path / "blocked").write_text("")
        place = tmp_path / "blocked" / "vocabulary.cache"
    else:
        place = tmp_path / "vocabulary.cache"
        place.write_bytes(content)
    got = vocab_cache.kept(files, vocabulary.compile_files, iter([place]))
    _same(got[0], vocabulary.compile_files(files)[0])


def test_kept_programs_make_the_patterns_re_compiles() -> None:
    from b2bterm.domain import lazy_re
    from b2bterm.domain.values import value_parser
    from b2bterm.local import kept_patterns

    sources = [(p.pattern, 0) for p in value_parser().expressions()] + lazy_re.lazy_sources()
    kept = kept_patterns.programs(sources)
    assert len(kept) == len(dict.fromkeys(sources)) >= 14  # every one of them could be kept here
    made = kept_patterns.patterns(kept)
    for source, flags in sources:
        pattern, same = made[(source, flags)], re.compile(source, flags)
        assert pattern == same and pattern.groups == same.groups and pattern.groupindex == same.groupindex
        for text in ("施耐德接触器9a 220v", "rvv 3x1.5 100m", "c16 3p 1no+1nc", "24vdc 2co", "红色 m12"):
            assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in same.finditer(text)]
    # a damaged entry is left out (compiled as always), the others stay
    damaged = ((sources[0][0], 0, (32, [1, 2, 3], 0, {}, (None,))), "junk", *kept[1:])
    assert set(kept_patterns.patterns(damaged)) == set(made) - {sources[0]}
    assert kept_patterns.patterns("junk") == {}


# A fresh process (its own hash seed: a set's order differs) whose vocabulary copy is kept: what does it compile?
COMPILES = r"""
import json, re._compiler as compiler
from b2bterm.local.catalog import LocalCatalog  # the local layer: the kept copy is used from here on
seen = []  # what is compiled once the modules are loaded
compile = compiler.compile
compiler.compile = lambda p, flags=0: (seen.append(p if isinstance(p, str) else None), compile(p, flags))[1]
from b2bterm.domain import lazy_re
from b2bterm.domain.understand import Lexicon
lex = Lexicon.build(["Schneider Electric", "CHINT"], ["Contactors", "Miniature circuit breakers"])
und = lex.understand("施耐德 接触器 9a 220v ac 3p 1no+1nc 红色")
kept = [p.pattern for p in lex.parser.expressions()] + [s for s, _ in lazy_re.lazy_sources()]
print(json.dumps({"compiled": [s for s in seen if s in kept], "kept": len(kept), "brands": und.brands}))
"""


def test_a_search_process_compiles_none_of_the_kept_expressions() -> None:
    import json
    import os
    import subprocess
    import sys

    runs = []
    for _ in range(3):  # the first one may make the copy (in the package's __pycache__, or the user cache folder)
        done = subprocess.run([sys.executable, "-c", COMPILES], capture_output=True, text=True, timeout=120,
                              env={**os.environ, "PYTHONHASHSEED": "random"})
        assert done.returncode == 0, done.stderr[-2000:]
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    for got in runs[1:]:
        assert got["kept"] >= 14 and got["brands"] == ["Schneider Electric"]
        assert got["compiled"] == []


BRANDS = ["Schneider Electric", "CHINT", "DELIXI", "Far East Cable", "Acme Widgets"]
CATEGORIES = ["Contactors", "Miniature circuit breakers", "Thermal overload relays", "Power cables", "Gizmos"]


def _lexicon_data(lex: object) -> list[object]:
    return [list(getattr(lex, name).items()) if isinstance(getattr(lex, name), dict) else getattr(lex, name)
            for name in ("brand_names", "concept_names", "brand_words", "category_words")]


def test_a_kept_lexicon_is_the_built_one_and_is_read_without_building(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from b2bterm.domain.understand import Lexicon

    built = Lexicon.build(BRANDS, CATEGORIES)
    place = tmp_path / "p.lexicon"
    first = vocab_cache.kept_lexicon(BRANDS, CATEGORIES, place)
    assert place.is_file()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the lexicon was built although a kept one matches")

    with monkeypatch.context() as m:
        m.setattr(Lexicon, "build", refuse)
        again = vocab_cache.kept_lexicon(BRANDS, CATEGORIES, place)
    for lex in (first, again):
        assert _lexicon_data(lex) == _lexicon_data(built)
        assert lex.vocab is built.vocab and lex.parser is built.parser
        assert lex.phrases("施耐德 接触器 far east cable") == built.phrases("施耐德 接触器 far east cable")
        for query in ("施耐德接触器9A 220V", "schnieder lc1d09", "acme gizmos 3p", "far east power cable 3x2.5"):
            assert lex.understand(query) == built.understand(query)
    # another catalog's brands (or categories) build their own, and keep it
    other = vocab_cache.kept_lexicon([*BRANDS, "Omron"], CATEGORIES, place)
    assert "Omron" in other.brand_names and "Omron" not in again.brand_names
    with monkeypatch.context() as m:
        m.setattr(Lexicon, "build", refuse)
        assert "Omron" in vocab_cache.kept_lexicon([*BRANDS, "Omron"], CATEGORIES, place).brand_names
    place.write_bytes(b"damaged")
    assert _lexicon_data(vocab_cache.kept_lexicon(BRANDS, CATEGORIES, place)) == _lexicon_data(built)


def test_the_catalog_keeps_its_lexicon_beside_it(tmp_path: Path) -> None:
    from test_attribute_search import PRODUCTS

    from b2bterm.local.catalog import LocalCatalog
    from b2bterm.local.db import Database
    from b2bterm.platform.base import CatalogChanges

    db = Database(tmp_path / "p.sqlite")
    catalog = LocalCatalog(db)
    catalog.apply_changes(CatalogChanges(products=tuple(PRODUCTS), next_cursor="c1", done=True))
    first = [h.sku for h in catalog.search("schneider contactor 9a", limit=20).hits]
    kept = vocab_cache.lexicon_place(tmp_path, "p")
    assert first and kept.is_file() and kept.stat().st_mode & 0o777 == 0o600  # as everything in a profile's folder
    db.close()
    db = Database(tmp_path / "p.sqlite")
    assert [h.sku for h in LocalCatalog(db).search("schneider contactor 9a", limit=20).hits] == first
    db.close()


def test_a_copy_damaged_on_disk_is_made_again_not_used(tmp_path: Path) -> None:
    """One byte of a kept copy changed on disk (a regular expression's program that lost a bit would still run, and
    match something else): the copy is not used; the files are read and the copy made again."""
    from b2bterm import derived_file

    files = vocabulary._vocab_files()
    place = tmp_path / "vocabulary.cache"
    vocab_cache.kept(files, vocabulary.compile_files, iter([place]))
    good = place.read_bytes()
    assert derived_file.read(place) is not None
    parsed: list[int] = []

    def compile_files(given: list[tuple[str, str]]) -> vocabulary.Compiled:
        parsed.append(1)
        return vocabulary.compile_files(given)

    for at in (0, 7, len(good) // 2, len(good) - 1):  # the check, the start, the middle, the end
        damaged = bytearray(good)
        damaged[at] ^= 0x10
        place.write_bytes(bytes(damaged))
        assert derived_file.read(place) is None
        parsed.clear()
        _same(vocab_cache.kept(files, compile_files, iter([place]))[0], vocabulary.compile_files(files)[0])
        assert parsed and place.read_bytes() == good  # worked out from the files, and kept again
