"""The local price book synced over HTTP, as a terminal on a real platform syncs it: the reference server over the
demo platform file in a process of its own, and in another the app's price-book service (its gateway, its store on
a new profile database, the interpreter's switch interval as the app sets it) syncing one account's rules: the
rules, then every SKU entry a page at a time. Twice: a first sync (every row written) and one with nothing changed.

Prints for each: wall and CPU time, the syncing process's peak RSS, and how long the event loop (where the keys
typed are handled) waited at worst: a ticker asks for the loop every 5 ms and counts the lateness (p99 and max).

``morning_start`` (run.py's step): the real app in tmux, its book older than its max age, refreshed by its start-up
sync in its own process: its peak RSS then (the app's RSS figure is taken with the book fresh).

    .venv/bin/python benchmarks/pricebook_bench.py --platform /path/demo-1000000.sqlite [--account C10023]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TICK = 0.005


def serve(platform: Path) -> None:
    from b2bterm.platform.demo.adapter import DemoPlatform
    from b2bterm.server import ServerThread, create_app

    server = ServerThread(create_app(DemoPlatform(platform), tokens=["bench"]))
    server.start()
    print(server.url, flush=True)
    sys.stdin.read()  # until the benchmark closes the pipe


def _peak_mib() -> float:
    """This process's peak RSS (VmHWM; not ``ru_maxrss``, which Linux keeps across exec: a child started by a big
    benchmark process would report that process's size)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def _sync_twice(url: str, account: str, folder: Path) -> list[dict[str, Any]]:
    from b2bterm.local.db import Database
    from b2bterm.local.price_book import PriceBookStore
    from b2bterm.platform.http import HttpPlatform
    from b2bterm.services.desk import SWITCH_INTERVAL
    from b2bterm.services.gateway import Gateway
    from b2bterm.services.price_book import PriceBookService

    sys.setswitchinterval(SWITCH_INTERVAL)  # as open_desk sets it for the app
    client = HttpPlatform(url, token="bench")
    await client.refresh_capabilities()
    service = PriceBookService(Gateway(client), PriceBookStore(Database(folder / "profile.sqlite")))
    runs = []
    for _ in range(2):
        late: list[float] = []

        async def tick(late: list[float] = late) -> None:
            while True:
                at = time.perf_counter()
                await asyncio.sleep(TICK)
                late.append((time.perf_counter() - at - TICK) * 1000)

        ticker = asyncio.create_task(tick())
        wall, cpu = time.perf_counter(), time.process_time()
        out = await service.sync([account])
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        ticker.cancel()
        late.sort()
        runs.append({"status": out.status.value, "skus": out.skus, "changed": out.changed, "detail": out.detail,
                     "wall": wall, "cpu": cpu, "late_p99": late[int(len(late) * 0.99)] if late else 0.0,
                     "late_max": late[-1] if late else 0.0,
                     "peak_mib": _peak_mib()})
    await client.aclose()
    return runs


def measure(platform: Path, account: str) -> list[dict[str, Any]]:
    """The two syncs' figures (a dict each), the server and the client each in a process of its own."""
    server = subprocess.Popen([sys.executable, str(Path(__file__)), "--serve", str(platform)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().strip() if server.stdout else ""
        done = subprocess.run([sys.executable, str(Path(__file__)), "--client", url, "--account", account],
                              capture_output=True, text=True, check=True)
        return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]
    finally:
        if server.stdin:
            server.stdin.close()
        server.wait(timeout=30)


def morning_start(env: dict[str, str], local: Path, timeout: float = 300) -> dict[str, float]:
    """The real app started in tmux with its price book older than its max age (as every morning: 8 hours by
    default), so its start-up sync refreshes the book in the app's own process (the embedded demo): the seconds until
    the book is synced, and the app's peak RSS (VmHWM) then."""
    import sqlite3

    import terminal_bench as term

    def synced_at() -> str | None:
        conn = sqlite3.connect(f"file:{local}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT synced_at FROM price_book WHERE id = 1").fetchone()
            return row[0] if row else None
        finally:
            conn.close()

    config = Path(env["B2BTERM_CONFIG"])
    stale = config.with_name("config-morning.toml")
    stale.write_text(config.read_text(encoding="utf-8") + "\n[sync]\nprice_book_max_age_minutes = 0\n",
                     encoding="utf-8")
    before = synced_at()
    exe = Path(sys.executable).with_name("b2bterm")
    app = term.Pane("morning", str(exe), {**env, "B2BTERM_CONFIG": str(stale)})
    term.start_server()
    try:
        app.start()
        while synced_at() == before:
            if time.perf_counter() - app.started > timeout:
                raise term.BenchmarkBroken(f"the app's price book was not synced within {timeout:.0f} s")
            time.sleep(0.2)
        return {"seconds": time.perf_counter() - app.started, "peak_mib": app.peak_rss_mib()}
    finally:
        app.stop()
        term.stop_server()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--platform", help="the demo platform file")
    ap.add_argument("--account", default="C10023")
    ap.add_argument("--serve", help=argparse.SUPPRESS)
    ap.add_argument("--client", help=argparse.SUPPRESS)
    args = ap.parse_args()
    os.environ.setdefault("B2BTERM_TODAY", "2026-11-24")
    if args.serve:
        serve(Path(args.serve))
        return 0
    if args.client:
        with tempfile.TemporaryDirectory(prefix="b2bterm-book-") as tmp:
            print(json.dumps(asyncio.run(_sync_twice(args.client, args.account, Path(tmp)))))
        return 0
    for n, run in enumerate(measure(Path(args.platform), args.account)):
        print(("first sync" if n == 0 else "again, nothing changed") + ": " + json.dumps(run))
    return 0


if __name__ == "__main__":
    sys.exit(main())
