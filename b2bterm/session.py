"""Moved to ``b2bterm.services.session`` (this name stays for code written against it)."""

from b2bterm.services.session import (
    NO_SECRET_PLATFORMS,
    AuthWatch,
    LoginResult,
    Session,
    can_log_in,
    log_in,
    log_in_and_keep,
    needs_secret,
    read_secret,
)

__all__ = [
    "NO_SECRET_PLATFORMS",
    "AuthWatch",
    "LoginResult",
    "Session",
    "can_log_in",
    "log_in",
    "log_in_and_keep",
    "needs_secret",
    "read_secret",
]
