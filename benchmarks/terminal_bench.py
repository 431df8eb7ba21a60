"""The real app in a real terminal (tmux), next to the floor app (benchmarks/floor_app.py) in the same run.

A key goes in with ``tmux send-keys``; the pane is read with ``capture-pane`` until the RESULTS of the query are on
screen: the status line shows the count the catalog gives for that query and the first row shows its model (both
worked out beforehand in this process, which does not warm the app's own SQLite cache), and the status line is not
the one that was there before the key. For the floor app, until its status line repeats the whole query. The two run
side by side, key by key, so they share the machine's load.

Cold start: from ``tmux new-session`` to the search screen showing the real catalog count and the chosen account in
its header (the start-up sync on), next to the floor app's start to its first frame; with each, the CPU its process
had used by then (user and system, all threads: /proc/PID/stat), which a busy machine moves much less than the wall
time. RSS: the app's peak (VmHWM) after the keys.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
WIDTH, HEIGHT = 140, 40
TIMEOUT = 15.0
SOCKET = f"b2bbench{os.getpid()}"  # a tmux server of its own, left alone by (and leaving alone) any other


def tmux(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["tmux", "-L", SOCKET, *args], text=True, **kwargs)  # type: ignore[call-overload]


def have_tmux() -> bool:
    return shutil.which("tmux") is not None


def start_server() -> None:
    """A session that only keeps the private server up between the measured ones (a server that is shutting down
    as its last session ends refuses the next one)."""
    tmux("new-session", "-d", "-s", "keeper", "-x", str(WIDTH), "-y", str(HEIGHT), "sleep 3600", check=True)


def stop_server() -> None:
    tmux("kill-server", check=False, capture_output=True)
    folder = Path(os.environ.get("TMUX_TMPDIR", "/tmp")) / f"tmux-{os.getuid()}"
    (folder / SOCKET).unlink(missing_ok=True)  # a dead server's socket file stays behind otherwise


@dataclass
class Pane:
    name: str
    command: str
    env: dict[str, str]
    started: float = 0.0
    pid: int = 0

    def start(self) -> None:
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in sorted(self.env.items()))
        self.started = time.perf_counter()
        # -u PYTHONDONTWRITEBYTECODE: an installed b2bterm has its bytecode cache (pip writes it); without it every
        # start of the app compiled its modules again (~200 ms the floor app, whose modules are Textual's, never paid)
        tmux("new-session", "-d", "-s", self.name, "-x", str(WIDTH), "-y", str(HEIGHT),
             f"env -u PYTHONDONTWRITEBYTECODE {exports} {self.command}", check=True)
        out = tmux("display-message", "-p", "-t", self.name, "#{pane_pid}", capture_output=True,
                   check=True).stdout.strip()
        self.pid = int(out or 0)

    def screen(self) -> list[str]:
        return tmux("capture-pane", "-p", "-t", self.name, capture_output=True).stdout.splitlines()

    def send(self, text: str, *, literal: bool = True) -> None:
        tmux("send-keys", "-t", self.name, *(["-l"] if literal else []), text, check=True)

    def wait(self, ready: Callable[[list[str]], bool], what: str, timeout: float = TIMEOUT) -> list[str]:
        deadline = time.perf_counter() + timeout
        while True:
            lines = self.screen()
            if ready(lines):
                return lines
            if time.perf_counter() > deadline:
                raise BenchmarkBroken(f"{self.name}: {what} did not appear within {timeout:.0f} s; the screen:\n"
                                      + "\n".join(lines))

    def peak_rss_mib(self) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def cpu_ms(self) -> float:
        """CPU time the pane's process has used (user and system, all its threads, those ended too), in ms."""
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        tmux("kill-session", "-t", self.name, check=False, capture_output=True)


class BenchmarkBroken(RuntimeError):
    """The benchmark could not measure (the app did not start, the results never came): CI fails on this."""


@dataclass
class Expected:
    """What the app's screen shows once the results of ``query`` are in."""
    query: str
    status: str  # the start of the status line
    model: str  # the first row's model ("" when nothing matches)
    models: tuple[str, ...] = ()  # the first rows' models (the first is ``model``)

    def looks_like(self, other: Expected | None) -> bool:
        """Whether the results of ``other`` (the previous key's) look the same as these on screen, but for the
        time in the status line: then only the echo of the key tells that these are in."""
        return other is not None and other.status == self.status and other.models == self.models


def status_line(lines: list[str]) -> str:
    for line in lines:
        text = line.strip()
        if (" ms" in text and ("match" in text or "closest" in text)) or text.startswith("No product matches"):
            return text
    return ""


def result_rows(lines: list[str], status: str, n: int) -> list[str]:
    """The first ``n`` result rows below the status line (after the column header)."""
    at = next(i for i, line in enumerate(lines) if line.strip() == status)
    below = lines[at + 1:]
    head = next((i for i, line in enumerate(below) if line.startswith("Model ")), None)
    return [] if head is None else below[head + 1:head + 1 + n]


