"""Writing an exported file: into its folder (made when missing), atomically, with a clear error."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

_CONTROL = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(value: object) -> object:
    """Text from a platform or a user without terminal escapes and control characters (a spreadsheet refuses them,
    a PDF would print them as boxes); line breaks and tabs stay. Anything that is not text comes back as it is."""
    return _CONTROL.sub("", value) if isinstance(value, str) else value


class ExportError(Exception):
    """The file could not be written: the message names it and says why."""


def write_atomically(path: Path | str, write: Callable[[Path], None], suffix: str) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path`` and move it into place: a failure never leaves half a
    file under the user's name. ``suffix`` (".xlsx") is added when the name has none."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise ExportError(f"{target}: is a folder; give a file name")
    if not target.suffix:
        target = target.with_suffix(suffix)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix, dir=target.parent)
    except OSError as exc:
        raise ExportError(f"{target}: cannot write there ({exc.strerror or exc})") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        raise ExportError(f"{target}: cannot write it ({exc.strerror or exc})") from None
    finally:
        tmp.unlink(missing_ok=True)
    return target
