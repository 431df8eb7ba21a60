"""The ``medusa`` adapter: Medusa v2's Admin API as a b2bterm platform (docs/medusa.md).

Options (config ``[platform.options]``): ``url`` (required, the Medusa server, e.g. ``https://shop.example.com``),
``user`` (required, the staff e-mail to log in with), ``currency`` (default ``cny``), ``country`` (for the tax
region, default ``cn``), ``timeout`` (seconds, default 15), ``connect_timeout``, ``retries`` (total tries for read
calls, default 3). The staff password comes from ``context.secret`` (the keyring, see ``b2bterm.secrets``), never
from options.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from b2bterm.platform.base import PlatformContext
from b2bterm.platform.http.adapter import RetryPolicy
from b2bterm.platform.medusa.adapter import CAPABILITIES, MedusaPlatform

__all__ = ["CAPABILITIES", "MedusaPlatform", "create", "login"]

_KNOWN = {"url", "user", "currency", "country", "timeout", "connect_timeout", "retries"}


def create(options: Mapping[str, Any], context: PlatformContext) -> MedusaPlatform:
    for secret_key in ("password", "token", "secret", "api_key"):
        if secret_key in options:
            raise ValueError(
                f"the medusa platform does not take {secret_key!r} from the config; "
                "store the staff password in the keyring with `b2bterm login`."
            )
    unknown = sorted(set(options) - _KNOWN)
    if unknown:
        raise ValueError(f"unknown medusa platform option(s): {', '.join(unknown)}; known: {', '.join(sorted(_KNOWN))}")
    url, user = options.get("url"), options.get("user")
    if not isinstance(url, str) or not url:
        raise ValueError('the medusa platform needs `url` in its options, e.g. url = "https://shop.example.com"')
    if not isinstance(user, str) or not user:
        raise ValueError('the medusa platform needs `user` (the staff e-mail) in its options')
    connect = options.get("connect_timeout")
    return MedusaPlatform(
        url,
        email=user,
        password=context.secret,
        currency=str(options.get("currency", "cny")),
        country=str(options.get("country", "cn")),
        timeout=float(options.get("timeout", 15.0)),
        connect_timeout=float(connect) if connect is not None else None,
        retry=RetryPolicy(attempts=max(1, int(options.get("retries", 3)))),
    )


async def login(options: Mapping[str, Any], username: str, password: str) -> Any:
    """Check the staff e-mail and password against Medusa (POST /auth/user/emailpass); the password is the secret
    to keep, since Medusa's JWT expires and the adapter logs in again with the password when it does."""
    from b2bterm.platform.base import AuthError
    from b2bterm.platform.http.auth import TokenGrant
    from b2bterm.secrets import Secret

    if not password:
        raise AuthError("A password is needed to log in.", hint="Type the staff password.")
    platform = create({**options, "user": username or options.get("user", "")}, PlatformContext(secret=password))
    try:
        await platform._login()  # raises AuthError on a wrong password, Offline when unreachable
    finally:
        await platform.aclose()
    return TokenGrant(Secret(password))
