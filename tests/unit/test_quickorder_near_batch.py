"""A paste's near misses asked at once (``fuzzy_many``): shared between two threads, the same answers as one code at a
time, in the order asked; and the same when the second thread's reader is busy (a facet count holding it)."""

from __future__ import annotations

import random
import threading

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


async def test_fuzzy_many_is_fuzzy_skus_of_each_code(desk) -> None:  # type: ignore[no-untyped-def]
    catalog = desk.catalog
    codes = _typos(desk, 40, 5)
    got = catalog.fuzzy_many(codes, limit=20)
    assert list(got) == list(dict.fromkeys(codes))
    assert got == {code: catalog.fuzzy_skus(code, limit=20) for code in codes}
    assert sum(bool(v) for v in got.values()) > 20  # near misses were found
    assert not catalog.home.memory  # (a profile on disk: a second thread took some of them)


async def test_fuzzy_many_with_the_workers_reader_busy(desk) -> None:  # type: ignore[no-untyped-def]
    catalog = desk.catalog
    codes = _typos(desk, 20, 8)
    held, release = threading.Event(), threading.Event()

    def hold() -> None:  # a facet count on the workers' reader, meanwhile
        with catalog._read("work"):
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(10)
        got = catalog.fuzzy_many(codes, limit=20)
    finally:
        release.set()
        holder.join()
    assert got == {code: catalog.fuzzy_skus(code, limit=20) for code in codes}


def test_side_by_side_is_the_pattern() -> None:
    import re

    rng = random.Random(3)
    for _ in range(20000):
        text = "".join(rng.choice("ab12 -_/.\u3000\xa0é") for _ in range(rng.randint(0, 14)))
        first = "".join(rng.choice("ab12") for _ in range(rng.randint(1, 3)))
        second = "".join(rng.choice("ab12") for _ in range(rng.randint(1, 3)))
        pattern = rf"(?<![a-z0-9]){re.escape(first)}[\s\-_/.]*{re.escape(second)}(?![a-z0-9])"
        assert _side_by_side(text, first, second) == (re.search(pattern, text) is not None), (text, first, second)
