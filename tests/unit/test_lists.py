"""Requisition lists: saved per account, replaced by name, kept across a reopen of the database."""

from __future__ import annotations

from pathlib import Path

import pytest

from b2bterm.domain.lists import ListItem
from b2bterm.local.db import Database
from b2bterm.local.lists import ListNotFound, ListStore


def test_save_list_replace_delete_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "profile.sqlite"
    db = Database(path)
    store = ListStore(db)
    saved = store.save("A1", "  Panel   site 3 ", [ListItem("LC1D09M7", 5, "SKU-1"), ListItem("mystery", 2),
                                                   ListItem("zero", 0)])
    assert saved.name == "Panel site 3"
    assert saved.items == (ListItem("LC1D09M7", 5, "SKU-1"), ListItem("mystery", 2))
    store.save("A1", "Monthly", [ListItem("EA9AN1C16", 10, "SKU-2")])
    store.save("B2", "Monthly", [ListItem("S203", 1, "SKU-3")])
    again = store.save("A1", "Panel site 3", [ListItem("LC1D09M7", 7, "SKU-1")])
    assert again.id == saved.id and again.items == (ListItem("LC1D09M7", 7, "SKU-1"),)
    assert [(x.name, x.items) for x in store.lists("A1")] == [("Panel site 3", 1), ("Monthly", 1)]
    with pytest.raises(ValueError):
        store.save("A1", "   ", [ListItem("x", 1)])
    with pytest.raises(ValueError):
        store.save("A1", "empty", [ListItem("x", 0)])
    db.close()

    db = Database(path)
    store = ListStore(db)
    monthly = next(x for x in store.lists("A1") if x.name == "Monthly")
    assert store.load(monthly.id).items == (ListItem("EA9AN1C16", 10, "SKU-2"),)
    store.delete(monthly.id)
    assert [x.name for x in store.lists("A1")] == ["Panel site 3"]
    with pytest.raises(ListNotFound):
        store.load(monthly.id)
    with pytest.raises(ListNotFound):
        store.delete(monthly.id)
    db.close()
