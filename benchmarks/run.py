"""Every benchmark in one run, measured as the user feels it, in one table: figure, target, measured, ratio, pass.

    .venv/bin/python benchmarks/run.py --platform /path/demo-1000000.sqlite --work /path/bench   # the 1M figures
    .venv/bin/python benchmarks/run.py --quick                                                # 20k demo, < 60 s

``--work`` holds the profile (data/profiles/demo/local.sqlite): it is synced from the platform file the first time
(``b2bterm sync``), then reused. Everything runs under the app's own settings: its search limit, an account chosen
(the platform's first), the start-up sync on, the Quick-order draft written. The terminal figures come from the real
app in tmux next to a minimal Textual app (benchmarks/floor_app.py) in the same run, so each is also a ratio: on a
shared machine the absolute times move with the load, which is printed with the figures. The host's speed moves
too, with the load unchanged (a pure-Python step up to ~1.6x slower for minutes): the paste row prints a fixed
reference step's time before and after its runs (``figures.host_reference``), never used to scale a figure.

The exit status is 1 when a benchmark breaks (the app does not start, results never appear, an error), whatever the
figures; with ``--strict`` also when a target is missed. ``--quick`` is what CI runs (scripts/test), so that no
benchmark can rot unnoticed; it does not judge the figures of a CI machine.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import figures  # noqa: E402
import terminal_bench as term  # noqa: E402

TODAY = "2026-11-24"
SEARCH_BOX = "Model no., words"  # the start of the search box's placeholder (the profile's language is English)


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"


@dataclass
class Row:
    figure: str
    target: str
    measured: str
    ratio: str
    ok: bool | None  # None: not judged
    load: str


class Table:
    def __init__(self) -> None:
        self.rows: list[Row] = []

    def add(self, figure: str, target: str, measured: str, ratio: str = "", ok: bool | None = None) -> None:
        row = Row(figure, target, measured, ratio, ok, load())
        self.rows.append(row)
        print(f"  {figure}: {measured} {ratio} (target {target}) · {row.load}", flush=True)

    def print(self) -> None:
        head = ("figure", "target", "measured", "ratio", "pass", "load at the time")
        cells = [head] + [(r.figure, r.target, r.measured, r.ratio,
                           "-" if r.ok is None else ("pass" if r.ok else "FAIL"), r.load) for r in self.rows]
        widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
        for n, c in enumerate(cells):
            print("  ".join(x.ljust(w) for x, w in zip(c, widths, strict=True)).rstrip())
            if n == 0:
                print("  ".join("-" * w for w in widths))


def prepare(args: argparse.Namespace) -> tuple[Path, dict[str, str], str]:
    """The platform file, the profile folder synced from it, and the environment that opens that profile."""
    work = Path(args.work or tempfile.mkdtemp(prefix="b2bterm-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    platform = Path(args.platform) if args.platform else work / f"demo-{args.skus}.sqlite"
    env = {"B2BTERM_TODAY": TODAY, "LANG": "C.UTF-8", "TERM": "xterm-256color"}
    exe = str(Path(sys.executable).with_name("b2bterm"))
    if not platform.exists():
        print(f"building a demo platform of {args.skus:,} SKUs at {platform}…", flush=True)
        subprocess.run([exe, "demo", "build", "--skus", str(args.skus), "--path", str(platform), "--today", TODAY],
                       env={**os.environ, **env}, check=True, capture_output=True)
    conn = sqlite3.connect(f"file:{platform}?mode=ro", uri=True)
    account = conn.execute("SELECT id FROM accounts ORDER BY id LIMIT 1").fetchone()[0]
    conn.close()
    (work / "config.toml").write_text(
        f'[general]\nlanguage = "en"\n\n[profiles.demo]\naccount = "{account}"\n\n'
        f'[profiles.demo.options]\npath = "{platform.as_posix()}"\n', encoding="utf-8")
    env |= {"B2BTERM_DATA_DIR": str(work / "data"), "B2BTERM_CONFIG": str(work / "config.toml")}
    local = work / "data" / "profiles" / "demo" / "local.sqlite"
    started = time.perf_counter()
    # a profile reused from an earlier run is brought up to date too: one synced by another version of b2bterm (another
    # catalog format) is emptied when the app opens it, and its figures would be measured on no products at all
    print(f"syncing the local catalog into {local}…", flush=True)
    subprocess.run([exe, "sync"], env={**os.environ, **env}, check=True, capture_output=True)
    print(f"  synced in {time.perf_counter() - started:.0f} s", flush=True)
    return local, env, account


def catalog_count(local: Path) -> int:
    conn = figures.open_catalog_readonly(local)
    try:
        return int(conn.execute("SELECT count(*) FROM product").fetchone()[0])
    finally:
        conn.close()


def run_search(table: Table, local: Path, env: dict[str, str], account: str, sample: figures.Sample,
               args: argparse.Namespace) -> None:
    os.environ.update(env)
    from b2bterm.local.catalog import LocalCatalog
    from b2bterm.local.db import Database
    from b2bterm.ui.screens.search import RESULT_LIMIT

    queries = figures.search_queries(sample, args.seed)
    catalog = LocalCatalog(Database(local))
    catalog.warm()  # what the app does at start (Desk.warm_search), before any key: none of the timed queries
    times, per_kind = figures.search_figure(catalog, queries, account, RESULT_LIMIT)
    catalog.db.close()
    worst = max(per_kind, key=lambda k: per_kind[k])
    p95 = figures.pct(times, 95)
    table.add(f"search, local query (limit {RESULT_LIMIT}, account), p95 of {len(times)}", "≤ 15 ms",
              f"{p95:.1f} ms", f"worst kind {worst} {per_kind[worst]:.1f} ms", p95 <= 15)


def run_quickorder(table: Table, env: dict[str, str], account: str, sample: figures.Sample,
                   args: argparse.Namespace) -> None:
    os.environ.update(env)
    from b2bterm.config import load_config
    from b2bterm.services.desk import open_desk

    desk = open_desk(load_config())
    host = [figures.host_reference()]
    try:
        times, cpu = figures.quickorder_figure(desk, account, sample.models, args.paste_runs, 500, args.seed)
    finally:
        figures.run_async(desk.aclose())
    host.append(figures.host_reference())
    p95 = figures.pct(times, 95)
    table.add(f"Quick order: 500-line paste resolved and saved (account, draft), p95 of {len(times)}", "≤ 100 ms",
              f"{p95:.1f} ms", f"median {figures.pct(times, 50):.1f} ms; CPU p95 {figures.pct(cpu, 95):.1f}, "
              f"median {figures.pct(cpu, 50):.1f} ms; host reference {host[0]:.1f} / {host[1]:.1f} ms",
              p95 <= 100)
    shown, floor, cpu = figures.quickorder_screen_figure(account, sample.models, args.screen_runs, 500,
                                                         args.seed + 1)
    p95, f95 = figures.pct(shown, 95), figures.pct(floor, 95)
    table.add(f"Quick order: 500-line paste on screen (the app, headless 160x45), p95 of {len(shown)}", "≤ 250 ms",
              f"{p95:.0f} ms", f"median {figures.pct(shown, 50):.0f} ms; CPU p95 {figures.pct(cpu, 95):.0f}, "
              f"median {figures.pct(cpu, 50):.0f} ms; floor p95 {f95:.0f} ms, {p95 / f95:.1f}×", p95 <= 250)


def run_keys(table: Table, env: dict[str, str], account: str, sample: figures.Sample,
             args: argparse.Namespace) -> None:
    """The single search keystroke with keys handed on one at a time (ui/key_order.py) against Textual's own
    dispatch, same app, same run (benchmarks/key_order_bench.py)."""
    import key_order_bench

    os.environ.update(env)
    queries = [p.model.lower()[:7] for p in sample.products[:args.key_queries]] or ["lc1d09"]
    ordered, plain = key_order_bench.keystroke_figure(account, queries, rounds=1)
    a, b = figures.pct(ordered, 50), figures.pct(plain, 50)
    table.add(f"search keystroke → results frame, key order / Textual's dispatch (headless), p50 of {len(ordered)}",
              "≤ 1.05×", f"{a:.1f} ms", f"Textual {b:.1f} ms, {a / b:.2f}×; p95 {figures.pct(ordered, 95):.0f} / "
              f"{figures.pct(plain, 95):.0f} ms", a / b <= 1.05)


def run_orders(table: Table, args: argparse.Namespace) -> None:
    opened, typed = figures.orders_figure(args.orders)
    med, p95 = figures.pct(opened, 50), figures.pct(typed, 95)
    table.add(f"orders list, {args.orders:,} cached orders: open (median)", "≤ 50 ms", f"{med:.1f} ms", "", med <= 50)
    table.add("orders list: po: filter, per keystroke (p95)", "≤ 20 ms", f"{p95:.1f} ms", "", p95 <= 20)


def run_cli(table: Table, env: dict[str, str], sample: figures.Sample, args: argparse.Namespace) -> None:
    version, search = figures.cli_figure(env, [p.model for p in sample.products], args.cli_runs)
    v, s = figures.pct(version, 50), figures.pct(search, 50)
    table.add("CLI: b2bterm search (median) / b2bterm --version", "≤ 1.5×", f"{s:.0f} ms / {v:.0f} ms",
              f"{s / v:.2f}×", s / v <= 1.5)
    # the same in a Chinese profile: the language is chosen (and its catalog read) before the parser, in both
    english = Path(env["B2BTERM_CONFIG"])
    chinese = english.with_name("config-zh.toml")
    chinese.write_text(english.read_text(encoding="utf-8").replace('language = "en"', 'language = "zh"'),
                       encoding="utf-8")
    version, search = figures.cli_figure({**env, "B2BTERM_CONFIG": str(chinese)},
                                         [p.model for p in sample.products], args.cli_runs)
    v, s = figures.pct(version, 50), figures.pct(search, 50)
    table.add("CLI in Chinese: b2bterm search (median) / --version", "≤ 1.5×", f"{s:.0f} ms / {v:.0f} ms",
              f"{s / v:.2f}×", s / v <= 1.5)


def expectations(local: Path, env: dict[str, str], account: str, queries: list[str]) -> list[list[term.Expected]]:
    """What the app's screen shows for every prefix of every query (worked out here, in this process), with the
    account's part numbers cached as the app caches them once its first frame is up (a key typed later finds them)."""
    os.environ.update(env)
    from b2bterm.config import load_config
    from b2bterm.local.catalog import LocalCatalog
    from b2bterm.services.desk import open_desk

    desk = open_desk(load_config())
    try:
        figures.run_async(desk.select_account(account))
    finally:
        figures.run_async(desk.aclose())
    from b2bterm.local.db import Database
    from b2bterm.ui.screens.search import RESULT_LIMIT

    catalog = LocalCatalog(Database(local))
    plan = []
    for query in queries:
        steps = []
        for end in range(1, len(query) + 1):
            q = query[:end]
            if not q.strip() or q.endswith(" "):
                continue
            r = catalog.search(q, account_id=account, limit=RESULT_LIMIT)
            n = len(r.hits)
            if not n:
                status = "No product matches"
            elif r.did_you_mean:
                status = "No product matches"
            elif r.closest:
                status = "Nothing has everything asked"
            elif n >= RESULT_LIMIT:
                status = f"{n}+ matches"
            else:
                status = f"{n} match" if n == 1 else f"{n} matches"
            models = tuple(h.product.model for h in r.hits[:8])
            steps.append(term.Expected(q, status, models[0] if models else "", models))
        plan.append(steps)
    catalog.db.close()
    return plan


