"""Shared test setup: every test runs with its own config and data directories, never the user's."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from profiles import install_synced_profile, synced_profile

# The day every test lives on, whatever the machine's date and time zone: the product's clock (b2bterm.clock) is set
# to 10:00 UTC on that day (18:00 in China, the same date from UTC-10 to UTC+13) for this process and every process it
# starts, and the demo data is built around it.
# CI runs the unit and UI layers again with ``--today`` a year ahead and on a leap day, to prove no test and no part of
# the product reads the machine's clock directly.
DEFAULT_TODAY = "2026-11-24"
TODAY_KEY = pytest.StashKey[date]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--today", default=DEFAULT_TODAY, metavar="YYYY-MM-DD",
                     help=f"the date the product's clock and the demo data are set to (default {DEFAULT_TODAY})")


def pytest_configure(config: pytest.Config) -> None:
    from b2bterm import clock
    from b2bterm.platform.demo.generator import DEMO_TODAY_ENV

    today = date.fromisoformat(config.getoption("--today"))
    os.environ[clock.OFFSET_ENV] = _offset_for(today)
    os.environ.pop(clock.TODAY_ENV, None)
    os.environ.pop(DEMO_TODAY_ENV, None)
    clock.set_offset(None)
    config.stash[TODAY_KEY] = today


def _offset_for(day: date) -> str:
    """The clock offset (B2BTERM_CLOCK_OFFSET) that puts the product's clock at 10:00 UTC on ``day``."""
    from b2bterm import clock

    return repr(clock.offset_to(datetime.combine(day, time(10, 0), UTC)).total_seconds())


@pytest.fixture
def move_clock(monkeypatch: pytest.MonkeyPatch):  # -> Callable[[date], None]
    """Put the product's clock (and every process this test starts) on another day, for this test only: for tests
    whose data is pinned to a day of their own, such as the snapshots."""
    from b2bterm import clock

    def move(day: date) -> None:
        monkeypatch.setenv(clock.OFFSET_ENV, _offset_for(day))
        clock.set_offset(None)

    yield move
    monkeypatch.undo()
    clock.set_offset(None)


@pytest.fixture(scope="session")
def today(pytestconfig: pytest.Config) -> date:
    """The test session's today: build expectations from it, never from the machine's clock."""
    return pytestconfig.stash[TODAY_KEY]


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("B2BTERM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("B2BTERM_CONFIG", str(tmp_path / "config" / "config.toml"))


UI_DEMO_SKUS = 3000


@pytest.fixture(scope="session")
def demo_platform_file(tmp_path_factory: pytest.TempPathFactory, today: date) -> Path:
    """One small demo distributor, built once per test session; tests copy it before changing anything."""
    from b2bterm.platform.demo.generator import build_demo_db

    path = tmp_path_factory.mktemp("demo-template") / "demo-platform.sqlite"
    build_demo_db(path, skus=UI_DEMO_SKUS, seed=7, anchor=today)
    return path


def _demo_config_copy(demo_platform_file: Path, tmp_path: Path):  # -> Config
    import shutil

    from b2bterm.config import parse_config

    copy = tmp_path / "platform" / "demo-platform.sqlite"
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(demo_platform_file, copy)
    config_path = tmp_path / "config" / "config.toml"
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text(f'[profiles.demo.options]\npath = "{copy.as_posix()}"\n', encoding="utf-8")
    return parse_config(config_path.read_text(encoding="utf-8"), config_path)


@pytest.fixture
def demo_config_unsynced(demo_platform_file: Path, tmp_path: Path):  # -> Config
    """A config whose demo profile uses this test's own copy of the demo platform file; nothing synced yet: for the
    tests of a first sync, and for tests that change the platform's data under the catalog."""
    return _demo_config_copy(demo_platform_file, tmp_path)


@pytest.fixture
def demo_config(demo_platform_file: Path, tmp_path: Path, synced_template):  # -> Config
    """A config whose demo profile uses this test's own copy of the demo platform file, with the local catalog
    already synced from it (a copy of the session's synced profile): the app's own start-up sync, or a test's, then
    finds nothing changed."""
    config = _demo_config_copy(demo_platform_file, tmp_path)
    install_synced_profile(synced_template(demo_platform_file), config)
    return config


@pytest.fixture(scope="session")
def synced_template(tmp_path_factory: pytest.TempPathFactory):  # -> Callable[[Path], Path]
    """A demo profile folder with its local catalog synced from a given platform file, built once per file per
    session: tests start from a copy, and their own sync then finds nothing changed (a first full sync of the demo
    catalog per test was most of the suite's time)."""
    made: dict[Path, Path] = {}

    def template(platform_file: Path) -> Path:
        if platform_file not in made:
            made[platform_file] = synced_profile(platform_file, tmp_path_factory.mktemp("synced-profile"))
        return made[platform_file]

    return template


@pytest.fixture
async def desk(demo_config):  # -> Desk, catalog synced, no account chosen
    from b2bterm.services.desk import open_desk

    opened = open_desk(demo_config)
    await opened.sync_catalog()
    yield opened
    await opened.aclose()


@pytest.fixture(autouse=True)
def _waiting_survives_replaced_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """``app.workers.wait_for_complete()`` raises WorkerCancelled when an exclusive worker it was waiting on is
    replaced by a newer one (a keystroke, a screen resume): normal in this app, and under CPU load it made tests
    flaky. Wait for every worker, ignore the cancelled ones, and still raise a worker's real failure."""
    import asyncio

    from textual.worker import WorkerCancelled
    from textual.worker_manager import WorkerManager

    async def wait_for_complete(self: WorkerManager, workers=None) -> None:  # type: ignore[no-untyped-def]
        pending = list(workers if workers is not None else self)
        results = await asyncio.gather(*(worker.wait() for worker in pending), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException) and not isinstance(
                result, WorkerCancelled | asyncio.CancelledError
            ):
                raise result

    monkeypatch.setattr(WorkerManager, "wait_for_complete", wait_for_complete)


@pytest.fixture
def file_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # -> PlaintextKeyring
    """A real keyring backend that keeps its file in this test's folder: never the user's keyring, and no token
    from the environment."""
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    for var in [v for v in os.environ if v.startswith("B2BTERM_TOKEN")]:
        monkeypatch.delenv(var)
    # a plain-text file keyring is refused unless the user opts in: these tests opt in, as a user would
    monkeypatch.setenv("B2BTERM_ALLOW_PLAINTEXT_KEYRING", "1")
    previous = keyring.get_keyring()
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring" / "keyring.cfg")
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
