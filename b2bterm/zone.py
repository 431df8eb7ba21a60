"""One time zone for every time b2bterm shows: the profile's (``timezone = "Asia/Shanghai"`` in its table), or
the machine's when it names none. Orders, drafts, lists, the outbox's next try and the CLI all show times through
``local``; times are stored and sent in UTC. This module imports nothing from b2bterm, so that every layer may use
it.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

_zone: tzinfo | None = None  # None: the machine's zone


class ZoneError(ValueError):
    """A time zone name that is not an IANA zone (Asia/Shanghai, Europe/Berlin, UTC)."""


def parse_zone(name: str) -> tzinfo | None:
    """The zone called ``name``; None for "" (the machine's). Raises ZoneError for an unknown name."""
    text = name.strip()
    if not text or text.lower() in ("local", "auto"):
        return None
    if text.upper() == "UTC":
        return UTC
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ZoneError(f"{name!r} is not a time zone; use an IANA name such as Asia/Shanghai or UTC") from None


def set_zone(name: str) -> None:
    """Show times in the zone called ``name`` ("" = the machine's)."""
    global _zone
    _zone = parse_zone(name)


def local(moment: datetime) -> datetime:
    """``moment`` in the user's zone (a naive moment is taken as UTC, as the stores write them)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(_zone) if _zone is not None else aware.astimezone()


def show(moment: datetime | None, fmt: str = "%Y-%m-%d %H:%M", *, zone: bool = False, empty: str = "—") -> str:
    """``moment`` formatted in the user's zone; with ``zone`` the zone's abbreviation follows ("14:49 CST")."""
    if moment is None:
        return empty
    at = local(moment)
    text = at.strftime(fmt)
    return f"{text} {at.tzname() or at.strftime('%z')}" if zone else text
