"""The product's one clock: every "now" and "today" in b2bterm comes from here, so that demos, benchmarks and tests
can move time without touching the machine's clock.

By default it is the machine's clock. Two environment variables move it, for every process that inherits them:

- ``B2BTERM_TODAY=2027-12-31``: today is that date (in the machine's time zone); the time of day stays the
  machine's, and time goes on as usual. For reproducible demos and benchmarks.
- ``B2BTERM_CLOCK_OFFSET=<seconds>``: the clock runs that many seconds ahead (or behind, negative) of the machine's.
  The test suite sets it once, so that every process it starts (the CLI in a subprocess, the reference server)
  shares exactly the same clock. It wins over ``B2BTERM_TODAY``.

Durations (timeouts, retry waits, benchmarks) use ``time.monotonic`` and are not this clock's business; neither are
protocol times that a server compares with its own machine clock (an HTTP ``Retry-After`` date, a token's expiry).
This module imports nothing from b2bterm, so that every layer may use it.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta, tzinfo

TODAY_ENV = "B2BTERM_TODAY"
OFFSET_ENV = "B2BTERM_CLOCK_OFFSET"

_offset: timedelta | None = None


class ClockError(ValueError):
    """A clock setting that cannot be read; the message names the variable and what it takes."""


def _machine_now() -> datetime:
    return datetime.now(UTC)


def _offset_from_env() -> timedelta:
    raw = os.environ.get(OFFSET_ENV, "").strip()
    if raw:
        try:
            return timedelta(seconds=float(raw))
        except (ValueError, OverflowError):
            raise ClockError(f"{OFFSET_ENV}={raw!r} is not a number of seconds.") from None
    raw = os.environ.get(TODAY_ENV, "").strip()
    if raw:
        return offset_to(parse_today(raw, TODAY_ENV))
    return timedelta(0)


def parse_today(raw: str, where: str = "today") -> date | datetime:
    """A date (``2027-12-31``) or a moment (``2027-12-31T23:30:00+08:00``, local time when it has no zone)."""
    text = raw.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ClockError(f"{where}: {raw!r} is not a date (YYYY-MM-DD) or a date and time (ISO 8601).") from None
    return moment if moment.tzinfo else moment.astimezone()


def offset_to(target: date | datetime) -> timedelta:
    """The offset that makes the clock show ``target``: a date shifts by whole days (keeping the time of day),
    a moment makes the clock show that moment now."""
    real = _machine_now()
    if isinstance(target, datetime):
        return target - real
    return timedelta(days=(target - real.astimezone().date()).days)


def offset() -> timedelta:
    global _offset
    if _offset is None:
        _offset = _offset_from_env()
    return _offset


def now() -> datetime:
    """The current moment, timezone-aware, in UTC."""
    shift = offset()  # first: on the first call it reads the machine's clock itself
    return _machine_now() + shift


def today(tz: tzinfo | None = None) -> date:
    """Today's date in ``tz`` (the machine's zone when None)."""
    return now().astimezone(tz).date()


def set_offset(value: timedelta | None) -> None:
    """Move the clock for this process (None: read the environment again). For tests and the demo tools."""
    global _offset
    _offset = value
