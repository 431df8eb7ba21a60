"""Local catalog build as a user runs it, and the app's searches while it builds.

    .venv/bin/python benchmarks/build_bench.py --platform /work/bench1m/demo-1000000.sqlite --work /tmp/bb

1. First start: ``b2bterm sync`` (the real command, in its own process) into an empty profile whose platform is the
   demo file given, an account chosen (so the price book is kept too, as for a counter). When the file has a
   published catalog snapshot (``b2bterm demo snapshot --path FILE``) this is a first start from the snapshot, else
   a full local build (the line says which). Prints wall and CPU time (the
   command and the worker processes it waited for), peak RSS (the largest process's own peak, VmHWM, and the whole
   process tree; both sampled every 0.2 s), the local files against the platform file.
2. First start in the app: the app's own start-up sync (``desk.sync_catalog`` on an event loop in a thread, as the
   app's worker runs it, with its thread workers) into another empty profile, while this process's main thread
   searches it the way the search screen does, a PACE apart: what a user can do while the catalog arrives (from the
   snapshot: a download and a check, then one swap; without one: the full build page by page inside the app's
   process, whose Python work competes with the keystroke's for the interpreter). Prints the sync's wall and CPU,
   search p50/p95/max while it runs: the local answer (the products in so far: a first build swaps in previews as it
   goes) and, for a search that found nothing locally, the platform's own search as the screen then asks it (the
   key to its answer, with the screen's pause before it asks), how many found a product each way; and after it
   (the floor: the same kinds of queries on the catalog just built, in this process).
3. Full local build while in use: ``b2bterm sync --rebuild --no-snapshot`` (page by page) in its own process while this
   process opens the same profile the way the app does (``open_desk``, the search screen's limit of 200) and
   searches it without pause. Every query is a different one (models, model prefixes, English words, Chinese drawn
   from the platform file with a fixed seed), so nothing is timed warm. Prints search p50/p95/max during the build
   and after it.

The machine's load (os.getloadavg) is printed with every figure: these shared machines drift.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RESULT_LIMIT = 200  # the search screen's limit (b2bterm/ui/screens/search.py)
NOW_BUDGET_MS = 20.0  # and its budget for a search in the key's own handler (NOW_BUDGET_MS there)


def load() -> str:
    return "load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def queries(platform: Path, n: int, seed: int = 18) -> list[str]:
    """``n`` different queries of the kinds a counter types, drawn from the platform's products."""
    conn = sqlite3.connect(f"file:{platform}?mode=ro", uri=True)
    total = conn.execute("SELECT max(rowid) FROM products").fetchone()[0]
    rng = random.Random(seed)
    out: list[str] = []
    seen: set[str] = set()
    tries = 0
    while len(out) < n and tries < 50 * n:  # a small catalog may not have n distinct ones of every kind
        tries += 1
        row = conn.execute("SELECT model, name_en, name_zh FROM products WHERE rowid >= ? LIMIT 1",
                           (rng.randint(1, total),)).fetchone()
        if row is None:
            continue
        model, name_en, name_zh = row
        words = [w for w in name_en.split() if w.isalpha() and len(w) > 3]
        zh = name_zh.split()[-1] if name_zh.split() else ""
        kind = tries % 5
        if kind == 0:
            q = model
        elif kind == 1:
            q = model[: rng.randint(3, max(3, len(model) - 1))]
        elif kind == 2 and len(words) >= 2:
            q = " ".join(rng.sample(words, 2)).lower()
        elif kind == 3 and len(zh) >= 2:
            i = rng.randrange(0, len(zh) - 1)
            q = zh[i : i + rng.randint(2, 4)]
        else:  # a word being typed: a prefix of any word of the name (the first is mostly the brand)
            word = rng.choice(words) if words else model
            q = word[: rng.randint(3, max(3, min(6, len(word))))].lower()
        if q and q not in seen:
            seen.add(q)
            out.append(q)
    conn.close()
    return out


