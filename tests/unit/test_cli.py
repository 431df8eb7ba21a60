"""The b2bterm command as scripts use it: exit codes, text and --json output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from b2bterm import __version__
from b2bterm.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version_and_platforms_answer_without_a_config(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out
    code, out, _ = run(capsys, "platforms", "--json")
    assert code == 0
    names = {row["name"] for row in json.loads(out)}
    assert {"demo", "http"} <= names


def test_python_dash_m_runs(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "b2bterm", "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("b2bterm ")


def test_the_process_run_leaves_what_it_made_to_the_os(capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The console script's run (main() with no argv) freezes its objects as it ends, so that the interpreter's last
    collections do not walk them (~6-11 ms of every command); a caller's run (a test, a script) is left alone."""
    import gc

    monkeypatch.setattr(sys, "argv", ["b2bterm", "--version"])
    gc.unfreeze()
    try:
        assert main() == 0
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert main(["--version"]) == 0 and gc.get_freeze_count() == 0
    assert capsys.readouterr().out.count(__version__) == 2


def test_broken_config_names_file_and_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[general]\nprofile = "demo"\ncolour = "red"\n', encoding="utf-8")
    code, _, err = run(capsys, "--config", str(path), "accounts")
    assert code == 2
    assert str(path) in err and "line 3" in err and "general.colour" in err


def test_unknown_platform_names_the_installed_ones(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[general]\nprofile = "x"\n[profiles.x]\nplatform = "sap"\n', encoding="utf-8")
    code, _, err = run(capsys, "--config", str(path), "accounts")
    assert code == 2 and "sap" in err and "demo" in err and "http" in err


def test_search_json(capsys: pytest.CaptureFixture[str], demo_config) -> None:
    code, out, _ = run(capsys, "search", "lc1", "d09", "m7", "--limit", "5", "--json")
    assert code == 0
    rows = json.loads(out)
    assert rows[0]["model"] == "LC1D09M7"
    assert {"sku", "model", "brand", "name"} <= set(rows[0])


def test_accounts_and_quote_json(capsys: pytest.CaptureFixture[str], demo_config) -> None:
    code, out, _ = run(capsys, "accounts", "--json")
    assert code == 0
    accounts = json.loads(out)
    assert len(accounts) >= 40 and {"id", "name"} <= set(accounts[0])
    code, out, _ = run(capsys, "search", "LC1D09M7", "--json", "--limit", "1")
    sku = json.loads(out)[0]["sku"]
    code, out, err = run(capsys, "quote", "--account", accounts[0]["code"], f"{sku}:20", f"{sku}:1", "--json")
    assert code == 0, err
    quotes = json.loads(out)
    assert [q["qty"] for q in quotes] == [20, 1]
    for q in quotes:
        assert {"list", "net", "currency", "net_incl_tax", "breaks", "source"} <= set(q)
        assert q["currency"] == "CNY"
    assert float(quotes[0]["net"]) <= float(quotes[1]["net"])  # more never costs more per unit


def test_quote_bad_quantity_is_a_clear_error(capsys: pytest.CaptureFixture[str], demo_config) -> None:
    code, _, err = run(capsys, "quote", "--account", "C10023", "SE-LC1D09M7:lots")
    assert code == 2 and "whole number" in err


async def _queue_one_order(desk) -> int:  # -> draft id, queued while the platform was unreachable
    await desk.select_account("C10023")
    pad = desk.new_pad("C10023")
    pad.add_text("LC1D09M7 2\n")
    await pad.reprice()
    desk.platform.offline = True
    result = await desk.submit(pad.draft_id)
    assert result.outcome.value == "queued"
    desk.platform.offline = False
    return pad.draft_id


async def test_sync_pulls_the_catalog_and_sends_the_queued_orders(capsys: pytest.CaptureFixture[str], desk) -> None:
    draft_id = await _queue_one_order(desk)
    await desk.aclose()
    import asyncio

    code, out, err = await asyncio.to_thread(run, capsys, "sync", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["ok"] and data["outbox"]["sent"] == 1 and data["catalog_total"] == 3000
    assert data["price_book"]["status"] == "no_account"  # the profile names no account and the setting is ""
    from b2bterm.config import load_config
    from b2bterm.services.desk import open_desk

    again = open_desk(load_config())
    try:
        sent = again.drafts.load(draft_id)
        assert sent.state.value == "sent" and sent.order_number
    finally:
        await again.aclose()


def test_search_says_how_many_it_shows_and_what_the_closest_miss(capsys: pytest.CaptureFixture[str],
                                                                  demo_config) -> None:
    code, out, err = run(capsys, "search", "施耐德接触器", "--limit", "3")
    assert code == 0 and len(out.splitlines()) == 3
    shown, total = (int(x.replace(",", "")) for x in err.split("showing ")[1].split(" (")[0].split(" of "))
    assert shown == 3 and total > 3
    code, out, err = run(capsys, "search", "schneider", "contactor", "9a", "127v", "--limit", "2")
    assert code == 0 and "closest" in out and "asked 127v" in out
    assert "Understood: schneider · contactor · 9a · 127v; no product has 127v" in err
    code, out, err = run(capsys, "search", "欧普", "中间继电器", "24VDC", "--limit", "2")
    assert code == 0 and "not in the catalog: 欧普" in err and "DC24" in out
    code, out, _ = run(capsys, "search", "LC1D90M7", "--limit", "3")
    assert code == 0 and "Did you mean" in out and "LC1D09M7" in out


def test_search_with_an_account_has_net_price_and_stock(capsys: pytest.CaptureFixture[str], demo_config) -> None:
    code, out, err = run(capsys, "search", "正泰空开", "3P", "16A", "--account", "C10023", "--limit", "2", "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert rows and all({"net_price", "price_live", "stock"} <= set(r) for r in rows)
    assert rows[0]["brand"] == "CHINT" and rows[0]["price_live"] is True
    assert float(rows[0]["net_price"]) <= float(rows[0]["list_price"]) and isinstance(rows[0]["stock"], int)


async def test_a_desk_hands_the_interpreter_over_within_a_tenth_of_a_millisecond(demo_config) -> None:
    """Its threads share one interpreter (the UI, the sync, a search's rows): with Python's 5 ms a search of 50 rows
    beside a busy thread waited up to 50 x 5 ms (services.desk.SWITCH_INTERVAL says what was measured)."""
    from b2bterm.services.desk import SWITCH_INTERVAL, open_desk

    before = sys.getswitchinterval()
    sys.setswitchinterval(0.005)
    desk = open_desk(demo_config)
    try:
        assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL) and SWITCH_INTERVAL <= 0.0001
    finally:
        await desk.aclose()
        sys.setswitchinterval(before)


async def test_sync_says_why_it_builds_a_catalog_an_earlier_b2bterm_made_again(capsys: pytest.CaptureFixture[str],
                                                                               desk) -> None:
    import asyncio

    from profiles import made_by_an_earlier_b2bterm

    path = desk.catalog.home.path(desk.catalog.home.current or "")
    await desk.aclose()
    made_by_an_earlier_b2bterm(path)
    code, out, err = await asyncio.to_thread(run, capsys, "sync")
    assert code == 0, err
    assert "This version of b2bterm keeps the local catalog another way, so it is built again." in err
    assert "Catalog synced" in out
    code, out, err = await asyncio.to_thread(run, capsys, "sync")  # once: the catalog is this b2bterm's own now
    assert code == 0 and "built again" not in err
