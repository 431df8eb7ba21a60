"""The lock one writer at a time holds on a file (local/file_lock.py): taken without waiting, refused while another
holds it (another open of the file: another process, or another writer of this one), its holder readable, let go on
release - also when the holder's name could not be written (a full disk)."""

from __future__ import annotations

import errno
import os
import socket
from pathlib import Path

import pytest

from b2bterm.local import file_lock
from b2bterm.local.file_lock import FileLock


def test_one_holder_at_a_time_and_who_it_is(tmp_path: Path) -> None:
    path = tmp_path / "book-lock"
    first, second = FileLock(path), FileLock(path)
    assert first.acquire() and first.held and first.acquire()  # (taken again by its holder: still held)
    assert not second.acquire() and not second.held
    assert second.holder() == f"{socket.gethostname()}:{os.getpid()}"
    first.release()
    first.release()  # (nothing left to let go)
    assert second.acquire()
    second.release()


def test_a_holder_whose_name_cannot_be_written_still_holds_and_lets_go(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    path = tmp_path / "book-lock"
    first = FileLock(path)
    with monkeypatch.context() as m:
        m.setattr(file_lock.os, "write", full)
        assert first.acquire()
    assert not FileLock(path).acquire() and FileLock(path).holder() == ""
    first.release()
    again = FileLock(path)
    assert again.acquire()
    again.release()
