"""config.toml: read with tomllib, validated against a schema, written back with tomli-w.

The file lives in the user config dir (platformdirs), or where B2BTERM_CONFIG or ``--config`` says. A missing file
means the defaults (the embedded demo). Broken TOML, an unknown key or a wrong type raises ``ConfigError`` naming
the file, the key and the line, so the app never starts half-configured.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import field
from pathlib import Path
from typing import Any

from b2bterm.record import record
from b2bterm.zone import ZoneError, parse_zone

APP_NAME = "b2bterm"
MAX_CONFIG_BYTES = 1024 * 1024

# section -> key -> (type(s), default). A profile is validated by PROFILE_KEYS; its [options] table belongs to
# the adapter and may hold any scalar.
GENERAL_KEYS: dict[str, tuple[tuple[type, ...], Any]] = {
    "profile": ((str,), "demo"),
    "language": ((str,), "auto"),
    "theme": ((str,), "b2bterm-dark"),
    "fkeys": ((bool,), True),
    "allow_plaintext_keyring": ((bool,), False),  # store secrets in a plain-text keyring file (keyrings.alt)
    "remember_account": ((bool,), True),  # the account chosen with F7 is the profile's account at the next start
}
PROFILE_KEYS: dict[str, tuple[tuple[type, ...], Any]] = {
    "platform": ((str,), "demo"),
    "account": ((str,), ""),
    "username": ((str,), ""),
    "timezone": ((str,), ""),  # IANA name; "" = the machine's zone (b2bterm/zone.py)
    "options": ((dict,), {}),
}
QUICKORDER_KEYS: dict[str, tuple[tuple[type, ...], Any]] = {
    "merge_repeated": ((bool,), True),
}
SYNC_KEYS: dict[str, tuple[tuple[type, ...], Any]] = {
    "price_tolerance": ((str, int, float), "0.005"),
    "price_max_age_minutes": ((int,), 240),
    "quote_timeout_seconds": ((int, float), 3),
    "price_book_accounts": ((str, list), ""),
    "price_book_max_age_minutes": ((int,), 480),
}
QUOTATIONS_KEYS: dict[str, tuple[tuple[type, ...], Any]] = {
    "valid_days": ((int,), 30),
    "delivery_terms": ((str,), ""),
    "payment_terms": ((str,), ""),
    "company_name": ((str,), ""),
    "company_address": ((str,), ""),
    "company_contact": ((str,), ""),
    "export_folder": ((str,), ""),
}
SECTIONS = {"general": GENERAL_KEYS, "quickorder": QUICKORDER_KEYS, "sync": SYNC_KEYS, "quotations": QUOTATIONS_KEYS}
def N_(text: str) -> str:
    """Marks a message for the catalog; the UI and the CLI translate it when they show the error (worded())."""
    return text


_TYPE_NAMES = {str: N_("a string"), int: N_("a whole number"), float: N_("a number"), bool: N_("true or false"),
               dict: N_("a table"), list: N_("a list")}


class ConfigError(Exception):
    """A problem in config.toml. ``message`` is an English template marked with N_ and filled from ``values``:
    str() is English (logs, tracebacks), ``worded(_)`` is in the user's language."""

    def __init__(self, path: Path | None, message: str, *, key: str = "", line: int | None = None,
                 **values: object) -> None:
        self.path = path
        self.key = key
        self.line = line
        self.template = message
        self.values = values
        super().__init__(self.worded(lambda text: text))

    def worded(self, translate: Callable[[str], str]) -> str:
        where = str(self.path) if self.path else translate(N_("config"))
        if self.line:
            where += translate(N_(", line {line}")).format(line=self.line)
        if self.key:
            where += translate(N_(", key {key!r}")).format(key=self.key)
        values = {k: self._word(v, translate) for k, v in self.values.items()}
        text = translate(self.template)
        return translate(N_("{where}: {problem}")).format(where=where,
                                                          problem=text.format(**values) if values else text)

    @staticmethod
    def _word(value: object, translate: Callable[[str], str]) -> object:
        if isinstance(value, Worded):
            return translate(value)
        if isinstance(value, tuple) and all(isinstance(v, Worded) for v in value):  # alternatives: "a or b"
            return translate(N_(" or ")).join(translate(v) for v in value)
        return value


class Worded(str):
    """A value of a ConfigError's message that is itself a marked word (translated with the message)."""


