"""Full garbage collections wait for the user's pause (b2bterm/ui/idle_gc.py): none inside a stretch of typing,
one once the keys stop, and the interpreter's own thresholds back when the app ends."""

from __future__ import annotations

import gc
import time
from typing import Any

from b2bterm.ui.idle_gc import IDLE_SECONDS, NEVER, IdleCollector


def _full_collections() -> tuple[list[int], Any]:
    seen: list[int] = []

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            seen.append(1)

    gc.callbacks.append(callback)
    return seen, callback


def _churn(rounds: int) -> None:
    """Objects that survive a while and die in cycles, as a keystroke's messages and widgets' caches do."""
    kept: list[list[Any]] = []
    for n in range(rounds):
        a: list[Any] = [n]
        a.append(a)
        kept.append(a)
        if len(kept) > 5000:
            kept.clear()


async def test_no_full_collection_while_typing_one_in_the_pause_and_thresholds_restored() -> None:
    before = gc.get_threshold()
    typed_at = [time.monotonic()]
    collector = IdleCollector(lambda: typed_at[0])
    seen, callback = _full_collections()
    try:
        collector.start()
        assert gc.get_threshold()[2] == NEVER
        _churn(400_000)  # enough for dozens of full collections at the interpreter's own thresholds
        assert gc.get_count()[2] > before[2]  # middle-generation collections piled up, not collected in full
        assert seen == []
        assert collector.check() is False  # the user typed just now
        typed_at[0] = time.monotonic() - IDLE_SECONDS - 0.1  # then paused
        assert collector.check() is True
        assert len(seen) == 1 and collector.collections == 1 and gc.get_count()[2] == 0
        assert collector.check() is False  # nothing promoted since
    finally:
        gc.callbacks.remove(callback)
        collector.stop()
    assert gc.get_threshold() == before


async def test_the_app_collects_in_pauses_only_once_its_heap_is_settled_and_gives_back_the_thresholds(
        desk: Any) -> None:
    from b2bterm.ui.app import B2BApp

    before = gc.get_threshold()
    app = B2BApp(desk=desk, sync_on_start=False)
    app.freeze_heap = True  # as in a terminal (a headless app settles nothing unless told)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            for _ in range(3):
                await app.workers.wait_for_complete()
                await pilot.pause()
            assert app.idle_gc.running and gc.get_threshold()[2] == NEVER
            await pilot.press(*"lc1d09")
            assert app.key_order.last_read > time.monotonic() - IDLE_SECONDS
        assert not app.idle_gc.running and gc.get_threshold() == before
    finally:
        gc.unfreeze()


async def test_typing_without_a_pause_gets_its_full_collection_in_a_gap_between_keys() -> None:
    from b2bterm.ui import idle_gc

    typed_at = [time.monotonic()]
    collector = IdleCollector(lambda: typed_at[0])
    try:
        collector.start()
        _churn(100_000)
        assert gc.get_count()[2] > 0
        collector._last_full = time.monotonic() - idle_gc.LONGEST_SECONDS - 1  # typing on for a while
        typed_at[0] = time.monotonic()  # (the churn above takes longer than a gap on a loaded machine)
        assert collector.check() is False  # a key was read just now: its results are being worked out
        typed_at[0] = time.monotonic() - idle_gc.GAP_SECONDS - 0.01  # the gap before the next key
        assert collector.check() is True
    finally:
        collector.stop()
