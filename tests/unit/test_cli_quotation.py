"""`b2bterm quotation …` and `b2bterm orders --xlsx` as scripts use them: JSON, files, exit codes and messages."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from b2bterm.cli import main

ACCOUNT = "C10541"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _new(capsys: pytest.CaptureFixture[str], *items: str, extra: tuple[str, ...] = ()) -> dict:
    code, out, err = run(capsys, "quotation", "new", "--account", ACCOUNT, *items, *extra, "--json")
    assert code == 0, err
    return json.loads(out)


def test_new_list_show_and_mark(capsys: pytest.CaptureFixture[str], demo_config, today: date) -> None:
    q = _new(capsys, "LC1D09M7C:20", "SE-EA9AN1C16", extra=("--notes", "含运费", "--payment", "款到发货"))
    assert q["state"] == "draft" and q["account_id"] == ACCOUNT
    assert q["valid_until"] == (today + timedelta(days=30)).isoformat()
    assert [(x["model"], x["qty"]) for x in q["items"]] == [("LC1D09M7C", 20), ("EA9AN1C16", 1)]
    assert q["notes"] == "含运费" and q["payment_terms"] == "款到发货"
    item = q["items"][0]
    assert float(item["amount_incl_tax"]) > float(item["amount"]) > 0
    short = _new(capsys, "EA9AN1C16:3", extra=("--valid-days", "7"))
    assert short["valid_until"] == (today + timedelta(days=7)).isoformat()

    code, out, _ = run(capsys, "quotation", "list", "--account", ACCOUNT, "--json")
    listed = json.loads(out)
    assert code == 0 and [x["number"] for x in listed] == [short["number"], q["number"]]
    assert listed[1]["lines"] == 2 and "items" not in listed[1]
    code, out, _ = run(capsys, "quotation", "list", "--account", "C99999", "--json")
    assert json.loads(out) == []
    code, out, _ = run(capsys, "quotation", "show", q["number"])
    assert code == 0 and "LC1D09M7C" in out and "含税" in out and "款到发货" in out

    assert run(capsys, "quotation", "mark", str(q["id"]), "sent")[0] == 0
    code, _, err = run(capsys, "quotation", "mark", q["number"], "sent")
    assert code == 0
    code, out, _ = run(capsys, "quotation", "mark", q["number"], "accepted", "--json")
    assert json.loads(out)["state"] == "accepted"
    code, _, err = run(capsys, "quotation", "mark", short["number"], "accepted")
    assert code == 2 and "cannot be marked accepted" in err


def test_export_writes_both_files(capsys: pytest.CaptureFixture[str], demo_config, tmp_path: Path) -> None:
    q = _new(capsys, "LC1D09M7C:20", "3RT2015-1AN22:4")
    xlsx, pdf = tmp_path / "out" / "q.xlsx", tmp_path / "out" / "q.pdf"
    code, out, err = run(capsys, "quotation", "export", q["number"], "--xlsx", str(xlsx), "--pdf", str(pdf))
    assert code == 0, err
    assert f"wrote {xlsx}" in out and f"wrote {pdf}" in out
    ws = openpyxl.load_workbook(xlsx).active
    values = [c.value for row in ws.iter_rows() for c in row]
    assert q["number"] in values and "LC1D09M7C" in values and q["account_name"] in values
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert q["account_name"] in text and "报价单" in text and "3RT2015-1AN22" in text
    # no path: both files into the configured export folder
    config = Path(demo_config.path)
    folder = tmp_path / "exports"
    config.write_text(config.read_text(encoding="utf-8") + f'\n[quotations]\nexport_folder = "{folder.as_posix()}"\n',
                      encoding="utf-8")
    code, out, _ = run(capsys, "quotation", "export", str(q["id"]), "--json")
    assert code == 0
    assert sorted(Path(p).name for p in json.loads(out)["written"]) == [f"{q['number']}.pdf", f"{q['number']}.xlsx"]
    assert sorted(p.name for p in folder.iterdir()) == [f"{q['number']}.pdf", f"{q['number']}.xlsx"]
    code, _, err = run(capsys, "quotation", "export", q["number"], "--xlsx", str(tmp_path))
    assert code == 2 and "is a folder" in err


def test_order_makes_a_draft_once(capsys: pytest.CaptureFixture[str], demo_config) -> None:
    q = _new(capsys, "LC1D09M7C:20")
    code, out, _ = run(capsys, "quotation", "order", q["number"], "--json")
    result = json.loads(out)
    assert code == 0 and not result["expired"] and result["quotation"] == q["number"] and result["draft_id"] > 0
    code, _, err = run(capsys, "quotation", "order", q["number"])
    assert code == 2 and f"draft {result['draft_id']}" in err and "already" in err
    code, out, _ = run(capsys, "quotation", "list", "--json")
    assert json.loads(out)[0]["state"] == "ordered"


@pytest.mark.parametrize(("argv", "message"), [
    (("new", "--account", ACCOUNT, "LC1D09M7C:2", "NOPE-NOT-A-MODEL:1"), "'NOPE-NOT-A-MODEL' is not a SKU"),
    (("new", "--account", ACCOUNT, "LC1D09M7C:two"), "'two' is not a whole quantity"),
    (("new", "--account", ACCOUNT, "LC1D09M7C:2", "--valid-days", "-3"), "--valid-days"),
    (("show", "Q-what"), "not a quotation number"),
    (("show", "999"), "there is no quotation 999"),
    (("order", "Q261124-0999"), "there is no quotation 999"),
])
def test_errors_exit_2_with_a_clear_line_and_save_nothing(capsys: pytest.CaptureFixture[str], demo_config,
                                                          argv: tuple[str, ...], message: str) -> None:
    code, _, err = run(capsys, "quotation", *argv)
    assert code == 2 and message in err and "Traceback" not in err
    code, out, _ = run(capsys, "quotation", "list", "--json")
    assert json.loads(out) == []


def test_orders_export_to_xlsx(capsys: pytest.CaptureFixture[str], demo_config, tmp_path: Path) -> None:
    path = tmp_path / "orders.xlsx"
    code, out, err = run(capsys, "orders", "--account", ACCOUNT, "--limit", "12", "--xlsx", str(path), "--json")
    assert code == 0, err
    listed = json.loads(out)["orders"]
    wb = openpyxl.load_workbook(path)
    orders, lines = wb["订单 Orders"], wb["明细 Lines"]
    rows = list(orders.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [o["number"] for o in listed]
    for row, o in zip(rows, listed, strict=True):
        assert row[1].date() == datetime.fromisoformat(o["placed_at"]).astimezone().date()  # the user's day
        assert Decimal(str(row[7])) == Decimal(o["total_incl_tax"]) and row[4] == o["lines"]
    line_rows = list(lines.iter_rows(min_row=2, values_only=True))
    assert len(line_rows) == sum(o["lines"] for o in listed)
    assert all(isinstance(r[5], int) and isinstance(r[6], int | float) for r in line_rows)
    assert "wrote" in err


def test_push_and_sync(capsys: pytest.CaptureFixture[str], demo_config) -> None:
    q = _new(capsys, "LC1D09M7C:20")
    code, out, err = run(capsys, "quotation", "push", q["number"], "--json")
    assert code == 0, err
    remote = json.loads(out)["remote_id"]
    assert remote
    code, out, _ = run(capsys, "quotation", "sync", "--json")
    assert code == 0 and json.loads(out) == {"pushed": [], "waiting": 0, "changed": []}
    code, out, _ = run(capsys, "quotation", "sync")
    assert code == 0 and "No pushed quotation changed" in out


def test_edit_validity_and_terms(capsys: pytest.CaptureFixture[str], demo_config, today: date) -> None:
    q = _new(capsys, "LC1D09M7C:20")
    until = (today + timedelta(days=3)).isoformat()
    code, out, err = run(capsys, "quotation", "edit", q["number"], "--valid-until", until, "--delivery", "送货上门",
                         "--json")
    assert code == 0, err
    edited = json.loads(out)
    assert edited["valid_until"] == until and edited["delivery_terms"] == "送货上门"
    assert edited["payment_terms"] == q["payment_terms"]  # what was not given stays
    past = (today - timedelta(days=1)).isoformat()
    code, out, _ = run(capsys, "quotation", "edit", q["number"], "--valid-until", past, "--json")
    assert json.loads(out)["state"] == "expired"
    assert run(capsys, "quotation", "edit", q["number"])[0] == 2
    code, _, err = run(capsys, "quotation", "edit", q["number"], "--valid-until", "soon")
    assert code == 2 and "not a date" in err
