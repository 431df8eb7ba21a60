"""The typed way from the UI to the services: a screen's ``services`` property (``UsesServices``) and
``services_of(app)`` for code handed the app. Both give the ``Desk`` the app was built with (cli/entry.py wires it;
tests build the app with a demo desk); screens reach the platform and the local stores only through it."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.dom import DOMNode

from b2bterm.services.desk import Desk


def services_of(node: App[Any] | DOMNode) -> Desk:
    """The services of the app that ``node`` (an app, screen or widget) runs in."""
    app = node if isinstance(node, App) else node.app
    desk = getattr(app, "desk", None)
    if not isinstance(desk, Desk):
        raise TypeError(f"{type(app).__name__} holds no Desk: b2bterm's screens run in B2BApp")
    return desk


class UsesServices:
    """Mixed into screens and widgets: ``self.services`` is the app's ``Desk``, typed."""

    @property
    def services(self) -> Desk:
        assert isinstance(self, DOMNode)
        return services_of(self)
