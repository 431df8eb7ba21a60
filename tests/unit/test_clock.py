"""The one clock: moved by the environment for every process, read by every part of the product."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from b2bterm import clock
from b2bterm.platform.demo.generator import CST, DEMO_TODAY_ENV, demo_today

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fresh_clock(monkeypatch: pytest.MonkeyPatch):
    """This test sets the clock's environment itself; the session's clock comes back afterwards."""
    for var in (clock.OFFSET_ENV, clock.TODAY_ENV, DEMO_TODAY_ENV):
        monkeypatch.delenv(var, raising=False)
    clock.set_offset(None)
    yield monkeypatch
    monkeypatch.undo()
    clock.set_offset(None)


def test_the_suite_runs_on_its_own_day_not_the_machines(today: date) -> None:
    assert clock.today(UTC) == today
    assert demo_today() == clock.today(CST) == today  # 10:00 UTC is 18:00 in China, the same day


def test_b2bterm_today_moves_the_date_and_keeps_the_time_of_day(fresh_clock: pytest.MonkeyPatch) -> None:
    fresh_clock.setenv(clock.TODAY_ENV, "2028-02-29")
    clock.set_offset(None)
    assert clock.today() == date(2028, 2, 29)
    assert clock.now().tzinfo is not None
    assert clock.offset() % timedelta(days=1) == timedelta(0)  # whole days: the time of day stays the machine's
    assert clock.today() + timedelta(days=1) == date(2028, 3, 1)


def test_a_moment_in_b2bterm_today_is_where_the_clock_starts(fresh_clock: pytest.MonkeyPatch) -> None:
    fresh_clock.setenv(clock.TODAY_ENV, "2027-12-31T23:59:30+08:00")
    clock.set_offset(None)
    now = clock.now()
    assert timedelta(0) <= now - datetime(2027, 12, 31, 15, 59, 30, tzinfo=UTC) < timedelta(seconds=5)
    assert clock.today(CST) == date(2027, 12, 31)


def test_the_offset_wins_and_is_shared_exactly_with_child_processes(fresh_clock: pytest.MonkeyPatch) -> None:
    fresh_clock.setenv(clock.TODAY_ENV, "2030-01-01")
    fresh_clock.setenv(clock.OFFSET_ENV, str(-86400 * 365))
    clock.set_offset(None)
    assert clock.offset() == timedelta(days=-365)
    out = subprocess.run([sys.executable, "-c", "from b2bterm import clock; print(clock.offset().total_seconds())"],
                         capture_output=True, text=True, check=True)
    assert float(out.stdout) == -86400 * 365


@pytest.mark.parametrize(("var", "value"), [(clock.TODAY_ENV, "31/12/2027"), (clock.TODAY_ENV, "2027-02-30"),
                                            (clock.OFFSET_ENV, "a year")])
def test_a_wrong_clock_setting_is_named(fresh_clock: pytest.MonkeyPatch, var: str, value: str) -> None:
    fresh_clock.setenv(var, value)
    clock.set_offset(None)
    with pytest.raises(clock.ClockError, match=var):
        clock.now()


def test_the_cli_says_what_is_wrong_with_the_clock_setting(fresh_clock: pytest.MonkeyPatch) -> None:
    fresh_clock.setenv(clock.TODAY_ENV, "tomorrow")
    out = subprocess.run([sys.executable, "-m", "b2bterm", "platforms"], capture_output=True, text=True)
    assert out.returncode == 2
    assert "B2BTERM_TODAY" in out.stderr and "Traceback" not in out.stderr


def test_the_demo_data_day_can_be_pinned_apart_from_the_clock(fresh_clock: pytest.MonkeyPatch) -> None:
    fresh_clock.setenv(DEMO_TODAY_ENV, "2025-06-30")
    assert demo_today() == date(2025, 6, 30)
    fresh_clock.setenv(DEMO_TODAY_ENV, "June")
    with pytest.raises(ValueError, match=DEMO_TODAY_ENV):
        demo_today()


# Where the product may read the machine's clock: the clock itself, and times that another machine compares with its
# own clock (an HTTP Retry-After date, the reference server's token expiry). Everything else asks b2bterm.clock.
MACHINE_CLOCK_ALLOWED = {"b2bterm/clock.py", "b2bterm/platform/http/adapter.py", "b2bterm/server/app.py"}
MACHINE_CLOCK = re.compile(r"datetime\.now\(|datetime\.utcnow\(|date\.today\(|datetime\.today\(|time\.time\(\)|"
                           r"time\.localtime\(|time\.gmtime\(\)")


def test_no_part_of_the_product_reads_the_machines_clock_directly() -> None:
    offenders = []
    for path in sorted((ROOT / "b2bterm").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel in MACHINE_CLOCK_ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if MACHINE_CLOCK.search(line):
                offenders.append(f"{rel}:{number}: {line.strip()}")
    assert not offenders, "read the time from b2bterm.clock instead:\n" + "\n".join(offenders)
