"""Textual's stylesheet, parsing each CSS source once per set of theme variables.

Textual re-parses every CSS source from scratch on each ``refresh_css`` (``Stylesheet.reparse`` builds a new
stylesheet with an empty parse cache, and ``set_variables`` empties the cache even when the variables did not
change). Starting on a section screen (``App._init_mode``) and setting the theme each ask for one, so the start-up
parsed Textual's whole default CSS three to four times before the first frame (27 parses of 17 sources). Here the
parsed rules outlive a reparse while the variables stay the same, and a change of variables (another theme) still
parses everything again: what is applied is what Textual would apply, parsed fewer times.
"""

from __future__ import annotations

from textual.cache import LRUCache
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

PARSE_CACHE = 256  # CSS sources: every widget class's DEFAULT_CSS, the app's and the screens' (Textual keeps 64)


class ParsedOnceStylesheet(Stylesheet):
    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._parse_cache: LRUCache[tuple, list[RuleSet]] = LRUCache(PARSE_CACHE)

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables == self._variables:
            return  # the same theme: what was parsed still holds
        super().set_variables(variables)

    def copy(self) -> ParsedOnceStylesheet:
        sheet = ParsedOnceStylesheet(variables=self._variables.copy())
        sheet.source = self.source.copy()
        return sheet

    def reparse(self) -> None:
        """Textual's ``reparse``, with the parse caches handed to the new stylesheet (the variables are the same:
        ``set_variables`` empties them when they are not)."""
        sheet = ParsedOnceStylesheet(variables=self._variables)
        sheet._parse_cache = self._parse_cache
        sheet._style_parse_cache = self._style_parse_cache
        for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
            sheet.add_source(css, read_from=read_from, is_default_css=is_defaults, tie_breaker=tie_breaker,
                             scope=scope)
        try:
            sheet.parse()
        except Exception:
            self._invalid_css.update(sheet._invalid_css)  # as Textual does (its issue 3581)
            raise
        self._rules = sheet.rules
        self._rules_map = None
        self.source = sheet.source
        self._require_parse = False

