"""A quotation as an .xlsx workbook a distributor sends (openpyxl): the company and customer header, one row a line
with list, discount, unit price net and 含税, amounts, then the totals, the validity and the terms.

Every amount is a number cell with a number format (never text), dates are date cells, columns are sized to what
they hold, the table header is frozen and the page is set up landscape, one page wide.
"""

from __future__ import annotations

from pathlib import Path

from b2bterm.domain.quotation import Company, Quotation, QuotationState
from b2bterm.export import quotation_doc as doc
from b2bterm.export.files import clean_text, write_atomically

SHEET_TITLE = "报价单"
# where the table starts: the header block above it has a fixed shape, so readers (and tests) can find it
TABLE_HEAD_ROW = 12


def build_workbook(q: Quotation, state: QuotationState, company: Company):  # -> openpyxl.Workbook
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from b2bterm.export import xlsx_style as st

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    widths: dict[int, int] = {}
    columns = doc.COLUMNS
    last = get_column_letter(len(columns))

    ws["A1"] = clean_text(company.name)
    ws["A1"].font = Font(bold=True, size=16)
    ws["A2"] = clean_text("  ".join(p for p in (company.address, company.contact) if p))
    ws["A4"] = doc.TITLE
    ws["A4"].font = Font(bold=True, size=18)
    ws["A4"].alignment = Alignment(horizontal="center")
    ws.merge_cells(f"A1:{last}1")
    ws.merge_cells(f"A2:{last}2")
    ws.merge_cells(f"A4:{last}4")

    # header: two blocks, rows 6-9 (label in A, value in B..F) and rows 6-8 (label in H, value in I..L)
    pairs = doc.header_values(q, state)
    for i, (label, value) in enumerate(pairs):
        row, lcol, vcol = (6 + i, 1, 2) if i < 4 else (6 + i - 4, 8, 9)
        ws.cell(row=row, column=lcol, value=label).font = st.BOLD
        cell = ws.cell(row=row, column=vcol, value=clean_text(value))
        if hasattr(value, "isoformat"):
            cell.number_format = st.DATE
            cell.alignment = Alignment(horizontal="left")
        ws.merge_cells(start_row=row, start_column=vcol, end_row=row, end_column=vcol + (4 if vcol == 2 else 3))

    head = TABLE_HEAD_ROW
    for c, column in enumerate(columns, start=1):
        ws.cell(row=head, column=c, value=column.label)
        st.widen(widths, c, column.label.split(" ")[0])
        widths[c] = max(widths[c], min(18, st.text_width(column.label) // 2 + 2))
    st.style_head(ws[head])
    ws.row_dimensions[head].height = 32

    row = head
    for index, line in enumerate(q.lines, start=1):
        row = head + index
        values = doc.line_values(index, line)
        for c, column in enumerate(columns, start=1):
            value = clean_text(values[column.key])
            cell = ws.cell(row=row, column=c, value=value)
            cell.border = st.BOX
            if column.kind in st.FORMATS:
                cell.number_format = st.FORMATS[column.kind]
            st.widen(widths, c, value)

    amount_col = next(i for i, c in enumerate(columns, start=1) if c.key == "amount_gross")
    label_col = amount_col - 2
    row += 2
    for label, amount in doc.totals_values(q):
        ws.cell(row=row, column=label_col, value=label).font = st.BOLD
        ws.merge_cells(start_row=row, start_column=label_col, end_row=row, end_column=amount_col - 1)
        cell = ws.cell(row=row, column=amount_col, value=amount)
        cell.number_format = st.MONEY
        cell.font = st.BOLD
        st.widen(widths, amount_col, amount)
        row += 1

    row += 1
    ws.cell(row=row, column=1, value=doc.LABELS["validity_note"].format(date=q.valid_until.isoformat()))
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(columns))
    row += 1
    for label, text in doc.terms_values(q):
        ws.cell(row=row, column=1, value=label).font = st.BOLD
        value = ws.cell(row=row, column=3, value=clean_text(text))
        value.alignment = st.WRAP
        ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=len(columns))
        lines = max(1, text.count("\n") + 1, st.text_width(text) // 150 + 1)
        ws.row_dimensions[row].height = 15 * lines
        row += 1

    st.size_columns(ws, widths)
    ws.column_dimensions["A"].width = max(ws.column_dimensions["A"].width, 12)
    ws.freeze_panes = ws.cell(row=head + 1, column=1)
    ws.print_title_rows = f"{head}:{head}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    wb.properties.title = f"{doc.TITLE} {q.number}"
    wb.properties.creator = company.name
    return wb


def write_quotation_xlsx(q: Quotation, state: QuotationState, company: Company, path: Path | str) -> Path:
    wb = build_workbook(q, state, company)
    return write_atomically(path, lambda tmp: wb.save(tmp), ".xlsx")
