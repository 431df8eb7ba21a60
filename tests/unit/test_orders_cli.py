"""`b2bterm orders` and `b2bterm track` as scripts use them: JSON shape, filters, exit codes, offline answers."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from b2bterm.cli import entry as cli
from b2bterm.cli import main

ACCOUNT = "C10541"


@pytest.fixture(autouse=True)
def _orders_command(monkeypatch: pytest.MonkeyPatch) -> None:
    if "b2bterm.cli.orders" not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES", (*cli.COMMAND_MODULES, "b2bterm.cli.orders"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def demo_rows(demo_config, sql: str, params: tuple[object, ...] = ()) -> list[sqlite3.Row]:
    path = Path(demo_config.profile(None).options["path"])
    conn = sqlite3.connect(str(path))
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_orders_json_filters_by_status_and_date(capsys, demo_config) -> None:
    expected = demo_rows(demo_config, "SELECT number FROM orders WHERE account_id = ? AND status = 'delivered' "
                                      "AND substr(placed_at, 1, 10) >= '2026-01-01' ORDER BY placed_at DESC",
                         (ACCOUNT,))
    code, out, _ = run(capsys, "orders", "--account", ACCOUNT, "--status", "delivered", "--since", "2026-01",
                       "--json")
    assert code == 0
    data = json.loads(out)
    assert data["account"]["id"] == ACCOUNT and data["live"] is True
    assert [o["number"] for o in data["orders"]] == [r["number"] for r in expected]
    first = data["orders"][0]
    assert {"number", "placed_at", "status", "po_number", "total_incl_tax", "currency", "backordered"} <= set(first)
    assert first["status"] == "delivered" and first["placed_at"] >= "2026-01-01"
    assert "." in first["total_incl_tax"]  # a Decimal as text, never a float


def test_orders_contains_and_bad_input(capsys, demo_config) -> None:
    sku = demo_rows(demo_config, "SELECT l.sku FROM order_lines l JOIN orders o ON o.number = l.order_number "
                                 "WHERE o.account_id = ? LIMIT 1", (ACCOUNT,))[0][0]
    code, out, _ = run(capsys, "orders", "--account", ACCOUNT, "--contains", sku, "--json")
    assert code == 0 and json.loads(out)["orders"]
    code, _, err = run(capsys, "orders", "--account", ACCOUNT, "--status", "teleported")
    assert code == 2 and "delivered" in err
    code, _, err = run(capsys, "orders", "--account", ACCOUNT, "--since", "last tuesday")
    assert code == 2 and "not a date" in err
    code, out, _ = run(capsys, "orders", "--account", ACCOUNT, "--limit", "3")
    assert code == 0 and len(out.strip().splitlines()) == 3


def test_track_json_shipments_and_events_newest_first(capsys, demo_config) -> None:
    number = demo_rows(demo_config, "SELECT s.order_number FROM shipments s JOIN tracking_events e "
                                    "ON e.shipment_id = s.id GROUP BY 1 HAVING count(*) > 2 LIMIT 1")[0][0]
    code, out, _ = run(capsys, "track", number, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["number"] == number and data["live"] and data["shipments"]
    s = data["shipments"][0]
    assert s["carrier"] and s["tracking_number"] and s["events"]
    times = [e["at"] for e in s["events"]]
    assert times == sorted(times, reverse=True)
    assert {"at", "place", "description", "status"} == set(s["events"][0])
    code, out, _ = run(capsys, "track", number)
    assert code == 0 and s["tracking_number"] in out
    code, _, err = run(capsys, "track", "SO-NOPE")
    assert code == 3 and "SO-NOPE" in err


def test_track_and_orders_answer_from_the_cache_offline(capsys, demo_config, monkeypatch) -> None:
    number = demo_rows(demo_config, "SELECT number FROM orders WHERE account_id = ? ORDER BY placed_at DESC LIMIT 1",
                       (ACCOUNT,))[0][0]
    assert run(capsys, "track", number, "--json")[0] == 0  # read once online: cached
    assert run(capsys, "orders", "--account", ACCOUNT, "--json")[0] == 0
    profile = demo_config.profile(None)
    monkeypatch.setitem(profile.options, "offline", True)
    monkeypatch.setattr("b2bterm.config.load_config", lambda *_a, **_k: demo_config)
    code, out, err = run(capsys, "track", number, "--json")
    assert code == 0 and "cached copy" in err
    data = json.loads(out)
    assert data["live"] is False and data["number"] == number
    code, out, err = run(capsys, "orders", "--account", ACCOUNT, "--json")
    assert code == 0 and "offline" in err
    data = json.loads(out)
    assert data["live"] is False and number in [o["number"] for o in data["orders"]]