def write_config(work: Path, platform: Path) -> Path:
    """A profile on the platform file with an account chosen, as a counter runs it: ``b2bterm sync`` then also keeps
    the price book, which is part of the local files (a million SKUs' prices)."""
    conn = sqlite3.connect(f"file:{platform}?mode=ro", uri=True)
    try:
        account = conn.execute("SELECT id FROM accounts ORDER BY id LIMIT 1").fetchone()[0]
    finally:
        conn.close()
    config = work / "config.toml"
    config.write_text(f'[general]\nprofile = "bench"\n\n[profiles.bench]\nplatform = "demo"\naccount = "{account}"\n\n'
                      f'[profiles.bench.options]\npath = "{platform}"\n', encoding="utf-8")
    return config


def env_for(work: Path, config: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(B2BTERM_CONFIG=str(config), B2BTERM_DATA_DIR=str(work / "data"), B2BTERM_TOKEN="bench-token")
    return env


def tree_rss(pid: int) -> tuple[int, int]:
    """(resident memory of a process and its descendants, the largest peak of any of them: VmHWM), in KiB (Linux
    /proc). Not ``ru_maxrss`` of the children: Linux keeps it across exec, so a child started by a big process (this
    benchmark's own, after a build) reports that process's size as its peak."""
    total = peak = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status", encoding="ascii") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                    elif line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as f:
                    todo.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            continue
    return total, peak


def run_sync(work: Path, config: Path, *extra: str) -> dict[str, float]:
    """One ``b2bterm sync`` in its own process: wall, CPU (with the workers it waited for), peak RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "b2bterm", "sync", "--json", "--quiet", *extra],
                            env=env_for(work, config),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak_tree = peak_one = 0
    while proc.poll() is None:  # (sampled: a worker that lives less than a poll may be missed)
        rss, peak = tree_rss(proc.pid)
        peak_tree, peak_one = max(peak_tree, rss), max(peak_one, peak)
        time.sleep(0.2)
    wall = time.perf_counter() - started
    out, err = proc.communicate()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"b2bterm sync failed ({proc.returncode}): {out}{err}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    snapshot = '"snapshot": true' in out
    return {"wall": wall, "cpu": cpu, "rss_max": peak_one / 1024, "rss_tree": peak_tree / 1024,
            "snapshot": float(snapshot)}


def local_bytes(work: Path) -> tuple[int, int]:
    """(profile database with its -wal, catalog files) in bytes."""
    main = catalog = 0
    for p in (work / "data").rglob("*"):
        if not p.is_file():
            continue
        if ".catalog-" in p.name:
            catalog += p.stat().st_size
        elif p.name.startswith("local.sqlite"):
            main += p.stat().st_size
    return main, catalog


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


FLOOR = 300  # searches timed before the build starts: the same searches' floor on this machine, in this run
PACE = 0.1  # seconds between two searches while it builds (a counter types a few keys a second)


def search_while(work: Path, config: Path, qs: list[str], busy: threading.Event, ready: threading.Event
                 ) -> dict[str, list[float]]:
    """Search the profile as the app's search screen does: in the key's own handler within its budget, else on the
    workers' connection (both never wait for the profile database's lock); FLOOR searches before the build (then
    ``ready`` is set), searches a PACE apart until ``busy`` clears, then FLOOR more. Every query is a different one.
    ms by phase, each from the key to the result with the rows of a screen decoded."""
    os.environ.update(env_for(work, config))
    from b2bterm.config import load_config
    from b2bterm.services.desk import open_desk

    desk = open_desk(load_config(config))
    desk.warm_search()  # what the app does at its start, before any key
    out: dict[str, list[float]] = {"before": [], "during": [], "after": []}
    try:
        for q in qs:
            ms, _ = timed_search(desk, q)
            if not ready.is_set():
                out["before"].append(ms)
                if len(out["before"]) >= FLOOR:
                    ready.set()
            elif busy.is_set():
                out["during"].append(ms)
                time.sleep(PACE)
            else:
                out["after"].append(ms)
                if len(out["after"]) >= FLOOR:
                    break
    finally:
        ready.set()
        desk.db.close()
    return out


def timed_search(desk: Any, q: str) -> tuple[float, int]:
    """One search as the search screen runs it: (ms from the key to the rows of a screen decoded, products found)."""
    t = time.perf_counter()
    result = desk.search_catalog_now(q, limit=RESULT_LIMIT, budget_ms=NOW_BUDGET_MS)
    if result is None:  # past the budget: the screen hands it to a worker
        result = desk.search_catalog_while(q, lambda: True, limit=RESULT_LIMIT)
    assert result is not None
    _ = [h.product for h in result.hits[:30]]  # the rows a screen shows are decoded
    return (time.perf_counter() - t) * 1000, len(result.hits)


def app_first_start(platform: Path, work: Path, qs: list[str]) -> dict[str, Any]:
    """Phase 2 (see the module's text) in the empty folder ``work``: {"wall", "cpu", "snapshot", "during",
    "found", "after"}."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    config = write_config(work, platform)
    os.environ.update(env_for(work, config))
    from b2bterm.config import load_config
    from b2bterm.services.arriving_search import PLATFORM_PAUSE  # the screen's pause before it asks the platform
    from b2bterm.services.desk import open_desk

    desk = open_desk(load_config(config))
    desk.warm_search()  # what the app does at its start, before any key
    got: dict[str, Any] = {}
    syncing = threading.Event()
    syncing.set()

    def sync() -> None:  # the app's catalog-sync worker: an async worker whose SQLite work runs in threads
        started = time.perf_counter()
        try:
            got["summary"] = asyncio.run(desk.sync_catalog())
        except BaseException as exc:  # reported by the main thread
            got["error"] = exc
        finally:
            got["wall"] = time.perf_counter() - started
            syncing.clear()

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = time.process_time()
    worker = threading.Thread(target=sync, name="catalog-sync")
    worker.start()
    during: list[float] = []
    after: list[float] = []
    remote: list[float] = []  # key to the platform's answer, for the searches that asked it
    found = found_local = 0
    loop = asyncio.new_event_loop()  # the screen's async worker for the platform's search
    try:
        for q in qs:
            ms, hits = timed_search(desk, q)
            if syncing.is_set():
                during.append(ms)
                found_local += bool(hits)
                if not hits:  # the screen asks the platform for what is not in yet (search_arriving.py)
                    t = time.perf_counter()
                    try:
                        hits = len(loop.run_until_complete(desk.search_platform(q)).hits)
                    except Exception:
                        hits = 0
                    remote.append(ms + PLATFORM_PAUSE * 1000 + (time.perf_counter() - t) * 1000)
                found += bool(hits)
                time.sleep(PACE)
            else:
                after.append(ms)
                if len(after) >= FLOOR:
                    break
        worker.join()
    finally:
        worker.join()
        loop.close()
        desk.db.close()
    if "error" in got:
        raise SystemExit(f"the app's start-up sync failed: {got['error']!r}")
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    got["cpu"] = time.process_time() - cpu + (now.ru_utime - children.ru_utime) + (now.ru_stime - children.ru_stime)
    got["snapshot"] = float(got["summary"].snapshot)
    got.update(during=during, found=found, found_local=found_local, remote=remote, after=after,
               previews=desk.catalog.preview_seconds)
    return got


