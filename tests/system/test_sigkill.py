"""Kill b2bterm with SIGKILL at random moments while it edits drafts: every acknowledged edit survives.

A small child process edits drafts through ``DraftStore`` (the store the quick-order pad saves through) in a loop,
printing ``BEGIN <edit>`` before each call and ``ACK`` once the call has returned (the moment the UI would say
"saved"). The parent kills it with SIGKILL after a random number of output lines, i.e. at a random point of its
work, then checks the database: it is the state before the child plus every acknowledged edit, plus possibly the
one edit in flight (committed or not, never half), and ``PRAGMA integrity_check`` is ok. Then the next child goes
on from there.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

KILLS = 60

CHILD = r"""
import json, random, sys, uuid
from b2bterm.local.db import Database
from b2bterm.local.drafts import DraftStore
from b2bterm.domain.models import NewLine
from b2bterm.domain.models import LineStatus

db = Database(sys.argv[1])
store = DraftStore(db)
rng = random.Random(int(sys.argv[2]))
drafts = {s.title: s.id for s in store.list_drafts()}
lines = {r["input"]: r["id"] for r in db.conn.execute("SELECT id, input FROM draft_lines")}

def say(*parts):
    sys.stdout.write(" ".join(parts) + "\n")
    sys.stdout.flush()

while True:
    roll = rng.random()
    if not drafts or roll < 0.05:
        title = "d-" + uuid.uuid4().hex[:8]
        say("BEGIN", json.dumps({"op": "draft", "title": title}))
        drafts[title] = store.create("ACME", title=title).id
    elif roll < 0.45 or not lines:
        title = rng.choice(sorted(drafts))
        batch = [("l-" + uuid.uuid4().hex[:10], rng.randint(1, 999)) for _ in range(rng.randint(1, 20))]
        say("BEGIN", json.dumps({"op": "add", "title": title, "lines": batch}))
        added = store.add_lines(drafts[title], [NewLine(text, qty, "SKU-1", LineStatus.RESOLVED)
                                                for text, qty in batch])
        lines.update({x.input: x.id for x in added})
    elif roll < 0.8:
        text = rng.choice(sorted(lines))
        qty = rng.randint(1, 999)
        say("BEGIN", json.dumps({"op": "qty", "input": text, "qty": qty}))
        store.update_line(lines[text], qty=qty)
    else:
        text = rng.choice(sorted(lines))
        say("BEGIN", json.dumps({"op": "delete", "input": text}))
        store.delete_line(lines.pop(text))
    say("ACK")
"""

State = dict[str, tuple[str, int]]  # line input -> (draft title, qty); drafts without lines under "" keys


def read_state(path: Path) -> tuple[State, set[str]]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        lines = {r[0]: (r[1], r[2]) for r in conn.execute(
            "SELECT l.input, d.title, l.qty FROM draft_lines l JOIN drafts d ON d.id = l.draft_id")}
        titles = {r[0] for r in conn.execute("SELECT title FROM drafts")}
        return lines, titles
    finally:
        conn.close()


def apply(edit: dict, lines: State, titles: set[str]) -> None:
    if edit["op"] == "draft":
        titles.add(edit["title"])
    elif edit["op"] == "add":
        for text, qty in edit["lines"]:
            lines[text] = (edit["title"], qty)
    elif edit["op"] == "qty":
        lines[edit["input"]] = (lines[edit["input"]][0], edit["qty"])
    elif edit["op"] == "delete":
        del lines[edit["input"]]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_at_random_moments_loses_no_acknowledged_edit(tmp_path: Path) -> None:
    from b2bterm.local.db import Database

    path = tmp_path / "profile.sqlite"
    Database(path).close()  # migrated once, up front
    rng = random.Random(20250301)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    lines, titles = read_state(path)
    acknowledged = in_flight_applied = in_flight_lost = 0
    for kill in range(KILLS):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(kill)], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, env=env)
        assert child.stdout is not None
        expect_lines, expect_titles = dict(lines), set(titles)
        pending: dict | None = None
        stop_after = rng.randint(1, 80)  # output lines: the kill lands somewhere in the child's work
        output: list[str] = []
        for out in child.stdout:
            output.append(out)
            if len(output) >= stop_after:
                break
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        # everything the child printed before it died counts, including what we had not read yet
        for out in [*output, *child.stdout]:
            word, _, rest = out.strip().partition(" ")
            if word == "BEGIN":
                pending = json.loads(rest)
            elif word == "ACK" and pending is not None:
                apply(pending, expect_lines, expect_titles)
                acknowledged += 1
                pending = None
        child.stdout.close()
        err = child.stderr.read() if child.stderr else ""
        assert child.returncode == -signal.SIGKILL, err
        actual_lines, actual_titles = read_state(path)
        if (actual_lines, actual_titles) == (expect_lines, expect_titles):
            in_flight_lost += pending is not None
        else:
            # the one edit in flight may have committed (whole) before its ACK was printed
            assert pending is not None, f"kill {kill}: the database differs from the acknowledged edits"
            apply(pending, expect_lines, expect_titles)
            assert (actual_lines, actual_titles) == (expect_lines, expect_titles), f"kill {kill}: half an edit"
            in_flight_applied += 1
        lines, titles = actual_lines, actual_titles
    assert acknowledged > KILLS  # the children did real work between kills
    print(f"{KILLS} kills, {acknowledged} acknowledged edits kept, in-flight edits: {in_flight_applied} committed, "
          f"{in_flight_lost} not; {len(lines)} lines in {len(titles)} drafts")
