"""A file derived from one shipped with the package (a .po's compiled translations, the search vocabulary's merged
TOML), kept so that later starts read it instead of working it out again: where Python keeps the package's bytecode
(``__pycache__`` beside the source) when that folder is writable, else in the user cache folder. Written with
``marshal`` to a temporary file and renamed, so a reader never sees half of one, behind the CRC-32 of what follows, so
that a copy damaged on disk is never used (a kept regular expression's program that lost a bit would still run, and
match something else); whatever goes wrong (none, damaged, unreadable, unwritable) reads as no copy, and the caller
works the thing out from its source.

Standard library only, and nothing slow to import: this runs before every command. Used by every layer, imports none.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType


def places(source_dir: Path, name: str, kind: str, suffix: str) -> Iterator[Path]:
    """Where the copy named ``name`` of something in ``source_dir`` may be, in the order looked at (and written),
    named for this interpreter (``marshal``'s format is its own); the user cache folder (its ``kind`` folder) is
    worked out only when asked for (platformdirs is not imported while the package folder serves)."""
    name = f"{name}.{sys.implementation.cache_tag}{suffix}"
    yield source_dir / "__pycache__" / name
    yield user_cache_dir() / kind / name


def code_of(*modules: ModuleType) -> tuple[tuple[int, int], ...] | None:
    """The size and CRC-32 of each module's file: a copy made by other code (an edit, an upgrade that left the copy
    behind) is not the one this code would make. None when a file cannot be read (then nothing is kept)."""
    out = []
    for module in modules:
        try:
            data = Path(module.__file__ or "").read_bytes()
        except OSError:
            return None
        out.append((len(data), zlib.crc32(data)))
    return tuple(out)


def user_cache_dir() -> Path:
    env = os.environ.get("XDG_CACHE_HOME")
    if env and os.name == "posix":  # as platformdirs answers on Linux, without importing it before every command
        return Path(env) / "b2bterm"
    from platformdirs import user_cache_path

    return user_cache_path("b2bterm", appauthor=False)


def read(place: Path) -> object | None:
    """What the copy at ``place`` holds; None when there is none or it cannot be read."""
    try:
        data = place.read_bytes()
        if len(data) < 4 or int.from_bytes(data[:4], "big") != zlib.crc32(data[4:]):
            return None  # damaged (or another layout): made again
        return marshal.loads(data[4:])  # type: ignore[no-any-return]
    except (OSError, EOFError, ValueError, TypeError):
        return None


def write(place: Path, value: object, *, private: bool = False) -> bool:
    """Whether ``value`` was kept at ``place`` (atomically: a reader sees the old file, none, or the whole new one);
    ``private``: readable by its owner only (0600, as everything in a profile's folder)."""
    temp = place.with_name(f".{place.name}.{os.getpid()}.tmp")
    try:
        blob = marshal.dumps(value)
        blob = zlib.crc32(blob).to_bytes(4, "big") + blob
        place.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0),
                     0o600 if private else 0o666)
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(temp, place)
    except (OSError, ValueError):
        try:
            temp.unlink(missing_ok=True)
        except OSError:
            pass
        return False
    return True


def read_keyed(place: Path, key: object) -> object | None:
    """What the copy at ``place`` holds when it was kept under ``key`` (``write_keyed``); None otherwise: none, damaged,
    or made from other sources or by other code (what its key says)."""
    stored = read(place)
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == key:
        return stored[1]
    return None


def write_keyed(place: Path, key: object, value: object, *, private: bool = False) -> bool:
    """``write`` of ``value`` under ``key`` (``read_keyed`` answers it for that key alone)."""
    return write(place, (key, value), private=private)
