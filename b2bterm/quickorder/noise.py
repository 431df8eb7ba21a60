"""Lines of a pasted order that are not order lines: greetings and sign-offs, contact details, references and
dates - and why each is set aside. Pure; the paste parser (``parser``) asks it for every line it cannot read."""

from __future__ import annotations

import re

GREETING = re.compile(
    r"^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|你好|您好|hello大家好|在吗|老板|麻烦|请|急|报价|询价|"
    r"please|pls|plz|kindly|can you|could you|we need|need|帮忙|帮我)",
    re.IGNORECASE,
)
SIGNOFF = re.compile(
    r"^(?:thanks?|thank you|thx|regards|best|br|cheers|sincerely|谢谢|多谢|感谢|辛苦|祝好|此致|顺祝|--|—)",
    re.IGNORECASE,
)
_CONTACT_LABEL = re.compile(
    r"^(?:tel|phone|mobile|mob|fax|email|e-mail|电话|手机|座机|传真|邮箱|微信|wechat|qq|地址|address|联系人|contact|"
    r"收货人|收件人)\b\s*[:=]?",
    re.IGNORECASE,
)
_REFERENCE_LABEL = re.compile(
    r"^(?:po|p\.o\.|po no|po number|purchase order|订单号|采购单号|合同号|单号|order no|order number|ref|reference|"
    r"date|日期|交期|交货期|delivery date|项目|project)\b\s*[:=#]",
    re.IGNORECASE,
)
_PHONE = re.compile(r"^\+?[\d\s\-()]{7,}$")
_CN_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_DATE = re.compile(r"^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?$")

CODE_LABEL = re.compile(
    r"(?:型号|规格型号|订货号|物料编码|料号|货号|编码|model|sku|p/n|part\s*no\.?|part number|item)\s*[:=#]\s*",
    re.IGNORECASE,
)


def ignore_reason(text: str) -> str:
    stripped = text.strip().strip("，,。.!！~～ ")
    if _CONTACT_LABEL.match(stripped) or looks_like_phone(stripped) or _CN_MOBILE.search(stripped):
        return "contact details (phone, address, e-mail)"
    if _REFERENCE_LABEL.match(stripped):
        return "reference or date, not an order line"
    if _DATE.match(stripped):
        return "a date, not an order line"
    if SIGNOFF.match(stripped):
        return "sign-off"
    if GREETING.match(stripped):
        return "greeting or request text"
    return "no model number found"


def looks_like_phone(text: str) -> bool:
    """ "021-5555 1234", "+86 138 1234 5678", "(021) 55551234" -- but not "3389110000001 4" (an EAN and a qty)."""
    if not _PHONE.match(text):
        return False
    groups = re.findall(r"\d+", text)
    digits = sum(len(g) for g in groups)
    if not 7 <= digits <= 15:
        return False
    if text.startswith(("+", "(", "0")) or _CN_MOBILE.fullmatch("".join(groups)):
        return True
    return len(groups) >= 2 and all(len(g) >= 3 for g in groups)


# what a line must start with for one of ``is_noise_line``'s reasons other than a mobile number: one pattern, so that
# the line of a model and its quantity (most lines) is told apart in one match
_NOISE_START = re.compile("|".join(f"(?{'i' if p.flags & re.IGNORECASE else ''}:{p.pattern})"
                                   for p in (_DATE, _CONTACT_LABEL, _PHONE, _REFERENCE_LABEL)))


def is_noise_line(text: str) -> str:
    """A reason when the line is clearly not an order line even though it may contain code-shaped tokens."""
    stripped = text.strip()
    if _NOISE_START.match(stripped) is None and _CN_MOBILE.search(stripped) is None:
        return ""  # none of the patterns below matches
    if _DATE.match(stripped):
        return "a date, not an order line"
    if _CONTACT_LABEL.match(stripped) or looks_like_phone(stripped):
        return "contact details (phone, address, e-mail)"
    if _CN_MOBILE.search(stripped) and not CODE_LABEL.search(stripped):
        return "contact details (phone, address, e-mail)"
    if _REFERENCE_LABEL.match(stripped):
        return "reference or date, not an order line"
    return ""
