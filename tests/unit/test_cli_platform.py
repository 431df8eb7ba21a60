"""`serve-demo`, `platform check`, `login`, `logout`, `profile ...` as a user runs them: real servers on 127.0.0.1, a
real file keyring in tmp_path (never the user's), config.toml written through update_config."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import httpx
import keyring
import pytest
from http_memory_platform import MemoryPlatform
from keyring.backends import fail
from keyrings.alt.file import PlaintextKeyring

from b2bterm.cli import main
from b2bterm.server import ServerThread, create_app

PASSWORD = "pw-Zq81-secret"


def run(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str | None = None,
        monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err



@pytest.fixture(scope="module")
def server() -> Iterator[ServerThread]:
    with ServerThread(create_app(MemoryPlatform(), users={"alice": PASSWORD})) as running:
        yield running


def config_path() -> Path:
    return Path(os.environ["B2BTERM_CONFIG"])


def write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def shop_config(url: str, username: str = "alice") -> Path:
    return write_config(f'[general]\nprofile = "shop"\nlanguage = "en"\n[keymap]\n"app.search" = "f5"\n'
                        f'[profiles.shop]\nplatform = "http"\nusername = "{username}"\n'
                        f'[profiles.shop.options]\nurl = "{url}"\ntimeout = 5\n')


# --- login / logout --------------------------------------------------------------------------------------------------


def test_login_stores_the_token_in_the_keyring_and_logout_removes_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, file_keyring: PlaintextKeyring,
    server: ServerThread,
) -> None:
    shop_config(server.url)
    code, out, err = run(capsys, "login", "--password-stdin", stdin=PASSWORD + "\n", monkeypatch=monkeypatch)
    assert code == 0, err
    token = file_keyring.get_password("b2bterm", "shop")
    assert token and server.app.state.tokens.valid(token)
    assert "Logged in to 'shop' as alice" in out
    assert "plain-text file" in err  # PlaintextKeyring is not encrypted: the user is told
    assert token not in out + err and PASSWORD not in out + err
    assert token not in config_path().read_text(encoding="utf-8")

    code, out, err = run(capsys, "accounts", "--json")  # the stored token is what the http profile now uses
    assert code == 0, err
    assert json.loads(out)

    code, out, _ = run(capsys, "logout", "--profile", "shop")
    assert code == 0 and "removed from the keyring" in out
    assert file_keyring.get_password("b2bterm", "shop") is None
    code, _, err = run(capsys, "accounts")
    assert code == 3 and "not logged in" in err and "b2bterm login" in err
    code, out, _ = run(capsys, "logout")
    assert code == 0 and "No token was stored" in out


def test_login_asks_username_once_and_keeps_it_in_the_profile(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, file_keyring: PlaintextKeyring,
    server: ServerThread,
) -> None:
    shop_config(server.url, username="")
    code, _, err = run(capsys, "login", "--username", "alice", "--password-stdin", stdin=PASSWORD,
                       monkeypatch=monkeypatch)
    assert code == 0, err
    saved = tomllib.loads(config_path().read_text(encoding="utf-8"))
    assert saved["profiles"]["shop"]["username"] == "alice"
    assert saved["keymap"] == {"app.search": "f5"} and saved["profiles"]["shop"]["options"]["timeout"] == 5


def test_wrong_password_is_refused_without_echoing_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, file_keyring: PlaintextKeyring,
    server: ServerThread,
) -> None:
    shop_config(server.url)
    code, out, err = run(capsys, "login", "--password-stdin", stdin="not-" + PASSWORD, monkeypatch=monkeypatch)
    assert code == 2 and "Wrong username or password" in err
    assert "not-" + PASSWORD not in out + err
    assert file_keyring.get_password("b2bterm", "shop") is None


def test_no_keyring_is_said_plainly(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, file_keyring: PlaintextKeyring,
    server: ServerThread,
) -> None:
    shop_config(server.url)
    keyring.set_keyring(fail.Keyring())  # the fixture puts the previous backend back
    code, _, err = run(capsys, "login", "--password-stdin", stdin=PASSWORD, monkeypatch=monkeypatch)
    assert code == 2 and "No usable keyring backend" in err and "B2BTERM_TOKEN" in err
    assert "Traceback" not in err
    code, _, err = run(capsys, "accounts")  # opening the profile says the same, instead of "not logged in"
    assert code == 2 and "No usable keyring backend" in err


def test_demo_profile_needs_no_login(capsys: pytest.CaptureFixture[str], file_keyring: PlaintextKeyring) -> None:
    code, out, _ = run(capsys, "login")
    assert code == 0 and "needs no login" in out


# --- profiles --------------------------------------------------------------------------------------------------------


def test_profile_add_list_use_keep_the_users_other_keys(capsys: pytest.CaptureFixture[str]) -> None:
    write_config('[general]\nlanguage = "zh_CN"\ntheme = "b2bterm-light"\n[keymap]\n"app.search" = "f5"\n'
                 '[profiles.demo.options]\nskus = 3000\n')
    code, out, err = run(capsys, "profile", "add", "acme", "--platform", "http", "--url", "http://127.0.0.1:9/",
                         "--username", "bob", "--account", "A17")
    assert code == 0, err
    assert "b2bterm login --profile acme" in out
    code, out, _ = run(capsys, "profile", "list", "--json")
    rows = {r["name"]: r for r in json.loads(out)}
    assert rows["acme"] == {"name": "acme", "platform": "http", "url": "http://127.0.0.1:9/", "username": "bob",
                            "account": "A17", "current": False}
    assert rows["demo"]["current"] is True

    code, out, _ = run(capsys, "profile", "use", "acme")
    assert code == 0
    code, out, _ = run(capsys, "profile", "list")
    assert out.splitlines()[0].startswith("* acme") or any(line.startswith("* acme") for line in out.splitlines())

    code, _, _ = run(capsys, "profile", "edit", "acme", "--username", "carol")
    assert code == 0
    saved = tomllib.loads(config_path().read_text(encoding="utf-8"))
    assert saved["general"] == {"language": "zh_CN", "theme": "b2bterm-light", "profile": "acme"}
    assert saved["keymap"] == {"app.search": "f5"}
    assert saved["profiles"]["demo"] == {"options": {"skus": 3000}}
    assert saved["profiles"]["acme"] == {"platform": "http", "username": "carol", "account": "A17",
                                         "options": {"url": "http://127.0.0.1:9/"}}


def test_profile_add_with_adapter_options(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "profile", "add", "shop", "--platform", "medusa", "--url", "http://127.0.0.1:9",
                       "--option", "user=desk@example.com", "--option", "timeout=20", "--option", "currency=cny")
    assert code == 0, err
    saved = tomllib.loads(config_path().read_text(encoding="utf-8"))
    assert saved["profiles"]["shop"]["options"] == {"url": "http://127.0.0.1:9", "user": "desk@example.com",
                                                    "timeout": 20, "currency": "cny"}
    code, _, err = run(capsys, "profile", "edit", "shop", "--option", "nonsense")
    assert code == 2 and "KEY=VALUE" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["profile", "add", "x", "--platform", "http"], "needs --url"),
        (["profile", "add", "x", "--platform", "sap", "--url", "http://h"], "installed: demo"),
        (["profile", "add", "bad name", "--platform", "demo"], "profile name"),
        (["profile", "edit", "nope", "--username", "u"], "no profile named 'nope'"),
        (["profile", "use", "nope"], "no profile named 'nope'"),
    ],
)
def test_profile_mistakes_are_refused(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2 and message in err
    assert not config_path().exists()  # nothing half-written


# --- serve-demo and platform check -----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def serve_demo(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    env = dict(os.environ, B2BTERM_DATA_DIR=str(tmp_path / "srv-data"), SRV_PW=PASSWORD)
    proc = subprocess.Popen(
        [sys.executable, "-m", "b2bterm", "serve-demo", "--port", str(port), "--skus", "400", "--user", "ops",
         "--password-env", "SRV_PW", "--log-level", "warning"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                if httpx.get(url + "/v1/health", timeout=1, trust_env=False).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"serve-demo did not start: {proc.communicate()[1]}")
            time.sleep(0.1)  # bounded readiness poll of a separate process
        yield url
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=15)
        assert PASSWORD not in err
    assert (tmp_path / "srv-data" / "serve-demo" / "skus-400" / "demo-platform.sqlite").exists()


def test_serve_demo_then_login_and_platform_check_pass(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, file_keyring: PlaintextKeyring,
    serve_demo: str,
) -> None:
    code, out, err = run(capsys, "platform", "check", serve_demo)  # no token: the server refuses
    assert code == 1 and "FAIL  capabilities" in out and "No token was sent" in err

    code, _, err = run(capsys, "profile", "add", "local", "--platform", "http", "--url", serve_demo,
                       "--username", "ops", "--use")
    assert code == 0, err
    code, _, err = run(capsys, "login", "--password-stdin", stdin=PASSWORD, monkeypatch=monkeypatch)
    assert code == 0, err

    code, out, err = run(capsys, "platform", "check", serve_demo)  # the profile's stored token for its own url
    assert code == 0, out + err
    lines = out.splitlines()
    assert any(line.startswith("PASS  capabilities") for line in lines)
    assert any(line.startswith("PASS  quote") for line in lines)
    assert " 0 failed" in lines[-1]

    monkeypatch.setenv("CHECK_TOKEN", file_keyring.get_password("b2bterm", "local") or "")
    code, out, _ = run(capsys, "platform", "check", serve_demo + "/v1", "--token-env", "CHECK_TOKEN", "--json")
    assert code == 0 and all(r["ok"] for r in json.loads(out))
    monkeypatch.setenv("CHECK_TOKEN", "wrong")
    code, out, _ = run(capsys, "platform", "check", serve_demo, "--token-env", "CHECK_TOKEN", "--json")
    results = {r["name"]: r for r in json.loads(out)}
    assert code == 1 and not results["capabilities"]["ok"] and "AuthError" in results["capabilities"]["detail"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--host", "0.0.0.0"], "--user NAME --password-env VAR"),
        (["--user", "ops"], "--user needs --password-env"),
        (["--user", "ops", "--password-env", "B2BTERM_TEST_UNSET_VAR"], "B2BTERM_TEST_UNSET_VAR"),
        (["--skus", "0"], "--skus: 0 is out of range"),
        (["--port", "99999"], "--port: 99999 is out of range"),
        (["--port", "-1"], "--port: -1 is out of range"),
    ],
)
def test_serve_demo_refuses_unsafe_or_incomplete_arguments(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, _, err = run(capsys, "serve-demo", *argv)
    assert code == 2 and message in err


def test_serve_demo_without_the_server_extra_says_what_to_install(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "uvicorn" else real(name, *a))
    code, _, err = run(capsys, "serve-demo")
    assert code == 2 and "pip install 'b2bterm[server]'" in err


def test_login_refuses_a_plaintext_keyring_unless_opted_in(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, file_keyring: PlaintextKeyring,
    server: ServerThread,
) -> None:
    monkeypatch.delenv("B2BTERM_ALLOW_PLAINTEXT_KEYRING")
    shop_config(server.url)
    code, out, err = run(capsys, "login", "--password-stdin", stdin=PASSWORD + "\n", monkeypatch=monkeypatch)
    assert code == 2 and "plain-text file" in err and "B2BTERM_ALLOW_PLAINTEXT_KEYRING=1" in err
    assert file_keyring.get_password("b2bterm", "shop") is None
    assert PASSWORD not in out + err
    path = config_path()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("[general]\n", "[general]\nallow_plaintext_keyring = true\n"), encoding="utf-8")
    code, _, err = run(capsys, "login", "--password-stdin", stdin=PASSWORD + "\n", monkeypatch=monkeypatch)
    assert code == 0, err
    assert file_keyring.get_password("b2bterm", "shop")
