"""TLS verification (on by default, ``ca_bundle`` option) and proxies from the environment, against real servers."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
from http_memory_platform import MemoryPlatform

from b2bterm.platform.base import Offline, PlatformContext
from b2bterm.platform.http import RetryPolicy, create
from b2bterm.platform.limits import CertificateError
from b2bterm.server import FaultPlan, ServerThread, create_app

TOKEN = "tls-token"


def _make_ca_and_leaf(tmp: Path) -> tuple[Path, Path, Path]:
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    # OpenSSL checks validity against the machine's clock: a fixed window that holds on any date this code will see
    # (no reading of the clock in the test)
    valid_from, valid_to = dt.datetime(2000, 1, 1, tzinfo=dt.UTC), dt.datetime(2099, 12, 31, tzinfo=dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "b2bterm test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid_from)
        .not_valid_after(valid_to)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid_from)
        .not_valid_after(valid_to)
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .sign(ca_key, hashes.SHA256())
    )
    ca_pem, cert_pem, key_pem = tmp / "ca.pem", tmp / "cert.pem", tmp / "key.pem"
    ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_pem.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    key_pem.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return ca_pem, cert_pem, key_pem


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerThread, Path]]:
    ca, cert, key = _make_ca_and_leaf(tmp_path_factory.mktemp("tls"))
    app = create_app(MemoryPlatform(), tokens=[TOKEN], faults=FaultPlan())
    verify = ssl.create_default_context(cafile=str(ca))
    with ServerThread(app, ssl_certfile=str(cert), ssl_keyfile=str(key), health_verify=verify) as server:
        yield server, ca


async def test_tls_verified_with_ca_bundle(tls_server: tuple[ServerThread, Path]) -> None:
    server, ca = tls_server
    assert server.url.startswith("https://")
    p = create({"url": server.url, "ca_bundle": str(ca)}, PlatformContext(secret=TOKEN))
    try:
        assert (await p.get_account("A1")).id == "A1"
    finally:
        await p.aclose()


async def test_tls_unknown_ca_refused_by_default(tls_server: tuple[ServerThread, Path]) -> None:
    server, _ = tls_server
    p = create({"url": server.url, "retries": 3}, PlatformContext(secret=TOKEN))
    try:
        with pytest.raises(CertificateError, match=r"certificate .* is not trusted") as caught:
            await p.get_account("A1")
        assert "ca_bundle" in caught.value.user_text()  # the fix is named
        assert isinstance(caught.value, Offline)  # an order meanwhile waits in the outbox
    finally:
        await p.aclose()


@pytest.mark.parametrize("content", [None, b"not a certificate\n", b""])
def test_a_missing_or_broken_ca_bundle_is_a_clear_option_error(tmp_path: Path, content: bytes | None) -> None:
    bundle = tmp_path / "ca.pem"
    if content is not None:
        bundle.write_bytes(content)
    with pytest.raises(ValueError, match=r"ca_bundle .*ca\.pem"):
        create({"url": "https://127.0.0.1:9/", "ca_bundle": str(bundle)}, PlatformContext(secret=TOKEN))


async def test_verify_false_is_an_explicit_opt_out(tls_server: tuple[ServerThread, Path]) -> None:
    server, _ = tls_server
    p = create({"url": server.url, "verify": False}, PlatformContext(secret=TOKEN))
    try:
        assert (await p.get_account("A1")).id == "A1"
    finally:
        await p.aclose()


async def test_proxy_taken_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A forward proxy from HTTP_PROXY is used: here a tiny real one on loopback that counts what passes."""
    import asyncio

    platform = MemoryPlatform()
    seen: list[bytes] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        seen.append(head.split(b"\r\n", 1)[0])
        host, port = head.split(b"\r\n")[0].split(b" ")[1].split(b"/")[2].decode().split(":")
        up_r, up_w = await asyncio.open_connection(host, int(port))
        path_line = head.replace(b"http://" + f"{host}:{port}".encode(), b"", 1)
        up_w.write(path_line)
        length = int(
            next((ln.split(b":")[1] for ln in head.split(b"\r\n") if ln.lower().startswith(b"content-length")), b"0")
        )
        if length:
            up_w.write(await reader.readexactly(length))
        await up_w.drain()
        while chunk := await up_r.read(65536):  # the request asked Connection: close, so EOF ends the reply
            writer.write(chunk)
            await writer.drain()
        writer.close()
        up_w.close()

    with ServerThread(create_app(platform, tokens=[TOKEN])) as server:
        proxy = await asyncio.start_server(handle, "127.0.0.1", 0)
        proxy_port = proxy.sockets[0].getsockname()[1]
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy_port}")
        monkeypatch.setenv("ALL_PROXY", f"http://127.0.0.1:{proxy_port}")
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        p = create({"url": server.url, "retries": 1}, PlatformContext(secret=TOKEN))
        p.retry = RetryPolicy(attempts=1)
        try:
            # one request per connection through this minimal proxy
            p._client.headers["Connection"] = "close"
            account = await p.get_account("A1")
        finally:
            await p.aclose()
            proxy.close()
            await proxy.wait_closed()
    assert account.id == "A1"
    assert seen and seen[0].startswith(b"GET http://127.0.0.1:") and b"/v1/accounts/A1" in seen[0]


def test_free_port_helper_sanity() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        assert s.getsockname()[1] > 0
