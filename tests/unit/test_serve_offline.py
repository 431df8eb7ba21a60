"""`b2bterm serve` is for loopback and offline use: its page fetches nothing from outside this machine."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("textual_serve")

from b2bterm.cli.ui import offline_templates


def test_the_served_page_loads_no_outside_font_and_uses_the_bundled_one(tmp_path: Path) -> None:
    import textual_serve

    folder = offline_templates(tmp_path / "templates")
    page = (folder / "app_index.html").read_text(encoding="utf-8")
    fetched = re.findall(r"""(?:href|src)\s*=\s*["'](https?://[^"']+)""", page)
    fetched += re.findall(r"""url\(\s*["']?(https?://[^"')]+)""", page)
    assert fetched == [], fetched
    assert "googleapis" not in page and "gstatic" not in page
    fonts = re.findall(r"fonts/([\w.-]+\.ttf)", page)
    shipped = Path(textual_serve.__file__).parent / "static" / "fonts"
    assert fonts and all((shipped / name).is_file() for name in fonts)
    assert "{{ config.static.url }}" in page  # still a template textual-serve fills in
