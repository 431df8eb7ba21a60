"""Pinyin is searched through ``catalog_pinyin`` (the words index holds none, issue 18): a pinyin word, whole or
begun, full or initials, finds exactly the products whose Chinese it spells the start of, as when the pinyin was in
the words index, in a catalog built in bulk, one changed page by page and one in memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from b2bterm.domain.models import Product
from b2bterm.domain.search_query import is_chinese, split_terms
from b2bterm.local import prefix_terms
from b2bterm.local.catalog import LocalCatalog
from b2bterm.local.catalog_index import index_words, pinyin_terms
from tests.unit.catalog_fixture import three_ways

NAMES = ["交流接触器", "直流接触器 线圈", "接线端子", "中间继电器", "热继电器 过载", "小型断路器", "塑壳断路器",
         "接近开关", "电缆 护套", "交流电机", "继电器插座", "接触器辅助触点"]
QUERIES = ["jiechuqi", "jiech", "jie", "ji", "jc", "jcq", "zl", "dianlan", "jidianqi", "duanluqi", "dlq", "jiaoliu",
           "jl", "chazuo", "fuzhuchudian", "zcd", "xianquan", "guozai", "kaiguan", "dian"]


def _products() -> list[Product]:
    return [Product(sku=f"P-{i:03d}", model=f"M{i:03d}", brand=("Acme", "Bolt")[i % 2], category="Parts",
                    name_en=f"part number {i}", name_zh=NAMES[i % len(NAMES)], popularity=i) for i in range(48)]


def _old_match(p: Product, word: str) -> bool:
    """What the words index with pinyin in it matched for ``"word"*``: a token of the product beginning with it."""
    runs = [t for t in split_terms(p.name_zh) if is_chinese(t)]
    tokens = [*index_words(p).split(), *(t for run in runs for t in pinyin_terms(run))]
    return any(t.startswith(word) for t in tokens)


def _found(catalog: LocalCatalog, query: str) -> set[str]:
    return {h.sku for h in catalog.search(query, limit=500).hits}


def _catalogs(tmp_path: Path) -> dict[str, LocalCatalog]:
    return three_ways(tmp_path, _products(), first=20, page=7)


def test_a_pinyin_word_finds_what_the_pinyin_in_the_words_index_found(tmp_path: Path) -> None:
    products = _products()
    catalogs = _catalogs(tmp_path)
    for query in QUERIES:
        want = {p.sku for p in products if _old_match(p, query)}
        assert want, query  # every query finds something
        for how, catalog in catalogs.items():
            assert _found(catalog, query) == want, (how, query)
    with catalogs["bulk"].db.lock:
        conn = catalogs["bulk"].db.conn
        terms = {r[0] for r in conn.execute("SELECT term FROM catalog.catalog_pinyin")}
        assert {"jiaoliujiechuqi", "jiechuqi", "jcq", "jljcq"} <= terms
        # the words index holds the Chinese bigrams, not their pinyin
        conn.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(catalog, product_fts, row)")
        vocab = {r[0] for r in conn.execute("SELECT term FROM temp.v")}
        assert "接触" in vocab and not vocab & terms


def test_a_pinyin_word_of_many_chinese_words_is_searched_by_their_first_characters(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over PINYIN_MAX phrases, a pinyin word is searched as the first characters of what it spells: it finds at least
    what it found before (and products with those characters in other words)."""
    monkeypatch.setattr(prefix_terms, "PINYIN_MAX", 1)
    catalog = _catalogs(tmp_path)["memory"]
    for query in ("ji", "jie", "jc", "dian"):
        want = {p.sku for p in _products() if _old_match(p, query)}
        assert want <= _found(catalog, query), query


def test_a_pinyin_word_counts_as_a_word_of_the_catalog(tmp_path: Path) -> None:
    """A pinyin word is no typo and no filler: "jiechuqi 热" finds the thermal relays' contactor-free rows by the
    Chinese, and "jiechuqi" alone is not corrected to an English word."""
    catalog = _catalogs(tmp_path)["bulk"]
    result = catalog.search("jiechuqi")
    assert result.hits and not result.understood
    assert all("接触器" in (h.product.name_zh if h.product else "") for h in result.hits)