def say_searches(say: Callable[[str], None], phases: list[tuple[str, list[float]]]) -> None:
    for label, ms in phases:
        say(f"  search {label}: {len(ms)} queries, p50 {pct(ms, 0.5):.1f} ms, p95 {pct(ms, 0.95):.1f} ms, "
            f"max {max(ms, default=float('nan')):.1f} ms, mean {statistics.fmean(ms) if ms else 0:.1f} ms")


def describe_sync(name: str, figures: dict[str, float], work: Path, platform: Path) -> str:
    main, catalog = local_bytes(work)
    ref = platform.stat().st_size
    how = "from the platform's snapshot" if figures.get("snapshot") else "full local build"
    figures["ratio"] = (main + catalog) / ref
    return (f"{name}, {how}: wall {figures['wall']:.1f} s, CPU {figures['cpu']:.1f} s, "
            f"peak RSS {figures['rss_max']:.0f} MiB "
            f"(largest process) / {figures['rss_tree']:.0f} MiB (process tree); local files "
            f"{(main + catalog) / 2**20:.0f} MiB (catalog {catalog / 2**20:.0f}, profile database with the price book "
            f"{main / 2**20:.0f}) = {(main + catalog) / ref:.2f}x the "
            f"platform file ({ref / 2**20:.0f} MiB); {load()}")


