"""The ``b2bterm`` command. No argument starts the TUI; subcommands serve scripts and support staff.

Every subcommand that prints data takes ``--json``. Heavy modules are imported inside the command that needs them,
so ``b2bterm --version`` and ``b2bterm platforms`` answer at once.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from b2bterm import __version__
from b2bterm.cli.common import CliError, bounded_int


def _load_config(args: argparse.Namespace):  # -> Config
    from b2bterm.config import default_config_path, load_config

    return load_config(Path(args.config) if args.config else default_config_path())


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


# --- commands -------------------------------------------------------------------------------------------------------


def cmd_tui(args: argparse.Namespace) -> int:
    config = _load_config(args)
    from b2bterm.cli.common import use_language
    from b2bterm.services.desk import open_desk
    from b2bterm.ui.i18n import _

    use_language(config)
    profile = config.profile(args.profile)
    if profile.platform == "demo":
        print(_("Opening the demo distributor (the first start builds it: a few seconds)…"), file=sys.stderr)
    desk = open_desk(config, args.profile)
    if desk.db.repaired_from is not None:
        print(f"The local database was damaged; it was kept as {desk.db.repaired_from}. Drafts and the outbox are "
              "kept; the catalog comes back with the sync.", file=sys.stderr)
    from b2bterm.ui.app import B2BApp

    app = B2BApp(desk=desk, config=config)
    app.run()
    return 0


def cmd_platforms(args: argparse.Namespace) -> int:
    from b2bterm.platform import registry

    rows = registry.describe()
    if args.json:
        _print_json([{"name": name, "entry_point": value} for name, value in rows])
    else:
        for name, value in rows:
            print(f"{name:<12} {value}")
    return 0


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def cmd_demo_build(args: argparse.Namespace) -> int:
    import time

    from b2bterm.platform.demo.generator import build_demo_db

    started = time.perf_counter()
    print(f"Building a demo distributor with {args.skus:,} SKUs at {args.path}…", file=sys.stderr)
    stats = build_demo_db(Path(args.path), skus=args.skus, seed=args.seed, anchor=args.today)
    print(f"Done in {time.perf_counter() - started:.1f} s: {stats}")
    return 0


def cmd_demo_snapshot(args: argparse.Namespace) -> int:
    """Publish a catalog snapshot of a demo platform file: what every terminal's first sync then starts from."""
    import asyncio
    import time

    from b2bterm.platform.demo.adapter import DemoPlatform
    from b2bterm.services.catalog_snapshot import publish_snapshot

    path = Path(args.path)
    if not path.is_file():
        raise SystemExit(f"b2bterm: no demo platform file at {path} (b2bterm demo build --path {path})")
    started = time.perf_counter()
    platform = DemoPlatform(path)
    try:
        snap = asyncio.run(publish_snapshot(platform, platform.shelf, Path(f"{path}.publishing")))
    finally:
        platform.close()
    print(f"Catalog snapshot {snap.id}: {snap.total:,} products, {snap.size / 2**20:.0f} MiB, built in "
          f"{time.perf_counter() - started:.1f} s, in {platform.shelf.folder}")
    return 0


# --- parser ---------------------------------------------------------------------------------------------------------

