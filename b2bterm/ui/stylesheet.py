"""Textual's stylesheet, parsing each CSS source once per set of theme variables, and once for many starts.

Textual re-parses every CSS source from scratch on each ``refresh_css`` (``Stylesheet.reparse`` builds a new
stylesheet with an empty parse cache, and ``set_variables`` empties the cache even when the variables did not
change). Starting on a section screen (``App._init_mode``) and setting the theme each ask for one, so the start-up
parsed Textual's whole default CSS three to four times before the first frame (27 parses of 17 sources). Here the
parsed rules outlive a reparse while the variables stay the same, and a change of variables (another theme) still
parses everything again: what is applied is what Textual would apply, parsed fewer times.

Every start still parsed the same sources with the same variables (Textual's tokenizer and its regular expressions
included: ~10 ms of CPU before the first frame, more than the floor app spends on its whole first layout). The rules
one start parses are kept in a file (``ParsedCss``, in the profile's folder) and read back by the next: each source is
found by its whole text, where it was read from, its place and scope and every theme variable, so a changed source or
theme, another Textual or another interpreter is parsed again (and kept). A file that cannot be read is ignored.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

from textual.cache import LRUCache
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

PARSE_CACHE = 256  # CSS sources: every widget class's DEFAULT_CSS, the app's and the screens' (Textual keeps 64)
FORMAT = 1  # bump when what ParsedCss keeps changes


def _textual_stamp() -> tuple[object, ...]:
    """Which Textual parsed the rules: its parser's and its style objects' files (size and time), read without its
    package metadata (importlib.metadata costs a start ~10 ms)."""
    import textual.css

    folder = Path(textual.css.__file__).parent
    stamp: list[object] = []
    for name in ("parse.py", "model.py", "styles.py", "tokenize.py", "_style_properties.py", "types.py"):
        try:
            st = os.stat(folder / name)
        except OSError:
            stamp.append(name)
            continue
        stamp += [name, st.st_size, st.st_mtime_ns]
    return tuple(stamp)


class ParsedCss:
    """Parsed rules kept between starts: read from ``path`` when first asked for, written by ``save`` (with what this
    start used) when it parsed something the file did not have."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._kept: dict[tuple[Any, ...], list[RuleSet]] | None = None
        self._used: dict[tuple[Any, ...], list[RuleSet]] = {}
        self._parsed = False  # something was parsed that the file did not hold

    def _stamp(self) -> tuple[object, ...]:
        return FORMAT, sys.implementation.cache_tag, _textual_stamp()

    def _load(self) -> dict[tuple[Any, ...], list[RuleSet]]:
        try:
            with open(self.path, "rb") as fh:
                stamp, entries = pickle.load(fh)
            if stamp != self._stamp() or not isinstance(entries, dict):
                entries = {}
        except Exception:  # none yet, unreadable, another format: parsed as Textual parses it
            entries = {}
        return entries

    @staticmethod
    def key(source: tuple[Any, ...], variables: dict[str, str]) -> tuple[Any, ...]:
        return source, tuple(sorted(variables.items()))

    def get(self, key: tuple[Any, ...]) -> list[RuleSet] | None:
        if self._kept is None:
            self._kept = self._load()
        rules = self._kept.get(key)
        if rules is not None:
            self._used[key] = rules
        return rules

    def put(self, key: tuple[Any, ...], rules: list[RuleSet]) -> None:
        self._used[key] = rules
        self._parsed = True

    def save(self) -> None:
        """Keep what this start used (only when it parsed something new), written whole under another name then
        renamed (a start reading it never sees half a file)."""
        if not self._parsed:
            return
        entries = dict(self._used)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=self.path.name, dir=self.path.parent)
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((self._stamp(), entries), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            return  # the next start parses as Textual does
        self._parsed = False


class ParsedOnceStylesheet(Stylesheet):
    def __init__(self, *, variables: dict[str, str] | None = None, kept: ParsedCss | None = None) -> None:
        super().__init__(variables=variables)
        self._parse_cache: LRUCache[tuple, list[RuleSet]] = LRUCache(PARSE_CACHE)
        self.kept = kept

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables == self._variables:
            return  # the same theme: what was parsed still holds
        super().set_variables(variables)

    def _parse_rules(self, css: str, read_from: Any, is_default_rules: bool = False, tie_breaker: int = 0,
                     scope: str = "") -> list[RuleSet]:
        source = (css, read_from, is_default_rules, tie_breaker, scope)
        if self.kept is None or source in self._parse_cache:
            return super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
        key = ParsedCss.key(source, self._variables)
        rules = self.kept.get(key)
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            if not any(rule.errors for rule in rules):  # an error is reported as Textual reports it, every time
                self.kept.put(key, rules)
            return rules
        self._parse_cache[source] = rules
        return rules

    def copy(self) -> ParsedOnceStylesheet:
        sheet = ParsedOnceStylesheet(variables=self._variables.copy(), kept=self.kept)
        sheet.source = self.source.copy()
        return sheet

    def reparse(self) -> None:
        """Textual's ``reparse``, with the parse caches handed to the new stylesheet (the variables are the same:
        ``set_variables`` empties them when they are not)."""
        sheet = ParsedOnceStylesheet(variables=self._variables, kept=self.kept)
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


class ThemeVariablesOnce:
    """The App's ``get_css_variables``, worked out once for each theme (a mixin before Textual's App). Textual builds
    the theme's whole colour system on every call (~0.8 ms), four times before the first frame; the same theme object
    gives the same variables, so the ones worked out last are handed out again (a copy: callers may change theirs)."""

    _variables_of: tuple[object, dict[str, str]] | None = None

    def get_css_variables(self) -> dict[str, str]:
        theme = self.current_theme  # type: ignore[attr-defined]
        known = self._variables_of
        if known is None or known[0] is not theme:
            known = self._variables_of = (theme, super().get_css_variables())  # type: ignore[misc]
        self.theme_variables = known[1]  # as Textual's sets it
        return dict(known[1])
