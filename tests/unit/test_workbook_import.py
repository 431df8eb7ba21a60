"""Order lists from Excel: an .xlsx (or .xls) imports exactly like its CSV twin, the order sheet is found, and the
CSV import's limits and messages hold."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from b2bterm.cli import main
from b2bterm.quickorder.order_file import MAX_INPUT_BYTES, OrderFileError, read_order_file
from b2bterm.quickorder.parser import parse_order_text
from b2bterm.quickorder.workbook import rows_to_csv

DATA = Path(__file__).resolve().parents[1] / "data"
ROWS: list[list[object]] = [
    ["订货明细"],
    ["序号", "型号", "品名", "数量", "单位"],
    [1, "LC1D09M7C", "交流接触器", 5, "个"],
    [2, "EA9AN1C16", "断路器, 1P", 10.0, "个"],  # a comma inside a cell, a quantity stored as a float
    [3, "3RT2015-1AN22", "接触器", 8, None],
    [4, "QQQQ-99999", "不存在", 1, None],
    [5, "3RV2011-1EA10", "电机保护", 0.5, None],
    [6, "S203-D3Z", "微断", "20个", None],
    [None, None, None, None, None],
    [7, "EA9AN1C16", "断路器, 1P", 2, "个"],
]


def _csv_twin(path: Path, rows: list[list[object]]) -> Path:
    """What Excel's "Save as CSV" writes for these rows."""
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        for row in rows:
            cells = ["" if v is None else str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)
                     for v in row]
            if any(cells):
                writer.writerow(cells + [""] * (len(ROWS[1]) - len(cells)))  # Excel writes every column
    return path


def _xlsx(path: Path, sheets: dict[str, list[list[object]]], active: int = 0) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.active = active
    wb.save(path)
    return path


def _lines(text: str) -> list[tuple[str, int | None, str, str]]:
    return [(x.code, x.qty, x.unit, x.qty_error) for x in parse_order_text(text).lines]


def test_xlsx_reads_like_its_csv_twin(tmp_path: Path) -> None:
    notes = [["华东机电 采购订单"], ["请按以下明细发货，谢谢！", None, "日期", datetime(2026, 11, 20)]]
    xlsx = _xlsx(tmp_path / "order.xlsx", {"说明": notes, "订单": ROWS})  # the order is on the second sheet
    twin = _csv_twin(tmp_path / "order.csv", ROWS)
    from_xlsx, from_csv = read_order_file(xlsx), read_order_file(twin)
    assert _lines(from_xlsx) == _lines(from_csv)
    assert [x[:2] for x in _lines(from_xlsx)][:3] == [("LC1D09M7C", 5), ("EA9AN1C16", 10), ("3RT2015-1AN22", 8)]
    assert len(parse_order_text(from_xlsx).ignored) == len(parse_order_text(from_csv).ignored)
    # asked for by name or number, that sheet is read
    notes_text = read_order_file(xlsx, sheet="说明")
    assert "请按以下明细发货" in notes_text and "2026-11-20" in notes_text and "LC1D09M7C" not in notes_text
    assert _lines(read_order_file(xlsx, sheet="2")) == _lines(from_csv)
    with pytest.raises(OrderFileError, match=r"no sheet 'Sheet9' \(sheets: 说明, 订单\)"):
        read_order_file(xlsx, sheet="Sheet9")


def test_the_active_sheet_wins_when_it_holds_an_order(tmp_path: Path) -> None:
    other = [["型号", "数量"], ["3RT2015-1AN22", 3]]
    xlsx = _xlsx(tmp_path / "two.xlsx", {"旧订单": other, "新订单": ROWS}, active=1)
    assert _lines(read_order_file(xlsx)) == _lines(read_order_file(_csv_twin(tmp_path / "t.csv", ROWS)))


def test_xls_reads_like_its_csv_twin(tmp_path: Path) -> None:
    # tests/data/order.xls (Excel 97-2003): sheets 说明 (notes) and 订单 (a title row, a blank row, then the header
    # and the first five lines of ROWS)
    twin = _csv_twin(tmp_path / "order.csv", [ROWS[0], *[[c if c != "断路器, 1P" else "断路器" for c in r]
                                                          for r in ROWS[1:7]]])
    assert _lines(read_order_file(DATA / "order.xls")) == _lines(read_order_file(twin))


def test_limits_and_damaged_files_say_what_is_wrong(tmp_path: Path) -> None:
    big = _xlsx(tmp_path / "big.xlsx", {"s": [["LC1D09M7C", i, "x" * 2000] for i in range(2600)]})
    assert big.stat().st_size < MAX_INPUT_BYTES  # small on disk, too large as text
    with pytest.raises(OrderFileError, match=f"larger than {MAX_INPUT_BYTES:,} bytes"):
        read_order_file(big)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(OrderFileError, match=r"broken\.xlsx: not a readable Excel workbook"):
        read_order_file(broken)
    empty = _xlsx(tmp_path / "empty.xlsx", {"Sheet1": []})
    with pytest.raises(OrderFileError, match="empty"):
        read_order_file(empty)
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\x00\x10JFIF")
    with pytest.raises(OrderFileError, match="not a text file"):
        read_order_file(binary)


@given(st.lists(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
                         .map(str.strip), min_size=1, max_size=6), max_size=8))
def test_rows_to_csv_keeps_every_cell(rows: list[list[str]]) -> None:
    text = rows_to_csv(rows, limit=10**6)
    kept = [r for r in (list(row) for row in rows) if any(r)]
    width = max((max(i + 1 for i, c in enumerate(r) if c) for r in kept), default=0)
    expected = [(r + [""] * width)[:width] for r in kept]
    assert [row + [""] * (width - len(row)) for row in csv.reader(text.splitlines())] == expected


def test_cli_order_import_of_xlsx_and_csv_twin_make_the_same_draft(
        capsys: pytest.CaptureFixture[str], demo_config, tmp_path: Path) -> None:
    xlsx = _xlsx(tmp_path / "order.xlsx", {"订单": ROWS})
    twin = _csv_twin(tmp_path / "order.csv", ROWS)
    results = []
    for path in (xlsx, twin):
        assert main(["order", "import", "--account", "C10023", str(path), "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        results.append({k: v for k, v in data.items() if k != "draft_id"})
    assert results[0] == results[1]
    assert results[0]["resolved"] >= 3 and results[0]["unknown"] >= 1
    code = main(["order", "parse", "--account", "C10023", str(xlsx), "--sheet", "nope"])
    assert code == 2 and "no sheet 'nope'" in capsys.readouterr().err


def test_an_xls_that_is_really_text_reads_as_text(tmp_path: Path) -> None:
    fake = tmp_path / "ERP导出.xls"  # many systems save tab-separated text under an Excel name
    fake.write_bytes("型号\t数量\nLC1D09M7C\t5\n".encode("gb18030"))
    assert _lines(read_order_file(fake)) == [("LC1D09M7C", 5, "", "")]
