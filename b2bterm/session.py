"""Logging in to a platform: exchange a username and password for a bearer token (POST /v1/auth/token).

Used by ``b2bterm login`` and the TUI's login screen. The token is returned, never logged; storing it is the
caller's job (``b2bterm.secrets.set_secret``). Error messages never hold the password or the token.

This is the only place outside the http adapter that speaks HTTP; it reads the same profile options (``url``,
``timeout``, ``verify``, ``ca_bundle``) so a login goes exactly where the adapter will.
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from b2bterm.config import Profile
from b2bterm.platform.base import AuthError, Offline, PlatformError
from b2bterm.secrets import Secret

# Platforms that need no secret to work. Any other platform gets the profile's token from the keyring.
NO_SECRET_PLATFORMS = frozenset({"demo"})


def needs_secret(profile: Profile) -> bool:
    return profile.platform not in NO_SECRET_PLATFORMS


def can_log_in(profile: Profile) -> bool:
    """Whether ``b2bterm login`` can get a token for this profile (an http-API platform with a url)."""
    return profile.platform == "http" and bool(profile.options.get("url"))


@dataclass(frozen=True, slots=True)
class TokenGrant:
    token: Secret
    expires_in: int | None = None


def api_base(url: str) -> str:
    from b2bterm.platform.http.adapter import _api_base

    return _api_base(url)


def is_plain_http_to_remote(url: str) -> bool:
    """True for http:// to anything but this machine: a password would cross the network unencrypted."""
    import httpx

    parsed = httpx.URL(url)
    return parsed.scheme == "http" and parsed.host not in ("127.0.0.1", "localhost", "::1")


async def request_token(options: Mapping[str, Any], username: str, password: str) -> TokenGrant:
    """POST {url}/auth/token. Raises AuthError (wrong credentials), Offline (unreachable) or PlatformError."""
    import httpx

    url = options.get("url")
    if not isinstance(url, str) or not url:
        raise PlatformError("This profile has no platform url.", hint="Add one: b2bterm profile edit NAME --url URL")
    if not username:
        raise AuthError("A username is needed to log in.", hint="Give --username, or set it in the profile.")
    if not password:
        raise AuthError("A password is needed to log in.", hint="Type the password.")
    base = api_base(url)
    verify: bool | ssl.SSLContext = bool(options.get("verify", True))
    if verify and options.get("ca_bundle"):
        verify = ssl.create_default_context(cafile=str(options["ca_bundle"]))
    timeout = float(options.get("timeout", 10.0))
    from b2bterm.platform.http.adapter import USER_AGENT

    try:
        async with httpx.AsyncClient(base_url=base, timeout=timeout, verify=verify, trust_env=True,
                                     headers={"User-Agent": USER_AGENT, "Accept": "application/json"}) as client:
            response = await client.post("auth/token", json={"username": username, "password": password})
    except httpx.TransportError as exc:
        raise Offline(f"Cannot reach {base} ({type(exc).__name__}).",
                      hint="Check the url and that the server is running.") from None
    if response.status_code in (400, 401, 403):
        raise AuthError("Wrong username or password.", hint="Check them and try again.")
    if response.status_code == 404:
        raise PlatformError(f"{base}auth/token does not exist: this server does not offer a login.",
                            hint="Ask its administrator for a token and set B2BTERM_TOKEN.")
    if response.status_code != 200:
        raise PlatformError(f"The login answered HTTP {response.status_code}.")
    try:
        body = response.json()
        token = body["access_token"]
        expires = body.get("expires_in")
    except (ValueError, KeyError, TypeError):
        raise PlatformError("The login answer is not a token (no access_token).") from None
    if not isinstance(token, str) or not token:
        raise PlatformError("The login answer holds an empty token.")
    return TokenGrant(Secret(token), int(expires) if isinstance(expires, int | float) else None)


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
