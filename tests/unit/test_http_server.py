"""The reference server's own behaviour: auth, token expiry, bad requests, factory lifecycle."""

from __future__ import annotations

import httpx
from http_memory_platform import MemoryPlatform

from b2bterm.server import ServerThread, create_app


def test_no_credentials_configured_means_every_call_is_refused() -> None:
    with ServerThread(create_app(MemoryPlatform())) as server:
        r = httpx.get(server.url + "/v1/capabilities")
        assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["status"] == 401 and r.json()["type"].endswith("/unauthorized")


def test_open_access_is_explicit() -> None:
    with ServerThread(create_app(MemoryPlatform(), open_access=True)) as server:
        assert httpx.get(server.url + "/v1/accounts/A1").json()["id"] == "A1"


def test_expired_token_is_refused() -> None:
    app = create_app(MemoryPlatform(), users={"bob": "pw"}, token_ttl=-1)
    with ServerThread(app) as server:
        token = httpx.post(server.url + "/v1/auth/token", json={"username": "bob", "password": "pw"}).json()
        r = httpx.get(server.url + "/v1/capabilities", headers={"Authorization": f"Bearer {token['access_token']}"})
        assert r.status_code == 401 and "expired" in r.json()["title"]


def test_bad_requests_are_problems_naming_the_field() -> None:
    with ServerThread(create_app(MemoryPlatform(), tokens=["t"])) as server:
        h = {"Authorization": "Bearer t"}
        r = httpx.post(server.url + "/v1/accounts/A1/quotes", content=b"{oops", headers=h)
        assert r.status_code == 400 and r.json()["title"] == "Malformed JSON"
        r = httpx.post(server.url + "/v1/accounts/A1/quotes", json={"items": [{"sku": "S", "qty": "3"}]}, headers=h)
        assert r.status_code == 400 and r.json()["field"] == "items[0].qty"
        r = httpx.post(
            server.url + "/v1/orders",
            json={
                "account_id": "A1",
                "lines": [{"sku": "SKU-0001", "qty": 1, "expected_unit_price": {"amount": 9.5, "currency": "CNY"}}],
            },
            headers={**h, "Idempotency-Key": "k1"},
        )
        assert r.status_code == 400 and r.json()["field"] == "lines[0].expected_unit_price.amount"
        r = httpx.get(server.url + "/v1/orders", params={"since": "last week"}, headers=h)
        assert r.status_code == 400 and r.json()["field"] == "since"
        r = httpx.post(server.url + "/v1/availability", json={"skus": ["x"] * 1001}, headers=h)
        assert r.status_code == 400


def test_factory_is_built_in_the_server_and_closed_at_shutdown() -> None:
    made: list[MemoryPlatform] = []

    def factory() -> MemoryPlatform:
        made.append(MemoryPlatform())
        return made[-1]

    with ServerThread(create_app(factory, tokens=["t"])) as server:
        r = httpx.get(server.url + "/v1/capabilities", headers={"Authorization": "Bearer t"})
        assert r.json()["name"] == "memory"
        assert len(made) == 1 and not made[0].closed
    assert made[0].closed
