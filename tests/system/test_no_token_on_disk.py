"""End to end: log in to an http profile and use it (sync, search, accounts, a quote, platform check), then look for
the token and the password everywhere b2bterm writes: config.toml, every file in the data dir (the SQLite database
and its WAL, read as bytes), the log file and everything printed. Only the keyring may hold the token."""

from __future__ import annotations

import base64
import io
import json
import logging
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring

from b2bterm.cli import main
from b2bterm.server import ServerThread, create_app

PASSWORD = "pw-System-4417-x"



@pytest.fixture
def demo_server(demo_platform_file: Path, tmp_path: Path) -> Iterator[ServerThread]:
    copy = tmp_path / "server" / "demo-platform.sqlite"
    copy.parent.mkdir(parents=True)
    shutil.copyfile(demo_platform_file, copy)

    def make():  # type: ignore[no-untyped-def]
        from b2bterm.platform import demo
        from b2bterm.platform.base import PlatformContext

        return demo.create({"path": str(copy)}, PlatformContext(profile="server", data_dir=copy.parent))

    with ServerThread(create_app(make, users={"ops": PASSWORD})) as server:
        yield server


@pytest.fixture
def debug_log(tmp_path: Path) -> Iterator[Path]:
    """Everything logged at DEBUG (b2bterm, httpx, httpcore, keyring...) goes to a file, as a support run would."""
    path = tmp_path / "logs" / "b2bterm.log"
    path.parent.mkdir()
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield path
    root.removeHandler(handler)
    root.setLevel(old_level)
    handler.close()


def _forms(secret: str) -> list[bytes]:
    raw = secret.encode()
    return [raw, base64.b64encode(raw), raw.hex().encode(), secret.encode("utf-16-le")]


def _files_holding(root: Path, secret: str) -> list[Path]:
    return [p for p in sorted(root.rglob("*")) if p.is_file() and any(f in p.read_bytes() for f in _forms(secret))]


def test_no_token_or_password_outside_the_keyring(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    file_keyring: PlaintextKeyring, demo_server: ServerThread, debug_log: Path,
) -> None:
    printed: list[str] = []

    def run(*argv: str, stdin: str | None = None) -> str:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(argv))
        out, err = capsys.readouterr()
        printed.extend((out, err))
        assert code == 0, err
        return out

    run("profile", "add", "shop", "--platform", "http", "--url", demo_server.url, "--username", "ops", "--use")
    run("login", "--password-stdin", stdin=PASSWORD + "\n")
    token = file_keyring.get_password("b2bterm", "shop")
    assert token and len(token) >= 20 and demo_server.app.state.tokens.valid(token)

    run("sync", "--quiet")
    hits = json.loads(run("search", "contactor", "--limit", "3", "--json"))
    assert hits
    accounts = json.loads(run("accounts", "--json"))
    quote = json.loads(run("quote", f"{hits[0]['sku']}:5", "--account", accounts[0]["code"], "--json"))
    assert quote[0]["qty"] == 5
    assert "0 failed" in run("platform", "check")

    data_dir = Path(os.environ["B2BTERM_DATA_DIR"])
    profile_files = list((data_dir / "profiles" / "shop").glob("local.sqlite*"))
    assert profile_files, "the profile's database was not where expected"
    config_file = Path(os.environ["B2BTERM_CONFIG"])
    assert debug_log.stat().st_size > 0  # something was logged, so the scan below means something
    # The scan can see a secret: the keyring file holds the token in one of the forms looked for.
    assert _files_holding(tmp_path / "keyring", token)

    for secret in (token, PASSWORD):
        assert _files_holding(data_dir, secret) == []
        assert _files_holding(config_file.parent, secret) == []
        assert _files_holding(debug_log.parent, secret) == []
        assert not any(secret in text for text in printed)
