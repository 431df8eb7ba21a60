"""Moved to ``b2bterm.services.gateway`` (this name stays for code written against it)."""

from b2bterm.services.gateway import (
    UNREACHABLE,
    Connectivity,
    Gateway,
    Recovery,
    Timeouts,
)

__all__ = [
    "UNREACHABLE",
    "Connectivity",
    "Gateway",
    "Recovery",
    "Timeouts",
]