def run_terminal(table: Table, local: Path, env: dict[str, str], account: str, sample: figures.Sample,
                 args: argparse.Namespace) -> None:
    if not term.have_tmux():
        print("tmux is not installed: the terminal figures are left out", flush=True)
        return
    term.start_server()
    try:
        terminal_figures(table, local, env, account, sample, args)
    finally:
        term.stop_server()


def run_coldstart(table: Table, local: Path, env: dict[str, str], account: str, args: argparse.Namespace) -> None:
    """The cold start alone (``--only coldstart``): what ``terminal`` measures first, without the keys."""
    if not term.have_tmux():
        print("tmux is not installed: the cold start is left out", flush=True)
        return
    term.start_server()
    try:
        cold_start_figure(table, local, env, account, args)
    finally:
        term.stop_server()


def cold_start_figure(table: Table, local: Path, env: dict[str, str], account: str, args: argparse.Namespace) -> None:
    exe = shlex.quote(str(Path(sys.executable).with_name("b2bterm")))
    count = catalog_count(local)
    ready = f"{count:,} product"
    # the search box too (its placeholder): a start whose first frames carried the header and the status line but not
    # the box would be counted as ready before the screen could be typed into
    cold = term.cold_starts(exe, env, ready, args.cold_runs, also=(f"({account})", SEARCH_BOX))
    a95, f95 = figures.pct(cold.app, 95), figures.pct(cold.floor, 95)
    a50, f50 = figures.pct(cold.app, 50), figures.pct(cold.floor, 50)
    table.add(f"cold start to the search screen showing {count:,} products, the account and the box (sync on), p95 of "
              f"{len(cold.app)}", "≤ floor + 150 ms", f"{a95:.0f} ms", f"floor {f95:.0f} ms, +{a95 - f95:.0f} ms; "
              f"median +{a50 - f50:.0f} ms", a95 <= f95 + 150)
    # the CPU each process had used when its screen was ready (median): much less moved by the machine's load than
    # the wall time, so a change of the app's start shows here even on a busy machine
    ac, fc = figures.pct(cold.app_cpu, 50), figures.pct(cold.floor_cpu, 50)
    table.add("cold start: CPU used by the ready screen (median), app / floor", "-", f"{ac:.0f} ms / {fc:.0f} ms",
              f"+{ac - fc:.0f} ms, {ac / fc:.2f}×")


