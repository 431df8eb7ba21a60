"""The language of one ``b2bterm`` run, chosen once before the parser is built, and argparse speaking it.

The choice is the TUI's (``[general] language`` of the config, else the locale variables); it is made from the
config file named by ``--config`` (or B2BTERM_CONFIG, or the user config dir) with tomllib only, so ``--version`` and
``search`` start as fast as before. A config that cannot be read leaves the choice to the environment: the command
then says what is wrong with the file, in that language.

argparse words its own messages ("usage:", "the following arguments are required: …") through ``gettext``;
``argparse_speaks`` routes them through b2bterm's catalog while the parser is built and run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tomllib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from b2bterm.ui.i18n import N_, _, current_language, ngettext, set_language, translate


def configured_language(argv: Sequence[str]) -> str:
    """``[general] language`` of the config this run reads ("auto" when unset or unreadable)."""
    path = _config_path(argv)
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return "auto"
    general = raw.get("general")
    value = general.get("language") if isinstance(general, dict) else None
    return value if isinstance(value, str) and value.strip() else "auto"


def _config_path(argv: Sequence[str]) -> Path:
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--config" and i + 1 < len(argv):
            return Path(argv[i + 1]).expanduser()
        if arg.startswith("--config="):
            return Path(arg.partition("=")[2]).expanduser()
    env = os.environ.get("B2BTERM_CONFIG")
    if env:  # as config.default_config_path, without importing the config module for --version
        return Path(env).expanduser()
    from b2bterm.config import default_config_path

    return default_config_path()


@contextmanager
def run_language(argv: Sequence[str]) -> Iterator[str]:
    """The run speaks the configured language (``en`` or ``zh_CN``); the one before is restored after (a test or
    a script calling ``main`` more than once in one process)."""
    before = current_language()
    chosen = set_language(configured_language(argv))
    try:
        yield chosen
    finally:
        if current_language() != before:
            set_language(before)


def _argparse_text(message: str) -> str:
    return translate(message) if message else message


@contextmanager
def argparse_speaks() -> Iterator[None]:
    """argparse's own words (usage, errors, section titles) in the run's language, for the duration."""
    module = sys.modules["argparse"]
    saved = module.__dict__.get("_"), module.__dict__.get("ngettext")
    module._ = _argparse_text  # type: ignore[attr-defined]
    module.ngettext = ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        module._, module.ngettext = saved  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose help wraps Chinese text by its width (its subcommands' parsers are of this class)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def format_help(self) -> str:
        """argparse's help, with each section's heading ending as the language ends it ("选项：", not "选项:")."""
        titles = {f"{g.title}:" for g in self._action_groups if g.title}
        return "\n".join(_("{title}:").format(title=line[:-1]) if line in titles else line
                         for line in super().format_help().split("\n"))


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, with Chinese text wrapped by terminal columns (two a character) and between
    characters, not only at spaces."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return _wrap(" ".join(text.split()), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in _wrap(" ".join(text.split()), width - len(indent)))


_NO_BREAK_BEFORE = frozenset("）」』】，。；：、！？")  # closing punctuation stays on its line


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns: breaks at spaces, and between Chinese characters."""
    from b2bterm.cli.common import width_of

    lines: list[str] = []
    line = ""
    for piece in _pieces(text):
        if line and width_of(line + piece) > width and piece not in _NO_BREAK_BEFORE:
            lines.append(line.rstrip())
            line = piece.lstrip()
        else:
            line += piece
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def _pieces(text: str) -> Iterator[str]:
    """Words with their leading space, and each wide (Chinese) character alone: the places a line may break."""
    import unicodedata

    word = ""
    for c in text:
        wide = unicodedata.east_asian_width(c) in "WF"
        if c == " " or wide:
            if word:
                yield word
            word = c if c == " " else ""
            if wide:
                yield c
        else:
            word += c
    if word:
        yield word


def _marks() -> None:  # never called: marks argparse's own messages for the catalog (scripts/i18n.py)
    N_("usage: ")
    N_("positional arguments")
    N_("options")
    N_("show this help message and exit")
    N_("%(prog)s: error: %(message)s\n")
    N_("argument %(argument_name)s: %(message)s")
    N_("the following arguments are required: %s")
    N_("unrecognized arguments: %s")
    N_("invalid choice: %(value)r (choose from %(choices)s)")
    N_("invalid %(type)s value: %(value)r")
    N_("expected one argument")
    N_("expected at least one argument")
    N_("expected at most one argument")
    N_("ambiguous option: %(option)s could match %(matches)s")
    N_("not allowed with argument %s")
    N_("ignored explicit argument %r")
    N_("one of the arguments %s is required")
    N_("unknown parser %(parser_name)r (choices: %(choices)s)")
    N_("can't open '%(filename)s': %(error)s")
    ngettext("expected %s argument", "expected %s arguments", 1)
