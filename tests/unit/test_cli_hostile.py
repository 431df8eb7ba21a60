"""The CLI against a hostile platform and hostile input: no raw escape byte on stdout or stderr, no traceback for any
input (one line; --debug shows it), a closed pipe ends quietly, options are checked before anything runs."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from http_memory_platform import MemoryPlatform

from b2bterm.cli import main
from b2bterm.domain.models import Shipment, TrackingEvent
from b2bterm.server import ServerThread, create_app
from b2bterm.testing.hostile import Answer, HostileServer, deep_json

TOKEN = "tok-hostile"
EVIL = "\x1b]52;c;SGFja2Vk\x07\x1b[2J\x1b]0;owned\x07\x9b31m\u202e\x1bPunterminated"
# What a terminal would act on. \x1b alone is enough: without it no 7-bit sequence can start.
RAW = ("\x1b", "\x07", "\x9b", "\x9d", "\x90", "\u202e", "\r")


def hostile_platform() -> MemoryPlatform:
    platform = MemoryPlatform()
    for sku, p in list(platform.products.items()):
        platform.products[sku] = dataclasses.replace(p, name_en=f"Contactor{EVIL}", brand=f"Brand{EVIL}")
    for aid, a in list(platform.accounts.items()):
        platform.accounts[aid] = dataclasses.replace(a, name=f"Huadong{EVIL}", name_zh=f"华东{EVIL}")
    order = platform.orders["SO-0000"]
    shipment = dataclasses.replace(order.shipments[0], carrier=f"SF{EVIL}",
                                   events=(TrackingEvent(order.placed_at, f"picked up{EVIL}", f"Shanghai{EVIL}"),))
    assert isinstance(shipment, Shipment)
    platform.orders["SO-0000"] = dataclasses.replace(order, po_number=f"PO{EVIL}", shipments=(shipment,))
    return platform


@pytest.fixture(scope="module")
def server() -> Iterator[ServerThread]:
    with ServerThread(create_app(hostile_platform(), tokens=[TOKEN])) as running:
        yield running


def configure(url: str, **options: object) -> None:
    path = Path(os.environ["B2BTERM_CONFIG"])
    path.parent.mkdir(parents=True, exist_ok=True)
    extra = "".join(f"{k} = {v!r}\n" if isinstance(v, str) else f"{k} = {v}\n" for k, v in options.items())
    path.write_text(f'[general]\nprofile = "shop"\nlanguage = "en"\n[profiles.shop]\nplatform = "http"\n'
                    f'[profiles.shop.options]\nurl = "{url}"\ntimeout = 5\n{extra}', encoding="utf-8")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_clean(out: str, err: str) -> None:
    for raw in RAW:
        assert raw not in out, f"{raw!r} on stdout: {out[:300]!r}"
        assert raw not in err, f"{raw!r} on stderr: {err[:300]!r}"
    assert "Traceback" not in out + err


COMMANDS = [
    ("sync", "--quiet"),
    ("search", "contactor"),
    ("search", "contactor", "--json"),
    ("accounts",),
    ("accounts", "--json"),
    ("quote", "SKU-0003:5", "--account", "A1"),
    ("quote", "SKU-0003:5", "--account", "A1", "--json"),
    ("orders", "--account", "A1"),
    ("orders", "--account", "A1", "--json"),
    ("track", "SO-0000"),
    ("track", "SO-0000", "--json"),
]


def test_platform_text_never_reaches_the_terminal_raw(capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch, server: ServerThread) -> None:
    monkeypatch.setenv("B2BTERM_TOKEN", TOKEN)
    configure(server.url)
    for argv in COMMANDS:
        code, out, err = run(capsys, *argv)
        assert code == 0, (argv, err)
        assert out.strip(), argv
        assert_clean(out, err)
    _, out, _ = run(capsys, "search", "contactor")
    assert "Brand " in out and "52;c;" not in out  # the name is shown, the sequence is not


@pytest.mark.parametrize("status", [404, 422, 500])
def test_hostile_error_texts_are_one_clean_line(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                                status: int) -> None:
    problem = {"title": f"No{EVIL}", "detail": f"gone{EVIL}"}
    with HostileServer(lambda *_: Answer.json(problem, status=status)) as hostile:
        monkeypatch.setenv("B2BTERM_TOKEN", TOKEN)
        configure(hostile.url, retries=1)
        code, out, err = run(capsys, "track", "SO-1")
    assert code != 0
    assert_clean(out, err)
    assert err.count("\n") <= 3


def test_deep_json_is_one_line_not_a_recursion_traceback(capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    with HostileServer(lambda *_: Answer(200, deep_json(10_000))) as hostile:
        monkeypatch.setenv("B2BTERM_TOKEN", TOKEN)
        configure(hostile.url)
        for argv in (("accounts",), ("track", "SO-1"), ("sync", "--quiet"), ("quote", "S1", "--account", "A1")):
            code, out, err = run(capsys, *argv)
            assert code == 3, (argv, err)
            assert "nested" in err or "malformed" in err
            assert_clean(out, err)


def test_a_dripping_server_ends_within_the_deadline(capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    with HostileServer(lambda *_: Answer(200, b'{"accounts": []}' * 50, drip_every=0.2)) as hostile:
        monkeypatch.setenv("B2BTERM_TOKEN", TOKEN)
        configure(hostile.url, deadline=1)
        started = time.monotonic()
        code, out, err = run(capsys, "accounts")
    assert code == 3 and "within 1 s" in err
    assert time.monotonic() - started < 4
    assert_clean(out, err)


def test_an_unexpected_error_is_one_line_and_debug_shows_the_traceback(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import b2bterm.cli.entry as cli

    def boom(args: object) -> int:
        raise RuntimeError(f"kaput{EVIL}\nsecond line")

    monkeypatch.setattr(cli, "cmd_platforms", boom)
    code, out, err = run(capsys, "platforms")
    assert code == 1 and "unexpected error: RuntimeError: kaput" in err and "--debug" in err
    assert_clean(out, err)
    code, out, err = run(capsys, "platforms", "--debug")
    assert code == 1 and "Traceback" in err and "boom" in err
    assert "\x1b" not in err


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`b2bterm … | head -1`: the reader goes away; no BrokenPipeError traceback, the SIGPIPE exit code."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "b2bterm", "themes"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before it writes anything: its first write meets a closed pipe
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    assert code in (0, 141)


def test_a_price_in_another_currency_than_the_account_is_refused(capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    account = {"id": "A1", "code": "C001", "name": "Huadong", "currency": "CNY", "tax_rate": "0.13"}
    usd = {"amount": "12.00", "currency": "USD"}
    quote = {"quotes": [{"sku": "S1", "account_id": "A1", "qty": 1, "tax_rate": "0.13", "list_price": usd,
                         "net_price": usd}]}

    product = {"sku": "S1", "model": "M1", "brand": "B", "category": "C", "name_en": "Contactor",
               "list_price": {"amount": "10.00", "currency": "CNY"}}
    catalog = {"products": [product], "next_cursor": "c1", "done": True, "total": 1}

    def script(method: str, path: str, body: bytes) -> Answer:
        if "catalog/changes" in path:
            return Answer.json(catalog)
        return Answer.json(quote if path.endswith("/quotes") else account)

    with HostileServer(script) as hostile:
        monkeypatch.setenv("B2BTERM_TOKEN", TOKEN)
        configure(hostile.url)
        code, out, err = run(capsys, "quote", "S1", "--account", "A1")
    assert code == 3 and "USD" in err and "pays in CNY" in err
    assert "12.00" not in out


def test_platform_check_against_a_dripping_server_ends_after_one_deadline(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    with HostileServer(lambda *_: Answer(200, b'{"status": "ok"}' * 20, drip_every=0.2)) as hostile:
        configure(hostile.url, deadline=1)
        monkeypatch.setenv("CHECK_TOKEN", TOKEN)
        started = time.monotonic()
        code, out, err = run(capsys, "platform", "check", "--token-env", "CHECK_TOKEN")
    assert code == 1
    assert time.monotonic() - started < 5  # one deadline, not one per check
    assert "did not answer" in out
    assert_clean(out, err)
