"""The ``b2bterm`` command. No argument starts the TUI; subcommands serve scripts and support staff.

Every subcommand that prints data takes ``--json``. Heavy modules are imported inside the command that needs them,
so ``b2bterm --version`` and ``b2bterm platforms`` answer at once. ``b2bterm`` with no argument has nothing to parse:
it starts the TUI without building the parser (argparse and the command modules are not imported).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from b2bterm import __version__
from b2bterm.ui.i18n import _

if TYPE_CHECKING:
    import argparse


def _load_config(args: argparse.Namespace):  # -> Config
    from b2bterm.config import default_config_path, load_config

    return load_config(Path(args.config) if args.config else default_config_path())


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


# --- commands -------------------------------------------------------------------------------------------------------


def cmd_tui(args: argparse.Namespace) -> int:
    import gc

    # No cyclic garbage collection until the first screen shows the catalog (the app turns it back on then, with
    # what the start made frozen out of its sight: B2BApp._after_count_shown): the start makes hundreds of modules,
    # classes and widgets that all live as long as the app, and the collections that walked them were ~4% of its
    # instructions. Reference counting frees what the start throws away, as always.
    gc.disable()
    try:
        return _run_tui(args)
    finally:
        gc.enable()


def _run_tui(args: argparse.Namespace) -> int:
    config = _load_config(args)
    from b2bterm.services.desk import open_desk

    profile = config.profile(args.profile)
    if profile.platform == "demo":
        print(_("Opening the demo distributor (the first start builds it: a few seconds)…"), file=sys.stderr)
    desk = open_desk(config, args.profile)
    if desk.db.repaired_from is not None:
        print(_("The local database was damaged; it was kept as {path}. Drafts and the outbox are kept; the "
                "catalog comes back with the sync.").format(path=desk.db.repaired_from), file=sys.stderr)
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
    import argparse

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text!r} is not a date (YYYY-MM-DD)").format(text=text)) from None


def cmd_demo_build(args: argparse.Namespace) -> int:
    import time

    from b2bterm.platform.demo.generator import build_demo_db

    started = time.perf_counter()
    print(_("Building a demo distributor with {skus:,} SKUs at {path}…").format(skus=args.skus, path=args.path),
          file=sys.stderr)
    stats = build_demo_db(Path(args.path), skus=args.skus, seed=args.seed, anchor=args.today)
    print(_("Done in {seconds:.1f} s: {skus:,} SKUs, {accounts:,} accounts, {warehouses} warehouses, {orders:,} "
            "orders ({lines:,} lines, {shipments:,} shipments), {mib:.0f} MiB.").format(
        seconds=time.perf_counter() - started, skus=stats.skus, accounts=stats.accounts, warehouses=stats.warehouses,
        orders=stats.orders, lines=stats.order_lines, shipments=stats.shipments, mib=stats.bytes / 2**20))
    return 0


def cmd_demo_snapshot(args: argparse.Namespace) -> int:
    """Publish a catalog snapshot of a demo platform file: what every terminal's first sync then starts from."""
    import asyncio
    import time

    from b2bterm.cli.common import CliError
    from b2bterm.platform.demo.adapter import DemoPlatform
    from b2bterm.services.catalog_snapshot import publish_snapshot

    path = Path(args.path)
    if not path.is_file():
        raise CliError(_("no demo platform file at {path} (b2bterm demo build --path {path})").format(path=path))
    started = time.perf_counter()
    platform = DemoPlatform(path)
    try:
        snap = asyncio.run(publish_snapshot(platform, platform.shelf, Path(f"{path}.publishing")))
    finally:
        platform.close()
    print(_("Catalog snapshot {id}: {total:,} products, {mib:.0f} MiB, built in {seconds:.1f} s, in {folder}").format(
        id=snap.id, total=snap.total, mib=snap.size / 2**20, seconds=time.perf_counter() - started,
        folder=platform.shelf.folder))
    return 0


# --- parser ---------------------------------------------------------------------------------------------------------

