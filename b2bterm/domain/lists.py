"""Requisition lists as plain data: a list's items, its summary, the whole list (stored by ``local/lists.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

MAX_NAME = 80  # characters of a list name


@dataclass(frozen=True, slots=True)
class ListItem:
    input: str  # the model number (or what was typed, for a line not settled on a product)
    qty: int
    sku: str = ""


@dataclass(frozen=True, slots=True)
class ListSummary:
    id: int
    account_id: str
    name: str
    items: int
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class RequisitionList:
    id: int
    account_id: str
    name: str
    items: tuple[ListItem, ...]
    updated_at: datetime
