"""The parse of a 500-line paste alone (issue 18: ≤ 12 ms a paste, its share of "500-line paste resolved and
saved ≤ 100 ms"): ``parse_order_text`` on the pastes of benchmarks/run.py's Quick-order figure (the same maker,
models and seed), each paste as a session's first (``figures.forget_typed``), no warm-up on the pastes timed.

    .venv/bin/python benchmarks/quickorder_parse.py --work /tmp/bench            # a profile run.py prepared

Prints the wall-clock median and p95, and the process's CPU time for the same pastes (on a shared machine the wall
clock also counts the time other processes had the cores), each paste parsed ``--repeat`` times in a row (each time
as the first: what the paste taught is forgotten) with the best of them kept as the paste's CPU figure, and the load.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import figures  # noqa: E402
import quickorder_bench  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", required=True, help="a folder benchmarks/run.py prepared (its synced demo profile)")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    os.environ.setdefault("LANG", "C.UTF-8")
    from b2bterm.quickorder.parser import parse_order_text

    sample = figures.sample_catalog(Path(args.work) / "data" / "profiles" / "demo" / "local.sqlite", 600, args.seed)
    rng = random.Random(args.seed)
    pastes = [quickorder_bench.make_paste(sample.models, 500, 0.10, rng)[0] for _ in range(args.runs)]
    parse_order_text("LC1D09M7 5\nRVV 3x1.5 100m 5个")  # the parser's own start (its vocabulary), as the app has it
    walls: list[float] = []
    cpus: list[float] = []
    gc.disable()  # as Quick order's worker reads a paste: the cyclic collector is held (collector.py)
    try:
        for text in pastes:
            best = float("inf")
            for _ in range(args.repeat):
                figures.forget_typed()
                t, c = time.perf_counter(), time.process_time()
                parse_order_text(text)
                walls.append((time.perf_counter() - t) * 1000)
                best = min(best, (time.process_time() - c) * 1000)
            cpus.append(best)
            gc.collect()
    finally:
        gc.enable()
    one, five, _ = os.getloadavg()
    print(f"parse of a 500-line paste ({args.runs} pastes × {args.repeat}): wall median "
          f"{statistics.median(walls):.1f} ms, p95 {figures.pct(walls, 95):.1f} ms; "
          f"CPU (best of {args.repeat} a paste) "
          f"median {statistics.median(cpus):.1f} ms, p95 {figures.pct(cpus, 95):.1f} ms · load {one:.2f} {five:.2f} "
          f"({os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