@record  # (a frozen dataclass at a fraction of its cost at import: ~0.6 ms a class of every command's start)
class Profile:
    """One ``[profiles.<name>]`` table: the platform it talks to and as whom."""

    name: str
    platform: str = "demo"
    account: str = ""
    username: str = ""
    options: Mapping[str, Any] = field(default_factory=dict)
    timezone: str = ""  # where times are shown; "" = the machine's zone


@record
class Config:
    """The whole config.toml, validated, with the defaults filled in."""

    path: Path | None
    general: Mapping[str, Any]
    profiles: Mapping[str, Profile]
    quickorder: Mapping[str, Any]
    sync: Mapping[str, Any]
    keymap: Mapping[str, str]
    raw: Mapping[str, Any]
    quotations: Mapping[str, Any] = field(default_factory=lambda: {k: d for k, (_t, d) in QUOTATIONS_KEYS.items()})

    def profile(self, name: str | None = None) -> Profile:
        wanted = name or self.general["profile"]
        if wanted in self.profiles:
            return self.profiles[wanted]
        if wanted == "demo":
            return Profile(name="demo")
        known = ", ".join(sorted(self.profiles)) or "none"
        raise ConfigError(self.path, N_("no profile named {wanted!r} (profiles: {known})"), key="general.profile",
                          wanted=wanted, known=known)


def default_config_path() -> Path:
    env = os.environ.get("B2BTERM_CONFIG")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "config.toml"


