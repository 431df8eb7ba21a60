"""`b2bterm local check | export FILE | reset`: the way out when the local database is damaged.

`export` saves whatever drafts, outbox entries, lists and watched orders can still be read (JSON, 0600) and works
on a damaged file; `reset` moves the database aside (nothing is deleted) so the next start begins afresh and the
catalog comes back with a sync.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from b2bterm.cli.common import CliError, print_json
from b2bterm.ui.i18n import _, ngettext


def register(sub: Any, command: Any) -> None:
    text = _("the local database: check it, export drafts and the outbox, reset it")
    local = sub.add_parser("local", help=text, description=text)
    lsub = local.add_subparsers(title=_("local commands"), metavar="COMMAND", required=True)
    text = _("check the whole local database now (exit 1 when damaged)")
    p = lsub.add_parser("check", help=text, description=text)
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_local_check)
    text = _("save the drafts, the outbox and the lists to a JSON file (works on a damaged database)")
    p = lsub.add_parser("export", help=text, description=text)
    p.add_argument("file", help=_("where to write (created 0600)"))
    p.set_defaults(handler=cmd_local_export)
    text = _("move the local database aside and start afresh (nothing is deleted; export first)")
    p = lsub.add_parser("reset", help=text, description=text)
    p.add_argument("--yes", action="store_true", help=_("do it (without it, only say what would happen)"))
    p.set_defaults(handler=cmd_local_reset)


def _db_path(args: argparse.Namespace) -> Path:
    from b2bterm.config import default_config_path, load_config, profile_dir

    config = load_config(Path(args.config) if getattr(args, "config", None) else default_config_path())
    return profile_dir(config.profile(getattr(args, "profile", None)).name) / "local.sqlite"


def cmd_local_check(args: argparse.Namespace) -> int:
    import sqlite3

    from b2bterm.local import health

    path = _db_path(args)
    if not path.is_file():
        raise CliError(_("there is no local database at {path} yet").format(path=path))
    health.forget_check(path)  # the whole file, now
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            user_ok, whole_ok = health.check(conn, path)
        finally:
            conn.close()
    except sqlite3.Error:
        user_ok = whole_ok = False
    if args.json:
        print_json({"database": str(path), "drafts_ok": user_ok, "ok": whole_ok})
    elif whole_ok:
        print(_("{path}: ok").format(path=path))
    else:
        from b2bterm.cli.wording import store_problem_text

        print(store_problem_text(health.StoreProblem.DAMAGED, path), file=sys.stderr)
    return 0 if whole_ok else 1


def cmd_local_export(args: argparse.Namespace) -> int:
    from b2bterm.local import health

    path = _db_path(args)
    out = Path(args.file).expanduser()
    try:
        counts = health.export_user_data(path, out)
    except OSError as exc:
        raise CliError(_("cannot write {path}: {error}").format(path=out, error=exc.strerror or exc)) from None
    def count(table: str, n: int) -> str:
        words = {"drafts": ngettext("{n} draft", "{n} drafts", n), "draft_lines": ngettext("{n} draft line",
                 "{n} draft lines", n), "req_lists": ngettext("{n} list", "{n} lists", n),
                 "req_list_lines": ngettext("{n} list line", "{n} list lines", n),
                 "order_watch": ngettext("{n} watched order", "{n} watched orders", n)}
        return words.get(table, f"{{n}} {table.replace('_', ' ')}").format(n=n)

    print(_("Saved to {path}: {counts}.").format(path=out, counts=_(", ").join(
        count(table, n) for table, n in counts.items())))
    return 0


def cmd_local_reset(args: argparse.Namespace) -> int:
    from b2bterm.local import health

    path = _db_path(args)
    if not path.exists():
        print(_("There is no local database at {path}: nothing to reset.").format(path=path))
        return 0
    if not args.yes:
        print(_("This moves {path} aside (kept as {name}.damaged-…) and starts a fresh one; the catalog comes back "
                "with the next sync. Drafts not yet sent stay only in the old file: save them first with `b2bterm "
                "local export FILE`. Run again with --yes to do it.").format(path=path, name=path.name))
        return 1
    moved = health.aside(path)
    print(_("Moved {path} to {moved}. The next start builds a fresh local database.").format(path=path, moved=moved))
    return 0
