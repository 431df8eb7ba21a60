"""argparse speaking the run's language (cli/language.py chose it): its own messages ("usage:", "the following
arguments are required: …") go through b2bterm's catalog, and its help wraps Chinese text by its width.

Only a command's run imports this (and argparse): ``b2bterm`` with no argument starts the TUI without a parser.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from b2bterm.ui.i18n import N_, _, ngettext, translate


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
