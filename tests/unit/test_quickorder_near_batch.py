"""A paste's near misses and description searches asked at once (``fuzzy_many``, ``described_many``): the same
answers as one at a time, in the order asked."""

from __future__ import annotations

import random

import pytest

from b2bterm.local.attr_search import _side_by_side

ACCOUNT = "C10023"


def _typos(desk, n: int, seed: int) -> list[str]:  # type: ignore[no-untyped-def]
    with desk.catalog.db.lock:
        skus = [r[0] for r in desk.catalog.db.conn.execute("SELECT sku FROM product WHERE id % 7 = 3 LIMIT 200")]
    models = sorted({p.model for p in desk.catalog.products(skus).values()})
    rng = random.Random(seed)
    codes = []
    for model in rng.sample(models, n):
        i = rng.randrange(len(model))
        codes.append(rng.choice([model[:i] + model[i + 1:], model[:i] + "7" + model[i:], model[::-1]]))
    return [*codes, "", "ZZ", codes[0]]  # too short, and a code asked twice


@pytest.mark.parametrize("limit", [20, 3])
async def test_fuzzy_many_is_fuzzy_skus_of_each_code(desk, limit: int) -> None:  # type: ignore[no-untyped-def]
    catalog = desk.catalog
    codes = _typos(desk, 40, 5)
    got = catalog.fuzzy_many(codes, limit=limit)
    assert list(got) == list(dict.fromkeys(codes))
    assert got == {code: catalog.fuzzy_skus(code, limit=limit) for code in codes}
    assert sum(bool(v) for v in got.values()) > 20  # near misses were found
    # both ways of reading their products were taken: a code with ``limit`` models (each one's best product) and
    # one with fewer (its models' products spread)
    with catalog.db.lock:
        models = [len(catalog._fuzzy_models(code, limit=limit)) for code in dict.fromkeys(codes)]
    assert limit in models and any(0 < n < limit for n in models)


def _hits(result):  # type: ignore[no-untyped-def]
    if result is None:
        return None
    return ([(h.sku, h.match) for h in result.hits], result.understood, result.closest, bool(result.did_you_mean))


async def test_described_many_is_described_of_each_text(desk) -> None:  # type: ignore[no-untyped-def]
    catalog = desk.catalog
    texts = ["施耐德接触器 9A 220V", "正泰 空开 3P 16A", "RVV 3x1.5 100m", "KVV 3x2.5 5m0", "abb 2-pole breaker 32a",
             "omron relay 24vdc 4 pole", "BV 2.5 red 100m", "hello there", "DZ47 1P C16", "施耐德接触器 9A 220V qwzxv",
             "H3Y-2 DC24V 0-30S", "overload relay 2.5 to 4 amp"]
    asks = [(t, every, unmatched) for t in texts for every in (False, True) for unmatched in (False, True)]
    with catalog.one_paste():
        got = catalog.described_many(asks, account_id=ACCOUNT, limit=20)
    assert list(got) == asks
    alone = {ask: catalog.described(ask[0], account_id=ACCOUNT, limit=20, every_word=ask[1], unmatched=ask[2])
             for ask in asks}
    assert {k: _hits(v) for k, v in got.items()} == {k: _hits(v) for k, v in alone.items()}
    assert sum(bool(v and v.hits) for v in got.values()) >= 10  # products were found for some


def test_side_by_side_is_the_pattern() -> None:
    import re

    rng = random.Random(3)
    for _ in range(20000):
        text = "".join(rng.choice("ab12 -_/.\u3000\xa0é") for _ in range(rng.randint(0, 14)))
        first = "".join(rng.choice("ab12") for _ in range(rng.randint(1, 3)))
        second = "".join(rng.choice("ab12") for _ in range(rng.randint(1, 3)))
        pattern = rf"(?<![a-z0-9]){re.escape(first)}[\s\-_/.]*{re.escape(second)}(?![a-z0-9])"
        assert _side_by_side(text, first, second) == (re.search(pattern, text) is not None), (text, first, second)
