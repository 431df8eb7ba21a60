"""The ``http`` adapter: the b2bterm platform HTTP API (docs/platform-api.yaml) over httpx.

Options (config ``[platform.options]``): ``url`` (required; the API root, ``/v1`` is added when the path is empty),
``timeout`` (seconds, default 10), ``connect_timeout`` (default min(timeout, 5)), ``verify`` (default true),
``ca_bundle`` (a PEM file of trusted CAs), ``retries`` (total tries for read calls, default 3), ``capabilities``
(a list of names, to restrict what the UI offers), ``deadline`` (seconds for one call, retries included; default
max(30, 3 x timeout)), ``max_response_mb`` (the largest answer read, decompressed; default 32).
The bearer token comes from ``context.secret`` (the keyring,
see ``b2bterm.secrets``), never from options.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from b2bterm.platform.base import Capability, PlatformContext
from b2bterm.platform.http.adapter import USER_AGENT, HttpPlatform, RetryPolicy, parse_retry_after
from b2bterm.platform.limits import Limits, positive_number

__all__ = ["USER_AGENT", "HttpPlatform", "RetryPolicy", "create", "login", "parse_retry_after"]

_KNOWN = {"url", "timeout", "connect_timeout", "verify", "ca_bundle", "retries", "capabilities", "deadline",
          "max_response_mb"}


async def login(options: Mapping[str, Any], username: str, password: str) -> Any:
    """Exchange a username and password for a bearer token (the secret to keep): POST {url}/v1/auth/token."""
    from b2bterm.platform.http.auth import request_token

    return await request_token(options, username, password)


def create(options: Mapping[str, Any], context: PlatformContext) -> HttpPlatform:
    for secret_key in ("token", "password", "secret", "api_key"):
        if secret_key in options:
            raise ValueError(
                f"the http platform does not take {secret_key!r} from the config; "
                "store it in the keyring with `b2bterm login` (or set B2BTERM_TOKEN)."
            )
    unknown = sorted(set(options) - _KNOWN)
    if unknown:
        raise ValueError(f"unknown http platform option(s): {', '.join(unknown)}; known: {', '.join(sorted(_KNOWN))}")
    url = options.get("url")
    if not isinstance(url, str) or not url:
        raise ValueError('the http platform needs `url` in its options, e.g. url = "https://erp.example.com/v1"')
    caps: Capability | None = None
    if "capabilities" in options:
        caps = Capability(0)
        if not isinstance(options["capabilities"], list):
            raise ValueError("capabilities must be a list of names, e.g. capabilities = [\"search\", \"quote\"]")
        for name in options["capabilities"]:
            member = Capability.__members__.get(str(name).upper())
            if member is None:
                raise ValueError(f"unknown capability {name!r}")
            caps |= member
    timeout = positive_number(options.get("timeout", 10.0), "timeout")
    connect = options.get("connect_timeout")
    retries = options.get("retries", 3)
    if isinstance(retries, bool) or not isinstance(retries, int) or not 1 <= retries <= 10:
        raise ValueError(f"retries must be a whole number from 1 to 10, got {retries!r}")
    return HttpPlatform(
        url,
        token=context.secret,
        timeout=timeout,
        connect_timeout=positive_number(connect, "connect_timeout") if connect is not None else None,
        verify=options.get("verify", True),  # type: ignore[arg-type]  # tls_verify reads bools and "false"
        ca_bundle=str(options["ca_bundle"]) if options.get("ca_bundle") else None,
        retry=RetryPolicy(attempts=retries),
        capabilities=caps,
        limits=Limits.from_options(options, timeout=timeout),
    )
