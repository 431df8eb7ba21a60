"""Local catalog search benchmark: build (or reuse) a demo catalog, sync it into a LocalCatalog, time each query kind.

    .venv/bin/python benchmarks/search_bench.py --skus 1000000 --dir /tmp/b2bterm-bench

Prints the full-build time (sync through DemoPlatform.catalog_changes into the local cache, one transaction per
page), the database size, and median / p95 / max of ``LocalCatalog.search`` (wall time, including decoding the
products) per query kind. Target: p95 <= 15 ms for every kind. Runs by hand, not in the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from b2bterm.domain.models import Product
from b2bterm.domain.search_query import split_terms
from b2bterm.local.catalog import LocalCatalog
from b2bterm.local.catalog_index import pinyin_terms
from b2bterm.local.db import Database
from b2bterm.platform.base import CustomerPartNumber
from b2bterm.services.catalog_sync import sync_catalog
from b2bterm.ui.screens.search import RESULT_LIMIT


def build(skus: int, folder: Path, page_size: int, fresh: bool) -> tuple[LocalCatalog, object]:
    from b2bterm.platform.demo.adapter import DemoPlatform
    from b2bterm.platform.demo.generator import build_demo_db

    folder.mkdir(parents=True, exist_ok=True)
    demo_path = folder / f"demo-{skus}.sqlite"
    if not demo_path.exists():
        t = time.perf_counter()
        build_demo_db(demo_path, skus=skus, seed=7)
        print(f"demo platform built: {skus:,} SKUs in {time.perf_counter() - t:.1f} s")
    local_path = folder / f"local-{skus}.sqlite"
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{local_path}{suffix}").unlink(missing_ok=True)
        for old in local_path.parent.glob(f"{local_path.stem}.catalog-*"):
            old.unlink()
    platform = DemoPlatform(demo_path)
    catalog = LocalCatalog(Database(local_path))
    if not catalog.is_complete():
        last = [0.0]

        def progress(done: int, total: int | None) -> None:
            if time.perf_counter() - last[0] > 10:
                last[0] = time.perf_counter()
                print(f"  sync {done:,}/{total or 0:,}", flush=True)

        t = time.perf_counter()
        summary = asyncio.run(sync_catalog(platform, catalog, on_progress=progress, page_size=page_size))
        took = time.perf_counter() - t
        print(f"full build: {summary.upserted:,} products, {summary.pages} pages in {took:.1f} s "
              f"({summary.upserted / took:,.0f}/s)")
        t = time.perf_counter()
        catalog.optimize()
        print(f"FTS optimize: {time.perf_counter() - t:.1f} s")
    files = [local_path, Path(f"{local_path}-wal"), *local_path.parent.glob(f"{local_path.stem}.catalog-*")]
    size = sum(p.stat().st_size for p in files if p.exists())
    print(f"local catalog: {catalog.count():,} products, DB {size / 2**20:,.0f} MiB ({local_path})")
    return catalog, platform


def sample(catalog: LocalCatalog, n: int, rng: random.Random) -> list[Product]:
    """``n`` products of distinct model numbers (pack variants share one), spread evenly over the brands: brands are
    visited in turn, each giving a random model of its own not taken yet, and one random SKU of that model."""
    conn = catalog.db.conn
    models: dict[str, dict[str, list[str]]] = {}
    text = catalog.codec.text  # the brand is in the stored row only (catalog format 10)
    for sku, data, mkey in conn.execute("SELECT sku, data, model_key FROM product"):
        models.setdefault(json.loads(text(data))["brand"], {}).setdefault(mkey, []).append(sku)
    pools = {brand: sorted(keys) for brand, keys in sorted(models.items())}
    for keys in pools.values():
        rng.shuffle(keys)
    skus: list[str] = []
    while len(skus) < n and any(pools.values()):
        for brand, keys in pools.items():
            if keys and len(skus) < n:
                skus.append(rng.choice(sorted(models[brand][keys.pop()])))
    found = catalog.products(skus)
    return [found[s] for s in skus if s in found]


def random_skus(catalog: LocalCatalog, n: int, rng: random.Random) -> list[str]:
    rows = [r[0] for r in catalog.db.conn.execute("SELECT sku FROM product")]
    return rng.sample(rows, min(n, len(rows)))


def mangle(model: str, rng: random.Random) -> str:
    """The model typed sloppily: case, separators, full width."""
    choice = rng.randrange(3)
    if choice == 0:
        return model.lower().replace("-", " ")
    if choice == 1:
        return model.replace("-", "")
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in model)


def slip(model: str) -> str | None:
    """The model with one O/0 or I/1 slip (either way; L typed as 1 too), or None when it has none of those
    characters: such a model cannot be slipped (appending a letter instead made 7% of these queries typos, which
    search() does not look up; fuzzy_candidates does)."""
    for old, new in (("0", "O"), ("1", "I"), ("O", "0"), ("I", "1"), ("L", "1")):
        if old in model:
            return model.replace(old, new, 1)
    return None


def fragment(model: str, rng: random.Random) -> str:
    key = model.replace("-", "")
    if len(key) < 7:
        return key[1:]
    n = rng.randint(5, min(8, len(key) - 2))
    start = rng.randint(1, len(key) - n)
    return key[start : start + n]


def words(p: Product, rng: random.Random) -> str:
    toks = [t for t in split_terms(p.name_en) if t.isascii()]
    pick = rng.sample(toks, min(3, len(toks))) if toks else ["contactor"]
    return " ".join(t[: rng.randint(3, 5)] if len(t) > 4 and t.isalpha() else t for t in pick)


def chinese(p: Product, rng: random.Random, n: int) -> str:
    runs = [t for t in split_terms(p.name_zh) if not t.isascii() and len(t) >= n]
    if not runs:
        return "接触器"
    run = rng.choice(runs)
    start = rng.randint(0, len(run) - n)
    return run[start : start + n]


def pinyin(p: Product, rng: random.Random, initials: bool) -> str:
    runs = [t for t in split_terms(p.name_zh) if not t.isascii() and len(t) >= 2]
    if not runs:
        return "jiechuqi"
    terms = pinyin_terms(rng.choice(runs))
    full = [t for i, t in enumerate(terms) if (i % 2 == 0) != initials] or list(terms)
    return full[0] if rng.random() < 0.5 else rng.choice(full)


def filters(p: Product, rng: random.Random) -> str:
    brand = p.brand.split()[0][:4].lower()
    cat = p.category.split()[0][:5].lower()
    toks = [t for t in split_terms(p.name_en) if any(c.isdigit() for c in t)]
    extra = rng.choice(toks) if toks else ""
    return rng.choice([f"brand:{brand} {extra}", f"cat:{cat} brand:{brand}", f"{extra} cat:{cat}"])


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def run(catalog: LocalCatalog, platform: object, reps: int, seed: int) -> None:
    rng = random.Random(seed)
    products = sample(catalog, reps, rng)
    brands = len({p.brand for p in products})
    print(f"\nsampled {len(products)} products: {len({p.model for p in products})} distinct models, {brands} brands")
    # an account whose part numbers the app cached (nothing is written into the catalog being measured)
    row = catalog.db.conn.execute("SELECT account_id FROM customer_part GROUP BY account_id ORDER BY count(*) DESC"
                                  " LIMIT 1").fetchone()
    account = row[0] if row else None
    parts = [CustomerPartNumber(account, r[0], r[1]) for r in catalog.db.conn.execute(
        "SELECT code, sku FROM customer_part WHERE account_id = ? LIMIT 3000", (account,))] if account else []

    kinds: dict[str, Callable[[Product], str | None]] = {  # None: this product gives no query of that kind
        "exact model (sloppy)": lambda p: mangle(p.model, rng),
        "exact sku": lambda p: p.sku.lower(),
        "O/0 I/1 slip": lambda p: slip(p.model),
        "model prefix": lambda p: p.model.replace("-", "")[: rng.randint(4, 6)],
        "model fragment": lambda p: fragment(p.model, rng),
        "words (prefixes)": lambda p: words(p, rng),
        "broad word": lambda p: rng.choice(["contactor", "c", "breaker", "relay", "ac", "2", "sensor", "cable"]),
        "chinese 1 char": lambda p: chinese(p, rng, 1),
        "chinese 2 chars": lambda p: chinese(p, rng, 2),
        "chinese 3+ chars + word": lambda p: chinese(p, rng, 3) + " " + (split_terms(p.name_en) or ["a"])[-1],
        "pinyin": lambda p: pinyin(p, rng, False),
        "pinyin initials": lambda p: pinyin(p, rng, True),
        "filters brand:/cat:": lambda p: filters(p, rng),
        "customer part no.": lambda p: rng.choice(parts).code.lower().replace("-", " ") if parts else None,
        "absurd (10k paste, syntax)": lambda p: rng.choice(["x" * 10_000, '"NEAR(a* b)" OR (', "\x00\x01*:^"]),
    }
    print(f"\n{'kind':30} {'median':>8} {'p95':>8} {'max':>8}  hits  (ms, {len(products)} queries each)")
    worst = 0.0
    for name, make in kinds.items():
        queries = [q for q in (make(p) for p in products) if q is not None]
        if not queries:
            continue
        times, hits = [], 0  # no warm-up: every query is timed the first time it runs
        for q in queries:
            t = time.perf_counter()
            result = catalog.search(q, account_id=account, limit=RESULT_LIMIT)  # the limit the app asks for
            times.append((time.perf_counter() - t) * 1000)
            hits += bool(result.hits)
        worst = max(worst, pct(times, 0.95))
        left_out = len(products) - len(queries)
        skipped = f"  ({left_out} products give no such query)" if left_out else ""
        print(f"{name:30} {statistics.median(times):8.2f} {pct(times, 0.95):8.2f} {max(times):8.2f}  "
              f"{100 * hits // len(queries):3d}%{skipped}")

    def timed(label: str, fn: Callable[[Product], object]) -> None:
        times = []
        for p in products:
            t = time.perf_counter()
            fn(p)
            times.append((time.perf_counter() - t) * 1000)
        print(f"{label:30} {statistics.median(times):8.2f} {pct(times, 0.95):8.2f} {max(times):8.2f}")

    def typo(p: Product) -> str:
        key = p.model.replace("-", "")
        i = rng.randrange(len(key))
        return key[:i] + rng.choice("0123456789ABCDEFGHJK") + key[i + 1 :]

    timed("fuzzy_candidates (1 typo)", lambda p: catalog.fuzzy_candidates(typo(p)))
    timed("prefix_matches", lambda p: catalog.prefix_matches(p.model[:5]))
    many = sample(catalog, 500, random.Random(seed + 1))
    for label, batch in (("models", [p.model for p in many]), ("SKUs", [p.sku.lower() for p in many])):
        times, n = [], 0
        for _ in range(7):
            t = time.perf_counter()
            found = catalog.match_codes(batch)
            times.append((time.perf_counter() - t) * 1000)
            n = sum(len(v) for v in found.values())
        print(f"match_codes, {len(batch)} {label} in one call: median {statistics.median(times):.1f} ms, "
              f"max {max(times):.1f} ms ({n:,} matches)")
    print(f"\nworst search p95: {worst:.2f} ms (target 15 ms)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skus", type=int, default=1_000_000)
    ap.add_argument("--dir", type=Path, default=Path("/tmp/b2bterm-bench"))
    ap.add_argument("--reps", type=int, default=300)
    ap.add_argument("--page-size", type=int, default=5000)
    ap.add_argument("--fresh", action="store_true", help="rebuild the local catalog even if it exists")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    catalog, platform = build(args.skus, args.dir, args.page_size, args.fresh)
    run(catalog, platform, args.reps, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
