"""The search screen while the catalog is still arriving (a first start): what the products in so far do not hold is
asked of the platform's own search, in an async worker, its results marked as the platform's; unreachable, the
screen says so and that the catalog is still arriving. Mixed into ``SearchScreen`` (which posts its ``Results``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.message import Message

from b2bterm.services.gateway import PlatformError
from b2bterm.ui.i18n import _, ngettext
from b2bterm.ui.services import UsesServices
from b2bterm.ui.widgets.row_list import RowList

MAX_QUERY = 200  # a 10,000-character paste is cut to this before it reaches the catalog

TEXT = {
    "asking": _("Not among the products in so far: the catalog is still arriving from the platform. Asking the "
                "platform…"),
    "none": _("No product matches “{q}”, among the products in so far or on the platform. The catalog is still "
              "arriving."),
    "unreachable": _("Not among the products in so far, and the platform cannot be reached: {err} The catalog is "
                     "still arriving; drafts and quick order work meanwhile."),
}


def remote_text(n: int, ms: float) -> str:
    return ngettext("From the platform (the local catalog is still arriving): {n} match · {ms:.0f} ms",
                    "From the platform (the local catalog is still arriving): {n} matches · {ms:.0f} ms",
                    n).format(n=n, ms=ms)


class ArrivingSearch(UsesServices):
    """``arriving_status`` words a result while the catalog arrives and asks the platform for what is not in; once
    the catalog is in, a search answered that way is searched again in it (``show_catalog_status``)."""

    _arriving_shown = False  # what the screen shows of the search in the box was said while the catalog arrived

    class PlatformFailed(Message):
        def __init__(self, query: str, error: str) -> None:
            super().__init__()
            self.query = query
            self.error = error

    if TYPE_CHECKING:  # SearchScreen's
        Results: Any
        _status: Any

        app: Any
        workers: Any

        def _update_line(self, selector: str, content: Any, *, keep_height: bool = False) -> None: ...
        def _search(self, query: str) -> None: ...
        def post_message(self, message: Message) -> bool: ...
        def query_one(self, *args: Any) -> Any: ...

    def show_catalog_status(self) -> None:
        """The catalog's state changed (its count read, the start-up sync under way or ended): said under an empty
        box; a search in the box that was answered while the catalog arrived (the platform's results, none in so far,
        the platform unreachable) is searched again once it is in, so that the screen does not go on saying the
        catalog is still arriving."""
        self.query_one(RowList).forget_drawn()  # the catalog may have changed under the rows drawn so far
        query = self._typed()
        if not query:
            self._update_line("#search-status", self.app.catalog_status_text(), keep_height=True)
        elif self._arriving_shown and not self._arriving():
            self._arriving_shown = False
            self.workers.cancel_group(self, "platform-search")  # (its answer would replace the catalog's)
            self._search(query)

    def _arriving(self) -> bool:
        return bool(getattr(self.app, "catalog_arriving", bool)())

    def _typed(self) -> str:
        """What the search box holds, as it is searched (cut to ``MAX_QUERY``): a result or a count for any other
        query is stale."""
        return str(self.query_one("#search-input").value[:MAX_QUERY])

    def arriving_status(self, query: str, result: Any) -> str:
        """The status line for ``result`` (of ``query``) while the catalog arrives: the platform's results, or
        none found locally (then the platform is asked: its answer comes as another ``Results``)."""
        self._arriving_shown = True
        if result.remote:
            return remote_text(len(result.hits), result.elapsed_ms) if result.hits else TEXT["none"].format(
                q=query.strip()[:60])
        self.ask_platform(query)
        return TEXT["asking"]

    @work(exclusive=True, group="platform-search", exit_on_error=False)
    async def ask_platform(self, query: str) -> None:
        import asyncio

        from b2bterm.services.arriving_search import PLATFORM_PAUSE

        await asyncio.sleep(PLATFORM_PAUSE)  # a key typed meanwhile cancels this worker: only a burst's last is asked
        try:
            result = await self.services.search_platform(query)
        except PlatformError as exc:
            from b2bterm.ui.outcome_text import platform_error_text

            self.post_message(self.PlatformFailed(query, platform_error_text(exc, hint=False)))
            return
        if self._arriving():  # (arrived meanwhile: the catalog's own answer is on its way)
            self.post_message(self.Results(query, result))

    def on_arriving_search_platform_failed(self, event: PlatformFailed) -> None:
        """(Named for Textual's dispatch: a mixin's ``@on`` handlers are not collected.)"""
        from rich.text import Text

        if event.query != self._typed() or not self._arriving():
            return
        self._status = Text(TEXT["unreachable"].format(err=event.error))
        self._update_line("#search-status", self._status, keep_height=True)
