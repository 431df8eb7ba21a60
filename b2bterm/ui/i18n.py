"""User-facing text goes through ``_`` so it can be translated (English and Simplified Chinese).

The language comes from config (``general.language``: ``en``, ``zh``/``zh_CN`` or ``auto``); ``auto`` follows the
system locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG: any ``zh*`` means Chinese). Catalogs live in b2bterm/locale:
the wheel carries compiled .mo files (hatch_build.py); an editable install has only the .po, which is compiled at
its first use and cached (b2bterm/locale/compiled.py).

Screens build some text at import time (module-level ``TEXT`` dicts, ``BINDINGS`` descriptions). ``set_language``
re-translates what is already loaded, so screens opened after a switch, the footer and the help show the new
language; widgets already on screen keep their text until they are rebuilt (fully at the next start).
"""

from __future__ import annotations

import gettext
import os
import sys
from collections.abc import Mapping
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "b2bterm"
LANGUAGES = ("en", "zh_CN")  # what b2bterm ships; "en" is the source text
LANGUAGE_NAMES = {"auto": "Automatic", "en": "English", "zh_CN": "简体中文"}

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"
_source: dict[str, str] = {}  # text handed out by _ -> its English msgid (to re-translate on a switch)
# The same, by object: two msgids may share a translation ("Order" and "Orders" are both 订单), but each catalog
# entry is its own str object, so the identity tells them apart. The objects are kept alive here, so ids stay unique.
_source_by_id: dict[int, tuple[str, str]] = {}


class _DictTranslations(gettext.NullTranslations):
    """Translations read from a .po file (no .mo installed, e.g. an editable install)."""

    def __init__(self, messages: Mapping[str, str], plural: str = "n != 1") -> None:
        super().__init__()
        self._messages = dict(messages)
        self._plural = gettext.c2py(plural)

    def gettext(self, message: str) -> str:
        return self._messages.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        forms = self._messages.get(f"{msgid1}\0{msgid2}")
        if forms is None:
            return msgid1 if n == 1 else msgid2
        options = forms.split("\0")
        return options[min(self._plural(n), len(options) - 1)]


def resolve_language(setting: str, environ: Mapping[str, str] | None = None) -> str:
    """``en`` or ``zh_CN`` for a config value (``auto`` reads the locale variables, as gettext does)."""
    value = (setting or "auto").strip()
    if value != "auto":
        return "zh_CN" if value.lower().replace("-", "_").startswith("zh") else "en"
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        found = env.get(name, "")
        if found:
            first = found.split(":")[0]
            return "zh_CN" if first.lower().startswith("zh") else "en"
    return "en"


def load_catalog(language: str, locale_dir: Path = LOCALE_DIR) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    folder = locale_dir / language / "LC_MESSAGES"
    mo = folder / f"{DOMAIN}.mo"
    if mo.is_file():
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    po = folder / f"{DOMAIN}.po"
    if po.is_file():  # compiled once and cached (locale/compiled.py): not parsed at every start
        from b2bterm.locale.compiled import po_translations

        return _DictTranslations(*po_translations(po))
    return gettext.NullTranslations()


def current_language() -> str:
    return _language


def set_language(setting: str) -> str:
    """Switch the language (a config value); returns ``en`` or ``zh_CN``."""
    global _translation, _language
    language = resolve_language(setting)
    if language != _language:
        _translation = load_catalog(language)
        _language = language
        _retranslate_loaded()
    return language


def _(message: str) -> str:
    text = _translation.gettext(message)
    _source[text] = message
    if text is not message:
        _source_by_id[id(text)] = (text, message)
    return text


