"""The column headers a pasted table may have (Excel, CSV, a WeChat table): the model number's column, the quantity's,
and the others the parser knows to skip. Lower-cased, spaces folded (``header_key``)."""

from __future__ import annotations

import re

from b2bterm.domain.modelno import fold_width
from b2bterm.quickorder.qtytokens import per_paste

CODE_HEADERS = frozenset(
    (
        "型号|规格型号|产品型号|订货号|订货编号|物料编码|物料号|料号|货号|编码|编号|产品编码|商品编码|型号规格|规格|model|"
        "models|modelno|model no|model number|sku|part|partno|part no|"
        "part number|pn|p/n|mpn|item|item no|itemno|code|product code|article|"
        "article no|catalog no|cat no|order code|ordering code"
    ).split("|")
)
QTY_HEADERS = frozenset(
    ("数量|订购数量|需求数量|采购数量|订货数量|qty|q'ty|qty.|quantity|quantities|pcs|count|amount|数|件数").split("|")
)
OTHER_HEADERS = frozenset(
    (
        "序号|no|no.|#|描述|名称|品名|产品名称|description|desc|name|brand|品牌|"
        "备注|remark|remarks|note|单价|price|unit price|金额|total|交期|delivery|line|"
        "行号"
    ).split("|")
)
UNIT_HEADERS = frozenset("单位|计量单位|unit|units|uom|unit of measure|包装单位".split("|"))


@per_paste
def header_key(cell: str) -> str:
    """A cell as the header words above are written: width-folded, trimmed, lower-cased, spaces folded."""
    return _SPACES.sub(" ", fold_width(cell).strip().lower()).strip(" :*")


_SPACES = re.compile(r"\s+")
