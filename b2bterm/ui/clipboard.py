"""Copy text so the user can paste it: the system clipboard when this machine has a tool for it (and a desktop
session to own it), and always the terminal's clipboard (OSC 52), which many terminals and tmux accept and some
ignore silently. The caller says which happened, and shows the text for copying by hand when neither is sure."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys

# (program, arguments, what it needs in the environment)
TOOLS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("pbcopy", (), "darwin"),
    ("clip.exe", (), "win"),
    ("wl-copy", (), "WAYLAND_DISPLAY"),
    ("xclip", ("-selection", "clipboard"), "DISPLAY"),
    ("xsel", ("--clipboard", "--input"), "DISPLAY"),
)


def system_tool(environ: dict[str, str] | None = None, system: str | None = None) -> list[str] | None:
    """The command that puts stdin on this machine's clipboard, or None (none installed, no desktop, or an SSH
    session: the clipboard that matters is then the one of the user's own machine, reached only by OSC 52)."""
    env = dict(os.environ) if environ is None else environ
    where = system or sys.platform
    wsl = "microsoft" in platform.uname().release.lower()
    if env.get("SSH_CONNECTION") or env.get("SSH_TTY"):
        return None
    for program, args, needs in TOOLS:
        if needs == "darwin" and where != "darwin":
            continue
        if needs == "win" and not (where.startswith("win") or wsl):
            continue
        if needs not in ("darwin", "win") and not env.get(needs):
            continue
        found = shutil.which(program)
        if found:
            return [found, *args]
    return None


def copy_with_system_tool(text: str, command: list[str] | None) -> bool:
    """True when the system clipboard took ``text`` (run from a thread: it may take a moment)."""
    if not command:
        return False
    try:
        done = subprocess.run(command, input=text.encode("utf-8"), timeout=3, check=False,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0
