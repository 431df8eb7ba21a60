"""Synced demo profiles for tests: a profile folder whose local catalog is synced once, copied into a test's data
folder (imported by conftest.py and by tests that build their own configs; not named conftest, which is ambiguous
when one run collects several test folders)."""

from __future__ import annotations

from pathlib import Path

from pytest import MonkeyPatch

from b2bterm.config import Config


def synced_profile(platform_file: Path, root: Path) -> Path:
    """Sync a demo profile's local catalog from ``platform_file`` in a data folder under ``root``; its folder."""
    import asyncio
    import sqlite3

    from b2bterm.config import parse_config, profile_dir
    from b2bterm.services.desk import open_desk

    with MonkeyPatch.context() as patch:
        patch.setenv("B2BTERM_DATA_DIR", str(root / "data"))
        config_path = root / "config.toml"
        config_path.write_text(f'[profiles.demo.options]\npath = "{platform_file.as_posix()}"\n', encoding="utf-8")
        config = parse_config(config_path.read_text(encoding="utf-8"), config_path)

        async def sync() -> None:
            opened = open_desk(config)
            try:
                await opened.sync_catalog()
            finally:
                await opened.aclose()

        asyncio.run(sync())
        folder = profile_dir(config.profile(None).name)
    for db in folder.glob("*.sqlite"):  # fold the WAL in, so that copying the file copies everything
        with sqlite3.connect(db) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return folder


def install_synced_profile(template: Path, config: Config) -> None:
    """Copy a synced profile folder in as ``config``'s default profile (in this test's data folder)."""
    import shutil

    from b2bterm.config import profile_dir

    target = profile_dir(config.profile(None).name)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(template, target, ignore=shutil.ignore_patterns("*-wal", "*-shm"))


def made_by_an_earlier_b2bterm(catalog_file: Path) -> None:
    """Mark a profile's catalog file as one an earlier b2bterm made (another format): the next open sets it aside."""
    import sqlite3

    conn = sqlite3.connect(catalog_file)
    conn.execute("UPDATE catalog_meta SET value = '10:' || value WHERE key IN ('format', 'format_source')")
    conn.commit()
    conn.close()
