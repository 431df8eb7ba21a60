"""Helpers shared by subcommands: open the profile's desk, pick the account, print JSON."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from b2bterm.ui.i18n import _

if TYPE_CHECKING:
    from b2bterm.services.desk import Desk


class CliError(Exception):
    """A problem the user can fix; printed without a traceback."""


def number_in(lo: float, hi: float) -> Callable[[str], float]:
    """An argparse ``type`` for a number greater than ``lo`` and at most ``hi``."""

    def parse(text: str) -> float:
        try:
            value = float(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(_("{text!r} is not a number").format(text=text)) from None
        if not lo < value <= hi:
            raise argparse.ArgumentTypeError(_("{text} is out of range: more than {lo:g}, at most {hi:g}").format(
                text=text, lo=lo, hi=hi))
        return value

    parse.__name__ = "number"
    return parse


def cli_config(args: argparse.Namespace) -> Any:  # -> Config
    """The config the command was given (``--config``) or the user's (the language was chosen before parsing)."""
    from b2bterm.config import default_config_path, load_config

    return load_config(Path(args.config) if getattr(args, "config", None) else default_config_path())


def tell_repaired(kept: Path) -> None:
    print("b2bterm: " + _("the local database was damaged; it was kept as {path}, a fresh one holds the drafts "
                          "and the outbox, and the catalog comes back with the next sync.").format(path=kept),
          file=sys.stderr)


def open_cli_desk(args: argparse.Namespace, config: Any = None) -> Desk:
    from b2bterm.services.desk import open_desk

    config = config if config is not None else cli_config(args)
    desk = open_desk(config, getattr(args, "profile", None))
    if desk.db.repaired_from is not None:
        tell_repaired(desk.db.repaired_from)
    if desk.secret_problem:  # no keyring: say so plainly rather than fail later with "not logged in"
        desk.db.close()
        raise CliError(_("cannot read the token for profile {profile!r}: {problem}").format(
            profile=desk.profile.name, problem=desk.secret_problem))
    return desk


async def use_account(desk: Desk, account: str) -> None:
    """Select the account by id or code (or a unique name match)."""
    from b2bterm.platform.base import NotFound

    try:
        await desk.select_account(account)
        return
    except NotFound:
        pass
    found = await desk.search_accounts(account, limit=5)
    exact = [a for a in found if account.lower() in (a.id.lower(), a.code.lower())]
    choice = exact or found
    if not choice:
        raise CliError(_("no account matches {account!r}; find it with: b2bterm accounts NAME").format(
            account=account))
    if len(choice) != 1:
        names = _(", ").join(f"{a.code} {a.display_name}" for a in found)
        raise CliError(_("account {account!r} is not one account (matches: {names}); use its code.").format(
            account=account, names=names))
    await desk.select_account(choice[0].id)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def bounded_int(low: int, high: int, *, zero_means: str = "") -> Callable[[str], int]:
    """An argparse ``type`` for a whole number from ``low`` to ``high``: anything else is refused with a message
    that says what is allowed (argparse prints it and exits 2), never clamped to a silent 1."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(_("{text!r} is not a whole number").format(text=text)) from None
        if not low <= value <= high:
            if zero_means:
                raise argparse.ArgumentTypeError(_("{value} is out of range: give a number from {low} to {high:,} (0 "
                                                   "means {zero})").format(value=value, low=low, high=high,
                                                                          zero=zero_means))
            raise argparse.ArgumentTypeError(_("{value} is out of range: give a number from {low} to {high:,}").format(
                value=value, low=low, high=high))
        return value

    parse.__name__ = "number"  # argparse names the type in its messages
    return parse



def width_of(text: str) -> int:
    """Terminal columns ``text`` takes: East Asian wide and full-width characters take two, combining marks none."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def cells(text: str, width: int, align: str = "<", *, cut: bool = False) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two), so CLI tables line up with
    Chinese names as they do with Latin ones; with ``cut``, a longer text is cut to fit (ending in "…").
    ``align``: "<" left, ">" right."""
    if cut and width_of(text) > width:
        out, used = "", 0
        for c in text:
            w = width_of(c)
            if used + w > width - 1:
                break
            out, used = out + c, used + w
        text = out + "…"
    pad = " " * max(0, width - width_of(text))
    return pad + text if align == ">" else text + pad


def say_replaced(desk: Any) -> None:
    """Why the local catalog is built again, on stderr, when it is (``Desk.catalog_replaced``)."""
    from b2bterm.ui.wording import replaced_text

    if why := replaced_text(desk.catalog_replaced()):
        print(why, file=sys.stderr)


def say_syncing_first(desk: Any) -> None:
    """On stderr, before a command syncs an empty local catalog: why it is empty when it was set aside, and that it is
    synced first."""
    say_replaced(desk)
    print(_("The local catalog is empty: syncing it first…"), file=sys.stderr)
