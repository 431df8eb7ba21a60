"""Requisition lists as plain data: a list's items, its summary, the whole list (stored by ``local/lists.py``)."""

from __future__ import annotations

from datetime import datetime

from b2bterm.domain.record import record

MAX_NAME = 80  # characters of a list name


@record
class ListItem:
    input: str  # the model number (or what was typed, for a line not settled on a product)
    qty: int
    sku: str = ""


@record
class ListSummary:
    id: int
    account_id: str
    name: str
    items: int
    updated_at: datetime


@record
class RequisitionList:
    id: int
    account_id: str
    name: str
    items: tuple[ListItem, ...]
    updated_at: datetime
