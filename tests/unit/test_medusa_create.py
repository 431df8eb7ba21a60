"""``create()`` options and the staff login, on httpx's MockTransport (no server)."""

from __future__ import annotations

import json

import httpx
import pytest

from b2bterm.platform.base import AuthError, Capability, PlatformContext
from b2bterm.platform.medusa import MedusaPlatform, create


def test_create_takes_the_password_from_the_context_only() -> None:
    with pytest.raises(ValueError, match="keyring"):
        create({"url": "http://127.0.0.1:9000", "user": "a@b", "password": "x"}, PlatformContext())
    with pytest.raises(ValueError, match="unknown"):
        create({"url": "http://127.0.0.1:9000", "user": "a@b", "colour": "red"}, PlatformContext())
    with pytest.raises(ValueError, match="user"):
        create({"url": "http://127.0.0.1:9000"}, PlatformContext())
    p = create({"url": "http://127.0.0.1:9000/", "user": "a@b"}, PlatformContext(secret="pw"))
    assert p.base_url == "http://127.0.0.1:9000" and "pw" not in repr(p)
    assert not p.capabilities & Capability.LAST_PAID


async def test_relogin_once_on_401_then_auth_error() -> None:
    logins: list[str] = []
    tokens = iter(["t1", "t2", "t3"])

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/auth/user/emailpass":
            logins.append(json.loads(request.content)["password"])
            return httpx.Response(200, json={"token": next(tokens)})
        if request.headers["authorization"] == "Bearer t2":
            return httpx.Response(200, json={"variants": [], "count": 0})
        return httpx.Response(401, json={"message": "Unauthorized"})

    p = MedusaPlatform("http://medusa.test", email="a@b", password="pw", transport=httpx.MockTransport(handler))
    assert await p.get_products(["X"]) == {}
    assert logins == ["pw", "pw"]  # t1 refused -> one fresh login (t2) -> answered
    p._token = "t3-stale"
    with pytest.raises(AuthError):
        await p.get_products(["X"])  # refused again after the fresh login (t3): no loop
    await p.aclose()


async def test_wrong_password_is_an_auth_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"type": "unauthorized", "message": "Invalid email or password"})

    p = MedusaPlatform("http://medusa.test", email="a@b", password="bad", transport=httpx.MockTransport(handler))
    with pytest.raises(AuthError):
        await p.search_accounts("x")
    await p.aclose()
