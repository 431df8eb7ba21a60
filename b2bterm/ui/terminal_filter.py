"""The last guard before Textual writes to the terminal: no control character leaves in a segment's text.

Platform and file text is already made safe where it enters (``platform.limits.parse_json``, the import readers),
but a screen may show text from elsewhere (an exception message, an old cache row). This line filter drops what
would still be a control character (ESC, C0 but tab, DEL, C1) or a bidi override from every rendered segment.
Those characters are zero cells wide, so dropping them never moves anything on the screen; whatever followed an
ESC stays visible as plain text, never interpreted.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class ControlCharacterFilter(LineFilter):
    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(_UNSAFE.search(seg.text) for seg in segments if not seg.control):
            return segments
        return [seg if seg.control or not _UNSAFE.search(seg.text)
                else Segment(_UNSAFE.sub("", seg.text), seg.style, seg.control) for seg in segments]
