"""Platform tokens in the system keyring, one entry per profile, service ``b2bterm``.

Lookup order for ``get_secret(profile)``: the environment (``B2BTERM_TOKEN_<PROFILE>``, then ``B2BTERM_TOKEN``),
then the keyring. Where no usable keyring backend exists (headless servers, minimal containers) ``NoKeyring`` is
raised, saying what to do instead:

- set ``B2BTERM_TOKEN`` (or ``B2BTERM_TOKEN_<PROFILE>``, profile upper-cased, other characters as ``_``), or
- opt into an encrypted file backend: ``pip install keyrings.cryptfile`` and
  ``export PYTHON_KEYRING_BACKEND=keyrings.cryptfile.cryptfile.CryptFileKeyring`` (asks for a master password), or
  ``pip install keyrings.alt pycryptodomex`` and ``export PYTHON_KEYRING_BACKEND=keyrings.alt.file.EncryptedKeyring``.
  The same backend can be set in keyring's config file (``python -m keyring diagnose`` shows where it lives):
  ``[backend]`` / ``default-keyring=keyrings.cryptfile.cryptfile.CryptFileKeyring``.

A keyring backend that keeps secrets in a plain-text file (keyrings.alt's ``PlaintextKeyring``) is refused for
storing unless the user opts in: ``export B2BTERM_ALLOW_PLAINTEXT_KEYRING=1`` or ``allow_plaintext_keyring = true``
under ``[general]`` in config.toml. (A Medusa profile's secret is the staff password itself.)

A secret never appears in a log, a repr or an exception message: errors from the backend are re-raised with the
secret redacted, and ``Secret`` wraps a value whose repr/str are masked.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

SERVICE = "b2bterm"
ENV_TOKEN = "B2BTERM_TOKEN"
ENV_ALLOW_PLAINTEXT = "B2BTERM_ALLOW_PLAINTEXT_KEYRING"
REDACTED = "***"

_NO_KEYRING_HELP = (
    "No usable keyring backend was found on this system, so the token cannot be stored safely. "
    "Either set the environment variable {env} (or {env}_<PROFILE>) to the token, "
    "or opt into an encrypted file keyring: `pip install keyrings.cryptfile` and "
    "`export PYTHON_KEYRING_BACKEND=keyrings.cryptfile.cryptfile.CryptFileKeyring` "
    "(or keyrings.alt with pycryptodomex and PYTHON_KEYRING_BACKEND=keyrings.alt.file.EncryptedKeyring)."
)


class SecretsError(Exception):
    """A keyring operation failed. The message never holds the secret."""


class NoKeyring(SecretsError):
    def __init__(self, detail: str = "") -> None:
        message = _NO_KEYRING_HELP.format(env=ENV_TOKEN)
        super().__init__(f"{message} ({detail})" if detail else message)


class PlaintextRefused(SecretsError):
    def __init__(self, backend: str) -> None:
        super().__init__(
            f"the only keyring backend here ({backend}) keeps secrets in a plain-text file, so b2bterm will not store "
            f"the token or password there. Use an encrypted keyring (keyrings.cryptfile, see README), or set "
            f"{ENV_TOKEN}, or, knowing anyone who can read your files can read it, opt in: export "
            f"{ENV_ALLOW_PLAINTEXT}=1 (or allow_plaintext_keyring = true under [general] in config.toml).")


def plaintext_allowed(config_value: object = False) -> bool:
    """The user opted into a plain-text keyring file (config ``[general] allow_plaintext_keyring`` or the env)."""
    return config_value is True or os.environ.get(ENV_ALLOW_PLAINTEXT, "").strip().lower() in ("1", "true", "yes")


class Secret:
    """A string that does not show itself: ``repr``/``str`` are masked; ``reveal()`` gives the value."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"Secret({REDACTED!r})"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)


def redact(text: str, *secrets: str | None) -> str:
    """``text`` with every non-empty secret replaced by ***."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text


def env_var_for(profile: str) -> str:
    return f"{ENV_TOKEN}_{re.sub(r'[^A-Za-z0-9]', '_', profile).upper()}"


@dataclass(frozen=True, slots=True)
class BackendInfo:
    name: str
    usable: bool
    encrypted: bool  # False for a plain-text file: `b2bterm login` should warn


def backend_info() -> BackendInfo:
    import keyring
    from keyring.backends import chainer, fail

    kr = keyring.get_keyring()
    name = f"{type(kr).__module__}.{type(kr).__name__}"
    if isinstance(kr, fail.Keyring):
        return BackendInfo(name, False, False)
    if isinstance(kr, chainer.ChainerBackend):
        backends = list(kr.backends)
        if not backends:
            return BackendInfo(name, False, False)
        plain = all(type(b).__name__ == "PlaintextKeyring" for b in backends)
        return BackendInfo(name, True, not plain)
    return BackendInfo(name, True, type(kr).__name__ != "PlaintextKeyring")


def _keyring():  # type: ignore[no-untyped-def]
    import keyring

    info = backend_info()
    if not info.usable:
        raise NoKeyring(f"backend: {info.name}")
    return keyring


def _check_profile(profile: str) -> None:
    if not profile or not profile.strip():
        raise ValueError("a profile name is needed")


def get_secret(profile: str) -> str | None:
    """The token for ``profile``: from the environment, else the keyring; None when there is none.

    Raises NoKeyring only when neither the environment nor a usable keyring can answer.
    """
    _check_profile(profile)
    for var in (env_var_for(profile), ENV_TOKEN):
        value = os.environ.get(var)
        if value:
            return value
    kr = _keyring()
    try:
        return kr.get_password(SERVICE, profile)
    except kr.errors.NoKeyringError as exc:
        raise NoKeyring(type(exc).__name__) from None
    except kr.errors.KeyringError as exc:
        raise SecretsError(f"could not read the token for profile {profile!r}: {type(exc).__name__}") from None


def set_secret(profile: str, token: str, *, allow_plaintext: bool = False) -> None:
    """Store ``token`` for ``profile`` in the keyring (never in the config). A plain-text file backend is refused
    (``PlaintextRefused``) unless ``allow_plaintext`` or the environment opts in."""
    _check_profile(profile)
    if not token:
        raise ValueError("an empty token cannot be stored")
    kr = _keyring()
    info = backend_info()
    if not info.encrypted and not plaintext_allowed(allow_plaintext):
        raise PlaintextRefused(info.name)
    try:
        kr.set_password(SERVICE, profile, token)
    except kr.errors.NoKeyringError as exc:
        raise NoKeyring(type(exc).__name__) from None
    except Exception as exc:  # backend messages may echo the value: never chain or repeat them unredacted
        detail = redact(str(exc), token)
        raise SecretsError(
            f"could not store the token for profile {profile!r}: {type(exc).__name__}: {detail}"
        ) from None


def delete_secret(profile: str) -> bool:
    """Remove the stored token for ``profile``; False when there was none."""
    _check_profile(profile)
    kr = _keyring()
    try:
        kr.delete_password(SERVICE, profile)
    except kr.errors.PasswordDeleteError:
        return False
    except kr.errors.NoKeyringError as exc:
        raise NoKeyring(type(exc).__name__) from None
    return True
