"""A quotation as a PDF (fpdf2), A4 landscape, with its Chinese set in an embedded font.

The font is WenQuanYi Micro Hei (文泉驿微米黑, Apache-2.0), shipped in ``b2bterm/fonts``: fpdf2 embeds the subset of
glyphs the document uses, so the PDF shows the same on a machine without any Chinese font, and its text can be
copied and searched (fpdf2 writes a ToUnicode map).
"""

from __future__ import annotations

from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from b2bterm.domain.quotation import Company, Quotation, QuotationState
from b2bterm.export import quotation_doc as doc
from b2bterm.export.files import clean_text, write_atomically

FONT_FILE = "wqy-microhei.ttf"
FONT = "wqy"


def font_path() -> Path:
    return Path(str(resources.files("b2bterm") / "fonts" / FONT_FILE))


def _cell_text(kind: str, value: Any) -> str:
    value = clean_text(value)
    if kind == "money":
        return f"{value:,.2f}"
    if kind == "percent":
        return f"{(value * 100).quantize(Decimal('0.1'))}%"
    if kind == "rate":
        return f"{(value * 100).normalize():f}%"
    if kind == "int":
        return f"{value:,}"
    return str(value)


def build_pdf(q: Quotation, state: QuotationState, company: Company) -> bytes:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.set_margins(12, 12, 12)
    pdf.add_font(FONT, "", str(font_path()))
    pdf.set_title(f"{doc.TITLE} {q.number}")
    pdf.set_author(company.name)
    pdf.set_creator("b2bterm")
    pdf.alias_nb_pages()
    pdf.add_page()
    width = pdf.epw

    pdf.set_font(FONT, size=15)
    pdf.cell(width, 8, _cell_text("text", company.name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=9)
    extra = "  ".join(p for p in (company.address, company.contact) if p)
    if extra:
        pdf.cell(width, 5, _cell_text("text", extra), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FONT, size=18)
    pdf.cell(width, 10, doc.TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    pdf.set_font(FONT, size=9.5)
    pairs = doc.header_values(q, state)
    half = (len(pairs) + 1) // 2
    for i in range(half):
        for label, value in (pairs[i], pairs[i + half] if i + half < len(pairs) else ("", "")):
            text = value.isoformat() if hasattr(value, "isoformat") else str(value)
            pdf.set_text_color(90, 90, 90)
            pdf.cell(45, 6, label)
            pdf.set_text_color(0, 0, 0)
            pdf.cell(width / 2 - 45, 6, _cell_text("text", text))
        pdf.ln(6)
    pdf.ln(3)

    columns = [c for c in doc.COLUMNS if c.pdf_width]
    scale = width / sum(c.pdf_width for c in columns)
    aligns = tuple("R" if c.kind in ("money", "int", "percent", "rate") else "L" for c in columns)
    pdf.set_font(FONT, size=8)
    head_style = FontFace(fill_color=(221, 230, 240))
    with pdf.table(col_widths=tuple(c.pdf_width * scale for c in columns), text_align=aligns,
                   headings_style=head_style, line_height=4.6, padding=1, repeat_headings=1) as table:
        heading = table.row()
        for c in columns:
            heading.cell(c.label.replace(" ", "\n", 1))
        for index, line in enumerate(q.lines, start=1):
            values = doc.line_values(index, line)
            row = table.row()
            for c in columns:
                row.cell(_cell_text(c.kind, values[c.key]))
    pdf.ln(3)

    pdf.set_font(FONT, size=10)
    for label, amount in doc.totals_values(q):
        pdf.cell(width - 45, 6, label, align="R")
        pdf.cell(45, 6, f"{q.currency} {amount:,.2f}", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    pdf.set_font(FONT, size=9)
    sources = sorted({doc.source_text(x) for x in q.lines})
    if sources:
        pdf.multi_cell(width, 5, _cell_text("text", "价格来源 Price sources: " + "; ".join(sources)),
                       new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(width, 5, doc.LABELS["validity_note"].format(date=q.valid_until.isoformat()),
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    for label, text in doc.terms_values(q):
        pdf.set_text_color(90, 90, 90)
        pdf.cell(45, 5, label)
        pdf.set_text_color(0, 0, 0)
        pdf.multi_cell(width - 45, 5, _cell_text("text", text), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def write_quotation_pdf(q: Quotation, state: QuotationState, company: Company, path: Path | str) -> Path:
    data = build_pdf(q, state, company)
    return write_atomically(path, lambda tmp: tmp.write_bytes(data), ".pdf")
