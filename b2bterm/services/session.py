"""The login session: which profiles need a secret, logging in, and watching every call for an expired login.

The login steps are written once here (``log_in_and_keep``) and used by ``b2bterm login`` and the TUI's login
screen: the adapter exchanges the username and password for a token (HTTP, with the adapter:
``b2bterm.platform.http.auth``; this module speaks no HTTP), and the token goes into the keyring. ``Session`` holds
one desk's login state: the keyring problem to show, the listeners told of an AuthError from any platform call (the
TUI opens its login screen over the current one, so no work is lost), and the rebuild of the platform client with a
new token (``relogin``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from b2bterm.config import Profile
from b2bterm.domain.record import record
from b2bterm.platform import registry
from b2bterm.platform.base import N_, AuthError, ErrorCode, Platform, PlatformContext, PlatformError
from b2bterm.secrets import SecretsError, get_secret, set_secret
from b2bterm.services.gateway import Gateway

# Platforms that need no secret to work. Any other platform gets the profile's token from the keyring.
NO_SECRET_PLATFORMS = frozenset({"demo"})


def needs_secret(profile: Profile) -> bool:
    return profile.platform not in NO_SECRET_PLATFORMS


def platform_names() -> list[str]:
    """The installed platform adapters a profile may name (entry points; nothing is imported)."""
    return registry.names()


def can_log_in(profile: Profile) -> bool:
    """Whether ``b2bterm login`` can log in for this profile: its adapter offers a ``login`` and it has a url."""
    return callable(registry.companion(profile.platform, "login")) and bool(profile.options.get("url"))


async def log_in(profile: Profile, username: str, password: str) -> Any:
    """Log in through the profile's adapter; returns a grant whose ``token`` (a Secret) goes into the keyring."""
    login = registry.companion(profile.platform, "login")
    if not callable(login):
        raise AuthError(f"The {profile.platform} platform has no login by username and password.",
                        hint=N_("Set B2BTERM_TOKEN to a token from its administrator."),
                        code=ErrorCode.NO_PASSWORD_LOGIN, values={"platform": profile.platform})
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


@record
class LoginResult:
    """A login that worked: the token (for this session), how long it holds, and whether the keyring kept it."""

    token: str
    expires_in: int | None
    kept: bool
    keep_error: SecretsError | None = None  # why it was not kept


async def log_in_and_keep(profile: Profile, username: str, password: str, *,
                          allow_plaintext: bool = False) -> LoginResult:
    """The login steps: the adapter's login, then the token into the keyring (in a thread). Raises PlatformError
    (AuthError for a wrong password) when the login fails; a keyring that cannot keep the token is reported on the
    result, not raised: the caller decides (the CLI stops, the TUI logs in for this session only). A plain-text
    keyring file is such a keyring unless ``allow_plaintext`` (config ``[general] allow_plaintext_keyring``)."""
    grant = await log_in(profile, username, password)
    token = grant.token.reveal()
    try:
        await asyncio.to_thread(lambda: set_secret(profile.name, token, allow_plaintext=allow_plaintext))
    except SecretsError as exc:
        return LoginResult(token, getattr(grant, "expires_in", None), kept=False, keep_error=exc)
    return LoginResult(token, getattr(grant, "expires_in", None), kept=True)


def read_secret(profile: Profile) -> tuple[str | None, str]:
    """The profile's token from the environment or the keyring, and why none could be read ("" when fine)."""
    if not needs_secret(profile):
        return None, ""
    try:
        return get_secret(profile.name), ""
    except SecretsError as exc:
        return None, str(exc)


class Session:
    """One desk's login state and its platform client's (re)building."""

    def __init__(self, profile: Profile, data_dir: Path, gateway: Gateway, *, secret_problem: str = "") -> None:
        self.profile = profile
        self.data_dir = data_dir
        self.gateway = gateway
        self.secret_problem = secret_problem  # why no token could be read: the CLI stops with it, the TUI shows it
        self.auth_listeners: list[Callable[[AuthError], None]] = []

    @property
    def needs_secret(self) -> bool:
        return needs_secret(self.profile)

    def _auth_failed(self, exc: AuthError) -> None:
        for listener in list(self.auth_listeners):
            listener(exc)

    def watch_platform(self, platform: Platform) -> Platform:
        """``platform`` with its AuthErrors reported to ``auth_listeners`` (only for platforms that log in)."""
        if not self.needs_secret or isinstance(platform, AuthWatch):
            return platform
        return AuthWatch(platform, self._auth_failed)  # type: ignore[return-value]

    def build_platform(self, secret: str | None) -> Platform:
        """A new client for this profile's platform, built with ``secret`` (through the entry-point registry)."""
        factory = registry.load(self.profile.platform)
        context = PlatformContext(profile=self.profile.name, data_dir=self.data_dir, secret=secret)
        return self.watch_platform(factory(dict(self.profile.options), context))

    def replace_platform(self, new: Platform) -> Platform:
        """Swap in ``new`` and return the old client (the caller closes it)."""
        old, self.gateway.platform = self.gateway.platform, self.watch_platform(new)
        return old

    async def relogin(self, token: str) -> None:
        """Rebuild the platform client with ``token``, check it answers, and swap it in (the old one is closed)."""
        new = self.build_platform(token)
        refresh = getattr(new, "refresh_capabilities", None)
        try:
            if callable(refresh) and self.gateway.may_call_platform:
                await refresh()
        except AuthError:
            await new.aclose()
            raise
        except PlatformError:
            pass  # unreachable right now: the token is still good for when it is back
        old = self.replace_platform(new)
        self.secret_problem = ""
        await old.aclose()
