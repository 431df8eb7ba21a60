"""A lock that one writer at a time holds, across processes: ``flock`` on a file beside the profile's database
(``msvcrt.locking`` on Windows). The system lets go of it when its holder exits, however it exits (a killed sync
never holds it for ever). Two opens of the file in one process are two holders too, so it also keeps apart two
writers of one process. Its holder writes who it is into the file (``host:pid``), for the message the next one shows.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

# the byte locked on Windows, far past the holder's text: there a locked range cannot be read, and the holder must be
_WINDOWS_BYTE = 1 << 20


def owner() -> str:
    """Who this process is, as a lock's holder: ``host:pid`` (``services.lease.Holder.parse`` reads it)."""
    return f"{socket.gethostname()}:{os.getpid()}"


class FileLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock if nobody holds it (never waits); True when this object holds it now."""
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:  # pragma: no cover - Windows
                import msvcrt

                os.lseek(fd, _WINDOWS_BYTE, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:  # (BlockingIOError: held; PermissionError on Windows)
            os.close(fd)
            return False
        self._fd = fd
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, owner().encode())
        except OSError:  # (a full disk: who holds it only goes into a message)
            pass
        return True

    def release(self) -> None:
        """Let go of it (nothing when not held); the file stays, for the next holder."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if fcntl is None:  # pragma: no cover - Windows lets go of a lock some time after its file is closed
            import msvcrt

            try:
                os.lseek(fd, _WINDOWS_BYTE, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
            except OSError:
                pass
        os.close(fd)  # (closing the last descriptor of the open file lets go of the lock)

    def holder(self) -> str:
        """Who holds it, as the holder wrote it ("" when unknown: being written, or unreadable)."""
        try:
            return self.path.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            return ""
