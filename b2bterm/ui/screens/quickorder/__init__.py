"""Quick order: the counter's main screen. Type, scan or paste lines; fix what is unclear; send.

One prompt takes typed lines ("LC1D09M7 5"), scanner bursts (keystrokes ending in Enter, the same path) and
multi-line pastes (the whole paste goes to ``OrderPad.add_text`` at once: one transaction). Edits run in thread
workers under one lock, so the pad is changed by one thread at a time and every edit is committed before the
screen says "saved". Prices and stock are fetched in an async worker after each change; the rows update when they
arrive. The screen holds no business rules: the pad decides, the screen shows.

Keys work from the prompt: ↑↓ move the line cursor, Enter on an empty prompt opens the candidate picker of an
ambiguous line (or the quantity of a resolved one), and with an empty prompt ``+``/``-``/Delete change or remove the
current line. When the line list has the focus, ``q`` and ``r`` work too.

The package is the screen and its widgets, each keeping what it shows and saying what the user did in messages:
``screen`` (``QuickOrderScreen``: composes the widgets, holds the keys, dispatches to the pad and the services, F9),
``draft_bar`` (the draft's header; F10 edits it), ``notices`` (the banner, the totals line, the status line),
``lines_table`` (``PadTable``: the lines, the pad behind them and its edit and price workers; ``LineProblems``: the
current line's problems in full), ``set_aside`` (the lines a paste set aside), ``order_input`` (the prompt),
``pad_keeper`` (the open pad and the lock of its edits, no widgets), ``sources`` (buy again, lists, a file) and
``view`` (a line's cells, the totals, the screen's words).
"""

from b2bterm.ui.screens.quickorder.screen import QuickOrderScreen

__all__ = ["QuickOrderScreen"]
