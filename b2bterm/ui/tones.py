"""Colours by meaning, from the active theme. Code that builds Rich ``Text`` writes a style as before
("bold red", "yellow", "dim") and passes it through ``tone``: each colour word is read as a meaning of the theme
(red: its error colour, yellow: warning, green: success, cyan: secondary, magenta: accent), so every theme in
themes/ (and a user's own) colours the tables, banners and notes, and the ANSI theme stays within the terminal's
16 colours. Other words (bold, dim, italic, strike) stay as they are. Without a running app the style is returned
unchanged."""

from __future__ import annotations

from typing import Any

from rich.style import Style
from textual._context import active_app
from textual.color import Color

MEANINGS = {"red": "error", "yellow": "warning", "green": "success", "cyan": "secondary", "magenta": "accent"}
_cache: dict[tuple[int, str, str], str | Style] = {}


def tone(style: str | Style | None) -> str | Style:
    """``style`` with its colour words in the active theme's colours (a Rich ``Style``), or as it was."""
    if not isinstance(style, str) or not any(word in MEANINGS for word in style.split()):
        return style or ""
    try:
        app = active_app.get()
    except LookupError:
        return style
    key = (id(app), app.theme, style)
    if key not in _cache:
        _cache[key] = _resolve(app, style)
    return _cache[key]


def _resolve(app: Any, style: str) -> str | Style:
    words = style.split()
    colour = next(MEANINGS[w] for w in words if w in MEANINGS)
    raw = getattr(app.current_theme, colour, None)
    try:
        rich_colour = Color.parse(raw).rich_color if raw else None
    except Exception:  # a theme colour Textual reads but Rich cannot: keep the plain colour word
        return style
    if rich_colour is None:
        return style
    rest = " ".join(w for w in words if w not in MEANINGS)
    base = Style.parse(rest) if rest else Style()
    return base + Style(color=rich_colour)
