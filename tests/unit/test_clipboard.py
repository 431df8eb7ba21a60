"""Copy: the system clipboard when there is one on this machine, else the terminal's (OSC 52) and the text shown."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from b2bterm.ui.clipboard import copy_with_system_tool, system_tool


@pytest.fixture
def fake_xclip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An ``xclip`` on PATH that stores what it is given, as the real one hands it to the X clipboard."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    store = tmp_path / "clipboard.txt"
    tool = bin_dir / "xclip"
    tool.write_text(f"#!/bin/sh\ncat > {store}\n", encoding="utf-8")
    tool.chmod(tool.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    return store


def test_a_desktop_session_with_a_tool_uses_it(fake_xclip: Path) -> None:
    command = system_tool({"DISPLAY": ":0"}, "linux")
    assert command is not None and command[0].endswith("xclip")
    assert copy_with_system_tool("JDVA79938708040", command)
    assert fake_xclip.read_text(encoding="utf-8") == "JDVA79938708040"


@pytest.mark.parametrize("env", [{}, {"DISPLAY": ":0", "SSH_CONNECTION": "10.0.0.2 5000 10.0.0.1 22"},
                                 {"DISPLAY": ":0", "SSH_TTY": "/dev/pts/3"}])
def test_no_desktop_or_an_ssh_session_means_the_terminal_clipboard(fake_xclip: Path, env: dict[str, str]) -> None:
    assert system_tool(env, "linux") is None  # over SSH the user's clipboard is on their own machine: OSC 52
    assert not copy_with_system_tool("x", None)


def test_a_failing_tool_is_not_reported_as_copied(tmp_path: Path) -> None:
    assert not copy_with_system_tool("x", [str(tmp_path / "no-such-tool")])
    assert not copy_with_system_tool("x", ["false"])
