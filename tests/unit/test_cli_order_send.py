"""`b2bterm order send` and `order import --send` (the F9 path, with the draft's idempotency key), `order import` of a
file with no order line, and numeric options: as scripts use them, against the demo platform."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from b2bterm.cli import main

ORDER = "LC1D09M7C 5个\nEA9AN1C16 x 10\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def set_offline(config_path: Path, offline: bool) -> None:
    text = config_path.read_text(encoding="utf-8").replace("offline = true\n", "")
    if offline:
        text = text.replace("[profiles.demo.options]\n", "[profiles.demo.options]\noffline = true\n")
    config_path.write_text(text, encoding="utf-8")


def orders_with_key(config, key: str) -> int:  # the demo platform's own file: how many orders carry the key
    path = config.profiles["demo"].options["path"]
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT COUNT(*) FROM orders WHERE idempotency_key = ?", (key,)).fetchone()[0]


def stored_draft(config, draft_id: int):  # -> DraftOrder
    from b2bterm.services.desk import open_desk

    desk = open_desk(config)
    try:
        return desk.drafts.load(draft_id)
    finally:
        desk.db.close()


@pytest.fixture
def order_file(tmp_path: Path) -> Path:
    path = tmp_path / "order.txt"
    path.write_text(ORDER, encoding="utf-8")
    return path


def _import(capsys, order_file: Path) -> int:
    code, out, _ = run(capsys, "order", "import", str(order_file), "--account", "C10023", "--json")
    assert code == 0
    return json.loads(out)["draft_id"]


def test_send_online_prints_the_order_number_and_twice_makes_one_order(capsys, demo_config, order_file) -> None:
    draft_id = _import(capsys, order_file)
    code, out, _ = run(capsys, "order", "send", str(draft_id))
    assert code == 0 and "ORDER PLACED: SO" in out
    number = out.split("ORDER PLACED: ")[1].split()[0]
    draft = stored_draft(demo_config, draft_id)
    assert draft.order_number == number and draft.idempotency_key
    code, out, _ = run(capsys, "order", "send", str(draft_id), "--json")
    assert code == 0
    again = json.loads(out)
    assert again["outcome"] == "already_placed" and again["order_number"] == number
    assert orders_with_key(demo_config, draft.idempotency_key) == 1


def test_send_offline_queues_then_sends_once_with_the_same_key(capsys, demo_config, order_file) -> None:
    draft_id = _import(capsys, order_file)
    set_offline(demo_config.path, True)
    code, out, _ = run(capsys, "order", "send", str(draft_id))
    assert code == 3 and "queued" in out and "same key" in out
    queued = stored_draft(demo_config, draft_id)
    assert queued.state.value == "queued"
    code, out, _ = run(capsys, "order", "send", str(draft_id), "--json")  # still offline: still queued
    assert code == 3 and json.loads(out)["outcome"] == "queued"
    set_offline(demo_config.path, False)
    code, out, _ = run(capsys, "order", "send", str(draft_id), "--json")
    sent = json.loads(out)
    assert code == 0 and sent["outcome"] == "placed" and sent["order_number"]
    code, out, _ = run(capsys, "order", "send", str(draft_id), "--json")
    assert code == 0 and json.loads(out)["order_number"] == sent["order_number"]
    key = stored_draft(demo_config, draft_id).idempotency_key
    assert key and orders_with_key(demo_config, key) == 1


def test_import_and_send_in_one_step(capsys, demo_config, order_file) -> None:
    code, out, _ = run(capsys, "order", "import", str(order_file), "--account", "C10023", "--send", "--json")
    summary = json.loads(out)
    assert code == 0 and summary["send"]["outcome"] == "placed" and summary["send"]["order_number"]


def test_send_refuses_a_draft_with_lines_to_fix(capsys, demo_config, tmp_path: Path) -> None:
    path = tmp_path / "unclear.txt"
    path.write_text("LC1D09M7C 十二打\nEA9AN1C16 3\n", encoding="utf-8")
    code, out, _ = run(capsys, "order", "import", str(path), "--account", "C10023", "--send")
    assert code == 1
    assert "quantity not understood: '十二打'" in out
    code, out, err = run(capsys, "order", "send", "999999")
    assert code == 2 and "no draft 999999" in err


def test_import_of_a_file_without_order_lines_creates_nothing(capsys, demo_config, tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear Mr. Li,\nThank you for your visit.\nBest regards\n", encoding="utf-8")
    code, out, err = run(capsys, "order", "import", str(letter), "--account", "C10023")
    assert code != 0 and out == ""
    assert "no order line found, nothing was imported" in err and "3 lines set aside" in err
    code, out, _ = run(capsys, "outbox", "--all", "--json")
    assert code == 0 and json.loads(out) == []


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1001"])
def test_numeric_options_are_validated(capsys, demo_config, value: str) -> None:
    assert main(["search", "contactor", "--limit", value]) == 2  # argparse's usage line, through the one handler
    err = capsys.readouterr().err
    assert "--limit" in err and ("out of range" in err or "not a whole number" in err)


def test_quote_accepts_model_numbers_and_names_what_it_cannot_price(capsys, demo_config) -> None:
    code, out, _ = run(capsys, "quote", "--account", "C10023", "LC1D09M7C:20", "--json")
    assert code == 0
    (quote,) = json.loads(out)
    assert quote["sku"] == "SE-LC1D09M7C" and quote["qty"] == 20 and quote["input"] == "LC1D09M7C:20"
    code, out, err = run(capsys, "quote", "--account", "C10023", "LC1D09M7C:十", "QQQQ-99999", "S203-D3Z:2")
    assert code == 1
    assert "SE-LC1D09M7C" in out and "x10" in out
    assert "QQQQ-99999: no product matches" in err
    assert "S203-D3Z:2: 7 products may be meant" in err and "S203-D32" in err  # named, nothing is guessed
    assert out.count("SE-") == 1  # the unclear items are not priced

    code, _, err = run(capsys, "quote", "--account", "C10023", "EA9AN1C16:abc")
    assert code == 2 and "'EA9AN1C16:abc': quantity not understood: 'abc'" in err


def test_parse_json_says_how_each_quantity_was_read(capsys, demo_config, tmp_path: Path) -> None:
    path = tmp_path / "q.txt"
    path.write_text("UT 4 2箱\nLC1D09M7C\nEA9AN1C16 十二打\n", encoding="utf-8")
    code, out, _ = run(capsys, "order", "parse", "--account", "C10023", str(path), "--json")
    assert code == 0
    by_input = {x["input"]: x for x in json.loads(out)["lines"]}
    box = by_input["UT 4 2箱"]
    assert box["qty"] == 100 and box["qty_written"] == "2箱" and box["qty_packs"]["pack_size"] == 50
    assert by_input["LC1D09M7C"]["qty_assumed"] is True and by_input["LC1D09M7C"]["qty"] == 1
    dozen = by_input["EA9AN1C16 十二打"]
    assert dozen["qty"] == 0 and dozen["qty_error"] == "quantity not understood: '十二打'"
