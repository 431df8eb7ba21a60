"""Logging in over the platform API: exchange a username and password for a bearer token (POST /v1/auth/token).

Used by ``b2bterm login`` and the TUI's login screen (through ``b2bterm.services.session``). The token is
returned, never logged; storing it is the caller's job (``b2bterm.secrets.set_secret``). Error messages never hold
the password or the token. It reads the same profile options as the adapter (``url``, ``timeout``, ``verify``,
``ca_bundle``), so a login goes exactly where the adapter will.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from b2bterm.domain.record import record
from b2bterm.platform.base import AuthError, Offline, PlatformError
from b2bterm.platform.http.adapter import USER_AGENT, _api_base
from b2bterm.platform.limits import CertificateError, Limits, deadline, fetch, parse_json, positive_number, tls_verify
from b2bterm.secrets import Secret


@record
class TokenGrant:
    token: Secret
    expires_in: int | None = None


def api_base(url: str) -> str:
    return _api_base(url)


def is_plain_http_to_remote(url: str) -> bool:
    """True for http:// to anything but this machine: a password would cross the network unencrypted."""
    parsed = httpx.URL(url)
    return parsed.scheme == "http" and parsed.host not in ("127.0.0.1", "localhost", "::1")


async def request_token(options: Mapping[str, Any], username: str, password: str) -> TokenGrant:
    """POST {url}/auth/token. Raises AuthError (wrong credentials), Offline (unreachable) or PlatformError."""
    url = options.get("url")
    if not isinstance(url, str) or not url:
        raise PlatformError("This profile has no platform url.", hint="Add one: b2bterm profile edit NAME --url URL")
    if not username:
        raise AuthError("A username is needed to log in.", hint="Give --username, or set it in the profile.")
    if not password:
        raise AuthError("A password is needed to log in.", hint="Type the password.")
    base = api_base(url)
    try:
        verify = tls_verify(options.get("verify", True), options.get("ca_bundle"))
        timeout = positive_number(options.get("timeout", 10.0), "timeout")
        limits = Limits.from_options(options, timeout=timeout)
    except ValueError as exc:
        raise PlatformError(f"The profile's options are wrong: {exc}.", hint="Fix them in config.toml.") from None
    try:
        async with httpx.AsyncClient(base_url=base, timeout=timeout, verify=verify, trust_env=True,
                                     headers={"User-Agent": USER_AGENT, "Accept": "application/json"}) as client, \
                deadline("log in", limits.deadline):
            response = await fetch(client, "POST", "auth/token", call="log in", where=base, limits=limits,
                                   json={"username": username, "password": password})
    except CertificateError:
        raise
    except Offline as exc:
        raise Offline(f"Cannot reach {base} ({exc.message}).",
                      hint="Check the url and that the server is running.") from None
    if response.status_code in (400, 401, 403):
        raise AuthError("Wrong username or password.", hint="Check them and try again.")
    if response.status_code == 404:
        raise PlatformError(f"{base}auth/token does not exist: this server does not offer a login.",
                            hint="Ask its administrator for a token and set B2BTERM_TOKEN.")
    if response.status_code != 200:
        raise PlatformError(f"The login answered HTTP {response.status_code}.")
    try:
        body = parse_json(response.content, "log in")
        token = body["access_token"]
        expires = body.get("expires_in")
    except (PlatformError, KeyError, TypeError):
        raise PlatformError("The login answer is not a token (no access_token).") from None
    if not isinstance(token, str) or not token:
        raise PlatformError("The login answer holds an empty token.")
    return TokenGrant(Secret(token), int(expires) if isinstance(expires, int | float) else None)