def echoed(lines: list[str], query: str) -> bool:
    """The search box shows ``query`` as typed, to its end (its last 20 characters then the box's right edge)."""
    tail = query.strip()[-20:]
    return any(tail in line and line.rstrip(" ▎").endswith(tail) for line in lines)


def shows(lines: list[str], exp: Expected, before: str, *, same_as_before: bool = False,
          previous: Expected | None = None) -> bool:
    """The results of ``exp`` are on screen: the box shows the query, the status line its count, the first rows
    their models, and the status line is not the one from before the key (unless the previous results look exactly
    the same, ``same_as_before``: then the echo of the key with those results is the moment they are visible; or
    unless the previous key's first rows were other models: then those rows tell the new results are in, even when
    the status line came out the same, count and time to 0.1 ms, as "200+ matches · 4.1 ms" at 1M)."""
    status = status_line(lines)
    if not status.startswith(exp.status):
        return False
    if status == before and not same_as_before and (previous is None or previous.models == exp.models):
        return False
    if not echoed(lines, exp.query):
        return False
    rows = result_rows(lines, status, len(exp.models))
    return len(rows) == len(exp.models) and all(r.startswith(m[:20]) for r, m in zip(rows, exp.models, strict=True))
@dataclass
class KeyTimes:
    app: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    queries: list[str] = field(default_factory=list)
    unchanged: int = 0  # keys whose results looked as the previous key's (timed to the echo with those results)

    def slowest(self, n: int = 3) -> list[tuple[float, str]]:
        return sorted(zip(self.app, self.queries, strict=True), reverse=True)[:n]


def run_keys(app: Pane, floor: Pane, plan: list[list[Expected]], gap: float = 0.08) -> KeyTimes:
    """Every query typed key by key into both apps, alternating; ``plan`` has one Expected per prefix. A key's time
    runs from ``send-keys`` to the screen showing its results, however long that takes (up to TIMEOUT: then the
    benchmark is broken, never a figure with a cap)."""
    out = KeyTimes()
    for prefixes in plan:
        for pane in (app, floor):  # Ctrl+U empties the box (Escape then a letter would read as Alt+letter)
            pane.send("C-u", literal=False)
        app.wait(lambda ls: not status_line(ls), "an empty search box")
        floor.wait(lambda ls: any(ln.strip().startswith("floor ready") for ln in ls), "the floor's empty box")
        typed = ""
        previous: Expected | None = None
        for exp in prefixes:
            ch = exp.query[len(typed):]
            typed = exp.query
            before = status_line(app.screen())
            same = exp.looks_like(previous)
            out.unchanged += same
            t = time.perf_counter()
            app.send(ch)
            app.wait(lambda ls, e=exp, b=before, s=same, p=previous: shows(ls, e, b, same_as_before=s, previous=p),
                     f"the results of {exp.query!r}")
            out.app.append((time.perf_counter() - t) * 1000)
            out.queries.append(exp.query)
            previous = exp
            time.sleep(gap)  # a typist's pace between keys (not synchronisation: the screen was read above)
            want = "typed: " + typed
            t = time.perf_counter()
            floor.send(ch)
            floor.wait(lambda ls, w=want: any(ln.strip() == w for ln in ls),
                       f"the floor's echo of {typed!r}")
            out.floor.append((time.perf_counter() - t) * 1000)
            time.sleep(gap)
    return out


@dataclass
class ColdStarts:
    """Each start's time to a usable screen (ms), and the CPU the process had used by then (ms, all its threads: what
    the machine's load moves much less than the wall time)."""
    app: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    app_cpu: list[float] = field(default_factory=list)
    floor_cpu: list[float] = field(default_factory=list)


def cold_starts(app_cmd: str, env: dict[str, str], ready_text: str, runs: int,
                also: tuple[str, ...] = ()) -> ColdStarts:
    """Start to a usable screen, app and floor alternately; one uncounted start of each first writes the bytecode
    cache, as an installed b2bterm has it. The app is ready when ``ready_text`` and each of ``also`` (the chosen
    account in the header) are on screen."""
    floor_cmd = f"{shlex.quote(sys.executable)} {shlex.quote(str(HERE / 'floor_app.py'))}"
    out = ColdStarts()
    for i in range(runs + 1):
        for cmd, texts, times, cpus in ((floor_cmd, ("floor ready",), out.floor, out.floor_cpu),
                                        (app_cmd, (ready_text, *also), out.app, out.app_cpu)):
            pane = Pane(f"b2bcold{os.getpid()}", cmd, env)
            try:
                pane.start()
                pane.wait(lambda ls, ts=texts: all(any(t in ln for ln in ls) for t in ts),
                          " and ".join(map(repr, texts)), timeout=60)
                took = (time.perf_counter() - pane.started) * 1000
                cpu = pane.cpu_ms()
            finally:
                pane.stop()
            if i:
                times.append(took)
                cpus.append(cpu)
    return out
