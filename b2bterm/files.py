"""Reading a file someone else made (an order list to import, the config, a theme): only a regular file, and never
more than a limit, enforced while reading. ``/dev/zero`` is refused before a byte is read, a FIFO is refused
without waiting for a writer, and a file that grows while it is read stops at the limit. Used by every layer;
imports none of them."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class FileReadError(ValueError):
    """Why a file cannot be read, naming it (English, for logs); ``kind`` and ``values`` say it as data for the UI
    and the CLI to word: missing, folder, unreadable [error], not_regular, too_large [limit]; ``path``, ``what``."""

    def __init__(self, message: str, kind: str = "", **values: str) -> None:
        super().__init__(message)
        self.kind, self.values = kind, values


def read_regular_file(path: str | Path, limit: int, *, what: str = "file") -> bytes:
    """Up to ``limit`` bytes of the regular file at ``path``; more than that raises ``FileReadError``."""
    name = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(Path(path).expanduser(), flags)
    except FileNotFoundError:
        raise FileReadError(f"{name}: no such file", "missing", path=name, what=what) from None
    except IsADirectoryError:
        raise FileReadError(f"{name}: is a folder, not a file", "folder", path=name, what=what) from None
    except OSError as exc:
        raise FileReadError(f"{name}: cannot read it ({exc.strerror or exc})", "unreadable", path=name, what=what,
                            error=str(exc.strerror or exc)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise FileReadError(f"{name}: is a folder, not a file", "folder", path=name, what=what)
        if not stat.S_ISREG(info.st_mode):
            raise FileReadError(f"{name}: not a regular file (a device, a pipe or a socket); give a {what} on disk",
                                "not_regular", path=name, what=what)
        if info.st_size > limit:
            raise FileReadError(f"{name}: the {what} is larger than {limit:,} bytes", "too_large", path=name,
                                what=what, limit=f"{limit:,}")
        chunks: list[bytes] = []
        total = 0
        while True:
            try:
                chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            except OSError as exc:
                if exc.errno == errno.EAGAIN:
                    continue
                raise FileReadError(f"{name}: cannot read it ({exc.strerror or exc})", "unreadable", path=name,
                                    what=what, error=str(exc.strerror or exc)) from None
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while we read it
                raise FileReadError(f"{name}: the {what} is larger than {limit:,} bytes", "too_large", path=name,
                                    what=what, limit=f"{limit:,}")
        return b"".join(chunks)
    finally:
        os.close(fd)
