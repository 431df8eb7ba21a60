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
    found: dict[str, list[str]] = {}
    problems: list[Problem] = []
    for path in sorted(package_dir.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _marker_name(node.func) in MARKERS and node.args):
                continue
            texts = node.args[:2] if _marker_name(node.func) == "ngettext" else node.args[:1]
            for arg in texts:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    if arg.value:
                        found.setdefault(arg.value, []).append(f"{rel}:{node.lineno}")
                elif isinstance(arg, ast.JoinedStr):
                    problems.append(Problem(f"{rel}:{node.lineno}",
                                            "an f-string inside _(): use _(\"...{x}\").format(x=...)"))
    messages = [Message(msgid, tuple(where)) for msgid, where in found.items()]
    messages.sort(key=lambda m: (m.where[0].rsplit(":", 1)[0], int(m.where[0].rsplit(":", 1)[1])))
    return messages, problems
