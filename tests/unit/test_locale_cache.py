"""The .po of an editable install is read once and kept compiled (b2bterm/locale/compiled.py): later starts take the
cache, a changed .po is read again, and a cache that cannot be read or written never costs a translation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import b2bterm
from b2bterm.locale import catalog, compiled
from b2bterm.ui.i18n import load_catalog

PO = Path(b2bterm.__file__).resolve().parent / "locale" / "zh_CN" / "LC_MESSAGES" / "b2bterm.po"
COUNTED = ("{n} account", "{n} accounts")


@pytest.fixture
def locale_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "locale" / "zh_CN" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(PO, folder / "b2bterm.po")
    return tmp_path / "locale"


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str) -> None:
        raise AssertionError("the .po was parsed although its cache matches it")

    monkeypatch.setattr(catalog, "parse_po", refuse)


def test_the_first_use_caches_the_catalog_and_later_ones_read_only_the_cache(
        locale_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    po = locale_dir / "zh_CN" / "LC_MESSAGES" / "b2bterm.po"
    expected = catalog.translations(catalog.read_po(PO))
    first = load_catalog("zh_CN", locale_dir)
    written = next(compiled.cache_paths(po))
    assert written.is_file() and written.parent == po.parent / "__pycache__"
    _no_parsing(monkeypatch)
    again = load_catalog("zh_CN", locale_dir)
    for msgid in ("Search", "Updating the catalog: {done:,} of {total:,} products…"):
        assert again.gettext(msgid) == first.gettext(msgid) == expected[msgid] != msgid
    assert again.ngettext(*COUNTED, 1) == again.ngettext(*COUNTED, 7) == "{n} 个客户"  # Chinese: one form
    assert again.gettext("not in the catalog") == "not in the catalog"


def test_a_changed_po_is_read_again_even_at_the_same_size(locale_dir: Path) -> None:
    po = locale_dir / "zh_CN" / "LC_MESSAGES" / "b2bterm.po"
    assert load_catalog("zh_CN", locale_dir).gettext("Search") == "搜索"
    text = po.read_text(encoding="utf-8")
    changed = text.replace('msgid "Search"\nmsgstr "搜索"', 'msgid "Search"\nmsgstr "搜寻"')
    assert changed != text and len(changed.encode()) == len(text.encode())
    po.write_text(changed, encoding="utf-8")
    assert load_catalog("zh_CN", locale_dir).gettext("Search") == "搜寻"


def test_an_unwritable_place_falls_back_to_the_next_and_none_still_translates(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder would be", encoding="utf-8")
    unwritable = blocker / "cache" / "zh.po-cache"
    user_cache = tmp_path / "user-cache" / "zh.po-cache"
    messages, plural = compiled.po_translations(PO, [unwritable, user_cache])
    assert messages["Search"] == "搜索" and plural == "0"
    assert user_cache.is_file() and not unwritable.exists()
    assert list(user_cache.parent.iterdir()) == [user_cache]  # no temporary file left behind
    messages, _plural = compiled.po_translations(PO, [unwritable])  # nowhere to write: read from the .po
    assert messages["Search"] == "搜索"


@pytest.mark.parametrize("content", [b"", b"\x00garbage", b"\xe9not marshal at all"])
def test_a_damaged_cache_is_read_past_and_replaced(tmp_path: Path, content: bytes,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "zh.po-cache"
    cache.write_bytes(content)
    assert compiled.po_translations(PO, [cache])[0]["Search"] == "搜索"
    _no_parsing(monkeypatch)
    assert compiled.po_translations(PO, [cache])[0]["Search"] == "搜索"


def test_another_catalogs_cache_is_not_taken(tmp_path: Path) -> None:
    cache = tmp_path / "zh.po-cache"
    other = tmp_path / "other.po"
    other.write_text('msgid ""\nmsgstr "Plural-Forms: nplurals=1; plural=0;\\n"\n\nmsgid "Search"\nmsgstr "查找"\n',
                     encoding="utf-8")
    assert compiled.po_translations(other, [cache])[0] == {"Search": "查找"}
    assert compiled.po_translations(PO, [cache])[0]["Search"] == "搜索"
