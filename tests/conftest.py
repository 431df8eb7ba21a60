"""Shared test setup: every test runs with its own config and data directories, never the user's."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("B2BTERM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("B2BTERM_CONFIG", str(tmp_path / "config" / "config.toml"))
