"""Local storage in bad luck, through the CLI as a user meets it: one line naming the file and what to do, never a
traceback; a damaged cache is rebuilt with the drafts kept; damaged drafts can be exported before a reset; files
holding customer data are 0600 in folders 0700."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from b2bterm.cli import main
from b2bterm.config import profile_dir
from b2bterm.local import db as local_db
from b2bterm.local import health

ORDER = "LC1D09M7 5\n3RT2015-1BB41 2\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def db_path() -> Path:
    return profile_dir("demo") / "local.sqlite"


def one_clean_line(err: str) -> str:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture
def with_draft(capsys: pytest.CaptureFixture[str], demo_config, tmp_path: Path) -> Path:
    order = tmp_path / "order.txt"
    order.write_text(ORDER, encoding="utf-8")
    code, _, err = run(capsys, "order", "import", str(order), "--account", "C10023")
    assert code == 0, err
    return db_path()


def drafts_in(path: Path, table: str = "drafts") -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def damage_page_of(path: Path, table: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    conn.close()
    with path.open("r+b") as f:
        f.seek((root - 1) * page_size + 8)
        f.write(os.urandom(page_size - 16))
    health.forget_check(path)  # as after a crash: no recent full check


def test_files_with_customer_data_are_private(capsys: pytest.CaptureFixture[str], with_draft: Path) -> None:
    for path in (with_draft, Path(f"{with_draft}-wal"), Path(f"{with_draft}-shm")):
        if path.exists():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for folder in (with_draft.parent, with_draft.parent.parent, with_draft.parent.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    code, _, err = run(capsys, "profile", "add", "shop", "--platform", "http", "--url", "http://127.0.0.1:9")
    assert code == 0, err
    config = Path(os.environ["B2BTERM_CONFIG"])
    assert stat.S_IMODE(config.stat().st_mode) == 0o600


def test_existing_loose_permissions_are_tightened(capsys: pytest.CaptureFixture[str], with_draft: Path) -> None:
    with_draft.chmod(0o644)
    with_draft.parent.chmod(0o755)
    code, _, _ = run(capsys, "outbox")
    assert code in (0, 1)
    assert stat.S_IMODE(with_draft.stat().st_mode) == 0o600
    assert stat.S_IMODE(with_draft.parent.stat().st_mode) == 0o700


def test_a_data_dir_that_is_a_file(capsys: pytest.CaptureFixture[str], demo_config, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("B2BTERM_DATA_DIR", str(blocker))
    code, _, err = run(capsys, "outbox")
    assert code == 4
    line = one_clean_line(err)
    assert "is a file, not a folder" in line and "B2BTERM_DATA_DIR" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_data_dir(capsys: pytest.CaptureFixture[str], demo_config, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    monkeypatch.setenv("B2BTERM_DATA_DIR", str(ro / "data"))
    try:
        code, _, err = run(capsys, "outbox")
    finally:
        ro.chmod(0o700)
    assert code == 4 and "read-only" in one_clean_line(err)


def test_a_database_locked_by_another_program(capsys: pytest.CaptureFixture[str], with_draft: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local_db, "BUSY_TIMEOUT", 0.2)
    holder = sqlite3.connect(with_draft, isolation_level=None)
    holder.execute("PRAGMA journal_mode=DELETE")  # leave WAL, so an exclusive lock shuts everyone out
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code, _, err = run(capsys, "outbox")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 4
    line = one_clean_line(err)
    assert "locked by another program" in line and str(with_draft) in line


def test_a_full_disk_while_writing_is_one_line(capsys: pytest.CaptureFixture[str], with_draft: Path,
                                               monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real_init = local_db.Database.__init__

    def full(self: local_db.Database, path: Path | str) -> None:
        real_init(self, path)
        free = self.conn.execute("PRAGMA freelist_count").fetchone()[0]
        size = self.conn.execute("PRAGMA page_size").fetchone()[0]
        self.conn.execute("CREATE TABLE IF NOT EXISTS test_fill (b BLOB)")  # use up the free pages first
        self.conn.execute("INSERT INTO test_fill VALUES (zeroblob(?))", (max(1, free) * size,))
        pages = self.conn.execute("PRAGMA page_count").fetchone()[0]
        self.conn.execute(f"PRAGMA max_page_count={pages}")  # SQLite's own SQLITE_FULL, as on a full disk

    monkeypatch.setattr(local_db.Database, "__init__", full)
    order = tmp_path / "big.txt"
    order.write_text("".join(f"LC1D09M7 {n}\n3RT2015-1BB41 {n}\n" for n in range(1, 400)), encoding="utf-8")
    before = drafts_in(with_draft, "draft_lines")
    code, out, err = run(capsys, "order", "import", str(order), "--account", "C10023")
    assert code == 4, (out[-500:], err)
    assert "disk holding" in one_clean_line(err) and "is full" in err
    assert drafts_in(with_draft, "draft_lines") == before  # the paste is one transaction: none or all of it


def test_damage_in_the_catalog_is_repaired_at_start_with_the_drafts_kept(capsys: pytest.CaptureFixture[str],
                                                                         with_draft: Path) -> None:
    before = drafts_in(with_draft)
    (catalog,) = with_draft.parent.glob("local.catalog-*.sqlite")  # the catalog cache has a file of its own
    damage_page_of(catalog, "product")
    code, _, err = run(capsys, "outbox", "--json")
    assert code in (0, 1), err
    assert "Traceback" not in err
    assert drafts_in(with_draft) == before  # the profile database was not touched
    assert not catalog.exists()  # the damaged cache was replaced by an empty one
    code, _, err = run(capsys, "sync", "--quiet")  # the catalog comes back
    assert code == 0, err
    code, out, _ = run(capsys, "search", "LC1D09M7")
    assert code == 0 and "LC1D09M7" in out


def test_damaged_drafts_stop_with_the_way_out_export_then_reset(capsys: pytest.CaptureFixture[str],
                                                                 with_draft: Path, tmp_path: Path) -> None:
    damage_page_of(with_draft, "draft_lines")
    code, _, err = run(capsys, "outbox")
    assert code == 4
    line = one_clean_line(err)
    assert "is damaged" in line and "local export" in line and str(with_draft) in line
    saved = tmp_path / "drafts.json"
    code, out, err = run(capsys, "local", "export", str(saved))
    assert code == 0, err
    doc = json.loads(saved.read_text(encoding="utf-8"))
    assert len(doc["tables"]["drafts"]) == 1  # the draft header is still readable
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    code, out, _ = run(capsys, "local", "reset")
    assert code == 1 and "--yes" in out and with_draft.exists()  # nothing moves without --yes
    code, out, _ = run(capsys, "local", "reset", "--yes")
    assert code == 0 and not with_draft.exists()
    code, _, err = run(capsys, "outbox")
    assert code in (0, 1) and "Traceback" not in err


def test_a_file_that_is_not_a_database_any_more(capsys: pytest.CaptureFixture[str], with_draft: Path,
                                                tmp_path: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{with_draft}{suffix}").unlink(missing_ok=True)
    with_draft.write_bytes(os.urandom(8192))
    code, _, err = run(capsys, "outbox")
    assert code == 4 and "is damaged" in one_clean_line(err)
    code, _, err = run(capsys, "local", "export", str(tmp_path / "x.json"))
    assert code == 4 and "nothing can be read" in one_clean_line(err) and "local reset" in err
    code, _, _ = run(capsys, "local", "reset", "--yes")
    assert code == 0
    code, _, err = run(capsys, "outbox")
    assert code in (0, 1) and "Traceback" not in err


def test_a_quick_check_reads_the_whole_file_at_most_once_a_day(with_draft: Path) -> None:
    conn = sqlite3.connect(with_draft)
    try:
        health.forget_check(with_draft)
        assert health.check(conn, with_draft) == (True, True)
        assert Path(f"{with_draft}{health.STAMP_SUFFIX}").exists()
        damage_page_of(with_draft, "customer_part")
        health.check(conn, with_draft)  # stamp removed by damage_page_of: the whole file is read again
    finally:
        conn.close()
