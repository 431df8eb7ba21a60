"""A paste's looks at the catalog asked at once: which of its codes some model number starts (``prefixed``, one
batch instead of a prefix search a line), and a description search that would leave a word out is not made."""

from __future__ import annotations

import random

from b2bterm.quickorder.parser import parse_order_text
from b2bterm.quickorder.resolve import resolve_lines

ACCOUNT = "C10023"


def _models(desk) -> list[str]:  # type: ignore[no-untyped-def]
    with desk.catalog.db.lock:
        skus = [r[0] for r in desk.catalog.db.conn.execute("SELECT sku FROM product WHERE id % 13 = 5 LIMIT 300")]
    return sorted({p.model for p in desk.catalog.products(skus).values()})


async def test_prefixed_says_what_prefix_skus_finds(desk) -> None:  # type: ignore[no-untyped-def]
    catalog = desk.catalog
    models = _models(desk)
    rng = random.Random(4)
    codes = ["", "--", "Z", "zzzz-99", "ＬＣ１", *models[:20]]
    for model in rng.sample(models, 60):
        codes += [model[: rng.randint(2, 6)], model.lower()[:5], model[:-1] + "Q", model[1:],
                  "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(7))]
    found = catalog.prefixed(codes)
    assert found == {c for c in codes if catalog.prefix_skus(c, limit=1)}
    assert found and set(codes) - found  # both kinds were asked


async def test_a_paste_asks_no_prefix_search_of_a_line_no_model_starts(desk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # a mistyped or unknown code goes straight to its near misses: the batch said no model starts with it
    await desk.select_account(ACCOUNT)
    pad = desk.new_pad(ACCOUNT, title="looks")
    rng = random.Random(9)
    unknown = ["".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(4)) + str(rng.randint(100, 999))
               for _ in range(12)]
    parsed = parse_order_text("\n".join(f"{code} {n + 1}" for n, code in enumerate(unknown))).lines
    asked: list[str] = []
    prefix_skus = desk.catalog.prefix_skus
    monkeypatch.setattr(desk.catalog, "prefix_skus",
                        lambda code, limit=5: (asked.append(code), prefix_skus(code, limit=limit))[1])
    got = resolve_lines(pad.lookup, parsed, account_id=ACCOUNT, merge=False, candidate_products=False)
    assert len(got) == len(unknown)
    assert [code for code in asked if code in unknown and not prefix_skus(code, limit=1)] == []


async def test_a_description_with_a_word_no_product_has_is_not_searched(desk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    catalog = desk.catalog
    text = "施耐德接触器 9A 220V qwzxv"  # understood (a brand, a kind, values) but "qwzxv" no product has
    whole = catalog.search(text, account_id=ACCOUNT, limit=20)
    assert whole.understood is not None and whole.understood.unmatched  # what the search would say of it
    searched: list[str] = []
    search = catalog.search
    monkeypatch.setattr(catalog, "search", lambda q, **k: (searched.append(q), search(q, **k))[1])
    assert catalog.described(text, account_id=ACCOUNT, limit=20, every_word=True) is None
    assert searched == []
    assert catalog.described(text, account_id=ACCOUNT, limit=20) is not None  # without every_word: searched
    assert searched == [text]
