"""LocalCatalog: every kind of search finds the right product first, on a real SQLite file (WAL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from catalog_fixture import open_catalog
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from b2bterm.domain.modelno import normalise
from b2bterm.domain.models import CodeKind, Product
from b2bterm.domain.money import Money
from b2bterm.domain.search_query import MatchKind
from b2bterm.local import near_skus
from b2bterm.local.catalog import LocalCatalog
from b2bterm.local.near_skus import FUZZY_SCAN
from b2bterm.platform.base import CatalogChanges, CustomerPartNumber


def P(sku: str, model: str, brand: str, category: str, name_en: str, name_zh: str = "", pop: int = 10,
      **kw: object) -> Product:
    return Product(sku=sku, model=model, brand=brand, category=category, name_en=name_en, name_zh=name_zh,
                   popularity=pop, list_price=Money.of("100.00"), **kw)  # type: ignore[arg-type]


PRODUCTS = [
    P("SIE-0001", "3RT2015-1BB41", "Siemens", "Contactors", "SIRIUS contactor 7A 24V DC", "交流接触器 3RT2015", 500,
      attributes=(("coil", "24V DC"),)),
    P("SIE-0002", "6ES7214-1AG40-0XB0", "Siemens", "PLC", "S7-1200 CPU 1214C DC/DC/DC", "可编程控制器", 400,
      ean="4047623402787"),
    P("SCH-0001", "LC1D09M7", "Schneider Electric", "Contactors", "TeSys D contactor 9A 220V AC coil",
      "交流接触器 9A 220V", 900, cross_refs=("LC1-D09-M7C",)),
    P("CHT-0001", "NXC-09", "CHINT", "Contactors", "AC contactor 9A 220V", "交流接触器 9A", 700),
    P("CHT-0002", "CJX2-0910", "CHINT", "Contactors", "AC contactor 9A 380V", "交流接触器 9A 380V", 650),
    P("OMR-0001", "E2E-X5ME1", "Omron", "Sensors", "Proximity sensor M18 5mm NPN", "接近开关", 300),
    P("OMR-0002", "MY2N-GS DC24", "Omron", "Relays", "General purpose relay 24V DC", "中间继电器", 350),
    P("AIR-0001", "4V210-08", "AirTAC", "Pneumatics", "Solenoid valve 5/2 way", "电磁阀", 200),
    P("DEL-0001", "VFD015M21A", "Delta", "Drives", "AC drive 1.5kW 220V", "变频器", 150),
    P("ABB-0001", "A9-30-10", "ABB", "Contactors", "Contactor 9A 3 pole", "接触器", 100),
    P("OBS-0001", "O1I0-22", "Oddball", "Misc", "Part whose model has O and I", "", 5),
]


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[LocalCatalog]:
    yield from open_catalog(tmp_path, PRODUCTS)


def first(cat: LocalCatalog, query: str, **kw: object) -> tuple[str, MatchKind]:
    result = cat.search(query, **kw)  # type: ignore[arg-type]
    assert result.hits, f"nothing found for {query!r}"
    return result.hits[0].product.sku, result.hits[0].match


def test_database_is_wal_on_disk(catalog: LocalCatalog) -> None:
    assert catalog.db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert catalog.count() == len(PRODUCTS)


@pytest.mark.parametrize("query", ["3RT2015-1BB41", "3rt20151bb41", "3RT2015 1BB41", "３ＲＴ２０１５－１ＢＢ４１",
                                   " 3rt2015_1bb41 "])
def test_model_number_typed_any_way_is_first(catalog: LocalCatalog, query: str) -> None:
    assert first(catalog, query) == ("SIE-0001", MatchKind.MODEL)


def test_o_and_i_slips(catalog: LocalCatalog) -> None:
    # typed with digits where the model has letters, and the other way round
    assert first(catalog, "0110-22") == ("OBS-0001", MatchKind.MODEL_LOOSE)
    assert first(catalog, "LCID09M7") == ("SCH-0001", MatchKind.MODEL_LOOSE)
    assert first(catalog, "E2E-X5MEl") == ("OMR-0001", MatchKind.MODEL_LOOSE)


def test_sku_ean_and_cross_ref(catalog: LocalCatalog) -> None:
    assert first(catalog, "sie-0002") == ("SIE-0002", MatchKind.SKU)
    assert first(catalog, "4047623402787") == ("SIE-0002", MatchKind.EAN)
    assert first(catalog, "LC1D09M7C") == ("SCH-0001", MatchKind.CROSS_REF)


def test_model_fragment(catalog: LocalCatalog) -> None:
    assert first(catalog, "214-1AG") == ("SIE-0002", MatchKind.MODEL_FRAGMENT)
    assert first(catalog, "1ag40") [0] == "SIE-0002"
    assert first(catalog, "X5ME") == ("OMR-0001", MatchKind.MODEL_FRAGMENT)


def test_model_prefix(catalog: LocalCatalog) -> None:
    assert first(catalog, "CJX2-09") == ("CHT-0002", MatchKind.MODEL_PREFIX)
    assert [p.sku for p in catalog.prefix_matches("lc1-d0")] == ["SCH-0001"]


def test_exact_match_beats_popular_text_matches(catalog: LocalCatalog) -> None:
    hits = catalog.search("NXC-09").hits
    assert hits[0].product.sku == "CHT-0001"
    assert hits[0].match is MatchKind.MODEL


def test_words_in_any_order_with_prefixes(catalog: LocalCatalog) -> None:
    result = catalog.search("cont 9a 220")
    skus = [p.sku for p in result.products]
    assert set(skus) == {"SCH-0001", "CHT-0001"}  # 380V and 24V DC contactors do not match "220"
    assert skus[0] in {"SCH-0001", "CHT-0001"}
    assert result.hits[0].match in (MatchKind.TEXT, MatchKind.ATTRIBUTE)  # "cont" and "9a" are understood
    assert first(catalog, "220 9a cont")[0] in {"SCH-0001", "CHT-0001"}
    assert first(catalog, "prox sens")[0] == "OMR-0001"
    assert first(catalog, "s")  # one letter works (prefix index of length 1)


def test_chinese_words(catalog: LocalCatalog) -> None:
    skus = [p.sku for p in catalog.search("接触器 9A").products]
    # every product with 接触器 in its Chinese name and 9A somewhere; not the 24V DC Siemens one (7A)
    assert set(skus) == {"SCH-0001", "CHT-0001", "CHT-0002", "ABB-0001"}
    assert skus[0] in {"SCH-0001", "CHT-0001", "CHT-0002"}  # ranked: 交流接触器 9A names first
    assert first(catalog, "变频器") == ("DEL-0001", MatchKind.TEXT)


def test_chinese_one_and_two_characters(catalog: LocalCatalog) -> None:
    assert [p.sku for p in catalog.search("阀").products] == ["AIR-0001"]
    assert [p.sku for p in catalog.search("继电").products] == ["OMR-0002"]
    assert {p.sku for p in catalog.search("接近").products} == {"OMR-0001"}
    # a two-character query that is not a substring of any name finds nothing (bigram phrase is exact)
    assert catalog.search("器交").hits == ()


def test_pinyin_and_initials(catalog: LocalCatalog) -> None:
    assert first(catalog, "jiaoliujiechuqi")[0] in {"SCH-0001", "CHT-0001", "CHT-0002", "SIE-0001"}
    assert {p.sku for p in catalog.search("jiaoliujiechuqi").products} == {"SCH-0001", "CHT-0001", "CHT-0002",
                                                                           "SIE-0001"}
    assert {p.sku for p in catalog.search("jljcq").products} == {"SCH-0001", "CHT-0001", "CHT-0002", "SIE-0001"}
    assert first(catalog, "diancifa") == ("AIR-0001", MatchKind.TEXT)
    assert first(catalog, "zjjdq") == ("OMR-0002", MatchKind.TEXT)
    assert first(catalog, "jidianqi") == ("OMR-0002", MatchKind.TEXT)  # a suffix of zhongjianjidianqi
    assert first(catalog, "bianpin") == ("DEL-0001", MatchKind.TEXT)  # a prefix


def test_filters_brand_and_category(catalog: LocalCatalog) -> None:
    assert {p.sku for p in catalog.search("brand:chint").products} == {"CHT-0001", "CHT-0002"}
    assert {p.sku for p in catalog.search("contactor brand:schn").products} == {"SCH-0001"}
    assert {p.sku for p in catalog.search("9a cat:CONTACT brand:Electric").products} == {"SCH-0001"}
    assert {p.sku for p in catalog.search('brand:"schneider electric" 9a').products} == {"SCH-0001"}
    assert {p.sku for p in catalog.search("cat:rel").products} == {"OMR-0002"}
    assert catalog.search("contactor brand:nosuchbrand").hits == ()
    # a filter also applies to exact code matches
    assert catalog.search("LC1D09M7 brand:chint").hits == ()
    # filter-only queries come most popular first
    assert [p.sku for p in catalog.search("cat:contactors").products][:2] == ["SCH-0001", "CHT-0001"]


def test_customer_part_numbers(catalog: LocalCatalog) -> None:
    catalog.set_customer_part_numbers("ACC-1", [CustomerPartNumber("ACC-1", "WX-KM-009", "SCH-0001"),
                                                CustomerPartNumber("ACC-1", "WX-KM-010", "CHT-0002")])
    assert first(catalog, "wx km 009", account_id="ACC-1") == ("SCH-0001", MatchKind.CUSTOMER_PART)
    assert first(catalog, "WX-KM", account_id="ACC-1")[1] is MatchKind.CUSTOMER_PART_PREFIX
    assert catalog.search("WX-KM-009", account_id="OTHER").hits == ()
    assert catalog.search("WX-KM-009").hits == ()
    assert catalog.customer_part_number("ACC-1", "SCH-0001") == "WX-KM-009"
    assert catalog.customer_part_number("ACC-2", "SCH-0001") is None
    # replacing the list drops the old numbers
    catalog.set_customer_part_numbers("ACC-1", [CustomerPartNumber("ACC-1", "NEW-1", "SCH-0001")])
    assert catalog.customer_part_number("ACC-1", "SCH-0001") == "NEW-1"
    assert catalog.match_codes(["WX-KM-009"], account_id="ACC-1") == {}


def test_match_codes_batch(catalog: LocalCatalog) -> None:
    catalog.set_customer_part_numbers("ACC-1", [CustomerPartNumber("ACC-1", "KM9", "SCH-0001")])
    found = catalog.match_codes(["lc1-d09m7", "KM9", "OMR-0001", "nothing-here", "LCID09M7"], account_id="ACC-1")
    assert [(m.sku, m.kind) for m in found["lc1-d09m7"]] == [("SCH-0001", CodeKind.MODEL)]
    assert [(m.sku, m.kind) for m in found["KM9"]] == [("SCH-0001", CodeKind.CUSTOMER_PART)]
    assert [(m.sku, m.kind) for m in found["OMR-0001"]] == [("OMR-0001", CodeKind.SKU)]
    assert [(m.sku, m.kind) for m in found["LCID09M7"]] == [("SCH-0001", CodeKind.MODEL_LOOSE)]
    assert "nothing-here" not in found


def test_fuzzy_candidates(catalog: LocalCatalog) -> None:
    best = catalog.fuzzy_candidates("6ES7214-1AG40-0XC0")  # one character wrong
    assert best and best[0][0].sku == "SIE-0002" and best[0][1] > 90
    best = catalog.fuzzy_candidates("3RT2016-1BB41")
    assert best[0][0].sku == "SIE-0001"
    best = catalog.fuzzy_candidates("CJX2-0901")  # transposed digits
    assert best[0][0].sku == "CHT-0002"
    assert catalog.fuzzy_candidates("ZZZZZZZZZZZ") == []
    assert catalog.fuzzy_candidates("") == []


@pytest.mark.parametrize("typed", [
    "6ES7214-1AG40-0XB1",  # the last character
    "7ES7214-1AG40-0XB0",  # the first character
    "6ES7241-1AG40-0XB0",  # two swapped in the first half
    "6ES7214-1AG40-XB0",  # one left out in the second half
    "6ES7214-1AGG40-0XB0",  # one too many
])
def test_fuzzy_finds_one_slip_anywhere_in_the_model(catalog: LocalCatalog, typed: str) -> None:
    best = catalog.fuzzy_candidates(typed)
    assert best and best[0][0].sku == "SIE-0002", [(p.sku, s) for p, s in best]


def slips(key: str) -> list[str]:
    """Every one-character substitution, deletion, insertion and swap of ``key``, at every position."""
    out = []
    for i in range(len(key)):
        out.append(key[:i] + ("Q" if key[i] != "Q" else "W") + key[i + 1 :])
        out.append(key[:i] + key[i + 1 :])
        out.append(key[:i] + "Q" + key[i:])
        if i + 1 < len(key) and key[i] != key[i + 1]:
            out.append(key[:i] + key[i + 1] + key[i] + key[i + 2 :])
    return out


@pytest.mark.parametrize("model", ["NXC-09", "4V210-08", "E2E-X5ME1", "6ES7214-1AG40-0XB0", "MY2N-GS DC24"])
def test_fuzzy_finds_every_single_slip_at_every_position(catalog: LocalCatalog, model: str) -> None:
    """Including the swap of the two characters around the middle one, which only the tail scan can see."""
    expected = next(p.sku for p in PRODUCTS if p.model == model)
    missed = [typed for typed in slips(normalise(model))
              if len(typed) >= 3 and expected not in {p.sku for p, _ in catalog.fuzzy_candidates(typed)}]
    assert missed == []


def test_codes_like_nothing_in_the_catalog_get_no_candidates(catalog: LocalCatalog) -> None:
    for typed in ("ZZZ-10", "XYZ-09", "QQQQ-99999", "谢谢您"):
        assert catalog.fuzzy_candidates(typed) == [], typed


def test_a_crowded_half_still_yields_the_nearest_keys(catalog: LocalCatalog) -> None:
    """More keys share the first half than one scan reads: the scan starts where the typed key sorts."""
    crowd = [P(f"W-{i:04d}", f"RVV{i:04d}", "Wire", "Cable", "wire", pop=5000 if i == 2876 else 1)
             for i in range(3 * FUZZY_SCAN // 2)]
    catalog.apply_changes(CatalogChanges(products=tuple(crowd), next_cursor="c2", done=True))
    best = catalog.fuzzy_candidates("RVV287X")
    assert best[0][0].model == "RVV2876"  # as close as its neighbours, and the most popular of them
    assert all(p.model.startswith("RVV287") for p, _ in best)
    assert [p.model for p, _ in catalog.fuzzy_candidates("RVV28X6")][:1] == ["RVV2876"]


def _window(keys: list[str], typed: str, start: str) -> set[str]:
    """The spec of one key's scans: the FUZZY_SCAN keys nearest ``typed`` up from it and down from it among those
    that start with ``start``, whatever their length; then those within one character of its length."""
    ranged = [k for k in keys if k.startswith(start)]
    up = [k for k in ranged if k >= typed][:FUZZY_SCAN]
    down = [k for k in ranged if k < typed][-FUZZY_SCAN:]
    return {k for k in up + down if abs(len(k) - len(typed)) <= 1}


def test_near_misses_read_the_nearest_keys_of_any_length(catalog: LocalCatalog) -> None:
    """The scans read the FUZZY_SCAN keys nearest the typed one whatever their length, then keep those of a near
    length (a window counted among the keys of a near length only would reach keys further away)."""
    crowd = [P(f"W-{i:05d}", f"RVV{i:0{3 + i % 4}d}X{i % 7}", "Wire", "Cable", "wire", pop=i % 11)
             for i in range(3 * FUZZY_SCAN)]
    catalog.apply_changes(CatalogChanges(products=tuple(crowd), next_cursor="c2", done=True))
    typed = ["RVV0287X1", "RVV02876X", "RVV1500X3", "RVV999X5", "RVV05000X2", "VRV1234X2", "RVV2X", "RVV"]
    with catalog.db.lock:
        conn = catalog.db.conn
        keys = sorted(r[0] for r in conn.execute("SELECT key FROM catalog.model"))
        rkeys = sorted(k[::-1] for k in keys)
        swapped = {t: near_skus._swaps(t) for t in typed}
        want = {t: (_window(keys, t, t[: len(t) // 2])  # its first half; its last but one (the reversed key's)
                    | {k[::-1] for k in _window(rkeys, t[::-1], t[::-1][: len(t) - len(t) // 2 - 1])}
                    | set(swapped[t]) & set(keys)) - {t}
                for t in typed}
        assert {t: near_skus._near_keys(conn, t, swapped[t]) for t in typed} == want
    assert min(len(want[t]) for t in typed[:2]) > 1000


def test_fuzzy_candidates_follow_model_changes(catalog: LocalCatalog) -> None:
    catalog.apply_changes(CatalogChanges(products=(P("SIE-0002", "6ES7215-1AG40-0XB0", "Siemens", "PLC", "S7-1200"),),
                                         next_cursor="c2", done=True))
    assert [p.model for p, _ in catalog.fuzzy_candidates("7ES7215-1AG40-0XB0")][:1] == ["6ES7215-1AG40-0XB0"]
    assert all(p.model != "6ES7214-1AG40-0XB0" for p, _ in catalog.fuzzy_candidates("7ES7214-1AG40-0XB0"))


def test_candidates_spread_over_models_before_brands(catalog: LocalCatalog) -> None:
    """Five brands make the same cable: a slip must still offer the neighbouring models, not five of one."""
    brands = ("Far East", "Qifan", "Baosheng", "Panda", "Hengtong")
    cables = [P(f"{b[:3].upper()}-{m}", m, b, "Cable", "cable", pop=50 - i)
              for i, b in enumerate(brands) for m in ("RVV 3x1.5 100m", "RVV 3x2.5 100m", "RVV 3x4 100m")]
    catalog.apply_changes(CatalogChanges(products=tuple(cables), next_cursor="c2", done=True))
    fuzzy = catalog.fuzzy_candidates("RVV 3x3.5 100m", limit=5)
    assert {p.model for p, _ in fuzzy} == {"RVV 3x1.5 100m", "RVV 3x2.5 100m", "RVV 3x4 100m"}
    assert len(fuzzy) == 5
    scores = [score for _, score in fuzzy]
    assert scores == sorted(scores, reverse=True) and fuzzy[0][0].model in ("RVV 3x1.5 100m", "RVV 3x2.5 100m")
    models = [p.model for p, _ in fuzzy]
    assert models == sorted(models, key=models.index), "each model's brands are listed together"
    prefixed = catalog.prefix_matches("RVV3X", limit=5)
    assert {p.model for p in prefixed} == {"RVV 3x1.5 100m", "RVV 3x2.5 100m", "RVV 3x4 100m"}
    assert prefixed[0].brand == "Far East"  # the most popular brand of each model comes first


def test_products_and_product(catalog: LocalCatalog) -> None:
    got = catalog.products(["SCH-0001", "missing", "OMR-0002"])
    assert set(got) == {"SCH-0001", "OMR-0002"}
    p = got["SCH-0001"]
    assert p == PRODUCTS[2]  # round trip keeps every field, money exact
    assert p.list_price == Money.of("100.00")
    assert catalog.product("missing") is None


def test_broad_queries_are_popularity_ordered_and_small_ones_ranked(catalog: LocalCatalog) -> None:
    result = catalog.search("contactor", limit=3)
    assert len(result.hits) == 3
    big = [P(f"X-{i:05d}", f"ZX{i:05d}", "Bulk", "Bulk", "bulk widget", pop=i) for i in range(400)]
    catalog.apply_changes(CatalogChanges(products=tuple(big), next_cursor="c2"))
    result = catalog.search("widget", limit=5)
    assert not result.ranked
    assert [p.sku for p in result.products] == ["X-00399", "X-00398", "X-00397", "X-00396", "X-00395"]
    assert catalog.search("jiaoliujiechuqi").ranked


ABSURD = ["", " ", "\x00\x01\x02", '"', '""', "*", "NEAR(a b)", "a NEAR b", "(", ")", "a AND", "OR", "NOT x",
          "brand:", "cat:", "brand:\"", ":", "^a", "-a", "a:b:c", "'", "\\", "%", "_", "x" * 10_000,
          "接" * 10_000, "\u200b", "🔥", "{words}: x", "product_fts", "a*b*c", "9" * 5000]


@pytest.mark.parametrize("query", ABSURD)
def test_absurd_input_never_raises(catalog: LocalCatalog, query: str) -> None:
    result = catalog.search(query)
    assert result.elapsed_ms < 500
    catalog.match_codes([query])
    catalog.prefix_matches(query)
    catalog.fuzzy_candidates(query)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_search_never_raises_for_any_text(catalog: LocalCatalog, query: str) -> None:
    catalog.search(query, account_id="ACC-1")
    catalog.fuzzy_candidates(query)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list('abc"*():^-+ NEARORAND{}接触器brand:cat:')), max_size=40))
def test_search_never_raises_for_fts_syntax_soup(catalog: LocalCatalog, query: str) -> None:
    catalog.search(query)


def test_common_words_filter_but_are_left_out_of_ranking(catalog: LocalCatalog,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import b2bterm.local.catalog as catalog_module

    # with a cat: filter the words are taken as words (not understood as a category and a value), and ranked
    before = catalog.search("cat:contactors contactor 9a")
    monkeypatch.setattr(catalog_module, "COMMON_SHARE", 0.4)  # "contactor" (5 of 11) now common, "9a" (4) not
    catalog.apply_changes(CatalogChanges(products=(), next_cursor="c2"))  # forgets what was counted as common
    after = catalog.search("cat:contactors contactor 9a")
    assert after.ranked
    assert {p.sku for p in after.products} == {p.sku for p in before.products}
    assert all("9A" in p.name_en for p in after.products)
    # every word common: nothing to weigh, popularity order
    broad = catalog.search("cat:contactors contactor a")
    assert not broad.ranked
    assert [p.popularity for p in broad.products] == sorted((p.popularity for p in broad.products), reverse=True)


@pytest.mark.parametrize("query", ["PT-TW1N 2,5 BK-PK72", "pt twin 2.5 bk pk72", "YJV-O.6/1kV 3x4-PK60",
                                   "yjv 0.6/IkV 3x4 pk6O"])
def test_slips_in_pack_variant_models_are_found_first(catalog: LocalCatalog, query: str) -> None:
    # pack variants have their own model numbers, with separators, commas and digits either side of a slip
    extra = [P("PX-0001", "PT-TWIN 2,5 BK-PK72", "Phoenix", "Terminals", "Twin terminal block 2.5 black", pop=1),
             P("YJ-0001", "YJV-0.6/1kV 3x4-PK60", "Cable Co", "Cables", "Power cable 0.6/1kV 3x4", pop=1)]
    catalog.apply_changes(CatalogChanges(products=tuple(extra), next_cursor="c2"))
    sku, kind = first(catalog, query)
    assert sku in {"PX-0001", "YJ-0001"}
    assert kind in {MatchKind.MODEL, MatchKind.MODEL_LOOSE}
    assert (kind == MatchKind.MODEL) == (query == "pt twin 2.5 bk pk72")


def test_the_warm_up_builds_the_phrase_pattern_the_first_key_would_build(catalog: LocalCatalog) -> None:
    """The start-up warm-up leaves the first keystroke little to build: the vocabulary and its table of brand and
    category phrases (building them took 40-120 ms inside the first key's frame)."""
    catalog.warm()
    lexicon = catalog._lexicon
    assert lexicon is not None and lexicon._phrases is not None
    pattern, meaning = lexicon.phrases("施耐德")
    assert meaning and pattern.search("施耐德") is not None


def test_search_now_answers_on_this_thread_or_steps_aside(catalog: LocalCatalog, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The search screen runs a search in the key's own handler only when it is quick: ``search_now`` gives the same
    answer as ``search``, on a connection of its own, so it answers while another thread holds the profile
    database's lock (a sync page, prices being cached); None at once when its own connection is busy, and None when
    SQLite works past the budget (interrupted; the connection is left as it was)."""
    from busy import held_elsewhere

    assert catalog.search_now("contactor", budget_ms=5000) is None  # cold: its first build is left to a worker
    catalog.warm()
    same = catalog.search_now("contactor", limit=50, budget_ms=5000)
    assert same is not None
    assert [h.sku for h in same.hits] == [h.sku for h in catalog.search("contactor", limit=50).hits]
    import b2bterm.local.catalog_reader as reader_module

    monkeypatch.setattr(reader_module, "PROGRESS_STEPS", 1)  # this small catalog answers within 1000 steps
    assert catalog.search_now("contactor", budget_ms=0) is None  # interrupted after the first SQLite steps
    assert catalog.search("lc1d09m7").hits  # no handler left behind
    assert catalog.search_now("lc1d09m7", budget_ms=5000) is not None
    with held_elsewhere(catalog.db.lock):  # the writer's lock taken: the keystroke's search does not wait for it
        found = catalog.search_now("lc1d09m7", budget_ms=5000)
        assert found is not None and found.hits[0].product.model == "LC1D09M7"
    with held_elsewhere(catalog._readers["now"].lock):
        assert catalog.search_now("lc1d09m7", budget_ms=5000) is None  # never waits for its own connection


def test_worker_searches_and_facet_counts_stop_when_told(catalog: LocalCatalog, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A worker's search and a facet count read on a connection of their own, also while the profile database's
    lock is held; ``stop`` (a newer keystroke) interrupts them: None, and the connection is usable at once."""
    from busy import held_elsewhere

    import b2bterm.local.catalog_reader as reader_module

    catalog.warm()
    with held_elsewhere(catalog.db.lock):
        result = catalog.search_reading("contactor", limit=50)
        assert result is not None and {h.product.category for h in result.hits} == {"Contactors"}
        counted = catalog.facets("contactor")
        assert counted is not None and counted[1] == len(result.hits)
    monkeypatch.setattr(reader_module, "PROGRESS_STEPS", 1)
    assert catalog.search_reading("contactor", stop=lambda: True) is None
    assert catalog.facets("contactor 9a", stop=lambda: True) is None
    monkeypatch.setattr(reader_module, "PROGRESS_STEPS", 1000)
    assert catalog.facets("contactor", stop=lambda: False) is not None


def test_searches_follow_a_catalog_written_or_swapped_meanwhile(catalog: LocalCatalog) -> None:
    """A search on a reader sees a page the sync committed through the profile's connection, and follows a full
    rebuild swapped in (the reader attaches the new file; nothing decoded with the old file's codec)."""
    catalog.warm()
    assert catalog.search_now("zz-new-9", budget_ms=5000) is not None
    catalog.apply_changes(CatalogChanges(products=(P("NEW-0001", "ZZ-NEW-9", "Acme", "Misc", "Brand new widget"),),
                                         deleted=(), next_cursor="c2", done=True))
    found = catalog.search_reading("zz-new-9")
    assert found is not None and found.hits[0].sku == "NEW-0001"
    before = catalog._readers["now"].current
    catalog.start_full_pass()
    catalog.apply_changes(CatalogChanges(products=tuple(PRODUCTS[:3]), deleted=(), next_cursor="c3", done=True))
    found = catalog.search_reading("lc1d09m7")
    assert found is not None and found.hits[0].product.model == "LC1D09M7"
    assert catalog._readers["work"].current != before
    found = catalog.search_now("lc1d09m7", budget_ms=5000)
    assert found is not None and found.hits[0].product.model == "LC1D09M7"
    assert catalog._readers["now"].current == catalog._readers["work"].current == catalog.home.current
    gone = catalog.search_reading("zz-new-9")
    assert gone is not None and not gone.hits


def test_a_one_character_word_is_common_without_counting(catalog: LocalCatalog,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The start of a word being typed is left out of the ranking without counting its matches (at 1M "p*" counted
    300k products first); a word of two characters is counted as before ("9a" weighs)."""
    import b2bterm.local.catalog as catalog_module

    monkeypatch.setattr(catalog_module, "COMMON_SHARE", 1.0)  # by count, no word is common
    with catalog.db.lock:
        assert catalog._is_common("z") and catalog._is_common("9")
        assert not catalog._is_common("9a") and not catalog._is_common("co")
