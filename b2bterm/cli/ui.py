"""`b2bterm themes` lists the themes (shipped and the user's own) and what is wrong with broken files;
`b2bterm serve` serves the same TUI in a web browser through textual-serve."""

from __future__ import annotations

import argparse
import re
import shlex
import sys
from pathlib import Path
from typing import Any

from b2bterm.cli.common import CliError, bounded_int, cells, print_json
from b2bterm.ui.i18n import _

DEFAULT_SERVE_PORT = 8000


def register(sub: Any, command: Any) -> None:
    command("themes", cmd_themes, _("list the themes (shipped and in <config dir>/themes/) and broken theme files "
                                    "(exit 1 when one is broken)"))
    p = command("serve", cmd_serve, _("serve the b2bterm app in a web browser (textual-serve; each browser tab runs "
                                      "its own app)"), json_flag=False)
    p.add_argument("--host", default="127.0.0.1",
                   help=_("address to listen on (default 127.0.0.1: this machine only)"))
    p.add_argument("--port", type=bounded_int(0, 65535), default=DEFAULT_SERVE_PORT,
                   help=_("port (default {port})").format(port=DEFAULT_SERVE_PORT))
    p.add_argument("--public-url", help=_("the URL browsers use, when behind a proxy (default http://HOST:PORT)"))


def _config(args: argparse.Namespace):  # -> Config
    from b2bterm.config import default_config_path, load_config

    return load_config(Path(args.config) if getattr(args, "config", None) else default_config_path())


def cmd_themes(args: argparse.Namespace) -> int:
    from b2bterm.ui.themes import DEFAULT_THEME, load_themes, user_theme_dir

    config = _config(args)
    loaded = load_themes()
    current = str(config.general.get("theme", DEFAULT_THEME))
    rows = [{"name": i.name, "source": i.source, "dark": i.dark, "ansi": i.ansi, "path": str(i.path),
             "current": i.name == current} for i in loaded.infos]
    problems = list(loaded.problems)
    if current not in loaded.names:
        problems.append(_("The configured theme {theme!r} is not installed; b2bterm uses {default}.").format(
            theme=current, default=DEFAULT_THEME))
    if args.json:
        print_json({"themes": rows, "problems": problems, "user_dir": str(user_theme_dir())})
    else:
        for row in rows:
            mark = "*" if row["current"] else " "
            kind = (_("dark") if row["dark"] else _("light")) + (", ansi" if row["ansi"] else "")
            source = {"shipped": _("built in"), "user": _("your own")}.get(row["source"], row["source"])
            print(f"{mark} {row['name']:<24} {cells(source, 8)} {cells(kind, 12)} {row['path']}")
        print(_("Your own themes go in {folder} (a .toml file each).").format(folder=user_theme_dir()))
        for problem in problems:
            print(_("problem: {problem}").format(problem=problem), file=sys.stderr)
    return 1 if problems else 0


def serve_command(args: argparse.Namespace) -> str:
    """The command textual-serve runs for each browser session: this Python, this config and profile."""
    parts = [sys.executable, "-m", "b2bterm"]
    if getattr(args, "config", None):
        parts += ["--config", str(Path(args.config).resolve())]
    if getattr(args, "profile", None):
        parts += ["--profile", args.profile]
    return shlex.join(parts)


# textual-serve's page loads its font from Google Fonts; b2bterm serve is for loopback and offline use, so the page
# gets the same Roboto Mono from the font files textual-serve itself ships (its /static/fonts).
FONT_FACES = """<style>
  @font-face { font-family: "Roboto Mono"; font-style: normal;
    src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype"); }
  @font-face { font-family: "Roboto Mono"; font-style: italic;
    src: url("{{ config.static.url }}fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype"); }
</style>"""
_OUTSIDE_FONTS = re.compile(r"<link\b[^>]*fonts\.(?:googleapis|gstatic)\.com[^>]*>", re.S)


def offline_templates(folder: Path) -> Path:
    """textual-serve's page templates written to ``folder``, with nothing fetched from outside this machine."""
    import textual_serve

    source = Path(textual_serve.__file__).parent / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    for page in source.glob("*.html"):
        text = _OUTSIDE_FONTS.sub(FONT_FACES, page.read_text(encoding="utf-8"))
        (folder / page.name).write_text(text, encoding="utf-8")
    return folder


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        raise CliError(_("serving in a browser needs textual-serve: pip install 'b2bterm[serve]'")) from None
    _config(args).profile(getattr(args, "profile", None))  # a bad config or profile fails here, not in the browser
    url = args.public_url or f"http://{args.host}:{args.port}"
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(_("Warning: {host} lets other machines open b2bterm as you (no login in front of it).").format(
            host=args.host), file=sys.stderr)
    print(_("Serving b2bterm at {url} (Ctrl+C stops)").format(url=url), file=sys.stderr, flush=True)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="b2bterm-serve-") as folder:
        templates = offline_templates(Path(folder))
        Server(serve_command(args), host=args.host, port=args.port, title="b2bterm", public_url=url,
               templates_path=templates).serve()
    return 0
