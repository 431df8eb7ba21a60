"""What an exported quotation says, shared by the .xlsx and the PDF writers: labels, columns and values.

A quotation goes to a customer, not to the person at the keyboard, so its labels are bilingual (Chinese first, then
English), whatever language the app is shown in: that is how a Chinese distributor's 报价单 reads, and a foreign buyer
can read it too. Values stay typed (Decimal, int, date) so the spreadsheet gets numbers, not text.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from b2bterm.domain.models import PriceSourceKind
from b2bterm.domain.quotation import Quotation, QuotationLine, QuotationState
from b2bterm.domain.record import record

TITLE = "报价单 Quotation"
LABELS = {
    "number": "报价单号 Quotation no.",
    "date": "报价日期 Date",
    "customer": "客户 Customer",
    "account": "客户代码 Account",
    "valid_until": "有效期至 Valid until",
    "state": "状态 Status",
    "currency": "币种 Currency",
    "subtotal": "合计(未税) Subtotal excl. tax",
    "tax": "税额 Tax",
    "total": "合计(含税) Total incl. tax",
    "delivery": "交货条款 Delivery terms",
    "payment": "付款条款 Payment terms",
    "notes": "备注 Notes",
    "validity_note": "本报价有效期至 {date}，价格以本报价单为准。 Prices are valid until {date}.",
}
STATE_WORDS = {
    QuotationState.DRAFT: "草稿 Draft", QuotationState.SENT: "已发送 Sent", QuotationState.ACCEPTED: "已接受 Accepted",
    QuotationState.EXPIRED: "已过期 Expired", QuotationState.ORDERED: "已下单 Ordered",
}
SOURCE_WORDS = {
    PriceSourceKind.CONTRACT: "合同价 contract", PriceSourceKind.GROUP: "客户组价 group",
    PriceSourceKind.PROMOTION: "促销价 promotion", PriceSourceKind.LIST: "面价 list",
}


@record
class Column:
    key: str
    label: str
    kind: str  # "int", "text", "money", "percent", "rate"
    pdf_width: float  # mm on an A4 landscape page


COLUMNS: tuple[Column, ...] = (
    Column("no", "序号 No.", "int", 10),
    Column("model", "型号 Model", "text", 34),
    Column("brand", "品牌 Brand", "text", 20),
    Column("name", "品名 Description", "text", 50),
    Column("qty", "数量 Qty", "int", 15),
    Column("unit", "单位 Unit", "text", 12),
    Column("list", "面价 List price", "money", 20),
    Column("discount", "折扣 Discount", "percent", 15),
    Column("net", "单价(未税) Unit net", "money", 21),
    Column("gross", "单价(含税) Unit incl. tax", "money", 21),
    Column("tax_rate", "税率 Tax", "rate", 11),
    Column("amount", "金额(未税) Amount", "money", 23),
    Column("amount_gross", "金额(含税) Amount incl. tax", "money", 23),
    Column("source", "价格来源 Price source", "text", 0),  # xlsx only: the PDF says it under the table
    Column("sku", "SKU", "text", 0),
)


def line_values(index: int, line: QuotationLine) -> dict[str, int | str | Decimal]:
    return {
        "no": index,
        "model": line.model or line.sku,
        "brand": line.brand,
        "name": line.name_zh or line.name_en,
        "qty": line.qty,
        "unit": line.unit,
        "list": line.list_price.amount,
        "discount": line.discount,
        "net": line.net_price.amount,
        "gross": line.net_incl_tax.amount,
        "tax_rate": line.tax_rate,
        "amount": line.amount_net.amount,
        "amount_gross": line.amount_incl_tax.amount,
        "source": source_text(line),
        "sku": line.sku,
    }


def source_text(line: QuotationLine) -> str:
    s = line.source
    parts = [SOURCE_WORDS.get(s.kind, s.kind.value)]
    if s.reference:
        parts.append(s.reference)
    if s.valid_to:
        parts.append(f"→ {s.valid_to.isoformat()}")
    return " ".join(parts)


def header_values(q: Quotation, state: QuotationState) -> list[tuple[str, str | date]]:
    customer = q.account_name or q.account_id
    return [
        (LABELS["number"], q.number),
        (LABELS["date"], q.created_at.astimezone().date()),
        (LABELS["customer"], customer),
        (LABELS["account"], q.account_code or q.account_id),
        (LABELS["valid_until"], q.valid_until),
        (LABELS["state"], STATE_WORDS.get(state, state.value)),
        (LABELS["currency"], q.currency),
    ]


def terms_values(q: Quotation) -> list[tuple[str, str]]:
    return [(LABELS["delivery"], q.delivery_terms or "—"), (LABELS["payment"], q.payment_terms or "—"),
            (LABELS["notes"], q.notes or "—")]


def totals_values(q: Quotation) -> list[tuple[str, Decimal]]:
    return [(LABELS["subtotal"], q.subtotal.amount), (LABELS["tax"], q.tax.amount),
            (LABELS["total"], q.total_incl_tax.amount)]