def data_dir() -> Path:
    env = os.environ.get("B2BTERM_DATA_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def profile_dir(profile: str) -> Path:
    """The profile's own folder under ``profiles/``: never ``.``, ``..`` or anything outside it."""
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", profile) or "default"
    if safe.startswith("."):
        safe = "_" + safe[1:]
    return data_dir() / "profiles" / safe


def _line_of(text: str, section: str, key: str) -> int | None:
    """Best effort: the line where ``key`` is set inside ``[section]`` (tomllib gives no positions)."""
    current = ""
    header = re.compile(r"^\s*\[+\s*([^\]]+?)\s*\]+\s*(#.*)?$")
    key_re = re.compile(r"^\s*[\"']?" + re.escape(key) + r"[\"']?\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        m = header.match(line)
        if m:
            current = m.group(1).replace('"', "").replace("'", "")
            if key == current.split(".")[-1] and section.endswith(current):
                return number
            continue
        if current == section and key_re.match(line):
            return number
    return None


def _check_table(
    path: Path | None, text: str, section: str, table: Any, schema: Mapping[str, tuple[tuple[type, ...], Any]]
) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise ConfigError(path, N_("[{section}] must be a table"), key=section, line=_line_of(text, "", section),
                          section=section)
    values = {key: default for key, (_, default) in schema.items()}
    for key, value in table.items():
        if key not in schema:
            known = ", ".join(sorted(schema))
            raise ConfigError(
                path, N_("unknown key (known keys in [{section}]: {known})"), key=f"{section}.{key}",
                line=_line_of(text, section, key), section=section, known=known,
            )
        types, _ = schema[key]
        if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
            raise ConfigError(
                path, N_("must be {kind}, not {actual}"), key=f"{section}.{key}", line=_line_of(text, section, key),
                kind=tuple(Worded(_TYPE_NAMES[t]) for t in types), actual=type(value).__name__,
            )
        values[key] = value
    return values


def _check_sync_ranges(path: Path | None, text: str, sync: Mapping[str, Any]) -> None:
    """[sync] values must make sense, not just have the right type."""
    from decimal import Decimal, InvalidOperation

    def bad(key: str, message: str, **values: object) -> ConfigError:
        return ConfigError(path, message, key=f"sync.{key}", line=_line_of(text, "sync", key), **values)

    raw = sync["price_tolerance"]
    try:
        tolerance = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        tolerance = Decimal("NaN")
    if isinstance(raw, bool) or not tolerance.is_finite() or not (0 <= tolerance <= 1):
        raise bad("price_tolerance", N_("must be a fraction from 0 to 1 (0.005 = half a percent), not {raw!r}"),
                  raw=raw)
    if not 1 <= sync["price_max_age_minutes"] <= 525600:
        raise bad("price_max_age_minutes", N_("must be from {lo} to 525600 minutes, not {value}"), lo=1,
                  value=sync["price_max_age_minutes"])
    timeout = sync["quote_timeout_seconds"]
    if not (0 < timeout <= 600):
        raise bad("quote_timeout_seconds", N_("must be more than 0 and at most 600 seconds, not {value}"),
                  value=timeout)
    if not 0 <= sync["price_book_max_age_minutes"] <= 525600:
        raise bad("price_book_max_age_minutes", N_("must be from {lo} to 525600 minutes, not {value}"), lo=0,
                  value=sync["price_book_max_age_minutes"])
    book = sync["price_book_accounts"]
    if isinstance(book, str) and book.strip().lower() not in ("", "all"):
        raise bad("price_book_accounts", N_('must be "" (the account in use), "all" or a list of accounts, not '
                                            '{value!r}'), value=book)
    if isinstance(book, list) and not all(isinstance(a, str) and a.strip() for a in book):
        raise bad("price_book_accounts", N_("must list account ids or codes as strings"))


def _toml_error(path: Path | None, exc: tomllib.TOMLDecodeError) -> ConfigError:
    """The parser's own words are quoted as they are (English); where it stopped is told in the user's language."""
    said = str(exc)
    at = re.search(r"\s*\(at line (\d+), column (\d+)\)$", said)
    if at:
        return ConfigError(path, N_("not valid TOML at column {column}: “{reason}”"), line=int(at.group(1)),
                           column=int(at.group(2)), reason=said[:at.start()])
    if said.endswith(" (at end of document)"):
        return ConfigError(path, N_("not valid TOML at the end of the file: “{reason}”"),
                           reason=said.removesuffix(" (at end of document)"))
    return ConfigError(path, N_("not valid TOML: “{reason}”"), reason=said)


def parse_config(text: str, path: Path | None = None) -> Config:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(path, exc) from exc
    known_top = {*SECTIONS, "profiles", "keymap"}
    for key in raw:
        if key not in known_top:
            raise ConfigError(
                path, N_("unknown section (known: {known})"), key=key, line=_line_of(text, "", key),
                known=", ".join(sorted(known_top)),
            )
    parsed = {name: _check_table(path, text, name, raw.get(name, {}), schema) for name, schema in SECTIONS.items()}
    _check_sync_ranges(path, text, parsed["sync"])
    days = parsed["quotations"]["valid_days"]
    if not 0 <= days <= 3660:
        raise ConfigError(path, N_("must be a number of days from 0 to 3660"), key="quotations.valid_days",
                          line=_line_of(text, "quotations", "valid_days"))
    profiles: dict[str, Profile] = {}
    raw_profiles = raw.get("profiles", {})
    if not isinstance(raw_profiles, dict):
        raise ConfigError(path, N_("[profiles] must be a table of profiles"), key="profiles")
    for name, table in raw_profiles.items():
        if not PROFILE_NAME.match(name):
            raise ConfigError(path, N_("a profile name is letters, digits, '-', '_' or '.', starting with a letter "
                                       "or digit, up to 64 characters"), key=f"profiles.{name}",
                              line=_line_of(text, "", name))
        values = _check_table(path, text, f"profiles.{name}", table, PROFILE_KEYS)
        for okey, ovalue in values["options"].items():
            if not isinstance(ovalue, str | int | float | bool):
                raise ConfigError(
                    path, N_("an option must be a string, number or true/false"), key=f"profiles.{name}.options.{okey}",
                    line=_line_of(text, f"profiles.{name}.options", okey),
                )
            if re.search(r"(token|password|secret)", okey, re.I):
                raise ConfigError(
                    path, N_("secrets never go in config.toml; use `b2bterm login` (they are kept in the keyring)"),
                    key=f"profiles.{name}.options.{okey}", line=_line_of(text, f"profiles.{name}.options", okey),
                )
        try:
            parse_zone(values["timezone"])
        except ZoneError as exc:
            raise ConfigError(path, "{error}", key=f"profiles.{name}.timezone", error=str(exc),
                              line=_line_of(text, f"profiles.{name}", "timezone")) from None
        profiles[name] = Profile(name=name, platform=values["platform"], account=values["account"],
                                 username=values["username"], options=dict(values["options"]),
                                 timezone=values["timezone"])
    keymap = raw.get("keymap", {})
    if not isinstance(keymap, dict) or not all(isinstance(v, str) for v in keymap.values()):
        raise ConfigError(path, N_('[keymap] maps binding ids to keys, e.g. "app.search" = "f2"'), key="keymap",
                          line=_line_of(text, "", "keymap"))
    return Config(path=path, general=parsed["general"], profiles=profiles, quickorder=parsed["quickorder"],
                  sync=parsed["sync"], keymap=dict(keymap), raw=raw, quotations=parsed["quotations"])


def load_config(path: Path | None = None) -> Config:
    from b2bterm.files import FileReadError, read_regular_file

    path = path or default_config_path()
    if not path.exists() and not path.is_symlink():
        return parse_config("", path)
    try:
        text = read_regular_file(path, MAX_CONFIG_BYTES, what="config file").decode("utf-8")
    except FileReadError as exc:
        raise ConfigError(path, "{error}", error=str(exc).removeprefix(f"{path}: ")) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(path, N_("cannot be read: not UTF-8 text ({reason} at byte {at})"), reason=exc.reason,
                          at=exc.start) from None
    return parse_config(text, path)


def update_config(path: Path, changes: Mapping[str, Any]) -> None:
    """Merge ``changes`` (nested tables) into the file, keeping the user's other keys, comments, order and layout
    (tomlkit edits the document in place); validate before writing. A file that does not exist yet is written from
    scratch (tomli-w)."""
    if not path.exists():
        import tomli_w

        text = tomli_w.dumps(_plain(changes))
    else:
        import tomlkit
        from tomlkit.exceptions import TOMLKitError

        try:
            original = path.read_text(encoding="utf-8")
            tomllib.loads(original)  # the reader's verdict: a file b2bterm refuses to read is not rewritten either
            document = tomlkit.parse(original)
        except (tomllib.TOMLDecodeError, TOMLKitError) as exc:
            raise ConfigError(path, N_("not valid TOML, not overwriting it: “{error}”"), error=str(exc)) from exc
        _merge_into(document, changes)
        text = tomlkit.dumps(document)
    parse_config(text, path)  # never write a file we would refuse to read
    _write_private(path, text)


def _plain(changes: Mapping[str, Any]) -> dict[str, Any]:
    return {key: _plain(value) if isinstance(value, Mapping) else value for key, value in changes.items()}


def _merge_into(table: Any, changes: Mapping[str, Any]) -> None:
    """Set ``changes`` in a tomlkit table: an existing sub-table is edited in place (its comments stay), a value is
    replaced where it stands, a new key or table is added at the end of its table."""
    for key, value in changes.items():
        current = table.get(key)
        if isinstance(value, Mapping) and isinstance(current, MutableMapping):
            _merge_into(current, value)
        else:
            table[key] = _new_table(value) if isinstance(value, Mapping) else value


def _new_table(values: Mapping[str, Any]) -> Any:
    """A tomlkit table for ``values`` (its values first, then its sub-tables), followed by a blank line."""
    import tomlkit

    table = tomlkit.table()
    subtables = {key: value for key, value in values.items() if isinstance(value, Mapping)}
    for key, value in values.items():
        if key not in subtables:
            table.add(key, value)
    for key, value in subtables.items():
        table.add(key, _new_table(value))
    if not subtables:  # the last sub-table carries the blank line
        table.add(tomlkit.nl())
    return table


def _write_private(path: Path, text: str) -> None:
    """Write the file whole (a temporary file renamed over it), 0600 in a folder created 0700: it names the
    customers' accounts and the platform's address."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = path.with_suffix(".toml.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as exc:
        raise ConfigError(path, N_("cannot be written ({error}): check that its folder is writable and the disk is "
                                   "not full"), error=exc.strerror or str(exc)) from None


# --- profiles: add, edit, choose (the CLI's `profile` commands and the settings screen) ------------------------------

PROFILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def save_profile(
    path: Path,
    name: str,
    *,
    platform: str | None = None,
    url: str | None = None,
    username: str | None = None,
    account: str | None = None,
    options: Mapping[str, Any] | None = None,
    use: bool = False,
) -> None:
    """Add or change the profile ``name`` in the file (None leaves a value as it is; other keys are kept).

    ``url`` goes to the profile's ``options``; ``use`` also makes it the ``[general] profile``.
    """
    if not PROFILE_NAME.match(name):
        raise ConfigError(path, N_("a profile name is letters, digits, '-', '_' or '.', up to 64 characters"),
                          key=f"profiles.{name}")
    table: dict[str, Any] = {}
    if platform is not None:
        table["platform"] = platform
    if username is not None:
        table["username"] = username
    if account is not None:
        table["account"] = account
    opts: dict[str, Any] = dict(options or {})
    if url is not None:
        opts["url"] = url
    if opts:
        table["options"] = opts
    changes: dict[str, Any] = {"profiles": {name: table}}
    if use:
        changes["general"] = {"profile": name}
    update_config(path, changes)


def use_profile(path: Path, name: str) -> None:
    """Make ``name`` the profile b2bterm starts with; it must exist (``demo`` always does)."""
    config = load_config(path)
    config.profile(name)  # raises ConfigError naming the known ones
    update_config(path, {"general": {"profile": name}})
