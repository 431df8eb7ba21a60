"""Logging in to a platform: which profiles need a secret, and watching every call for an expired login.

Used by the desk, ``b2bterm login`` and the TUI's login screen. The exchange of a username and password for a token
is HTTP and lives with the adapter (``b2bterm.platform.http.auth``): this module speaks no HTTP.
"""

from __future__ import annotations

from typing import Any

from b2bterm.config import Profile
from b2bterm.platform.base import AuthError

# Platforms that need no secret to work. Any other platform gets the profile's token from the keyring.
NO_SECRET_PLATFORMS = frozenset({"demo"})


def needs_secret(profile: Profile) -> bool:
    return profile.platform not in NO_SECRET_PLATFORMS


def can_log_in(profile: Profile) -> bool:
    """Whether ``b2bterm login`` can log in for this profile: its adapter offers a ``login`` and it has a url."""
    from b2bterm.platform import registry

    return callable(registry.companion(profile.platform, "login")) and bool(profile.options.get("url"))


async def log_in(profile: Profile, username: str, password: str) -> Any:
    """Log in through the profile's adapter; returns a grant whose ``token`` (a Secret) goes into the keyring."""
    from b2bterm.platform import registry

    login = registry.companion(profile.platform, "login")
    if not callable(login):
        raise AuthError(f"The {profile.platform} platform has no login by username and password.",
                        hint="Set B2BTERM_TOKEN to a token from its administrator.")
    return await login(profile.options, username, password)


class AuthWatch:
    """The platform as the desk holds it: every call goes through unchanged, and an AuthError from any call is also
    reported to ``on_auth_error`` (the app then opens its login screen; the caller still gets the error, so the
    screen keeps its work and the user retries after logging in). Attribute reads and writes reach the platform."""

    def __init__(self, inner: Any, on_auth_error: Any) -> None:
        object.__setattr__(self, "_inner", inner)
        object.__setattr__(self, "_on_auth_error", on_auth_error)

    @property
    def wrapped(self) -> Any:
        return self._inner

    def __getattr__(self, name: str) -> Any:
        import functools
        import inspect

        value = getattr(self._inner, name)
        if not inspect.iscoroutinefunction(value):
            return value

        @functools.wraps(value)
        async def call(*args: Any, **kwargs: Any) -> Any:
            try:
                return await value(*args, **kwargs)
            except AuthError as exc:
                self._on_auth_error(exc)
                raise

        return call

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._inner, name, value)

    def __repr__(self) -> str:
        return repr(self._inner)
