"""Themes are TOML files: the shipped ones in themes/, the user's own in <config dir>/themes/.

A broken file is skipped with one clear notice; the app falls back to the default theme.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from textual.theme import Theme

DEFAULT_THEME = "b2bterm-dark"
_COLOR_KEYS = ("primary", "secondary", "accent", "warning", "error", "success", "foreground", "background",
               "surface", "panel", "boost")


@dataclass
class ThemeLoad:
    themes: list[Theme] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def shipped_theme_dir() -> Path:
    """Inside the installed package (wheel), or the repository's top-level themes/ (editable install)."""
    packaged = resources.files("b2bterm") / "themes"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "themes"


def user_theme_dir() -> Path:
    from b2bterm.config import default_config_path

    return default_config_path().parent / "themes"


def theme_from_toml(path: Path) -> Theme:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    name = data.get("name") or path.stem
    if "primary" not in data:
        raise ValueError("a theme needs at least `primary`")
    unknown = set(data) - {"name", "dark", "variables", "ansi", *_COLOR_KEYS}
    if unknown:
        raise ValueError(f"unknown keys: {', '.join(sorted(unknown))}")
    colors = {key: str(data[key]) for key in _COLOR_KEYS if key in data}
    theme = Theme(name=str(name), dark=bool(data.get("dark", True)), ansi=bool(data.get("ansi", False)),
                  variables={str(k): str(v) for k, v in data.get("variables", {}).items()}, **colors)
    theme.to_color_system()  # raises on a colour Textual cannot parse
    return theme


def load_themes(extra_dirs: list[Path] | None = None) -> ThemeLoad:
    result = ThemeLoad()
    for folder in [shipped_theme_dir(), user_theme_dir(), *(extra_dirs or [])]:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                result.themes.append(theme_from_toml(path))
            except Exception as exc:  # any broken file: one notice, never a crash
                result.problems.append(f"Theme file {path} was not loaded: {exc}")
    return result
