"""Themes are TOML files: the shipped ones in themes/, the user's own in <config dir>/themes/.

A file holds a theme name, ``dark``, optionally ``ansi = true`` (only the terminal's 16 ANSI colours: values such as
"ansi_blue"), the colours (at least ``primary``) and a ``[variables]`` table of Textual theme variables. A broken file
is skipped with one clear notice naming the file and what is wrong; the app falls back to the default theme. A user
theme with the name of a shipped one replaces it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from textual.theme import Theme

from b2bterm.domain.record import record
from b2bterm.ui.i18n import _

DEFAULT_THEME = "b2bterm-dark"
_COLOR_KEYS = ("primary", "secondary", "accent", "warning", "error", "success", "foreground", "background",
               "surface", "panel", "boost")
_TEXT_STYLES = {"none", "bold", "italic", "reverse", "underline", "dim", "strike", "blink", "not"}
_ALPHA = re.compile(r"\s+\d{1,3}%$")


@record
class ThemeInfo:
    name: str
    path: Path
    source: str  # "shipped" or "user"
    dark: bool
    ansi: bool


@dataclass
class ThemeLoad:
    themes: list[Theme] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    infos: list[ThemeInfo] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [theme.name for theme in self.themes]


def shipped_theme_dir() -> Path:
    """Inside the installed package (wheel), or the repository's top-level themes/ (editable install)."""
    packaged = Path(__file__).resolve().parents[1] / "themes"  # b2bterm/themes (no importlib.resources at start)
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "themes"


def user_theme_dir() -> Path:
    from b2bterm.config import default_config_path

    return default_config_path().parent / "themes"


def _check_value(key: str, value: object) -> str:
    from textual.color import Color

    text = str(value).strip()
    if key.endswith("text-style"):
        if not set(text.split()) <= _TEXT_STYLES:
            raise ValueError(f"{key} = {text!r} is not a text style (e.g. \"bold\", \"reverse\", \"none\")")
        return text
    try:
        Color.parse(_ALPHA.sub("", text))
    except Exception:
        raise ValueError(f"{key} = {text!r} is not a colour (e.g. \"#1D4ED8\", \"ansi_blue\", \"#1D4ED8 40%\")") \
            from None
    return text


def theme_from_toml(path: Path) -> Theme:
    from b2bterm.files import read_regular_file

    try:  # FileReadError is a ValueError: a broken theme is reported, never read without bound
        data = tomllib.loads(read_regular_file(path, 256 * 1024, what="theme file").decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"not valid TOML ({exc})") from None
    name = data.get("name") or path.stem
    if "primary" not in data:
        raise ValueError("a theme needs at least `primary`")
    unknown = set(data) - {"name", "dark", "variables", "ansi", *_COLOR_KEYS}
    if unknown:
        raise ValueError(f"unknown keys: {', '.join(sorted(unknown))}")
    variables = data.get("variables", {})
    if not isinstance(variables, dict):
        raise ValueError("[variables] must be a table")
    colors = {key: _check_value(key, data[key]) for key in _COLOR_KEYS if key in data}
    checked = {str(k): _check_value(str(k), v) for k, v in variables.items()}
    theme = Theme(name=str(name), dark=bool(data.get("dark", True)), ansi=bool(data.get("ansi", False)),
                  variables=checked, **colors)
    theme.to_color_system()  # raises on a colour Textual cannot parse
    return theme


def load_themes(extra_dirs: list[Path] | None = None) -> ThemeLoad:
    result = ThemeLoad()
    by_name: dict[str, int] = {}
    sources = [(shipped_theme_dir(), "shipped"), (user_theme_dir(), "user"), *((d, "user") for d in extra_dirs or [])]
    for folder, source in sources:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                theme = theme_from_toml(path)
            except Exception as exc:  # any broken file: one notice, never a crash
                result.problems.append(_("Theme file {path} was not loaded: {error}").format(path=path, error=exc))
                continue
            info = ThemeInfo(theme.name, path, source, theme.dark, theme.ansi)
            if theme.name in by_name:  # a user theme replaces a shipped one of the same name
                result.themes[by_name[theme.name]] = theme
                result.infos[by_name[theme.name]] = info
            else:
                by_name[theme.name] = len(result.themes)
                result.themes.append(theme)
                result.infos.append(info)
    return result
