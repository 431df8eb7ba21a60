"""The ``medusa`` adapter: Medusa v2's Admin API as a b2bterm platform (docs/medusa.md).

Options (config ``[platform.options]``): ``url`` (required, the Medusa server, e.g. ``https://shop.example.com``),
``user`` (required, the staff e-mail to log in with), ``currency`` (default ``cny``), ``country`` (for the tax
region, default ``cn``), ``timeout`` (seconds, default 15), ``connect_timeout``, ``retries`` (total tries for read
calls, default 3), ``deadline`` (seconds for one call, default max(30, 3 x timeout)), ``max_response_mb`` (default
32), ``verify`` and ``ca_bundle`` (as for the http adapter).
The secret comes from ``context.secret`` (the keyring, see ``b2bterm.secrets``): a Medusa secret API key
(``sk_…``, made in the admin under Settings → Secret API Keys) where the store provides one, so no staff password is
kept; otherwise the staff password. Never
from options.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from b2bterm.platform.base import PlatformContext
from b2bterm.platform.http.adapter import RetryPolicy
from b2bterm.platform.limits import Limits, positive_number, tls_verify
from b2bterm.platform.medusa.adapter import CAPABILITIES, MedusaPlatform

__all__ = ["CAPABILITIES", "MedusaPlatform", "create", "login"]

_KNOWN = {"url", "user", "currency", "country", "timeout", "connect_timeout", "retries", "deadline", "max_response_mb",
          "verify", "ca_bundle"}


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
    timeout = positive_number(options.get("timeout", 15.0), "timeout")
    retries = options.get("retries", 3)
    if isinstance(retries, bool) or not isinstance(retries, int) or not 1 <= retries <= 10:
        raise ValueError(f"retries must be a whole number from 1 to 10, got {retries!r}")
    currency = str(options.get("currency", "cny"))
    if not re.fullmatch(r"[A-Za-z]{3}", currency):
        raise ValueError(f"currency must be a three-letter ISO 4217 code such as cny, got {currency!r}")
    return MedusaPlatform(
        url,
        email=user,
        password=context.secret,
        currency=currency,
        country=str(options.get("country", "cn")),
        timeout=timeout,
        connect_timeout=positive_number(connect, "connect_timeout") if connect is not None else None,
        retry=RetryPolicy(attempts=retries),
        limits=Limits.from_options(options, timeout=timeout),
        verify=tls_verify(options.get("verify", True), options.get("ca_bundle")),
    )


async def login(options: Mapping[str, Any], username: str, password: str) -> Any:
    """Check the secret against Medusa and return it to keep: a secret API key (``sk_…``, typed as the password)
    is tried on GET /admin/stores and kept instead of any password; a staff password is checked at POST
    /auth/user/emailpass and kept, since Medusa's JWT expires and the adapter logs in again with it."""
    from b2bterm.platform.base import AuthError
    from b2bterm.platform.http.auth import TokenGrant
    from b2bterm.secrets import Secret

    if not password:
        raise AuthError("A password is needed to log in.", hint="Type the staff password.")
    platform = create({**options, "user": username or options.get("user", "")}, PlatformContext(secret=password))
    try:
        await platform._login()  # raises AuthError on a wrong password, Offline when unreachable
        if password.startswith("sk_"):
            await platform._read("check the API key", "/admin/stores", fields="id", limit=1)
    finally:
        await platform.aclose()
    return TokenGrant(Secret(password))
