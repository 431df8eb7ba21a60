"""User-facing text goes through ``_`` so it can be translated (English and Simplified Chinese).

The catalogs are compiled gettext files under b2bterm/locale; without one, the English source text is shown.
"""

from __future__ import annotations

import gettext
from pathlib import Path

_LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
_translation: gettext.NullTranslations = gettext.NullTranslations()


def set_language(language: str) -> None:
    global _translation
    if language in ("", "auto", "en"):
        _translation = gettext.NullTranslations() if language == "en" else gettext.translation(
            "b2bterm", _LOCALE_DIR, fallback=True)
        return
    _translation = gettext.translation("b2bterm", _LOCALE_DIR, languages=[language], fallback=True)


def _(message: str) -> str:
    return _translation.gettext(message)
