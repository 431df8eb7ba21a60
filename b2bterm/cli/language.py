"""The language of one ``b2bterm`` run, chosen once before the parser is built (argparse speaking it: cli/parser.py).

The choice is the TUI's (``[general] language`` of the config, else the locale variables); it is made from the
config file named by ``--config`` (or B2BTERM_CONFIG, or the user config dir) with tomllib only, so ``--version`` and
``search`` start as fast as before. A config that cannot be read leaves the choice to the environment: the command
then says what is wrong with the file, in that language.

argparse words its own messages ("usage:", "the following arguments are required: …") through ``gettext``;
``cli.parser.argparse_speaks`` routes them through b2bterm's catalog while the parser is built and run.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from b2bterm.ui.i18n import current_language, set_language


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
