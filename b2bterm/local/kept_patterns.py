"""Regular expressions kept compiled between runs: what ``re`` compiles a source into, stored with the search
vocabulary's kept copy (local/vocab_cache.py) and made into a pattern again without compiling.

``re`` compiles in Python (its parser and compiler), then hands the program to ``_sre.compile``. The value parser's
expressions (every unit and value word of the vocabulary) and the classes of Chinese characters cost ~10 ms of every
``b2bterm search`` to compile; the kept program is made into the same pattern in microseconds. A program is kept
only after the pattern made from it was checked equal to ``re.compile``'s (``Pattern.__eq__`` compares the source,
the flags and the whole program; the groups are compared too), is used only for the exact source and flags it was
compiled from, and only by the same interpreter (its version and ``_sre``'s magic number are the copy's key, as
``__pycache__`` keys the bytecode beside it). Anything this Python does another way reads as no program: the
source is compiled as always.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable

# (flags, code, groups, groupindex, indexgroup): the arguments of _sre.compile after the source
Program = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
Source = tuple[str, int]  # (source, flags) as given to re.compile


def interpreter() -> tuple[str, int, int]:
    """What a kept program is valid for."""
    try:
        import _sre

        return sys.version, int(_sre.MAGIC), int(_sre.CODESIZE)
    except (ImportError, AttributeError):
        return sys.version, 0, 0


def program(source: str, flags: int = 0) -> Program | None:
    """What ``re.compile(source, flags)`` compiles, checked; None when it cannot be worked out here."""
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(source, flags)
        code = [int(c) for c in _compiler._code(parsed, flags)]  # (its opcodes are named ints)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        made: Program = (flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
        pattern = pattern_of(source, made)
        same = re.compile(source, flags)
    except Exception:  # another Python's internals: compile as always
        return None
    if pattern != same or pattern.groups != same.groups or pattern.groupindex != same.groupindex:
        return None
    return made


def pattern_of(source: str, made: Program) -> re.Pattern[str]:
    import _sre

    flags, code, groups, groupindex, indexgroup = made
    return _sre.compile(source, flags, code, groups, groupindex, indexgroup)  # type: ignore[no-any-return]


def programs(sources: Iterable[Source]) -> tuple[tuple[str, int, Program], ...]:
    """(source, flags, program) of each source whose program could be worked out, for keeping."""
    out = []
    for source, flags in dict.fromkeys((source, int(flags)) for source, flags in sources):
        made = program(source, flags)
        if made is not None:
            out.append((source, flags, made))
    return tuple(out)


def patterns(kept: object) -> dict[Source, re.Pattern[str]]:
    """The patterns of kept programs (as ``programs`` gave them), by source and flags; what cannot be made again (a
    damaged copy) is left out, and compiled as always."""
    out: dict[Source, re.Pattern[str]] = {}
    if not isinstance(kept, tuple):
        return out
    for entry in kept:
        try:
            source, flags, made = entry
            if isinstance(source, str) and isinstance(flags, int):
                out[(source, flags)] = pattern_of(source, made)
        except (TypeError, ValueError, RuntimeError, OverflowError):
            continue
    return out