Handler = Callable[[argparse.Namespace], int]
# Each module has register(subparsers, command) and adds its subcommands; implementations import lazily.
COMMAND_MODULES = (
    "b2bterm.cli.catalog",
    "b2bterm.cli.order",
    "b2bterm.cli.platform",
    "b2bterm.cli.outbox",
    "b2bterm.cli.orders",
    "b2bterm.cli.quotation",
    "b2bterm.cli.ui",
    "b2bterm.cli.local",
    "b2bterm.cli.price_book",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="b2bterm", description="A keyboard-first terminal ordering client for distributors."
    )
    parser.add_argument("--version", action="version", version=f"b2bterm {__version__}")
    parser.add_argument("--config", help="config file (default: B2BTERM_CONFIG or the user config dir)")
    parser.add_argument("--profile", help="profile to use (default: [general] profile)")
    parser.add_argument("--debug", action="store_true",
                        help="show the traceback of an unexpected error (may stand anywhere)")
    parser.set_defaults(handler=cmd_tui)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, handler: Handler, help_text: str, *, json_flag: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        if json_flag:
            p.add_argument("--json", action="store_true", help="print JSON")
        p.set_defaults(handler=handler)
        return p

    command("platforms", cmd_platforms, "list the installed platform adapters")
    for module_name in COMMAND_MODULES:
        import importlib

        importlib.import_module(module_name).register(sub, command)

    demo = sub.add_parser("demo", help="the embedded demo distributor")
    demo_sub = demo.add_subparsers(title="demo commands", metavar="COMMAND", required=True)
    build = demo_sub.add_parser("build", help="build a demo platform file (e.g. 1,000,000 SKUs for benchmarks)")
    build.add_argument("--skus", type=bounded_int(200, 5_000_000), default=20000,
                       help="catalog size, at least 200 (default 20000)")
    build.add_argument("--seed", type=bounded_int(0, 2**31 - 1), default=7)
    build.add_argument("--path", required=True)
    build.add_argument("--today", type=_iso_date, default=None, metavar="YYYY-MM-DD",
                       help="the day the demo data is built around (default: B2BTERM_DEMO_TODAY, else today)")
    build.set_defaults(handler=cmd_demo_build)
    snap = demo_sub.add_parser("snapshot", help="publish a catalog snapshot of a demo platform file (a terminal's "
                               "first sync downloads it instead of paging through the catalog)")
    snap.add_argument("--path", required=True, help="the demo platform file")
    snap.set_defaults(handler=cmd_demo_snapshot)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from b2bterm.cli.guard import guarded, safe_output, split_debug

    arg_list, debug = split_debug(list(argv) if argv is not None else None)
    with safe_output():  # no escape sequence from a platform, a file or an error reaches the terminal
        parsed: list[argparse.Namespace] = []

        def parse() -> int:
            try:
                parsed.append(build_parser().parse_args(arg_list))
            except SystemExit as exc:  # --help, --version, or argparse's one-line usage error
                return exc.code if isinstance(exc.code, int) else 2
            return 0

        code = guarded(parse, debug=debug, known=_known_error)
        if not parsed:
            return code
    args = parsed[0]

    def run() -> int:
        from b2bterm import clock

        clock.offset()  # a wrong B2BTERM_TODAY is said once, here, not as a traceback later
        return int(args.handler(args) or 0)

    if args.handler is cmd_tui:  # the TUI draws the terminal itself; its text is made safe on the way in and out
        return guarded(run, debug=debug, known=_known_error)
    with safe_output():
        return guarded(run, debug=debug, known=_known_error)


def _known_error(exc: BaseException) -> int | None:
    """Print the one line for an expected error and give its exit code; None for anything else."""
    from b2bterm import clock
    from b2bterm.config import ConfigError
    from b2bterm.platform.base import PlatformError
    from b2bterm.platform.registry import AdapterNotFound

    if isinstance(exc, clock.ClockError):
        print(f"b2bterm: {exc}", file=sys.stderr)
        return 2
    if isinstance(exc, ConfigError):
        print(f"b2bterm: configuration error: {exc}", file=sys.stderr)
        print("Fix the file (see config.example.toml) and start again.", file=sys.stderr)
        return 2
    if isinstance(exc, CliError | AdapterNotFound):
        print(f"b2bterm: {exc}", file=sys.stderr)
        return 2
    if isinstance(exc, PlatformError):
        print(f"b2bterm: {exc.user_text()}", file=sys.stderr)
        return 3
    return _storage_error(exc)


def _storage_error(exc: BaseException) -> int | None:
    """The local database or a file: one line naming the file and what to do."""
    import sqlite3

    from b2bterm.local import health

    if isinstance(exc, health.LocalStoreError):
        print(f"b2bterm: {exc}", file=sys.stderr)
        return 4
    if isinstance(exc, sqlite3.Error):
        path = health.last_opened or "the local database"
        if health.is_damage(exc):
            health.forget_check(path)  # the next start checks the whole file and repairs what it can
        print(f"b2bterm: {health.explain(exc, path)}", file=sys.stderr)
        return 4
    if isinstance(exc, OSError) and exc.filename:
        print(f"b2bterm: {exc.filename}: {exc.strerror or exc}", file=sys.stderr)
        return 4
    return None


def run_async(coro: Any) -> Any:
    return asyncio.run(coro)