def translate(message: str) -> str:
    """``message`` in the current language, not remembered for a switch (text another library words, e.g.
    argparse's)."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counted message for ``n`` ("1 match", "2 matches"), by the catalog's plural rule: English has
    two forms, Chinese one (its catalog carries ``msgid_plural`` and ``msgstr[0]``)."""
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a string for the catalog without translating it (it is passed to ``_`` later, at render time)."""
    return message


def english(text: str) -> str:
    """The English source of ``text`` handed out by ``_`` (itself when it is English or unknown)."""
    known = _source_by_id.get(id(text))
    if known is not None and known[0] is text:
        return known[1]
    return _source.get(text, text)


def retranslate(text: str) -> str:
    """``text`` (handed out by ``_`` in any language) in the current language."""
    known = _source_by_id.get(id(text))
    if known is not None and known[0] is text:
        return _(known[1])
    return _(_source.get(text, text))


def _retranslate_loaded() -> None:
    """Bring text built at import time into the current language: module-level dicts of b2bterm.ui modules and
    the key bindings of b2bterm's widget and screen classes. A module-level table that holds no words (styles:
    "yellow" is also the colour word shown in a facet) is a read-only ``MappingProxyType``, never a dict: a dict's
    value equal to a word once shown would be put into the new language ("黄色" as a style stops the screen)."""
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith("b2bterm.ui") or name == __name__:
            continue
        for value in list(vars(module).values()):
            if isinstance(value, dict):
                for key, item in list(value.items()):
                    # plain text only: a StrEnum member ("sent") is a value, not a word to translate
                    if type(item) is str and (item in _source or id(item) in _source_by_id):
                        value[key] = retranslate(item)
    if "textual.dom" not in sys.modules:
        return
    from textual.dom import DOMNode

    stack = list(DOMNode.__subclasses__())
    seen: set[type] = set()
    while stack:
        cls = stack.pop()
        if cls in seen:
            continue
        seen.add(cls)
        stack.extend(cls.__subclasses__())
        merged = cls.__dict__.get("_merged_bindings")
        if merged is not None and cls.__module__.startswith("b2bterm."):
            retranslate_bindings(merged)


def retranslate_bindings(bindings_map: object) -> None:
    """Re-translate the descriptions in a textual BindingsMap (a class's or a live node's ``_bindings``)."""
    from dataclasses import replace

    key_to_bindings = getattr(bindings_map, "key_to_bindings", None)
    if not isinstance(key_to_bindings, dict):
        return
    for key, bindings in list(key_to_bindings.items()):
        key_to_bindings[key] = [
            replace(b, description=retranslate(b.description)) if b.description else b for b in bindings
        ]


# Text that reaches _ through a variable (a state, a section title, an attribute key): marked here for the catalog.
DYNAMIC_TEXT = (
    # sections (app.SECTIONS titles) and screen titles
    N_("Search"), N_("Quick order"), N_("Orders"), N_("Drafts"), N_("Model query"),
    # connectivity (header)
    N_("online"), N_("degraded"), N_("offline"), N_("work offline"),
    # stock words (format.STOCK_STYLE)
    N_("in stock"), N_("partial"), N_("incoming"), N_("out of stock"), N_("stock ?"),
    # draft states (drafts.STATE_STYLE)
    N_("open"), N_("queued"), N_("sending…"), N_("sent"), N_("needs attention"), N_("rejected"),
    # order states (orders.STATUS_TEXT, orders.shipped_state)
    N_("pending"), N_("confirmed"), N_("processing"), N_("partly shipped"), N_("shipped"), N_("delivered"),
    N_("cancelled"), N_("on hold"), N_("unknown status"), N_("backordered"), N_("all shipped"), N_("not shipped"),
    # product attributes (model query: "rated_current" -> "Rated current")
    N_("Article no"), N_("Aux contacts"), N_("Breaking capacity"), N_("Coil voltage"), N_("Colour"),
    N_("Conductor"), N_("Connection"), N_("Contact rating"), N_("Contacts"), N_("Cores"), N_("Cross section"),
    N_("Curve"), N_("Diameter"), N_("Frame"), N_("Io points"), N_("Length"), N_("Mounting"), N_("Operator"),
    N_("Output"), N_("Pitch"), N_("Poles"), N_("Positions"), N_("Print"), N_("Rated current"),
    N_("Residual current"), N_("Screw"), N_("Sensing distance"), N_("Sensing method"), N_("Series"),
    N_("Setting range"), N_("Size"), N_("Spring"), N_("Supply voltage"), N_("Terminals"), N_("Time range"),
    N_("Trip unit"), N_("Type"), N_("Voltage"), N_("Width"),
)
