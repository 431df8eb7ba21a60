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

import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from b2bterm import derived_file

FORMAT = 1  # bump when what the cache holds changes
SUFFIX = ".po-cache"


def cache_paths(po: Path) -> Iterator[Path]:
    """Where the cache of ``po`` may be, in the order looked at (and written): b2bterm.derived_file.places."""
    return derived_file.places(po.parent, f"{po.stem}.{po.parent.parent.name}", "locale", SUFFIX)


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
    for place in tried:
        if derived_file.write_keyed(place, key, (plural, messages)):
            break
    return messages, plural


def _read(place: Path, key: tuple[int, int, int]) -> tuple[dict[str, str], str] | None:
    stored = derived_file.read_keyed(place, key)
    if not (isinstance(stored, tuple) and len(stored) == 2):
        return None
    plural, messages = stored
    if not (isinstance(plural, str) and isinstance(messages, dict)):
        return None
    return messages, plural
