"""Undo and redo of the order pad's edits: each step says which lines to remove and which to put back exactly.

Applying a step yields its inverse (what undoes the undo), so redo is the same machinery run the other way. A new
edit clears the redo steps, as in every editor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from b2bterm.domain.models import DraftLine
from b2bterm.domain.record import record

UNDO_LIMIT = 200
# The edits a step can undo, as codes (the UI words them): replace the pad, add lines (with a count), change
# quantity, edit line, delete line, pick product, round up.
EDIT_LABELS = ("replace the pad", "add lines", "change quantity", "edit line", "delete line", "pick product",
               "round up")


@record
class Step:
    label: str
    remove_ids: tuple[int, ...]  # lines the edit added: removed by the step
    restore: tuple[DraftLine, ...]  # lines as they were: put back exactly (id, position, every field)
    count: int = 0  # how many lines the edit touched, for its label ("add lines": 3)


def inverse(step: Step, current: dict[int, DraftLine]) -> Step:
    """The step that undoes ``step`` once it is applied to the lines ``current`` (id -> line, before applying)."""
    touched = dict.fromkeys([*step.remove_ids, *(x.id for x in step.restore)])
    existing = tuple(current[i] for i in touched if i in current)
    added_back = tuple(x.id for x in step.restore if x.id not in current)
    return Step(step.label, added_back, existing, step.count)


@dataclass
class History:
    undo: list[Step] = field(default_factory=list)
    redo: list[Step] = field(default_factory=list)

    def push(self, label: str, added_ids: Sequence[int], before: Sequence[DraftLine], count: int = 0) -> None:
        """A new edit: its undo step; the redo steps are gone. ``label`` is the edit's code (EDIT_LABELS)."""
        self.undo.append(Step(label, tuple(added_ids), tuple(before), count))
        del self.undo[:-UNDO_LIMIT]
        self.redo.clear()
