"""Moved to ``b2bterm.services.desk`` (this name stays for code written against it)."""

from b2bterm.services.desk import (
    Answer,
    Connectivity,
    Desk,
    open_desk,
)

__all__ = [
    "Answer",
    "Connectivity",
    "Desk",
    "open_desk",
]
