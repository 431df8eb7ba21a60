"""What handing keys on one at a time (b2bterm/ui/key_order.py) costs a single key: the search keystroke, from the
key read from the terminal to the first frame showing that query's results, in the real app (headless 160x45, the
profile of the environment, its account chosen, its heap settled as in a terminal), with b2bterm's key order and
with Textual's own dispatch (the same app with ``on_event`` not overridden), in ABBA rounds so that both see the
same load. Every key is typed alone (the next one after the app is idle again): the single-key path.

    B2BTERM_CONFIG=... B2BTERM_DATA_DIR=... .venv/bin/python benchmarks/key_order_bench.py ACCOUNT "lc1d09" "3rt2015"

benchmarks/run.py prints it in its table (``keys``).
"""

from __future__ import annotations

import asyncio
import gc
import sys
import time
from types import MethodType
from typing import Any

from figures import first_frame, pct


async def settle(app: Any, pilot: Any) -> None:
    """The app idle: its workers done (one cancelled meanwhile by a newer key's is done too), its queues empty."""
    from textual.worker import WorkerCancelled

    for _ in range(10):
        try:
            await app.workers.wait_for_complete()
            break
        except WorkerCancelled:
            continue
    await pilot.pause()


async def _type_queries(plain: bool, account_id: str, queries: list[str]) -> list[float]:
    from textual import events
    from textual.app import App
    from textual.widgets import Input

    from b2bterm.config import load_config
    from b2bterm.services.desk import open_desk
    from b2bterm.ui.app import B2BApp

    desk = open_desk(load_config())
    times: list[float] = []
    try:
        await desk.select_account(account_id)
        app = B2BApp(desk=desk, sync_on_start=False)
        app.freeze_heap = True
        if plain:  # Textual's dispatch: every key forwarded as it is read
            app.on_event = MethodType(App.on_event, app)  # type: ignore[method-assign]
        async with app.run_test(size=(160, 45)) as pilot:
            await settle(app, pilot)
            screen: Any = app.screen
            box = screen.query_one("#search-input", Input)
            for query in queries:
                box.value = ""
                await settle(app, pilot)
                for ch in query:
                    want = box.value + ch
                    framed = first_frame(app, lambda w=want: screen._query == w)
                    t = time.perf_counter()
                    app.post_message(events.Key(ch, ch))  # as the driver posts a key it read
                    await asyncio.wait_for(framed.wait(), 60)
                    times.append((time.perf_counter() - t) * 1000)
                    await settle(app, pilot)  # a typist's pace: the next key comes to an idle app
    finally:
        await desk.aclose()
        gc.unfreeze()
        gc.collect()
    return times


def keystroke_figure(account_id: str, queries: list[str], rounds: int = 2) -> tuple[list[float], list[float]]:
    """Per-key times with the key order and with Textual's own dispatch (each a list over all keys and rounds)."""
    ordered: list[float] = []
    plain: list[float] = []
    for _ in range(rounds):
        for which in (False, True, True, False):  # ABBA: a drift of the machine's load hits both alike
            (plain if which else ordered).extend(asyncio.run(_type_queries(which, account_id, queries)))
    return ordered, plain


def main(argv: list[str]) -> int:
    account, *queries = argv
    ordered, plain = keystroke_figure(account, queries or ["lc1d09", "3rt2015", "接触器 9a"])
    for q in (50, 95):
        a, b = pct(ordered, q), pct(plain, q)
        print(f"keystroke -> results frame p{q}: key order {a:.1f} ms, Textual's dispatch {b:.1f} ms, {a / b:.3f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
