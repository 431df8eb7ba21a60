"""b2bterm.secrets against a real file keyring in tmp_path (never the user's keyring)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail
from keyrings.alt.file import PlaintextKeyring

from b2bterm import secrets
from b2bterm.secrets import NoKeyring, Secret, SecretsError, delete_secret, get_secret, set_secret

TOKEN = "tok-9f8e7d6c5b4a"


@pytest.fixture
def use_keyring() -> Iterator[object]:
    previous = keyring.get_keyring()

    def use(backend: KeyringBackend) -> None:
        keyring.set_keyring(backend)

    yield use
    keyring.set_keyring(previous)


@pytest.fixture
def file_keyring(tmp_path: Path, use_keyring, monkeypatch: pytest.MonkeyPatch) -> PlaintextKeyring:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("B2BTERM_TOKEN", raising=False)
    monkeypatch.delenv("B2BTERM_TOKEN_DEFAULT", raising=False)
    monkeypatch.delenv("B2BTERM_TOKEN_SHOP_2", raising=False)
    monkeypatch.setenv("B2BTERM_ALLOW_PLAINTEXT_KEYRING", "1")  # the plain-text file backend needs the opt-in
    kr = PlaintextKeyring()
    kr.file_path = str(tmp_path / "keyring.cfg")
    use_keyring(kr)
    return kr


def test_round_trip_per_profile(file_keyring: PlaintextKeyring, tmp_path: Path) -> None:
    assert get_secret("default") is None
    set_secret("default", TOKEN)
    set_secret("shop-2", "other-token")
    assert get_secret("default") == TOKEN
    assert get_secret("shop-2") == "other-token"
    assert (tmp_path / "keyring.cfg").exists()  # really in the file backend in tmp_path
    assert file_keyring.get_password("b2bterm", "default") == TOKEN  # service "b2bterm", one entry per profile
    assert delete_secret("default") is True
    assert delete_secret("default") is False
    assert get_secret("default") is None
    assert get_secret("shop-2") == "other-token"


def test_environment_overrides(file_keyring: PlaintextKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    set_secret("shop-2", "stored")
    monkeypatch.setenv("B2BTERM_TOKEN", "from-env")
    assert get_secret("shop-2") == "from-env"
    monkeypatch.setenv("B2BTERM_TOKEN_SHOP_2", "from-profile-env")
    assert get_secret("shop-2") == "from-profile-env"


def test_plaintext_backend_reported_as_not_encrypted(file_keyring: PlaintextKeyring) -> None:
    info = secrets.backend_info()
    assert info.usable and not info.encrypted and info.name.endswith("PlaintextKeyring")


@pytest.mark.parametrize("backend", [fail.Keyring(), "empty-chainer"])
def test_no_keyring_says_what_to_do(use_keyring, monkeypatch: pytest.MonkeyPatch, backend: object) -> None:  # type: ignore[no-untyped-def]
    if backend == "empty-chainer":
        monkeypatch.setattr(chainer.ChainerBackend, "backends", [])
        backend = chainer.ChainerBackend()
    use_keyring(backend)
    monkeypatch.delenv("B2BTERM_TOKEN", raising=False)
    monkeypatch.delenv("B2BTERM_TOKEN_DEFAULT", raising=False)
    for call in (lambda: set_secret("default", TOKEN), lambda: get_secret("default"), lambda: delete_secret("x")):
        with pytest.raises(NoKeyring) as info:
            call()
        text = str(info.value)
        assert "No usable keyring" in text
        assert "B2BTERM_TOKEN" in text and "keyrings.cryptfile" in text and "PYTHON_KEYRING_BACKEND" in text
        assert TOKEN not in text
    monkeypatch.setenv("B2BTERM_TOKEN_DEFAULT", "env-token")
    assert get_secret("default") == "env-token"  # the environment still works without a keyring


class _LeakyBackend(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError(f"disk full while writing {password}")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.PasswordDeleteError("none")


def test_backend_errors_are_redacted(use_keyring, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    use_keyring(_LeakyBackend())
    caplog.set_level(logging.DEBUG)
    with pytest.raises(SecretsError) as info:
        set_secret("default", TOKEN)
    assert TOKEN not in str(info.value) and "***" in str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__
    assert TOKEN not in caplog.text


def test_secret_wrapper_masks() -> None:
    s = Secret(TOKEN)
    assert TOKEN not in repr(s) and TOKEN not in str(s) and TOKEN not in f"{s}"
    assert s.reveal() == TOKEN
    assert secrets.redact(f"Bearer {TOKEN} failed", TOKEN) == "Bearer *** failed"


def test_a_plaintext_backend_is_refused_without_the_opt_in(file_keyring: PlaintextKeyring, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from b2bterm.secrets import PlaintextRefused

    monkeypatch.delenv("B2BTERM_ALLOW_PLAINTEXT_KEYRING")
    with pytest.raises(PlaintextRefused) as caught:
        set_secret("default", TOKEN)
    message = str(caught.value)
    assert "B2BTERM_ALLOW_PLAINTEXT_KEYRING=1" in message and "allow_plaintext_keyring" in message
    assert TOKEN not in message
    assert not (tmp_path / "keyring.cfg").exists()  # nothing was written
    set_secret("default", TOKEN, allow_plaintext=True)  # the config's opt-in
    assert get_secret("default") == TOKEN