def terminal_figures(table: Table, local: Path, env: dict[str, str], account: str, sample: figures.Sample,
                     args: argparse.Namespace) -> None:
    exe = shlex.quote(str(Path(sys.executable).with_name("b2bterm")))
    count = catalog_count(local)
    ready = f"{count:,} product"
    cold_start_figure(table, local, env, account, args)
    rng = figures.random.Random(args.seed)
    picks = rng.sample(sample.products, min(args.key_queries, len(sample.products)))
    queries = []
    for i, p in enumerate(picks):
        kind = i % 4
        if kind == 0:
            queries.append(p.model.lower().replace("-", " ")[:9].rstrip())
        elif kind == 1:
            queries.append(figures.search_bench.words(p, rng)[:14].rstrip())
        elif kind == 2:
            queries.append(figures.search_bench.fragment(p.model, rng))
        else:
            queries.append(figures.search_bench.chinese(p, rng, 2) + " " + p.model[:3].lower())
    plan = expectations(local, env, account, queries)
    floor_cmd = f"{shlex.quote(sys.executable)} {shlex.quote(str(HERE / 'floor_app.py'))}"
    app = term.Pane(f"b2bapp{os.getpid()}", exe, env)
    floor = term.Pane(f"b2bfloor{os.getpid()}", floor_cmd, env)
    try:
        app.start()
        floor.start()
        app.wait(lambda ls: any(ready in ln for ln in ls), "the catalog count", timeout=120)
        floor.wait(lambda ls: any("floor ready" in ln for ln in ls), "the floor app")
        keys = term.run_keys(app, floor, plan)
        rss, floor_rss = app.peak_rss_mib(), floor.peak_rss_mib()
    finally:
        app.stop()
        floor.stop()
    for q in (50, 95):
        a, f = figures.pct(keys.app, q), figures.pct(keys.floor, q)
        limit = 1.2 if q == 50 else 1.3
        table.add(f"keystroke → results on screen (tmux), p{q} of {len(keys.app)} keys", f"≤ {limit}× floor",
                  f"{a:.0f} ms", f"floor {f:.0f} ms, {a / f:.2f}×", a / f <= limit)
    # (after these queries only: a longer session grows it - SQLite's page caches of the app's connections and
    # Python's heap fill as more of the catalog is read; 26 queries in one session took a 1M app to 83 MiB)
    table.add(f"RSS of the app (peak, after start-up sync and {len(queries)} queries typed; its price book fresh)",
              "≤ 80 MiB", f"{rss:.0f} MiB", f"floor {floor_rss:.0f} MiB", rss <= 80)
    print("  slowest keys: " + ", ".join(f"{q!r} {ms:.0f} ms" for ms, q in keys.slowest()))
    if args.per_key:  # every key: the query as typed so far, the app's time and the floor's for the same key
        for q, a, f in zip(keys.queries, keys.app, keys.floor, strict=True):
            print(f"    key {q!r:24} app {a:6.1f} ms  floor {f:6.1f} ms")
    if keys.unchanged:
        print(f"  ({keys.unchanged} keys left the results looking as they were, but for the time: timed to the echo "
              "of the key with those results on screen)")


