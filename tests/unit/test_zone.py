"""One time zone for every time shown: the profile's, or the machine's."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from b2bterm import zone
from b2bterm.config import ConfigError, parse_config

MOMENT = datetime(2026, 12, 5, 22, 49, tzinfo=UTC)  # 06:49 the next day in Shanghai


@pytest.fixture(autouse=True)
def _machine_zone(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    zone.set_zone("")
    monkeypatch.undo()
    time.tzset()


def test_the_profile_zone_is_used_for_every_time_shown() -> None:
    zone.set_zone("Asia/Shanghai")
    assert zone.show(MOMENT) == "2026-12-06 06:49"
    assert zone.show(MOMENT, "%H:%M", zone=True) == "06:49 CST"
    assert zone.show(MOMENT.replace(tzinfo=None), "%Y-%m-%d") == "2026-12-06"  # naive = UTC, as stored
    assert zone.show(None) == "—"


def test_without_a_profile_zone_the_machine_zone_is_used() -> None:
    zone.set_zone("")
    assert zone.show(MOMENT, "%Y-%m-%d %H:%M", zone=True) == "2026-12-05 17:49 EST"


def test_utc_and_unknown_zones(tmp_path: Path) -> None:
    zone.set_zone("UTC")
    assert zone.show(MOMENT, "%H:%M") == "22:49"
    with pytest.raises(zone.ZoneError):
        zone.set_zone("Mars/Olympus")
    path = tmp_path / "config.toml"
    text = '[profiles.demo]\nplatform = "demo"\ntimezone = "Mars/Olympus"\n'
    with pytest.raises(ConfigError) as caught:
        parse_config(text, path)
    assert "profiles.demo.timezone" in str(caught.value) and "Asia/Shanghai" in str(caught.value)
    assert parse_config(text.replace("Mars/Olympus", "Asia/Shanghai"), path).profile("demo").timezone \
        == "Asia/Shanghai"
