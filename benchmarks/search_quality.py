"""Search quality on customer phrasing: found@1 and found@5 per query kind, and the time each search took.

    .venv/bin/python benchmarks/search_quality.py                     # the 20k demo the answers were judged on
    .venv/bin/python benchmarks/search_quality.py --skus 200000       # latency on a larger catalog
    .venv/bin/python benchmarks/search_quality.py --block heldout2    # only the held-out block (written apart)

The queries and their judged answers are in ``benchmarks/search_queries.toml``: a result fits when it has every
field the entry gives. found@k = the share of queries with a fitting product among the first k results, as the
search screen shows them (its result limit, 200). A query with no fitting product in the catalog at all is
reported as a broken judgement, not counted. Prints the machine's load; never warms up on the queries it times
(each query is searched once, after one unrelated query has opened the catalog).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import tomllib
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_bench import build, pct

from b2bterm.domain.models import Product
from b2bterm.local.catalog import LocalCatalog

APP_LIMIT = 200  # the search screen's result limit (b2bterm.ui.screens.search)
QUERIES = Path(__file__).with_name("search_queries.toml")


def fits(p: Product, want: dict[str, Any]) -> bool:
    if "model" in want and p.model != want["model"]:
        return False
    if "model_prefix" in want and not p.model.startswith(want["model_prefix"]):
        return False
    if "brand" in want and p.brand != want["brand"]:
        return False
    if "category" in want and p.category != want["category"]:
        return False
    attrs = dict(p.attributes)
    return all(attrs.get(k) in v for k, v in want.get("attrs", {}).items())


def judge_exists(catalog: LocalCatalog, want: dict[str, Any]) -> bool:
    decode = catalog.codec.decode
    for (data,) in catalog.db.conn.execute("SELECT data FROM product"):
        if fits(decode(data), want):
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skus", type=int, default=20_000)
    ap.add_argument("--dir", type=Path, default=Path("/tmp/b2bterm-quality"))
    ap.add_argument("--page-size", type=int, default=5000)
    ap.add_argument("--verbose", "-v", action="store_true", help="print every miss with what came first")
    ap.add_argument("--block", help="only the queries of this block (e.g. heldout2); 'main' for those without one")
    args = ap.parse_args(argv)
    catalog, _ = build(args.skus, args.dir, args.page_size, False)
    entries = tomllib.loads(QUERIES.read_text(encoding="utf-8"))["query"]
    if args.block:
        entries = [e for e in entries if e.get("block", "main") == args.block]
    catalog.search("contactor")  # opens the catalog (lexicon, vocabulary): not one of the timed queries
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {len(entries)} queries; "
          f"result limit {APP_LIMIT}")
    by_kind: dict[str, list[tuple[bool, bool, float]]] = defaultdict(list)
    broken: list[str] = []
    for e in entries:
        t = time.perf_counter()
        result = catalog.search(e["q"], limit=APP_LIMIT)
        ms = (time.perf_counter() - t) * 1000
        ranks = [i for i, h in enumerate(result.hits) if fits(h.product, e)]
        at1, at5 = bool(ranks) and ranks[0] == 0, bool(ranks) and ranks[0] < 5
        if not ranks and args.skus == 20_000 and not judge_exists(catalog, e):
            broken.append(e["q"])
            continue
        by_kind[e["kind"]].append((at1, at5, ms))
        if args.verbose and not at1:
            top = ", ".join(f"{h.product.model} [{h.match.value}]" for h in result.hits[:3]) or "nothing"
            print(f"  {'miss@5' if not at5 else 'miss@1'}  {e['q']!r}: {top}")
    print(f"\n{'kind':18} {'n':>4} {'found@1':>8} {'found@5':>8} {'median':>8} {'p95':>8} {'max':>8}  (ms)")
    all_rows: list[tuple[bool, bool, float]] = []
    for kind, rows in by_kind.items():
        all_rows += rows
        times = [r[2] for r in rows]
        print(f"{kind:18} {len(rows):4d} {100 * sum(r[0] for r in rows) / len(rows):7.0f}% "
              f"{100 * sum(r[1] for r in rows) / len(rows):7.0f}% {statistics.median(times):8.2f} "
              f"{pct(times, 0.95):8.2f} {max(times):8.2f}")
    times = [r[2] for r in all_rows]
    print(f"{'all':18} {len(all_rows):4d} {100 * sum(r[0] for r in all_rows) / len(all_rows):7.0f}% "
          f"{100 * sum(r[1] for r in all_rows) / len(all_rows):7.0f}% {statistics.median(times):8.2f} "
          f"{pct(times, 0.95):8.2f} {max(times):8.2f}")
    if broken:
        print(f"\nbroken judgements (no product in the catalog fits): {broken}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
