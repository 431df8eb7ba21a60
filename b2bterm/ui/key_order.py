"""Keys handed on one at a time: a key's handling ends before the next key reaches a widget.

Textual 8.2.8 forwards every key to the focused widget as the App reads it, and runs a non-priority binding only
when the key has bubbled back up to the App. Keys that arrive together (one read from the terminal: a fast typist,
a barcode scanner, ``tmux send-keys`` with several keys, a slow SSH link) are all forwarded before the first one's
binding has run: in the model query, Esc ↓ ↓ Enter went back to the search list with the Enter typed into the
query's box on its way out; in the search box ↓ ↓ Enter opened the first result (the box took the Enter before ↓
had moved to the list). Pilot's ``press`` waits for the app to be idle between keys, so its tests never showed it.

``KeyOrder`` holds a key (or paste) that arrives while the one before it is still being handled, and hands it on
when that one is through: its bubbling through the widgets, the binding it ran, the messages that handling queued
on the way (``Input.Submitted``, ``RowList.Chosen``…) and the screen pushed or popped because of them. It finds
that out by following the earlier key: a callback is queued at the widget it went to, then at each of that widget's
ancestors, the screen and the App (each queue works in order, so the callback arrives at a node once the key and
what its handling queued there are through). When the key ran a binding at the App, or the screen or the focus
changed meanwhile, it follows once more from the widget that has the focus now (at most ``MAX_PASSES``).

A single key pays nothing for this: when it arrives, a look at the queues (no step through any) tells whether the
key before it is through - for a person typing it always is, and the key goes on at once; only a key arriving
behind one still on its way (a burst) is held.

A key typed behind a printable one (``typing_on``) tells the focused box that more text follows: the search screen
then searches only for the text as the burst leaves it, not for each character on the way (a burst " c" painted the
results of "qif contr " first, a frame's work the next key waited for). ``when_handed`` lets it check, as the next
key goes on, that the key really goes into its box.

A held key never waits forever: when the callback it waits for makes no step for ``STALL_SECONDS`` (a handler
awaiting something, a widget removed with the callback in its queue), the next key is handed on anyway; sooner
(``TICK_SECONDS``) when the screen or the focus changed meanwhile (a handler awaiting the dialog it opened: the next
keys are the dialog's).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.widget import Widget

MAX_PASSES = 6  # a push that changes the focus takes 3-4 (the key's pass, the new screen's, its focused widget's)
TICK_SECONDS = 0.05
STALL_SECONDS = 0.5

Followed = events.Key | events.Paste


def _waiting(node: MessagePump) -> bool:
    """``node`` waits for its next message: none queued, none taken out and being handled. A pump handling one is
    not waiting on its queue: Textual's queue (``textual._queue.Queue``) holds an asyncio Event that keeps the
    futures of the tasks waiting on it (an asyncio.Queue its getters). Where neither can be seen, a node counts as
    busy: the key before is then followed (correct, a little later)."""
    queue = node._message_queue
    if node._pending_message is not None or not queue.empty():
        return False
    ready = getattr(queue, "ready_event", None)
    waiters = getattr(ready, "_waiters", None) if ready is not None else getattr(queue, "_getters", None)
    return bool(waiters) or node._closing or node._closed  # (not started yet: busy)


class KeyOrder:
    """The app's keys and pastes, handed on one at a time. ``hand_on`` does what Textual's App does with a key it
    reads (priority bindings, then forward it to the focused widget)."""

    def __init__(self, app: App[object], hand_on: Callable[[Followed], Awaitable[None]]) -> None:
        self._app = app
        self._hand_on = hand_on
        self._held: deque[Followed] = deque()
        self._last: Followed | None = None  # the key handed on last
        self._target: MessagePump | None = None  # where it went (the focused widget, else the screen)
        self._reached_app = False  # it bubbled up to the App (which ran its non-priority bindings)
        self.current: Followed | None = None  # the key being followed (keys are held meanwhile)
        self._passes = 0
        self._state: tuple[object, object] = (None, None)  # the screen and the focused widget as a pass started
        self._visit = 0  # the callback awaited (an older one arriving late is ignored)
        self._steps = 0
        self._at: MessagePump | None = None  # where the callback awaited was queued
        self._stuck: MessagePump | None = None  # a node whose handler did not finish when a key was given up on it
        self._watching: asyncio.TimerHandle | None = None
        self._seen_steps = -1
        self._still_ticks = 0
        self._on_hand: list[Callable[[Followed], object]] = []  # called as the next key goes on (when_handed)
        self.followed = 0  # how many keys were followed before the next went on (tests and benchmarks read it)
        self.gave_up = 0  # how many times a held key went on without the one before it finished
        self.last_read = time.monotonic()  # when the last key or paste was read (ui/idle_gc.py waits for a pause)

    @property
    def following(self) -> bool:
        return self.current is not None

    async def receive(self, event: Followed) -> None:
        """A key or paste read from the terminal: handed on now, or after those before it."""
        self.last_read = time.monotonic()
        if self.current is not None or self._held:
            self._held.append(event)
            return
        if self._last is not None and not self._settled():
            self._held.append(event)  # the last key is still on its way: followed to its end first
            self._follow(self._last)
            return
        await self._hand(event)

    def typing_on(self) -> bool:
        """The key to go on next is a printable one, held behind the key being handled: a box that has the focus
        when it goes on types it (its text changes again)."""
        event = self._held[0] if self._held else None
        return isinstance(event, events.Key) and event.is_printable

    def when_handed(self, callback: Callable[[Followed], object]) -> None:
        """``callback(key)`` as the next key goes on, before it reaches any widget (once)."""
        self._on_hand.append(callback)

    def bubbled_to_app(self, event: Followed) -> None:
        """The App handled ``event`` after it bubbled up (its non-priority bindings ran)."""
        if event is self._last:
            self._reached_app = True

    async def _hand(self, event: Followed) -> None:
        app = self._app
        if self._on_hand:
            callbacks, self._on_hand = self._on_hand, []
            for callback in callbacks:
                callback(event)
        self._last, self._reached_app = event, False
        try:
            self._target = app.focused or app.screen
        except Exception:  # no screen
            self._target = None
        await self._hand_on(event)

    # --- is the last key through? --------------------------------------------------------------------------------

    def _settled(self) -> bool:
        """Nothing is left of the last key's handling: the App (busy with this key) has nothing queued, and every
        node from the widget the last key went to, or the one focused now, up to its screen waits for messages
        with none queued. Checked without a step through any queue: a key typed after the last one's results are
        painted (a person typing) goes on at once."""
        app = self._app
        # the App peeks at the message after the one it handles: a key read from the terminal (the one after this,
        # in a burst) is no part of the last key's handling
        pending = app._pending_message
        read = isinstance(pending, (events.Key, events.Paste)) and not pending.is_forwarded
        if app.message_queue_size or (pending is not None and not read):
            return False
        try:
            now = app.focused or app.screen
        except Exception:
            return True  # no screen: nothing to wait for
        for start in (self._target, now):
            node = start
            while isinstance(node, Widget):  # a Screen is a Widget; its parent the App
                if not _waiting(node):
                    return False
                node = node._parent
        return True

    # --- following a key -----------------------------------------------------------------------------------------

    def _follow(self, event: Followed) -> None:
        self.current = event
        self.followed += 1
        self._passes = 0
        self._new_pass(self._target)
        self._watch()

    def _new_pass(self, start: MessagePump | None = None) -> None:
        state = self._screen_and_focus()
        if state is None:  # no screen (the app is closing): nothing to follow
            self._done_soon(self.current)
            return
        self._passes += 1
        self._state = state
        screen, focused = state
        if not (isinstance(start, Widget) and start.is_running and start.is_attached):
            start = focused if focused is not None else screen  # type: ignore[assignment]
        self._queue_at(start, again=True)  # type: ignore[arg-type]

    def _screen_and_focus(self) -> tuple[object, object] | None:
        try:
            return self._app.screen, self._app.focused  # where Textual forwards a key: focused, else the screen
        except Exception:  # no screen on the stack
            return None

    def _queue_at(self, node: MessagePump, *, again: bool) -> None:
        if node is self._stuck:  # a handler there still waits: the keys after it are not held for it again
            self._up_from(node)
            return
        self._visit += 1
        self._at = node
        if not node.call_later(self._arrived, node, again, self._visit):  # closing: its queue takes nothing
            self._up_from(node)

    async def _arrived(self, node: MessagePump, again: bool, visit: int) -> None:
        if node is self._stuck:
            self._stuck = None  # it got through at last
        if visit != self._visit:
            return
        self._steps += 1
        if again and node.message_queue_size:  # behind what the key's handling queued here meanwhile
            self._queue_at(node, again=False)
            return
        if node is self._app:
            await self._pass_done()
        else:
            self._up_from(node)

    def _up_from(self, node: MessagePump) -> None:
        parent = node._parent
        while isinstance(parent, Widget) and not (parent.is_running and parent.is_attached):
            parent = parent._parent
        self._queue_at(parent if parent is not None else self._app, again=True)

    async def _pass_done(self) -> None:
        state = self._screen_and_focus()
        changed = state is not None and state != self._state
        if (self._reached_app and self._passes == 1) or (changed and self._passes < MAX_PASSES):
            self._new_pass()  # what the App's binding or a new screen queued, from the widget focused now
            return
        await self._next()

    async def _next(self) -> None:
        """The key followed is through: the next held one goes on (and is followed when more are held)."""
        self.current = None
        self._visit += 1
        if self._watching is not None:
            self._watching.cancel()
            self._watching = None
        if self._held:
            event = self._held.popleft()
            await self._hand(event)
            if self._held and self.current is None and self._last is event:
                self._follow(event)

    def _done_soon(self, event: Followed | None) -> None:
        """Stop following ``event``: the next key goes on from the App's queue."""
        self._visit += 1
        if not self._app.call_later(self._finish, event):
            self.current = None
            self._held.clear()  # the app is closing: nothing will read them

    async def _finish(self, event: Followed | None) -> None:
        if event is not None and event is self.current:
            await self._next()

    # --- a key that never finishes does not hold the next one for ever ------------------------------------------------

    def _watch(self) -> None:
        if self._watching is None and self.current is not None:
            self._watching = asyncio.get_running_loop().call_later(TICK_SECONDS, self._tick)

    def _tick(self) -> None:
        self._watching = None
        if self.current is None:
            return
        if self._steps != self._seen_steps:
            self._seen_steps = self._steps
            self._still_ticks = 0
        else:
            self._still_ticks += 1
        node = self._at
        gone = isinstance(node, Widget) and not (node.is_running and node.is_attached)  # its queue was dropped
        if gone:
            self._up_from(node)  # type: ignore[arg-type]
        elif self._still_ticks and self._screen_and_focus() not in (None, self._state) and self._passes < MAX_PASSES:
            self._still_ticks = 0
            self._new_pass()  # a handler waits with a new screen up (a dialog it awaits): the next keys are for it
        elif self._still_ticks * TICK_SECONDS >= STALL_SECONDS:
            self._still_ticks = 0
            self.gave_up += 1
            if node is not self._app:
                self._stuck = node
            self._done_soon(self.current)
        self._watch()


def priority_bound(focused: Widget, key: str) -> bool:
    """Whether a priority binding could take ``key`` (the App's ``_check_bindings(priority=True)`` may then run one):
    some node from ``focused`` up to the App binds the key with priority, or the App has a keymap (which may move a
    binding onto it). A look at each node's own bindings, not the binding chain Textual builds for the check (every
    node's bindings copied and filtered), for a digit that no priority binding takes."""
    if focused.app._keymap:
        return True
    node: MessagePump | None = focused
    while node is not None:
        if any(binding.priority for binding in node._bindings.key_to_bindings.get(key, ())):
            return True
        node = node._parent
    return False
