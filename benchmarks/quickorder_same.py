"""What a pasted order resolves to, line by line, written down and compared: a speed change to Quick order's intake
must leave every line as it was (status, SKU, how it matched, quantity, the pick list's SKUs in order, the message,
the draft lines written).

    .venv/bin/python benchmarks/quickorder_same.py --work /tmp/bench --out before.json            # on the old code
    .venv/bin/python benchmarks/quickorder_same.py --work /tmp/bench --compare before.json        # on the new code

``--work`` is a profile folder benchmarks/run.py has prepared (its config.toml and synced profile). The pastes are
those of benchmarks/run.py's Quick-order figure (quickorder_bench.make_paste: mixed layouts, typos, unknown models,
Chinese quantities, noise), several seeds, pasted into a new draft of the account as Quick order pastes them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tomllib
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def outcomes(work: Path, seeds: list[int], pastes: int, lines: int) -> dict[str, list[Any]]:
    os.environ.update({"B2BTERM_TODAY": "2026-11-24", "LANG": "C.UTF-8", "B2BTERM_DATA_DIR": str(work / "data"),
                       "B2BTERM_CONFIG": str(work / "config.toml")})
    import figures
    import quickorder_bench

    from b2bterm.config import load_config
    from b2bterm.services.desk import open_desk

    account = tomllib.loads((work / "config.toml").read_text(encoding="utf-8"))["profiles"]["demo"]["account"]
    sample = figures.sample_catalog(work / "data" / "profiles" / "demo" / "local.sqlite", 600, 7)
    desk = open_desk(load_config())
    out: dict[str, list[Any]] = {}
    try:
        for seed in seeds:
            rng = random.Random(seed)
            for n in range(pastes):
                text, _typos = quickorder_bench.make_paste(sample.models, lines, 0.10, rng)
                pad = desk.new_pad(account, title="same")
                try:
                    result = pad.add_text(text)
                    rows = [[[p.line_no for p in r.inputs], r.status.value, r.sku, r.how.value if r.how else None,
                             r.qty, r.qty_error, [c.sku for c in r.candidates], r.message, r.unit,
                             r.qty_assumed] for r in result.resolved]
                    rows += [["ignored", x.line_no, x.reason] for x in result.ignored]
                    rows += [["draft", x.input, x.qty, x.sku, x.status.value, list(x.candidates), x.message]
                             for x in pad.draft_lines()]
                finally:
                    desk.drafts.delete_draft(pad.draft_id)
                out[f"{seed}/{n}"] = rows
    finally:
        import figures as f

        f.run_async(desk.aclose())
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", required=True)
    ap.add_argument("--seeds", default="7,11,23,42")
    ap.add_argument("--pastes", type=int, default=3, help="pastes a seed")
    ap.add_argument("--lines", type=int, default=500)
    ap.add_argument("--out", help="write the outcomes here (JSON)")
    ap.add_argument("--compare", help="compare with the outcomes written before (JSON)")
    args = ap.parse_args(argv)
    got = outcomes(Path(args.work), [int(s) for s in args.seeds.split(",")], args.pastes, args.lines)
    if args.out:
        Path(args.out).write_text(json.dumps(got, ensure_ascii=False, indent=0), encoding="utf-8")
    count = sum(len(v) for v in got.values())
    if not args.compare:
        print(f"{len(got)} pastes, {count} rows")
        return 0
    before = json.loads(Path(args.compare).read_text(encoding="utf-8"))
    differ = 0
    for key in sorted(set(before) | set(got)):
        old, new = before.get(key, []), json.loads(json.dumps(got.get(key, []), ensure_ascii=False))
        for i in range(max(len(old), len(new))):
            a = old[i] if i < len(old) else None
            b = new[i] if i < len(new) else None
            if a != b:
                differ += 1
                if differ <= 20:
                    print(f"paste {key} row {i}:\n  before {a}\n  after  {b}")
    print(f"{len(got)} pastes, {count} rows: {'identical' if not differ else f'{differ} rows differ'}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
