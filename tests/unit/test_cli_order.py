"""`b2bterm order parse|import` as scripts use them: JSON shape, statuses, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from b2bterm.cli import main

PASTE = """您好，麻烦报价以下：
1. LC1D09M7C 5个
EA9AN1C16 x 10
3RT2015-1AN22\t8
EA9AN1C16 2
S203-D3Z 2
QQQQ-99999 1
3RV2011-1EA10 0.5
谢谢！
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def order_file(tmp_path: Path) -> Path:
    path = tmp_path / "order.txt"
    path.write_text(PASTE, encoding="utf-8")
    return path


def test_parse_json_shape_and_statuses(capsys: pytest.CaptureFixture[str], demo_config, order_file: Path) -> None:
    code, out, _ = run(capsys, "order", "parse", "--account", "C10023", str(order_file), "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"lines", "ignored"}
    by_input = {line["input"]: line for line in data["lines"]}
    # repeated SKUs are merged (quantities summed, both inputs kept)
    ea9 = by_input["EA9AN1C16 x 10 | EA9AN1C16 2"]
    assert ea9["status"] == "resolved" and ea9["sku"] == "SE-EA9AN1C16" and ea9["qty"] == 12
    assert by_input["1. LC1D09M7C 5个"]["qty"] == 5 and by_input["1. LC1D09M7C 5个"]["unit"] == "个"
    assert by_input["3RT2015-1AN22\t8"]["model"] == "3RT2015-1AN22"
    typo = by_input["S203-D3Z 2"]
    assert typo["status"] == "ambiguous" and "sku" not in typo
    assert {"sku", "model", "brand", "score"} <= set(typo["candidates"][0])
    assert typo["candidates"][0]["model"] == "S203-D32" and typo["candidates"][0]["score"] > 80
    assert by_input["QQQQ-99999 1"]["status"] == "unknown" and "no product" in by_input["QQQQ-99999 1"]["message"]
    half = by_input["3RV2011-1EA10 0.5"]
    assert half["qty"] == 0 and half["qty_error"]
    assert [x["line_no"] for x in data["ignored"]] == [1, 9]
    assert all(x["reason"] for x in data["ignored"])
    assert {line["status"] for line in data["lines"]} == {"resolved", "ambiguous", "unknown"}


def test_parse_reads_stdin_and_prints_a_table(capsys, demo_config, monkeypatch) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("EA9AN1C16 3\nhello\n"))
    code, out, err = run(capsys, "order", "parse", "--account", "C10023")
    assert code == 0
    assert "resolved" in out and "EA9AN1C16" in out and "set aside" in out
    assert "1 resolved, 0 need a pick, 0 unknown, 1 line set aside" in err


def test_the_table_names_the_brands_of_a_shared_model(capsys, demo_config, monkeypatch) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("BV 1.5 red 100m x 3\nS203-D3Z 2\n"))
    code, out, _ = run(capsys, "order", "parse", "--account", "C10023")
    assert code == 0
    shared = next(line for line in out.splitlines() if "BV 1.5 red 100m x 3" in line)
    assert "BV 1.5 red 100m: " in shared and shared.count(" / ") == 3  # four brands make it
    typo = next(line for line in out.splitlines() if "S203-D3Z" in line)
    assert "S203-D32 (86)" in typo  # one brand: the models and their scores, no brand repeated


def test_import_makes_a_draft(capsys, demo_config, order_file: Path) -> None:
    code, out, _ = run(capsys, "order", "import", str(order_file), "--account", "C10023", "--json")
    assert code == 0
    summary = json.loads(out)
    assert summary["draft_id"] >= 1 and summary["lines"] == 6
    assert summary["resolved"] == 4 and summary["ambiguous"] == 1 and summary["unknown"] == 1
    assert len(summary["ignored"]) == 2

    from b2bterm.services.desk import open_desk

    desk = open_desk(demo_config)
    try:
        draft = desk.drafts.load(summary["draft_id"])
        assert draft.account_id == "C10023" and len(draft.lines) == 6
    finally:
        desk.db.close()


def test_errors_are_clear(capsys, demo_config, tmp_path: Path) -> None:
    code, _, err = run(capsys, "order", "parse", "--account", "C10023", str(tmp_path / "missing.txt"))
    assert code == 2 and "no such file" in err
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    code, _, err = run(capsys, "order", "import", str(empty), "--account", "C10023")
    assert code == 2 and "empty" in err
    code, _, err = run(capsys, "order", "parse", "--account", "NO-SUCH-ACCOUNT", str(empty))
    assert code == 2
