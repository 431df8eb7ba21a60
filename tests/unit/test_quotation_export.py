"""Exported quotations: the .xlsx read back with openpyxl cell by cell, the PDF read back as text (pypdf) with its
Chinese and its font embedded, and rendered to an image and to text by poppler."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from b2bterm.domain.models import PriceSource, PriceSourceKind
from b2bterm.domain.money import Money
from b2bterm.domain.quotation import Company, Quotation, QuotationLine, QuotationState
from b2bterm.export.files import ExportError
from b2bterm.export.quotation_doc import COLUMNS
from b2bterm.export.quotation_pdf import write_quotation_pdf
from b2bterm.export.quotation_xlsx import TABLE_HEAD_ROW, write_quotation_xlsx

COMPANY = Company("华南工控自动化有限公司", "深圳市南山区科技园1号", "张三 138-0000-0000")


def _quotation(today: date, n: int = 3) -> Quotation:
    lines = tuple(QuotationLine(
        sku=f"SE-LC1D{i:02d}", model=f"LC1D{i:02d}M7C", qty=i * 5, list_price=Money.of(f"{100 + i}.40"),
        net_price=Money.of(f"{80 + i}.15"), tax_rate=Decimal("0.13"), brand="施耐德",
        source=PriceSource(PriceSourceKind.CONTRACT, f"HT-2026-{i:03d}", valid_to=today + timedelta(days=90)),
        name_zh=f"交流接触器 {i}号 线圈220V", name_en="Contactor", unit="个", id=i, position=i - 1)
        for i in range(1, n + 1))
    moment = datetime.combine(today, time(10), UTC)
    return Quotation(id=42, account_id="C10541", account_code="C10541", account_name="郑州新亚汽车零部件有限公司",
                     valid_until=today + timedelta(days=30), created_at=moment, updated_at=moment, lines=lines,
                     delivery_terms="现货三天内发货，送货上门", payment_terms="月结30天", notes="含运费。")


def _col(key: str) -> int:
    return next(i for i, c in enumerate(COLUMNS, start=1) if c.key == key)


def test_xlsx_has_every_cell_that_matters_as_typed_values(tmp_path: Path, today: date) -> None:
    q = _quotation(today)
    path = write_quotation_xlsx(q, QuotationState.SENT, COMPANY, tmp_path / "out" / "quote")  # suffix added
    assert path == tmp_path / "out" / "quote.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    assert ws.title == "报价单"
    assert ws["A1"].value == COMPANY.name and "深圳市南山区" in ws["A2"].value
    assert ws["A4"].value == "报价单 Quotation"
    header = {ws.cell(r, c).value: ws.cell(r, c + 1).value for r in range(6, 10) for c in (1, 8)}
    assert header["报价单号 Quotation no."] == q.number
    assert header["客户 Customer"] == "郑州新亚汽车零部件有限公司"
    assert header["客户代码 Account"] == "C10541"
    assert header["有效期至 Valid until"].date() == q.valid_until  # a date cell, not text
    assert header["报价日期 Date"].date() == today
    assert header["状态 Status"] == "已发送 Sent" and header["币种 Currency"] == "CNY"
    head = [ws.cell(TABLE_HEAD_ROW, c).value for c in range(1, len(COLUMNS) + 1)]
    assert head == [c.label for c in COLUMNS]
    assert ws.freeze_panes == f"A{TABLE_HEAD_ROW + 1}"
    for i, line in enumerate(q.lines, start=1):
        row = TABLE_HEAD_ROW + i

        def cell(key: str, row: int = row) -> object:
            return ws.cell(row, _col(key)).value

        assert (cell("no"), cell("model"), cell("brand"), cell("name"), cell("unit"), cell("sku")) == (
            i, line.model, "施耐德", line.name_zh, "个", line.sku)
        assert cell("qty") == line.qty and isinstance(cell("qty"), int)
        for key, expected in (("list", line.list_price.amount), ("net", line.net_price.amount),
                              ("gross", line.net_incl_tax.amount), ("amount", line.amount_net.amount),
                              ("amount_gross", line.amount_incl_tax.amount), ("discount", line.discount),
                              ("tax_rate", line.tax_rate)):
            value = cell(key)
            assert isinstance(value, int | float), key  # a number, never text
            assert Decimal(str(value)) == expected, key
        assert ws.cell(row, _col("net")).number_format == "#,##0.00"
        assert ws.cell(row, _col("discount")).number_format == "0.0%"
        assert cell("source").startswith("合同价 contract HT-2026-")
    totals = {}
    for row in ws.iter_rows(min_row=TABLE_HEAD_ROW + len(q.lines) + 1):
        label = row[_col("amount_gross") - 3].value
        if label:
            totals[label] = row[_col("amount_gross") - 1].value
    assert Decimal(str(totals["合计(未税) Subtotal excl. tax"])) == q.subtotal.amount
    assert Decimal(str(totals["税额 Tax"])) == q.tax.amount
    assert Decimal(str(totals["合计(含税) Total incl. tax"])) == q.total_incl_tax.amount
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(q.valid_until.isoformat() in t and "有效期" in t for t in texts)
    for label, value in (("交货条款 Delivery terms", q.delivery_terms), ("付款条款 Payment terms", q.payment_terms),
                         ("备注 Notes", q.notes)):
        row = next(r for r in ws.iter_rows() if r[0].value == label)
        assert row[2].value == value
    # columns are sized to what they hold: the description column is wider than the line number column
    assert ws.column_dimensions["D"].width > ws.column_dimensions["A"].width >= 6
    assert ws.page_setup.orientation == "landscape"


def test_pdf_text_has_the_chinese_and_the_font_is_embedded(tmp_path: Path, today: date) -> None:
    q = _quotation(today, n=40)  # more than a page: the header row repeats
    path = write_quotation_pdf(q, QuotationState.DRAFT, COMPANY, tmp_path / "q.pdf")
    reader = PdfReader(path)
    assert len(reader.pages) >= 2
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in ("报价单", "华南工控自动化有限公司", "郑州新亚汽车零部件有限公司", "交流接触器 1号 线圈220V",
                     "施耐德", "单价(含税)", "合计(含税)", "月结30天", "现货三天内发货，送货上门", q.number,
                     q.valid_until.isoformat(), f"{q.total_incl_tax.amount:,.2f}", "LC1D40M7C", "草稿 Draft"):
        assert expected in text, expected
    assert "单价(含税)" in reader.pages[1].extract_text()  # repeated on the second page
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor  # the TrueType program is in the file
            fonts.add(str(font["/BaseFont"]))
    assert fonts and all("WenQuanYi" in f for f in fonts)


def test_export_to_a_folder_or_an_unwritable_place_says_so(tmp_path: Path, today: date) -> None:
    q = _quotation(today)
    with pytest.raises(ExportError, match="is a folder"):
        write_quotation_xlsx(q, QuotationState.DRAFT, COMPANY, tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="cannot write"):
        write_quotation_pdf(q, QuotationState.DRAFT, COMPANY, blocker / "sub" / "q.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]  # no half-written file left


def test_control_characters_from_a_platform_do_not_break_the_files(tmp_path: Path, today: date) -> None:
    from dataclasses import replace

    q = _quotation(today, n=1)
    q = replace(q, notes="含运费\x00\x1b[31m red\x07", lines=(replace(q.lines[0], name_zh="接触器\x1b[2J\x0b 9A"),))
    xlsx = write_quotation_xlsx(q, QuotationState.DRAFT, COMPANY, tmp_path / "q.xlsx")
    values = [c.value for r in openpyxl.load_workbook(xlsx).active.iter_rows() for c in r]
    assert "接触器 9A" in values and "含运费 red" in values
    pdf = write_quotation_pdf(q, QuotationState.DRAFT, COMPANY, tmp_path / "q.pdf")
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "接触器 9A" in text and "\x1b" not in text


def _pgm(path: Path) -> tuple[int, int, bytes]:
    """Width, height and gray bytes of a binary PGM (what pdftoppm -gray writes)."""
    data = path.read_bytes()
    fields: list[bytes] = []
    pos = 0
    while len(fields) < 4:  # magic, width, height, maxval
        while data[pos:pos + 1].isspace():
            pos += 1
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    assert fields[0] == b"P5" and fields[3] == b"255"
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[pos + 1:pos + 1 + width * height]


@pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("pdftotext")), reason="needs poppler-utils")
def test_pdf_renders_the_chinese_as_glyphs(tmp_path: Path, today: date) -> None:
    """Rendered by another PDF engine (poppler): the text reads back with its Chinese, and the title 报价单 is drawn
    as three different glyphs with ink (a missing glyph would be blank or three identical boxes)."""
    path = write_quotation_pdf(_quotation(today), QuotationState.SENT, COMPANY, tmp_path / "q.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    for expected in ("报价单", "郑州新亚汽车零部件有限公司", "交流接触器 2号 线圈220V", "单价(含税)", "月结30天"):
        assert expected in text, expected
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"], capture_output=True,
                           text=True, check=True).stdout
    found = re.search(r'<page width="([\d.]+)" height="([\d.]+)">', boxes)
    title = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">报价单</word>', boxes)
    assert found and title
    dpi = 150
    subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(path),
                    str(tmp_path / "page")], check=True)
    width, height, pixels = _pgm(tmp_path / "page.pgm")
    scale = width / float(found.group(1))
    assert abs(height / float(found.group(2)) - scale) < 0.01
    x0, y0, x1, y1 = (int(float(v) * scale) for v in title.groups())
    cells = []
    for n in range(3):  # one glyph each
        left, right = x0 + (x1 - x0) * n // 3, x0 + (x1 - x0) * (n + 1) // 3
        cells.append(tuple(pixels[y * width + x] < 128 for y in range(y0, y1) for x in range(left, right)))
    for cell in cells:
        assert 0.03 < sum(cell) / len(cell) < 0.8  # ink, and not a filled block
    assert len(set(cells)) == 3  # three different shapes
    assert sum(p < 128 for p in pixels) > 0.01 * len(pixels)  # the page is drawn, not blank
