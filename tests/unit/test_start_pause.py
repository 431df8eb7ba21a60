"""The start's background work waits for the user's first pause in typing (b2bterm/ui/start_pause.py)."""

from __future__ import annotations

from b2bterm.ui.start_pause import GAP_SECONDS, LONGEST_SECONDS, PAUSE_SECONDS, AfterPause


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_work_waits_while_keys_come_and_runs_once_they_pause() -> None:
    clock, ran = Clock(), []
    typed = [0.0]
    after = AfterPause(lambda: typed[0], lambda: ran.append(clock.now), clock=clock)
    after._since = clock.now  # as start() does, without an event loop
    assert not after.check()  # the first frame just shown: the user may be about to type
    for _ in range(8):  # a typist's keys, 0.2 s apart
        clock.now += 0.2
        typed[0] = clock.now
        assert not after.check()
    clock.now += PAUSE_SECONDS
    assert after.check() and ran == [clock.now]
    clock.now += 5
    assert after.check() and len(ran) == 1  # once


def test_someone_typing_on_gets_it_in_a_gap_after_the_longest_wait() -> None:
    clock, ran = Clock(), []
    typed = [0.0]
    after = AfterPause(lambda: typed[0], lambda: ran.append(1), clock=clock)
    after._since = clock.now
    while clock.now - after._since < LONGEST_SECONDS + 1:
        clock.now += 0.1
        typed[0] = clock.now
        assert not after.check()  # never a gap of GAP_SECONDS
    clock.now += GAP_SECONDS
    assert after.check() and ran == [1]


def test_no_pause_asked_runs_it_at_once() -> None:
    ran: list[int] = []
    after = AfterPause(lambda: 0.0, lambda: ran.append(1), pause=0)
    assert after.check() and ran == [1]
