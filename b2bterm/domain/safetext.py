"""Text that is safe to put on a terminal.

Text from a platform, a file or a user may hold terminal control sequences: an OSC 52 that writes the clipboard, a
title change, a clear-screen, an unterminated DCS that swallows the rest of the screen, or bidi overrides that make
``evil.exe`` read as ``exe.live``. ``safe_text`` removes whole escape sequences (CSI, OSC, DCS, SOS, PM, APC, and
two-byte ESC sequences, terminated or not) and every remaining control character (C0 except newline and tab, DEL, C1)
and bidi formatting character. Nothing is interpreted: what remains is printable text. Pure, no I/O.
"""

from __future__ import annotations

import re
from typing import Any

# String sequences: OSC (ESC ] or 0x9D), DCS (ESC P or 0x90), SOS (ESC X or 0x98), PM (ESC ^ or 0x9E), APC (ESC _ or
# 0x9F). Each runs to its terminator (BEL, ST = ESC \ or 0x9C); an unterminated one runs to the end of the text.
_STRING_SEQ = r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c|(?=\x1b)|$)"
# CSI: ESC [ or 0x9B, parameter bytes, intermediate bytes, one final byte (or the end of the text).
_CSI_SEQ = r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
# Any other escape: ESC, intermediate bytes, one final byte (ESC c resets the terminal, ESC 7 saves the cursor...).
_ESC_SEQ = r"\x1b[\x20-\x2f]*[\x30-\x7e]?"
_SEQUENCE = re.compile(f"{_STRING_SEQ}|{_CSI_SEQ}|{_ESC_SEQ}", re.DOTALL)
# Controls left after the sequences are gone, and the bidi embedding/override/isolate and mark characters.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_CONTROL_ONE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
# A quick test: most text has none of these and is returned as it is.
_SUSPECT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_SUSPECT_ONE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")


def safe_text(text: str, *, one_line: bool = False) -> str:
    """``text`` without escape sequences, control characters or bidi overrides; newlines and tabs are kept unless
    ``one_line`` (then each becomes a space). A carriage return is dropped (``\\r\\n`` stays one line break)."""
    if not (_SUSPECT_ONE_LINE if one_line else _SUSPECT).search(text):
        return text
    out = _SEQUENCE.sub("", text)
    if one_line:
        out = out.replace("\r\n", " ").replace("\n", " ").replace("\t", " ").replace("\r", " ")
        return _CONTROL_ONE_LINE.sub("", out)
    return _CONTROL.sub("", out.replace("\r\n", "\n"))


def is_safe(text: str) -> bool:
    """True when ``safe_text`` would return ``text`` unchanged."""
    return not _SUSPECT.search(text)


def safe_tree(value: Any, *, max_depth: int = 64) -> Any:
    """A decoded JSON value with every string (keys too) made safe. Raises ``ValueError`` when it is nested deeper
    than ``max_depth`` (iterative: a 10,000-deep document never reaches Python's recursion limit)."""
    if isinstance(value, str):
        return safe_text(value)
    if not isinstance(value, dict | list):
        return value
    root: list[Any] = [value]
    # Each entry: (container, depth). Containers are cleaned in place; strings are replaced where they stand.
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > max_depth:
            raise ValueError(f"nested deeper than {max_depth} levels")
        if isinstance(node, list):
            for n, item in enumerate(node):
                if isinstance(item, str):
                    if not is_safe(item):
                        node[n] = safe_text(item)
                elif isinstance(item, dict | list):
                    stack.append((item, depth + 1))
        else:
            if any(not is_safe(k) for k in node):
                cleaned = {safe_text(k): v for k, v in node.items()}
                node.clear()
                node.update(cleaned)
            for k, item in node.items():
                if isinstance(item, str):
                    if not is_safe(item):
                        node[k] = safe_text(item)
                elif isinstance(item, dict | list):
                    stack.append((item, depth + 1))
    return root[0]