def run_medusa(table: Table, args: argparse.Namespace) -> None:
    """benchmarks/medusa_vs_local.py against the Medusa testbed, its ratios and offline day as rows."""
    runs = "40" if not args.quick else "5"
    out = subprocess.run([sys.executable, str(HERE / "medusa_vs_local.py"), "--runs", runs], capture_output=True,
                         text=True, check=True).stdout
    print(out, flush=True)
    for line in out.splitlines():
        if line.startswith("ratio Medusa Admin API / b2bterm"):
            way = line.split("b2bterm ")[1].split(" ->")[0]
            ratio = float(line.split(": ")[1].split("x")[0])
            table.add(f"Medusa Admin API / model query {way} -> price on screen (median)", "≥ 20×", f"{ratio:.1f}×",
                      "", ratio >= 20)
        elif line.startswith("offline day:"):
            table.add("50-order offline day priced from the price book", "100% of lines", line.split(", ", 2)[2],
                      "", "(100%)" in line)
        elif line.startswith("local vs live on that day:"):
            table.add("offline day: local vs live agreement", "100%", line.split(": ")[1], "", "(100.0%)" in line)


def run_build(table: Table, args: argparse.Namespace, platform: Path) -> None:
    """The local catalog build as a user starts it (benchmarks/build_bench.py): a first sync into an empty profile,
    then a rebuild page by page while the app's searches run. Its own profile folder (``--work``/build)."""
    import build_bench

    os.environ["B2BTERM_TODAY"] = TODAY
    got = build_bench.measure(platform.resolve(), Path(args.work) / "build", 20_000 if args.skus >= 500_000 else 4000,
                              say=lambda line: print(line, flush=True))
    first, again = got["first"], got["rebuild"]
    how = "from the platform's snapshot" if first.get("snapshot") else "page by page"
    table.add(f"first sync into an empty profile ({how}): wall (CPU)", "≤ 60 s",
              f"{first['wall']:.1f} s ({first['cpu']:.0f} s)", "", first["wall"] <= 60)
    table.add("full local build page by page (sync --rebuild): wall (CPU)", "≤ 60 s",
              f"{again['wall']:.1f} s ({again['cpu']:.0f} s)", "", again["wall"] <= 60)
    table.add("local files / the platform file", "≤ 1.5×", f"{again['ratio']:.2f}×", "", again["ratio"] <= 1.5)
    during = got["during"]
    p95 = build_bench.pct(during, 0.95)
    table.add(f"search while the catalog builds (sync --rebuild), p95 of {len(during)}", "≤ 100 ms", f"{p95:.1f} ms",
              f"{got['ratio']:.2f}× floor", bool(during) and p95 <= 100)
    app = got["app"]
    how = "snapshot" if app["snapshot"] else "page by page"
    p95 = build_bench.pct(app["during"], 0.95)
    table.add(f"search during the app's first start ({how}, {app['wall']:.0f} s), p95 of {len(app['during'])}",
              "≤ 100 ms", f"{p95:.1f} ms", f"{app['ratio']:.2f}× floor; {app['found']} found a product "
              f"({app['found_local']} locally)", bool(app["during"]) and p95 <= 100)
    if app["remote"]:
        # the key to the platform's answer: the screen waits PLATFORM_PAUSE after the last key before it asks (a word
        # typed is one request, not one a key), so the target is that pause and then 100 ms, as for a local search
        from b2bterm.services.arriving_search import PLATFORM_PAUSE

        p95, pause = build_bench.pct(app["remote"], 0.95), PLATFORM_PAUSE * 1000
        table.add(f"  the platform's answer when nothing is in locally yet, p95 of {len(app['remote'])}",
                  f"≤ {pause + 100:.0f} ms", f"{p95:.1f} ms", f"{pause:.0f} ms of it the screen's pause before it asks",
                  p95 <= pause + 100)