Handler = Callable[["argparse.Namespace"], int]
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
    from b2bterm.cli.common import bounded_int
    from b2bterm.cli.parser import Parser

    parser = Parser(prog="b2bterm", description=_("A keyboard-first terminal ordering client for distributors."))
    parser.add_argument("--version", action="version", version=f"b2bterm {__version__}",
                        help=_("show the version and exit"))
    parser.add_argument("--config", help=_("config file (default: B2BTERM_CONFIG or the user config dir)"))
    parser.add_argument("--profile", help=_("profile to use (default: [general] profile)"))
    parser.add_argument("--debug", action="store_true",
                        help=_("show the traceback of an unexpected error (may stand anywhere)"))
    parser.set_defaults(handler=cmd_tui)
    sub = parser.add_subparsers(title=_("commands"), metavar="COMMAND")

    def command(name: str, handler: Handler, help_text: str, *, json_flag: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        if json_flag:
            p.add_argument("--json", action="store_true", help=_("print JSON"))
        p.set_defaults(handler=handler)
        return p

    command("platforms", cmd_platforms, _("list the installed platform adapters"))
    for module_name in COMMAND_MODULES:
        import importlib

        importlib.import_module(module_name).register(sub, command)

    demo = sub.add_parser("demo", help=_("the embedded demo distributor"),
                          description=_("the embedded demo distributor"))
    demo_sub = demo.add_subparsers(title=_("demo commands"), metavar="COMMAND", required=True)
    text = _("build a demo platform file (e.g. 1,000,000 SKUs for benchmarks)")
    build = demo_sub.add_parser("build", help=text, description=text)
    build.add_argument("--skus", type=bounded_int(200, 5_000_000), default=20000,
                       help=_("catalog size, at least 200 (default 20000)"))
    build.add_argument("--seed", type=bounded_int(0, 2**31 - 1), default=7,
                       help=_("the seed of the demo data (default 7): the same seed builds the same data"))
    build.add_argument("--path", required=True, help=_("the demo platform file to write"))
    build.add_argument("--today", type=_iso_date, default=None, metavar="YYYY-MM-DD",
                       help=_("the day the demo data is built around (default: B2BTERM_DEMO_TODAY, else today)"))
    build.set_defaults(handler=cmd_demo_build)
    text = _("publish a catalog snapshot of a demo platform file (a terminal's first sync downloads it instead of "
             "paging through the catalog)")
    snap = demo_sub.add_parser("snapshot", help=text, description=text)
    snap.add_argument("--path", required=True, help=_("the demo platform file"))
    snap.set_defaults(handler=cmd_demo_snapshot)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from b2bterm.cli.guard import split_debug
    from b2bterm.cli.language import run_language

    arg_list, debug = split_debug(list(argv) if argv is not None else None)
    try:
        with run_language(arg_list):  # decided once, before the parser: its help and errors speak it too
            return _main(arg_list, debug)
    finally:
        if argv is None:  # the process's own run (the console script, python -m b2bterm): it ends next
            _leave_to_the_os()


def _leave_to_the_os() -> None:
    """Everything the run made is freed with the process: the interpreter's last cyclic collections, as it shuts
    down, would walk every object of it first (measured: ~8 ms of ``--version``, ~11 ms of a ``search``). Frozen, they
    are not walked; objects are still released by their reference counts and the output flushed as always."""
    import gc

    gc.freeze()


def _main(arg_list: list[str], debug: bool) -> int:
    from b2bterm.cli.guard import guarded, safe_output

    if not arg_list:  # nothing to parse: the TUI with the parser's defaults
        args: Any = SimpleNamespace(config=None, profile=None, debug=debug, handler=cmd_tui)
    else:
        with safe_output():  # no escape sequence from a platform, a file or an error reaches the terminal
            parsed: list[argparse.Namespace] = []

            def parse() -> int:
                from b2bterm.cli.parser import argparse_speaks

                try:
                    with argparse_speaks():
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
    from b2bterm.cli.common import CliError
    from b2bterm.config import ConfigError
    from b2bterm.platform.base import PlatformError
    from b2bterm.platform.registry import AdapterNotFound

    if isinstance(exc, clock.ClockError):
        print(f"b2bterm: {exc}", file=sys.stderr)
        return 2
    if isinstance(exc, ConfigError):
        print("b2bterm: " + _("configuration error: {error}").format(error=exc.worded(_)), file=sys.stderr)
        print(_("Fix the file (see config.example.toml) and start again."), file=sys.stderr)
        return 2
    if isinstance(exc, CliError | AdapterNotFound):
        print(f"b2bterm: {exc}", file=sys.stderr)
        return 2
    if isinstance(exc, PlatformError):
        from b2bterm.ui.outcome_text import platform_error_text

        print(f"b2bterm: {platform_error_text(exc)}", file=sys.stderr)
        return 3
    return _storage_error(exc)


def _storage_error(exc: BaseException) -> int | None:
    """The local database or a file: one line naming the file and what to do."""
    import sqlite3

    from b2bterm.cli.wording import store_problem_text
    from b2bterm.local import health

    if isinstance(exc, health.LocalStoreError):
        text = store_problem_text(exc.problem, exc.path, exc.detail) if exc.problem is not None else str(exc)
        print(f"b2bterm: {text}", file=sys.stderr)
        return 4
    if isinstance(exc, sqlite3.Error):
        path = health.last_opened or _("the local database")
        if health.is_damage(exc):
            health.forget_check(path)  # the next start checks the whole file and repairs what it can
        print(f"b2bterm: {store_problem_text(health.classify(exc), path, str(exc))}", file=sys.stderr)
        return 4
    if isinstance(exc, OSError) and exc.filename:
        print(f"b2bterm: {exc.filename}: {exc.strerror or exc}", file=sys.stderr)
        return 4
    return None


def run_async(coro: Any) -> Any:
    import asyncio

    return asyncio.run(coro)
