"""Find every translatable string in the source: the literal first argument of ``_("...")`` and ``N_("...")``.

scripts/i18n.py writes them to b2bterm.pot and merges them into each .po; tests/ui/test_i18n.py uses the same
function to fail when a string has no translation.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

MARKERS = frozenset({"_", "N_", "ngettext"})  # ngettext(singular, plural, n): both are msgids


@dataclass(frozen=True)
class Message:
    msgid: str
    where: tuple[str, ...]  # "b2bterm/ui/screens/search.py:26", every place it occurs
    msgid_plural: str = ""  # ngettext(singular, plural, n): one counted message with both msgids


    @property
    def key(self) -> str:
        """How the catalog keys it (``parse_po``): a counted message by both msgids."""
        return f"{self.msgid}\0{self.msgid_plural}" if self.msgid_plural else self.msgid


@dataclass(frozen=True)
class Problem:
    where: str
    text: str


def _marker_name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else ""


def extract(package_dir: Path, root: Path | None = None) -> tuple[list[Message], list[Problem]]:
    """Messages in file order (first occurrence), and calls whose argument is not a plain string literal
    (an f-string inside _() can never be translated)."""
    root = root or package_dir.parent
    found: dict[tuple[str, str], list[str]] = {}
    problems: list[Problem] = []
    for path in sorted(package_dir.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _marker_name(node.func) in MARKERS and node.args):
                continue
            texts = node.args[:2] if _marker_name(node.func) == "ngettext" else node.args[:1]
            if any(isinstance(arg, ast.JoinedStr) for arg in texts):
                problems.append(Problem(f"{rel}:{node.lineno}",
                                        "an f-string inside _(): use _(\"...{x}\").format(x=...)"))
            literal = [arg.value for arg in texts if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
            if len(literal) == len(texts) and literal[0]:
                key = (literal[0], literal[1] if len(literal) > 1 else "")
                found.setdefault(key, []).append(f"{rel}:{node.lineno}")
    messages = [Message(msgid, tuple(where), plural) for (msgid, plural), where in found.items()]
    messages.sort(key=lambda m: (m.where[0].rsplit(":", 1)[0], int(m.where[0].rsplit(":", 1)[1])))
    return messages, problems