def run_pricebook(table: Table, platform: Path, account: str, local: Path, env: dict[str, str]) -> None:
    """The account's price book synced over HTTP from the reference server, and by the app's morning start
    (benchmarks/pricebook_bench.py)."""
    import pricebook_bench

    if term.have_tmux():
        morning = pricebook_bench.morning_start(env, local)
        table.add("RSS of the app at a morning start (its price book refreshed by the start-up sync, embedded demo)",
                  "≤ 80 MiB", f"{morning['peak_mib']:.0f} MiB", f"book synced {morning['seconds']:.1f} s after start",
                  morning["peak_mib"] <= 80)

    first, again = pricebook_bench.measure(platform.resolve(), account)
    for run in (first, again):
        if run["status"] != "synced":
            raise RuntimeError(f"the price book did not sync: {run['status']} {run['detail']}")
    table.add(f"price book over HTTP ({first['skus']:,} SKUs, 2,000 a page): first sync / nothing changed",
              "≤ 60 s", f"{first['wall']:.1f} / {again['wall']:.1f} s",
              f"CPU {first['cpu']:.1f} / {again['cpu']:.1f} s", max(first["wall"], again["wall"]) <= 60)
    peak = max(first["peak_mib"], again["peak_mib"])
    table.add("  the syncing process's peak RSS", "≤ 80 MiB", f"{peak:.0f} MiB", "", peak <= 80)
    late = max(first["late_p99"], again["late_p99"])
    table.add("  the event loop's wait meanwhile (keys wait as long), p99", "≤ 17 ms (a frame)", f"{late:.1f} ms",
              f"longest {max(first['late_max'], again['late_max']):.1f} ms", late <= 17)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="a 20k demo, fewer runs: CI's check that nothing broke")
    ap.add_argument("--platform", help="demo platform file (default: built in --work)")
    ap.add_argument("--work", help="the benchmark's profile folder (default: a new temporary one)")
    ap.add_argument("--skus", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    ap.add_argument("--per-key", action="store_true", help="terminal: print every key's time with its query")
    ap.add_argument("--cold-runs", type=int,
                    help="cold starts of the app (and of the floor) counted (default 15, quick 1)")
    ap.add_argument("--only", help="comma-separated: search,quickorder,orders,cli,terminal,keys,pricebook,build,medusa,"
                    "coldstart "
                    "(coldstart: the cold start alone, measured first in terminal too; build: a "
                    "first sync and a rebuild of their own, not in --quick unless named; medusa: only when asked, "
                    "against a running testbed: scripts/medusa-testbed.sh start)")
    args = ap.parse_args(argv)
    full = not args.quick
    args.searches = 40 if full else 8
    args.paste_runs = 30 if full else 10
    args.screen_runs = 10 if full else 3
    args.orders = 20_000 if full else 2_000
    args.cli_runs = 21 if full else 3  # (fresh processes: their times swing; 7 gave 1.29-1.62x in one quiet minute)
    args.cold_runs = args.cold_runs or (15 if full else 1)
    args.key_queries = 12 if full else 2
    only = set(args.only.split(",")) if args.only else {"search", "quickorder", "orders", "cli", "terminal", "keys",
                                                        "pricebook"}
    if "medusa" in only and only <= {"medusa"}:
        table = Table()
        run_medusa(table, args)
        table.print()
        return 0
    if not args.only and full:
        only.add("build")
    print(f"b2bterm benchmarks ({'quick' if args.quick else 'full'}) · {load()}", flush=True)
    if args.work is None:  # a folder of its own, removed at the end
        with tempfile.TemporaryDirectory(prefix="b2bterm-bench-") as tmp:
            args.work = tmp
            return measure(args, full, only)
    return measure(args, full, only)


def measure(args: argparse.Namespace, full: bool, only: set[str]) -> int:
    table = Table()
    broken: list[str] = []
    local, env, account = prepare(args)
    platform = Path(args.platform) if args.platform else Path(args.work) / f"demo-{args.skus}.sqlite"
    sample = figures.sample_catalog(local, max(args.searches, 600 if full else 100), args.seed)
    search_sample = figures.Sample(sample.products[:args.searches], sample.models[:args.searches])
    steps = {
        "terminal": lambda: run_terminal(table, local, env, account, sample, args),
        "coldstart": lambda: run_coldstart(table, local, env, account, args),
        "search": lambda: run_search(table, local, env, account, search_sample, args),
        "quickorder": lambda: run_quickorder(table, env, account, sample, args),
        "keys": lambda: run_keys(table, env, account, sample, args),
        "orders": lambda: run_orders(table, args),
        "cli": lambda: run_cli(table, env, sample, args),
        "pricebook": lambda: run_pricebook(table, platform, account, local, env),
        "medusa": lambda: run_medusa(table, args),
        "build": lambda: run_build(table, args, platform),  # last: it sets this process's environment
    }
    for name, step in steps.items():
        if name not in only:
            continue
        print(f"--- {name}", flush=True)
        try:
            step()
        except Exception:
            traceback.print_exc()
            broken.append(name)
    print()
    print(f"catalog: {catalog_count(local):,} products ({local}) · {load()}")
    table.print()
    if broken:
        print(f"BROKEN: {', '.join(broken)}")
        return 1
    missed = [r.figure for r in table.rows if r.ok is False]
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
