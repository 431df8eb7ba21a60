"""What stands between every subcommand and the terminal.

- ``SafeStream`` wraps stdout and stderr: every write is made terminal-safe (``domain.safetext``), so no escape
  sequence from a platform, a file or an exception message reaches the terminal, whichever print it came through.
- ``guarded`` runs a handler: known problems print their one line; anything else prints one line naming it (the
  traceback only with ``--debug`` or ``B2BTERM_DEBUG=1``); a closed pipe (``b2bterm … | head``) ends quietly.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from b2bterm.domain.safetext import safe_text
from b2bterm.ui.i18n import _

EXIT_PIPE = 141  # what a shell shows for a process ended by SIGPIPE


class SafeStream:
    """A text stream whose writes lose every control sequence but newlines and tabs."""

    def __init__(self, inner: TextIO) -> None:
        self._inner = inner

    def write(self, text: str) -> int:
        self._inner.write(safe_text(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding, buffer...
        return getattr(self._inner, name)


@contextmanager
def safe_output() -> Iterator[None]:
    """stdout and stderr wrapped in ``SafeStream`` for the duration (restored after, even on error)."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(sys.stdout), SafeStream(sys.stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def split_debug(argv: list[str] | None) -> tuple[list[str], bool]:
    """The arguments without ``--debug`` (it may stand anywhere), and whether it or ``B2BTERM_DEBUG=1`` was given."""
    args = list(argv if argv is not None else sys.argv[1:])
    debug = "--debug" in args or os.environ.get("B2BTERM_DEBUG", "") in ("1", "true", "yes")
    return [a for a in args if a != "--debug"], debug


def quiet_broken_pipe() -> int:
    """Point stdout at /dev/null so the interpreter's last flush does not complain, and give the SIGPIPE code."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the stream that broke (not a test's capture: it has no fileno)
    except (OSError, ValueError):
        pass
    return EXIT_PIPE


def guarded(run: Callable[[], int], *, debug: bool, known: Callable[[BaseException], int | None]) -> int:
    """``run()`` with one top-level handler. ``known`` turns an expected error into an exit code after printing
    its line (or returns None for the unexpected)."""
    try:
        code = run()
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        return quiet_broken_pipe()
    except KeyboardInterrupt:
        return 130
    except SystemExit:
        raise
    except Exception as exc:  # the one place that turns any error into one line
        try:
            handled = known(exc)
            if handled is None:
                text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                print("b2bterm: " + _("unexpected error: {name}").format(name=type(exc).__name__)
                      + (f": {text[:300]}" if text else ""), file=sys.stderr)
                if not debug:
                    print(_("Nothing was lost. Run again with --debug to see the details, and tell support."),
                          file=sys.stderr)
                handled = 1
            if debug:
                traceback.print_exception(exc, file=sys.stderr)
            sys.stderr.flush()
            return handled
        except BrokenPipeError:
            return quiet_broken_pipe()
