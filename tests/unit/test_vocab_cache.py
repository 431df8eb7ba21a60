"""The search vocabulary is compiled once and kept (b2bterm/local/vocab_cache.py): later starts read the copy, which
is exactly what the files give; a changed file is read again, and a copy that cannot be kept costs nothing but time."""

from __future__ import annotations

import dataclasses
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
