"""`b2bterm serve-demo`, `platform check`, `login`, `logout`, `profile add/edit/list/use`: reaching a platform.

A token is never printed, logged or written to config.toml: `login` puts it in the keyring (b2bterm.secrets).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from b2bterm.cli.common import CliError, bounded_int, number_in, print_json
from b2bterm.ui.i18n import _

DEFAULT_PORT = 8765
DEMO_USER = ("demo", "demo")  # serve-demo's login when no --user is given (loopback only)


def register(sub: Any, command: Any) -> None:
    p = command("serve-demo", cmd_serve_demo, _("serve the demo distributor over the platform HTTP API (for the "
                                                "http adapter, tests and demos; needs: pip install "
                                                "'b2bterm[server]')"), json_flag=False)
    p.add_argument("--host", default="127.0.0.1", help=_("address to listen on (default 127.0.0.1)"))
    p.add_argument("--port", type=bounded_int(0, 65535), default=DEFAULT_PORT,
                   help=_("port (default {port})").format(port=DEFAULT_PORT))
    p.add_argument("--skus", type=bounded_int(200, 2_000_000), default=20000,
                   help=_("catalog size of the demo distributor (default 20000)"))
    p.add_argument("--user", help=_("a username that may log in (default: demo / demo, on loopback only)"))
    p.add_argument("--password-env", metavar="VAR", help=_("environment variable holding --user's password"))
    p.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"],
                   help=_("how much the server logs (default info)"))

    text = _("check a platform HTTP API server")
    platform = sub.add_parser("platform", help=text, description=text)
    psub = platform.add_subparsers(title=_("platform commands"), metavar="COMMAND", required=True)
    text = _("read-only conformance checks against a server (exit 1 when one fails)")
    p = psub.add_parser("check", help=text, description=text)
    p.add_argument("url", nargs="?", help=_("the API root, e.g. http://127.0.0.1:8765 (default: the profile's url)"))
    p.add_argument("--token-env", metavar="VAR", help=_("environment variable holding the bearer token (default: "
                                                        "the profile's stored token, when URL is the profile's)"))
    p.add_argument("--profile", default=argparse.SUPPRESS, help=_("profile whose url and token to use"))
    p.add_argument("--timeout", type=number_in(0, 3600), default=10.0,
                   help=_("seconds to wait for each answer (default 10)"))
    p.add_argument("--ca-bundle", help=_("PEM file of CAs to trust (default: the profile's ca_bundle)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_platform_check)

    p = command("login", cmd_login, _("log in to the profile's platform and keep the token in the system keyring"),
                json_flag=False)
    p.add_argument("--profile", default=argparse.SUPPRESS,
                   help=_("profile to log in to (default: [general] profile)"))
    p.add_argument("--username", help=_("default: the profile's username, else asked"))
    p.add_argument("--password-stdin", action="store_true",
                   help=_("read the password from the first line of stdin"))

    p = command("logout", cmd_logout, _("forget the profile's token (remove it from the keyring)"), json_flag=False)
    p.add_argument("--profile", default=argparse.SUPPRESS,
                   help=_("profile to log out of (default: [general] profile)"))

    text = _("add, change, list and choose profiles (written to config.toml)")
    profile = sub.add_parser("profile", help=text, description=text)
    prsub = profile.add_subparsers(title=_("profile commands"), metavar="COMMAND", required=True)
    for name, handler, text in (("add", cmd_profile_add, _("add a profile")),
                                ("edit", cmd_profile_edit, _("change a profile (only what you give)"))):
        p = prsub.add_parser(name, help=text, description=text)
        p.add_argument("name", help=_("the profile's name"))
        p.add_argument("--platform", required=name == "add", help=_("adapter name (b2bterm platforms lists them)"))
        p.add_argument("--url", help=_("the platform API root (http platform)"))
        p.add_argument("--username", help=_("the username to log in with"))
        p.add_argument("--account", help=_("the account to act for by default (id)"))
        p.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                       help=_("an adapter option, e.g. --option user=desk@example.com (medusa); repeatable"))
        p.add_argument("--use", action="store_true", help=_("also start with this profile from now on"))
        p.set_defaults(handler=handler)
    text = _("list the profiles")
    p = prsub.add_parser("list", help=text, description=text)
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_profile_list)
    text = _("start with this profile from now on")
    p = prsub.add_parser("use", help=text, description=text)
    p.add_argument("name", help=_("the profile's name"))
    p.set_defaults(handler=cmd_profile_use)


# --- helpers ---------------------------------------------------------------------------------------------------------


def _config_path(args: argparse.Namespace) -> Path:
    from b2bterm.config import default_config_path

    return Path(args.config) if getattr(args, "config", None) else default_config_path()


def _load(args: argparse.Namespace):  # -> Config
    from b2bterm.config import load_config

    return load_config(_config_path(args))


def _env_value(var: str, what: str) -> str:
    value = os.environ.get(var, "")
    if not value:
        raise CliError(_("the environment variable {var} ({what}) is not set or empty.").format(var=var, what=what))
    return value


def _keyring_call(call: Any, *args: Any) -> Any:
    from b2bterm.secrets import SecretsError

    try:
        return call(*args)
    except SecretsError as exc:
        raise CliError(str(exc)) from None


# --- serve-demo ------------------------------------------------------------------------------------------------------


def cmd_serve_demo(args: argparse.Namespace) -> int:
    import importlib.util

    missing = [m for m in ("starlette", "uvicorn") if importlib.util.find_spec(m) is None]
    if missing:
        raise CliError(_("the demo server needs {modules}: pip install 'b2bterm[server]'").format(
            modules=", ".join(missing)))
    if args.password_env and not args.user:
        raise CliError(_("--password-env goes with --user NAME"))
    loopback = args.host in ("127.0.0.1", "localhost", "::1")
    if args.user:
        if not args.password_env:
            raise CliError(_("--user needs --password-env VAR (the variable holding the password)"))
        users = {args.user: _env_value(args.password_env, _("the password of {user}").format(user=args.user))}
        who = _("log in as {user}").format(user=args.user)
    else:
        if not loopback:
            raise CliError(_("--host {host} lets other machines in: give --user NAME --password-env VAR instead of "
                             "the demo login").format(host=args.host))
        users = {DEMO_USER[0]: DEMO_USER[1]}
        who = _("log in as {user}, password {password}").format(user=DEMO_USER[0], password=DEMO_USER[1])
    from b2bterm.config import data_dir

    store = data_dir() / "serve-demo" / f"skus-{args.skus}"
    store.mkdir(parents=True, exist_ok=True)
    host = f"[{args.host}]" if ":" in args.host else args.host
    url = f"http://{host}:{args.port}"
    first = not (store / "demo-platform.sqlite").exists()
    print(_("b2bterm demo platform API at {url}/v1 ({skus:,} SKUs; {who}).").format(url=url, skus=args.skus, who=who),
          file=sys.stderr)
    if first:
        print(_("Building the demo distributor first (a few seconds)…"), file=sys.stderr)
    print(_("Use it: {command}").format(command=f"b2bterm profile add local --platform http --url {url} --username "
                                                f"{args.user or DEMO_USER[0]} --use && b2bterm login"),
          file=sys.stderr)
    print(_("Stop with Ctrl+C."), file=sys.stderr, flush=True)
    from b2bterm.server import serve

    try:
        serve(args.host, args.port, data_dir=store, skus=args.skus, users=users, log_level=args.log_level)
    except KeyboardInterrupt:
        pass
    return 0


# --- platform check --------------------------------------------------------------------------------------------------


def cmd_platform_check(args: argparse.Namespace) -> int:
    import asyncio

    from b2bterm.platform.check import check_platform, format_report
    from b2bterm.platform.limits import positive_number

    try:
        timeout = positive_number(args.timeout, "--timeout", maximum=3600)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    url = args.url
    token: str | None = None
    tls: dict[str, Any] = {"verify": True, "ca_bundle": args.ca_bundle}
    if args.token_env:
        token = _env_value(args.token_env, _("the bearer token"))
    if url is None or token is None or args.ca_bundle is None:
        config = _load(args)
        profile = config.profile(getattr(args, "profile", None))
        profile_url = str(profile.options.get("url", "")) if profile.platform == "http" else ""
        if url is None:
            if not profile_url:
                raise CliError(_("give the server's URL (profile {profile!r} has no http url)").format(
                    profile=profile.name))
            url = profile_url
        if profile_url and _same_server(url, profile_url):  # the profile's TLS and limits go where its url goes
            from b2bterm.platform.limits import Limits

            try:
                limits = Limits.from_options(profile.options, timeout=timeout)
            except ValueError as exc:
                raise CliError(_("profile {profile!r}: {error}").format(profile=profile.name, error=exc)) from None
            tls = {"verify": profile.options.get("verify", True),
                   "ca_bundle": args.ca_bundle or profile.options.get("ca_bundle") or None, "limits": limits}
            if token is None:
                from b2bterm.secrets import get_secret

                token = _keyring_call(get_secret, profile.name)
    try:
        results = asyncio.run(check_platform(url, token, timeout=timeout, **tls))
    except ValueError as exc:  # a bad url or ca_bundle
        raise CliError(str(exc)) from None
    if args.json:
        print_json([{"name": r.name, "ok": r.ok, "skipped": r.skipped, "detail": r.detail,
                     "elapsed_ms": r.elapsed_ms} for r in results])
    else:
        print(format_report(results))
        if token is None:
            print(_("No token was sent (give --token-env VAR, or log in to a profile with this url)."),
                  file=sys.stderr)
    return 0 if all(r.ok for r in results) else 1


def _same_server(a: str, b: str) -> bool:
    from b2bterm.platform.http.auth import api_base

    try:
        return api_base(a) == api_base(b)
    except ValueError:
        return False


# --- login / logout --------------------------------------------------------------------------------------------------


def cmd_login(args: argparse.Namespace) -> int:
    import asyncio

    from b2bterm.config import save_profile
    from b2bterm.platform.base import PlatformError
    from b2bterm.platform.http.auth import is_plain_http_to_remote
    from b2bterm.secrets import backend_info
    from b2bterm.services.session import can_log_in, log_in_and_keep
    from b2bterm.ui.outcome_text import platform_error_text

    config = _load(args)
    profile = config.profile(getattr(args, "profile", None))
    if profile.platform == "demo":
        print(_("Profile {profile!r} is the embedded demo: it needs no login.").format(profile=profile.name))
        return 0
    if not can_log_in(profile):
        raise CliError(_("profile {profile!r} ({platform}) has no login by username and password; set B2BTERM_TOKEN "
                         "to a token from its administrator.").format(profile=profile.name,
                                                                      platform=profile.platform))
    info = _keyring_call(backend_info)
    if not info.usable:
        from b2bterm.secrets import NoKeyring

        raise CliError(str(NoKeyring(f"backend: {info.name}")))
    from b2bterm.secrets import PlaintextRefused, plaintext_allowed

    allow = bool(config.general.get("allow_plaintext_keyring", False))
    if not info.encrypted and not plaintext_allowed(allow):  # say so before asking for the password
        raise CliError(str(PlaintextRefused(info.name)))
    url = str(profile.options["url"])
    username = args.username or profile.username or str(profile.options.get("user", ""))
    if not username:
        if args.password_stdin or not sys.stdin.isatty():
            raise CliError(_("give --username (or set username in the profile)"))
        username = input(_("Username: ")).strip()
    if is_plain_http_to_remote(url):
        print(_("Warning: {url} is plain http; the password crosses the network unencrypted.").format(url=url),
              file=sys.stderr)
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(_("Password for {user} at {url}: ").format(user=username, url=url))
    try:
        grant = asyncio.run(log_in_and_keep(profile, username, password, allow_plaintext=allow))
    except PlatformError as exc:
        raise CliError(_("login to {url} failed: {error}").format(url=url, error=platform_error_text(exc))) from None
    finally:
        password = ""
    if grant.keep_error is not None:
        raise CliError(str(grant.keep_error))
    if not profile.username and config.path is not None:
        save_profile(config.path, profile.name, username=username)
    hours = _(", valid for {hours:.3g} h").format(hours=grant.expires_in / 3600) if grant.expires_in else ""
    print(_("Logged in to {profile!r} as {user}{hours}. The token is in the keyring ({keyring}).").format(
        profile=profile.name, user=username, hours=hours, keyring=info.name))
    if not info.encrypted:
        print(_("Warning: this keyring backend keeps the token in a plain-text file."), file=sys.stderr)
    return 0


def cmd_logout(args: argparse.Namespace) -> int:
    from b2bterm.secrets import delete_secret, env_var_for

    config = _load(args)
    profile = config.profile(getattr(args, "profile", None))
    removed = _keyring_call(delete_secret, profile.name)
    print((_("Logged out of {profile!r}: the token was removed from the keyring.") if removed
           else _("No token was stored for {profile!r}.")).format(profile=profile.name))
    for var in (env_var_for(profile.name), "B2BTERM_TOKEN"):
        if os.environ.get(var):
            print(_("Note: {var} is set in the environment and still logs this profile in.").format(var=var),
                  file=sys.stderr)
    return 0


# --- profiles --------------------------------------------------------------------------------------------------------


def _check_platform_name(name: str) -> None:
    from b2bterm.platform import registry

    if name not in registry.names():
        raise CliError(_("no platform adapter named {name!r}; installed: {names}").format(
            name=name, names=_(", ").join(registry.names())))


def _options(pairs: list[str]) -> dict[str, str | int | float | bool]:
    """--option KEY=VALUE pairs; numbers and true/false become TOML numbers and booleans."""
    options: dict[str, str | int | float | bool] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise CliError(_("--option takes KEY=VALUE, not {pair!r}").format(pair=pair))
        text = value.strip()
        parsed: str | int | float | bool = text
        if text.lower() in ("true", "false"):
            parsed = text.lower() == "true"
        else:
            for kind in (int, float):
                try:
                    parsed = kind(text)
                    break
                except ValueError:
                    continue
        options[key.strip()] = parsed
    return options


def cmd_profile_add(args: argparse.Namespace) -> int:
    from b2bterm.config import save_profile

    config = _load(args)
    if args.name in config.profiles:
        raise CliError(_("profile {name!r} exists; change it with: b2bterm profile edit {name} …").format(
            name=args.name))
    _check_platform_name(args.platform)
    if args.platform == "http" and not args.url:
        raise CliError(_("an http profile needs --url (the platform API root)"))
    path = _config_path(args)
    save_profile(path, args.name, platform=args.platform, url=args.url, username=args.username or "",
                 account=args.account or "", options=_options(args.option), use=args.use)
    print(_("Added profile {name!r} to {path}.").format(name=args.name, path=path)
          + (" " + _("b2bterm starts with it.") if args.use else ""))
    if args.platform != "demo":
        print(_("Log in with: {command}").format(command=f"b2bterm login --profile {args.name}"))
    return 0


def cmd_profile_edit(args: argparse.Namespace) -> int:
    from b2bterm.config import save_profile

    config = _load(args)
    if args.name not in config.profiles:
        raise CliError(_("no profile named {name!r}; add it with: b2bterm profile add {name} …").format(
            name=args.name))
    if args.platform:
        _check_platform_name(args.platform)
    path = _config_path(args)
    save_profile(path, args.name, platform=args.platform, url=args.url, username=args.username,
                 account=args.account, options=_options(args.option), use=args.use)
    print(_("Changed profile {name!r} in {path}.").format(name=args.name, path=path))
    return 0


def cmd_profile_list(args: argparse.Namespace) -> int:
    config = _load(args)
    current = str(config.general["profile"])
    profiles = dict(config.profiles)
    if "demo" not in profiles:
        profiles["demo"] = config.profile("demo")
    rows = [{"name": p.name, "platform": p.platform, "url": str(p.options.get("url", "")), "username": p.username,
             "account": p.account, "current": p.name == current} for p in sorted(profiles.values(),
                                                                                key=lambda p: p.name)]
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        mark = "*" if r["current"] else " "
        print(f"{mark} {r['name']:<16} {r['platform']:<8} {r['url'] or '-':<36} {r['username'] or '-':<14} "
              f"{r['account'] or '-'}")
    return 0


def cmd_profile_use(args: argparse.Namespace) -> int:
    from b2bterm.config import use_profile

    path = _config_path(args)
    use_profile(path, args.name)
    print(_("b2bterm starts with profile {name!r} from now on.").format(name=args.name))
    return 0