def measure(platform: Path, work: Path, n_queries: int = 4000, *, first: bool = True, app: bool = True,
            rebuild: bool = True, reuse: bool = False, say: Callable[[str], None] = print) -> dict[str, Any]:
    """The phases into the empty folder ``work`` (the app's first start into ``work``/app, removed after):
    {"first": figures, "app": figures (with ``app``), "rebuild": figures, "before", "during", "after": ms,
    "ratio" (with ``rebuild``)}. ``reuse``: ``work`` already holds the profile a first sync made from this platform
    (data/profiles/bench; a copy of one kept from an earlier run): the rebuild rebuilds it, no first sync."""
    if not reuse:
        shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    say(f"platform file {platform} ({platform.stat().st_size / 2**20:.0f} MiB); {load()}")
    config = write_config(work, platform)
    out: dict[str, Any] = {}
    if not reuse and (first or rebuild):  # the rebuild rebuilds this profile
        out["first"] = run_sync(work, config)
        say(describe_sync("first start (b2bterm sync into an empty profile)", out["first"], work, platform))
    if app:
        got = out["app"] = app_first_start(platform, work / "app", queries(platform, n_queries, seed=19))
        shutil.rmtree(work / "app", ignore_errors=True)
        how = "from the platform's snapshot" if got["snapshot"] else "full build page by page in the app's process"
        floor = pct(got["after"], 0.95)
        got["ratio"] = pct(got["during"], 0.95) / floor if got["during"] and floor else float("nan")
        say(f"first start in the app ({how}), searched meanwhile: sync wall {got['wall']:.1f} s, CPU "
            f"{got['cpu']:.1f} s (the process with its searches, and its workers); {load()}")
        say(f"  previews of the products in so far written in {got['previews']:.1f} s of the sync's wall time")
        say_searches(say, [(f"while it syncs, the local answer (found a product: {got['found_local']})",
                            got["during"]),
                           (f"  and the platform's, when asked (found a product: {got['found'] - got['found_local']})",
                            got["remote"]),
                           ("after it (floor)", got["after"])])
        say(f"  found a product while it syncs: {got['found']} of {len(got['during'])} searches")
        say(f"  p95 while it syncs / after: {got['ratio']:.2f}x")
    if not rebuild:
        return out
    qs = queries(platform, n_queries)
    busy, ready = threading.Event(), threading.Event()
    busy.set()
    found: dict[str, dict[str, list[float]]] = {}
    searcher = threading.Thread(target=lambda: found.setdefault("r", search_while(work, config, qs, busy, ready)))
    searcher.start()
    ready.wait()
    try:
        out["rebuild"] = run_sync(work, config, "--rebuild", "--no-snapshot")
    finally:
        busy.clear()
        searcher.join()
    say(describe_sync("rebuild while searched (b2bterm sync --rebuild)", out["rebuild"], work, platform))
    phases = found.get("r", {})
    for name in ("before", "during", "after"):
        out[name] = phases.get(name, [])
    floor = pct(out["before"], 0.95)
    out["ratio"] = pct(out["during"], 0.95) / floor if out["before"] and floor else float("nan")
    say_searches(say, [("before the build (floor)", out["before"]), ("during the build", out["during"]),
                       ("after it", out["after"])])
    say(f"  p95 during / before: {out['ratio']:.2f}x")
    if not out["after"]:
        say(f"  (ran out of distinct queries before the build ended: raise --queries; {load()})")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--platform", type=Path, required=True, help="a demo platform file (b2bterm demo build)")
    ap.add_argument("--work", type=Path, required=True, help="an empty folder for the profile (emptied first)")
    ap.add_argument("--queries", type=int, default=4000)
    ap.add_argument("--skip-rebuild", action="store_true")
    ap.add_argument("--skip-app", action="store_true", help="no first start in the app (phase 2)")
    ap.add_argument("--skip-first", action="store_true", help="no b2bterm sync first start (with --skip-rebuild)")
    ap.add_argument("--reuse", action="store_true", help="--work holds a profile synced from --platform by this "
                    "benchmark (data/profiles/bench, e.g. a copy kept from an earlier run): rebuild it, no first sync")
    args = ap.parse_args()
    measure(args.platform.resolve(), args.work, args.queries, first=not args.skip_first, app=not args.skip_app,
            rebuild=not args.skip_rebuild, reuse=args.reuse, say=lambda line: print(line, flush=True))
    print(load())


if __name__ == "__main__":
    main()
