"""A .po catalog's translations, compiled once and cached, for an install that has no .mo (an editable install, as
README.md sets up): reading the .po at every start cost a Chinese ``b2bterm`` command ~17 ms that an English one
never paid.

The cache is what ``catalog.translations`` gives (msgid -> msgstr) with the catalog's plural rule, written with
``marshal``, keyed by the .po's size and CRC-32 (its content, not its time: a checkout or a copy that keeps the
time cannot serve stale text) and the interpreter's cache tag. It lives where Python keeps the package's bytecode
(``__pycache__`` beside the .po) when that folder is writable, else in the user cache folder; it is written to a
temporary file and renamed, so a reader never sees half of one. Whatever goes wrong with a cache (none, another
catalog's, unreadable, unwritable) falls back to reading the .po: the text is right either way.

Standard library only, and nothing slow to import: this runs before every command.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path

FORMAT = 1  # bump when what the cache holds changes
SUFFIX = ".po-cache"


def cache_paths(po: Path) -> Iterator[Path]:
    """Where the cache of ``po`` may be, in the order looked at (and written); the user cache folder is worked out
    only when asked for (platformdirs is not imported while the package folder serves)."""
    name = f"{po.stem}.{po.parent.parent.name}.{sys.implementation.cache_tag}{SUFFIX}"
    yield po.parent / "__pycache__" / name
    yield _user_cache_dir() / "locale" / name


def _user_cache_dir() -> Path:
    env = os.environ.get("XDG_CACHE_HOME")
    if env and os.name == "posix":  # as platformdirs answers on Linux, without importing it before every command
        return Path(env) / "b2bterm"
    from platformdirs import user_cache_path

    return user_cache_path("b2bterm", appauthor=False)


def po_translations(po: Path, caches: Sequence[Path] | None = None) -> tuple[dict[str, str], str]:
    """The usable translations of ``po`` (as ``catalog.translations``) and its plural expression (``n != 1`` when
    the header has none): from a cache when one matches the .po, else read from it (and cached)."""
    data = po.read_bytes()
    key = (FORMAT, len(data), zlib.crc32(data))
    tried: list[Path] = []
    for place in cache_paths(po) if caches is None else caches:
        found = _read(place, key)
        if found is not None:
            return found
        tried.append(place)
    from b2bterm.locale.catalog import parse_po, plural_forms, translations

    entries = parse_po(data.decode("utf-8"))
    messages = translations(entries)
    plural = plural_forms(entries[""].msgstr if "" in entries else "")[1]
    blob = marshal.dumps((key, plural, messages))
    for place in tried:
        if _write(place, blob):
            break
    return messages, plural


def _read(place: Path, key: tuple[int, int, int]) -> tuple[dict[str, str], str] | None:
    try:
        stored = marshal.loads(place.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not (isinstance(stored, tuple) and len(stored) == 3 and stored[0] == key):
        return None
    _key, plural, messages = stored
    if not (isinstance(plural, str) and isinstance(messages, dict)):
        return None
    return messages, plural


def _write(place: Path, blob: bytes) -> bool:
    """Whether the cache was written (atomically: a reader sees the old file, none, or the whole new one)."""
    temp = place.with_name(f".{place.name}.{os.getpid()}.tmp")
    try:
        place.parent.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(blob)
        os.replace(temp, place)
    except OSError:
        try:
            temp.unlink(missing_ok=True)
        except OSError:
            pass
        return False
    return True
