"""Why an order stopped in the outbox, as a typed note kept with the draft (its ``last_error``).

The sender stops an order for reasons of its own (lines changed since drafting, lines to fix, no lines, working
offline) or because the platform said so (its own words, kept as they are). ``StopNote.stored`` writes a note of the
first kind as data; ``read_stop_note`` gives it back (None for the platform's words, which are shown as they are).
The UI and the CLI word the note's kind and values through gettext.
"""

from __future__ import annotations

import enum
import json

from b2bterm.domain.record import record

_MARK = "b2bterm-note:"


class StopKind(enum.StrEnum):
    CHANGED = "changed"  # lines changed since drafting: items are (what, difference) pairs
    NOT_READY = "not_ready"  # lines need fixing: count
    NO_LINES = "no_lines"  # the order has no lines
    WORKING_OFFLINE = "working_offline"  # the user works offline: kept for when they switch back


@record
class StopNote:
    kind: StopKind
    count: int = 0
    items: tuple[tuple[str, str], ...] = ()  # CHANGED: (SKU or input, difference code), the first few

    def stored(self) -> str:
        return _MARK + json.dumps({"kind": self.kind.value, "count": self.count, "items": [list(i) for i in
                                                                                            self.items]})


def read_stop_note(text: str) -> StopNote | None:
    """The note ``StopNote.stored`` wrote; None for anything else (the platform's own words)."""
    if not text.startswith(_MARK):
        return None
    try:
        data = json.loads(text[len(_MARK):])
        items = tuple((str(a), str(b)) for a, b in data.get("items", ()))
        return StopNote(StopKind(data["kind"]), int(data.get("count", 0)), items)
    except (ValueError, KeyError, TypeError):
        return None
