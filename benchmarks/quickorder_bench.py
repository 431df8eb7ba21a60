"""Quick-order paste latency on a big catalog: parse + resolve a realistic 500-line paste (``make_paste``: mixed
layouts; exact, sloppy, mistyped and unknown models; quantities in digits, Chinese numerals, grouped thousands and
packs; lines to set aside), and how well the typo search does.

    .venv/bin/python benchmarks/quickorder_bench.py --skus 1000000 --workdir /tmp/qo-bench

Builds a demo distributor (``build_demo_db``) and syncs it into a LocalCatalog, both under --workdir (reused when
they are already there, so the expensive build happens once), then times ``parse_order_text`` + ``resolve_lines``
(what ``OrderPad.add_text`` does before its one write) on the same kind of paste many times, each with different
lines and typos (no warm-up). Prints median and p95 per paste and the split between parsing and resolving. Without an
account or the draft's write: benchmarks/run.py measures the paste as Quick order does it (account, draft written).

It also prints what the pad offered for the lines with a typo (the benchmark knows the right model): first in the
pick list, further down it, or not at all (the candidates' models are read after the clock stops, as the pick list
reads them). A faster typo search must not lower these. On the 20k demo: first 82%, listed 11%, not offered 4%,
resolved to another model 3%.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from b2bterm.domain.modelno import normalise
from b2bterm.domain.models import LineStatus
from b2bterm.local.catalog import LocalCatalog
from b2bterm.local.db import Database
from b2bterm.quickorder.parser import parse_order_text
from b2bterm.quickorder.resolve import ResolvedLine, resolve_lines

FORMATS = ("{m} {q}", "{m}\t{q}", "{m} x {q}", "{m}  {q}", "{n}. {m} {q}", "{m},{q}", "型号: {m} 数量: {q}")
ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


def ensure_catalog(workdir: Path, skus: int, seed: int) -> LocalCatalog:
    from b2bterm.platform.demo.adapter import DemoPlatform
    from b2bterm.platform.demo.generator import build_demo_db
    from b2bterm.services.catalog_sync import sync_catalog

    workdir.mkdir(parents=True, exist_ok=True)
    platform_file = workdir / f"demo-{skus}.sqlite"
    if not platform_file.exists():
        started = time.perf_counter()
        print(f"building a demo distributor with {skus:,} SKUs…", file=sys.stderr)
        build_demo_db(platform_file, skus=skus, seed=seed)
        print(f"  built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    catalog = LocalCatalog(Database(workdir / f"local-{skus}.sqlite"))
    if not catalog.is_complete():
        started = time.perf_counter()
        print("syncing it into the local catalog…", file=sys.stderr)
        platform = DemoPlatform(platform_file)

        async def sync() -> None:
            try:
                await sync_catalog(platform, catalog)
            finally:
                await platform.aclose()

        asyncio.run(sync())
        print(f"  synced in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return catalog


def sample_models(catalog: LocalCatalog, count: int, rng: random.Random) -> list[str]:
    """Distinct models drawn evenly from the whole catalog (one pass over the product table, done once; the stored
    rows are compressed: the products are read through the catalog)."""
    total = catalog.count()
    every = max(1, total // (count * 2))
    with catalog.db.lock:
        skus = [r[0] for r in catalog.db.conn.execute(
            "SELECT sku FROM (SELECT sku, row_number() OVER (ORDER BY id) AS n FROM product) WHERE (n % ?) = ?"
            " LIMIT ?", (every, rng.randrange(every), count * 2))]
    products = catalog.products(skus)
    models = list(dict.fromkeys(products[s].model for s in skus if s in products))
    rng.shuffle(models)
    return models[:count]


def typo(model: str, rng: random.Random) -> str:
    chars = list(model)
    spots = [i for i, c in enumerate(chars) if c.isalnum()]
    if not spots:
        return model + "X"
    i = rng.choice(spots)
    kind = rng.randrange(3)
    if kind == 0:
        chars[i] = rng.choice(ALPHABET.replace(chars[i].upper(), ""))
    elif kind == 1 and len(spots) > 3:
        del chars[i]
    else:
        j = min(i + 1, len(chars) - 1)
        chars[i], chars[j] = chars[j], chars[i]
    return "".join(chars)


# How customers write quantities: digits, with a unit, grouped thousands, Chinese numerals, packs (2箱 of a product
# sold per piece with no pack size known is flagged, as it should be)
QUANTITIES = ("{q}", "{q}", "{q}", "{q}个", "{q}只", "{q}pcs", "{k},{r:03d}", "{zh}个", "{zh}只", "{zh}台", "{p}箱",
              "{p}盒")
ZH_DIGITS = "零一二三四五六七八九"
# lines that are no order lines: the parser sets them aside (and must not lose them)
NOISE = ("电话：138{n:08d}", "PO: 45{n:06d}", "交期：{y}-12-{d:02d}", "收货人：王先生", "Tel: 021-5555 {n4:04d}",
         "急！！", "上次那个一样的")


def chinese_number(n: int) -> str:
    """1..999 in Chinese numerals as people write them (十二, 两百, 一百零五, 三十)."""
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += ("两" if hundreds == 2 else ZH_DIGITS[hundreds]) + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else ZH_DIGITS[tens]) + "十"
    if ones:
        out += ZH_DIGITS[ones]
    return out


def sloppy(model: str, rng: random.Random) -> str:
    """The model as a customer types it: lower case, a space or a dash in it, full-width characters (the same
    normalised key: it must resolve exactly)."""
    how = rng.randrange(3)
    if how == 0:
        return model.lower()
    if how == 1:
        spots = [i for i in range(1, len(model)) if model[i - 1].isalnum() and model[i].isalnum()]
        if spots:
            i = rng.choice(spots)
            return model[:i] + rng.choice((" ", "-")) + model[i:]
        return model.lower()
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in model)


def quantity(rng: random.Random) -> str:
    form = rng.choice(QUANTITIES)
    q = rng.randint(1, 200)
    return form.format(q=q, k=rng.randint(1, 9), r=rng.randrange(1000), zh=chinese_number(rng.randint(1, 300)),
                       p=rng.randint(1, 5))


def make_paste(models: list[str], lines: int, typo_rate: float, rng: random.Random, *, sloppy_rate: float = 0.15,
               unknown_rate: float = 0.03, noise_rate: float = 0.02) -> tuple[str, dict[int, str]]:
    """A paste as customers send it: a greeting, ``lines`` order lines in mixed layouts (tabs, CSV, labels, list
    numbers), models typed exactly, sloppily (``sloppy_rate``), with a typo (``typo_rate``) or unknown to the
    catalog (``unknown_rate``), quantities in digits, with units, grouped thousands, Chinese numerals or packs; and
    between them lines that are no order lines (``noise_rate``: a phone, a PO, a date), then a sign-off. Returns the
    text and the right model of each line with a typo (by 1-based line number)."""
    out = ["您好，麻烦报价以下型号，谢谢"]
    typos: dict[int, str] = {}
    for n in range(1, lines + 1):
        if rng.random() < noise_rate:
            out.append(rng.choice(NOISE).format(n=rng.randrange(10**8), y=2026, d=rng.randint(1, 28),
                                                n4=rng.randrange(10**4)))
        model = rng.choice(models)
        written = model
        roll = rng.random()
        if roll < typo_rate:
            written = typo(model, rng)
            if normalise(written) != normalise(model):
                typos[len(out) + 1] = model
        elif roll < typo_rate + unknown_rate:
            written = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(6, 10)))
        elif roll < typo_rate + unknown_rate + sloppy_rate:
            written = sloppy(model, rng)
        out.append(rng.choice(FORMATS).format(m=written, q=quantity(rng), n=n))
    out.append("谢谢！")
    return "\n".join(out), typos


def typo_outcome(line: ResolvedLine, right: str, models: dict[str, str]) -> str:
    """What the pad offered for a line with a typo: 'first' (the right model is the first candidate or the line
    resolved to it), 'listed' (among the candidates), 'missed', or 'wrong' (resolved to another model). ``models``:
    the model of each candidate SKU (the pad reads a candidate's product only when its pick list opens)."""
    key = normalise(right)
    if line.status is LineStatus.RESOLVED:
        return "first" if line.product is not None and normalise(line.product.model) == key else "wrong"
    found = [normalise(models[c.sku]) for c in line.candidates if c.sku in models]
    if found and found[0] == key:
        return "first"
    return "listed" if key in found else "missed"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--skus", type=int, default=1_000_000)
    ap.add_argument("--workdir", help="where the demo and the local catalog are built (kept for reuse)")
    ap.add_argument("--lines", type=int, default=500)
    ap.add_argument("--typos", type=float, default=0.10, help="share of lines with a typo")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-spaced-models", action="store_true",
                    help="leave out models with spaces in them (cables like 'BV 2.5 red 100m'): isolates the cost "
                         "of lines the parser splits wrongly")
    args = ap.parse_args(argv)

    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="qo-bench-"))
    catalog = ensure_catalog(workdir, args.skus, args.seed)
    rng = random.Random(args.seed)
    models = sample_models(catalog, 5000, rng)
    if args.no_spaced_models:
        models = [m for m in models if " " not in m]

    totals: list[float] = []
    parse_ms: list[float] = []
    resolve_ms: list[float] = []
    statuses: dict[LineStatus, int] = {}
    typo_count = 0
    outcomes: dict[str, int] = {}
    for _ in range(args.runs):
        text, typos = make_paste(models, args.lines, args.typos, rng)
        typo_count += len(typos)
        t0 = time.perf_counter()
        parsed = parse_order_text(text)
        t1 = time.perf_counter()
        # as OrderPad.add_text asks: an ambiguous line's candidates are read when its pick list opens
        resolved = resolve_lines(catalog, parsed.lines, account_id=None, merge=True, candidate_products=False)
        t2 = time.perf_counter()
        parse_ms.append((t1 - t0) * 1000)
        resolve_ms.append((t2 - t1) * 1000)
        totals.append((t2 - t0) * 1000)
        mistyped = [r for r in resolved if any(p.line_no in typos for p in r.inputs)]
        candidates = catalog.products(list(dict.fromkeys(c.sku for r in mistyped for c in r.candidates)))
        model_of = {sku: p.model for sku, p in candidates.items()}  # read after the clock stopped, as a pick list would
        for r in resolved:
            statuses[r.status] = statuses.get(r.status, 0) + 1
            for p in r.inputs:
                if p.line_no in typos:
                    how = typo_outcome(r, typos[p.line_no], model_of)
                    outcomes[how] = outcomes.get(how, 0) + 1

    count = catalog.count()
    one, five, _fifteen = os.getloadavg()
    print(f"load {one:.2f} {five:.2f} ({os.cpu_count()} cores)")
    print(f"catalog: {count:,} products · paste: {args.lines} lines, {args.typos:.0%} typos "
          f"({typo_count / args.runs:.0f} a paste) · {args.runs} runs")
    print(f"parse+resolve  median {statistics.median(totals):7.1f} ms   p95 {percentile(totals, 95):7.1f} ms   "
          f"max {max(totals):7.1f} ms")
    print(f"  parse        median {statistics.median(parse_ms):7.1f} ms   p95 {percentile(parse_ms, 95):7.1f} ms")
    print(f"  resolve      median {statistics.median(resolve_ms):7.1f} ms   p95 {percentile(resolve_ms, 95):7.1f} ms")
    print("  lines by status: " + ", ".join(f"{k.value} {v / args.runs:.0f}" for k, v in statuses.items()))
    seen = sum(outcomes.values()) or 1
    share = {k: f"{v / seen:.0%}" for k, v in outcomes.items()}
    print(f"  typo lines ({seen:,}): right model first {share.get('first', '0%')}, among the candidates "
          f"{share.get('listed', '0%')}, not offered {share.get('missed', '0%')}, "
          f"resolved to another model {share.get('wrong', '0%')}")
    print("(parse and resolve only, no account, no draft write: benchmarks/run.py measures the paste as Quick order "
          "does it, against its targets)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
