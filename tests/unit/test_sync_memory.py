"""The start-up sync of an up-to-date catalog loads no pinyin dictionary (about 56 MiB of the app's memory): only a
page that adds products needs the pinyin of their Chinese (the words index holds none, so a removal needs none).
Checked in a fresh interpreter, where nothing imported it yet."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import sys
from b2bterm.domain.catalog_feed import CatalogChanges
from b2bterm.domain.models import Product
from b2bterm.local.catalog import LocalCatalog
from b2bterm.local.db import Database

catalog = LocalCatalog(Database(sys.argv[1]))
catalog.apply_changes(CatalogChanges(products=(), deleted=(), next_cursor="c1"))
print("after nothing changed:", "pypinyin" in sys.modules)
catalog.apply_changes(CatalogChanges(products=(), deleted=("NO-SUCH-SKU",), next_cursor="c2"))
print("after a removal:", "pypinyin" in sys.modules)
catalog.apply_changes(CatalogChanges(products=(Product(sku="S-1", model="M-1", brand="B", category="C", name_en="x",
                                                       name_zh="接触器"),), next_cursor="c3"))
print("after an addition:", "pypinyin" in sys.modules)
"""


def test_an_empty_page_loads_no_pinyin_dictionary(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "local.sqlite")], capture_output=True,
                         text=True, check=True).stdout
    assert "after nothing changed: False" in out
    assert "after a removal: False" in out
    assert "after an addition: True" in out
