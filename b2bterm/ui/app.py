"""The Textual app: sections as modes, the shared header, keys that a [keymap] table can remap."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Awaitable, Sequence
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import App
from textual.binding import Binding
from textual.filter import LineFilter
from textual.message import Message
from textual.worker import Worker, WorkerState

from b2bterm.domain.models import Account
from b2bterm.domain.record import record
from b2bterm.services.gateway import PlatformError
from b2bterm.services.price_book import BookSync
from b2bterm.ui.first_frame import StartReads
from b2bterm.ui.i18n import _, retranslate_bindings, set_language
from b2bterm.ui.idle_gc import IdleCollector
from b2bterm.ui.key_order import KeyOrder, priority_bound
from b2bterm.ui.keys import use_terminal_keys
from b2bterm.ui.palette import B2BCommands
from b2bterm.ui.screen_loading import SectionMounting, load_screen
from b2bterm.ui.stylesheet import ParsedCss, ParsedOnceStylesheet, ThemeVariablesOnce
from b2bterm.ui.terminal_filter import ControlCharacterFilter
from b2bterm.ui.themes import DEFAULT_THEME, load_themes
from b2bterm.ui.widgets.header import AppHeader
from b2bterm.ui.widgets.qty_input import QtyInput
from b2bterm.ui.wording import catalog_count_text, catalog_sync_text

if TYPE_CHECKING:
    from b2bterm.config import Config
    from b2bterm.services.desk import Desk


@record
class Section:
    id: str
    title: str
    module: str  # "b2bterm.ui.screens.search:SearchScreen"


ORDER_WATCH_SECONDS = 180
# The start-up work (the sync, the search warm-up, the outbox) waits for the first screen to show the catalog count and
# the chosen account; for an account that takes longer than this to come (a slow platform), it waits no longer.
ACCOUNT_WAIT_SECONDS = 2.0
CSS_KEPT = "textual-css.pickle"  # in the profile's folder: the parsed CSS of the last start (ui/stylesheet.py)

# Only sections that are built are listed: the app shows nothing it cannot do.
SECTIONS: tuple[Section, ...] = (
    Section("search", "Search", "b2bterm.ui.screens.search:SearchScreen"),
    Section("quickorder", "Quick order", "b2bterm.ui.screens.quickorder:QuickOrderScreen"),
    Section("orders", "Orders", "b2bterm.ui.screens.orders:OrdersScreen"),
    Section("drafts", "Drafts", "b2bterm.ui.screens.drafts:DraftsScreen"),
    Section("quotations", "Quotations", "b2bterm.ui.screens.quotations:QuotationsScreen"),
)


class B2BApp(SectionMounting, ThemeVariablesOnce, App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "b2bterm"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {B2BCommands}  # look: every action of the current screen (ui/palette.py)
    # The F-key layout. Where a terminal does not deliver an F-key (F1/F10 taken by the terminal, some SSH
    # clients), Alt with the same digit does the same (Alt+0 for F10). general.fkeys = false puts those first.
    BINDINGS = [
        Binding("f1,alt+1", "show_help", _("Help"), id="app.help"),
        Binding("f2,alt+2", "section('search')", _("Search"), id="app.search"),
        Binding("f3,alt+3", "section('quickorder')", _("Quick order"), id="app.quickorder"),
        Binding("f4,alt+4", "section('orders')", _("Orders"), id="app.orders"),
        Binding("f6,alt+6", "section('drafts')", _("Drafts"), id="app.drafts"),
        Binding("f12,alt+5", "section('quotations')", _("Quotations"), id="app.quotations"),
        Binding("f7,alt+7", "pick_account", _("Account"), id="app.account"),
        Binding("f10,alt+0", "settings", _("Settings"), id="app.settings"),
        Binding("alt+t", "pick_theme", _("Theme"), show=False, id="app.theme"),
        Binding("ctrl+q", "quit", _("Quit"), id="app.quit", priority=True),
        # Textual's own palette key, with its label in the user's language (Textual says "palette")
        Binding(App.COMMAND_PALETTE_BINDING, "command_palette", _("Commands"), show=False, priority=True,
                tooltip=_("Find any action by name"), id="app.palette"),
    ]
    # general.fkeys = false: the Alt keys are shown and the F-keys dropped (terminals without F-keys)
    NO_FKEYS_KEYMAP = {"app.help": "alt+1", "app.search": "alt+2", "app.quickorder": "alt+3",
                       "app.orders": "alt+4", "app.drafts": "alt+6",
                       "app.quotations": "alt+5", "app.account": "alt+7", "app.settings": "alt+0"}

    class CatalogProgress(Message):
        """The background catalog sync moved on (done of total products)."""

        def __init__(self, done: int, total: int | None, finished: bool = False, error: str = "") -> None:
            super().__init__()
            self.done = done
            self.total = total
            self.finished = finished
            self.error = error

    def __init__(self, desk: Desk, config: Config | None = None, *, sections: tuple[Section, ...] = SECTIONS,
                 sync_on_start: bool = True) -> None:
        self.desk = desk
        self.sync_on_start = sync_on_start
        self.freeze_heap = False  # settle_heap in a headless app too (see there)
        self._catalog_status = ""
        self._catalog_count: int | None = None  # None until counted: the start must not say "0 products"
        self._catalog_partial = False  # the catalog is what an interrupted first build made searchable so far
        self._catalog_syncing = False
        self._started = False  # the work that waits for the first count on screen (_after_count_shown) was started
        self._count_shown = False  # the first frame with the local catalog's count (or its error) was painted
        self._account_pending = False  # the profile's account is being loaded at start (the header shows it then)
        self._account_at_start = False  # the profile's account was read in time for the first frame
        self.config = config
        self.sections = {section.id: section for section in sections}
        self.MODES = {section.id: (lambda s=section: load_screen(s.module)()) for section in sections}
        # the first section is the screen the app starts on (not Textual's default screen, then a switch: one screen
        # built and styled before the first frame instead of two)
        self.DEFAULT_MODE = next(iter(self.sections))
        if config is not None:  # before the bindings are copied, so their descriptions are in this language
            set_language(str(config.general.get("language", "auto")))
        super().__init__()
        self._control_filter = ControlCharacterFilter()  # nothing a platform sent is ever a terminal sequence
        loaded = load_themes()
        for theme in loaded.themes:
            self.register_theme(theme)
        self.b2b_themes = loaded.names  # what the theme picker and the command palette offer
        self._theme_problems = loaded.problems
        wanted = str(config.general.get("theme", DEFAULT_THEME)) if config else DEFAULT_THEME
        self.theme = wanted if wanted in self.available_themes else DEFAULT_THEME
        # CSS parsed once, with this theme's variables (ui/stylesheet.py): Textual's first parse used its default
        # theme's, then parsed every source again for this theme and again for each refresh before the first frame;
        # and what a start parsed is kept in the profile's folder for the next
        self.stylesheet = ParsedOnceStylesheet(variables=self.get_css_variables(),
                                               kept=ParsedCss(desk.data_dir / CSS_KEPT))
        if config is not None and wanted not in self.available_themes:
            self._theme_problems.append(f"Theme {wanted!r} is not installed; using {DEFAULT_THEME}.")
        keymap = {} if config is None or config.general.get("fkeys", True) else dict(self.NO_FKEYS_KEYMAP)
        if config is not None and config.keymap:
            keymap.update(config.keymap)
        if keymap:
            self.set_keymap(keymap)
        desk.listeners.append(self._connectivity_changed)
        desk.auth_listeners.append(self._auth_failed)
        self._login_open = False
        self.key_order = KeyOrder(self, self._hand_on)  # keys handed on one at a time (ui/key_order.py)
        self._reads: StartReads | None = None  # the count and the account, read for the first frame (on_load)
        self.idle_gc = IdleCollector(lambda: self.key_order.last_read)  # full collections in pauses (ui/idle_gc.py)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Compose) and self._reads is not None and not self._first_mode_done:
            await self._read_before_first_frame(self._reads)  # then Textual installs the first screen and paints it
        elif isinstance(event, (events.Key, events.Paste)):
            if not event.is_forwarded:  # read from the terminal: after the keys before it are through
                await self.key_order.receive(event)
                return
            await super().on_event(event)  # bubbled back up: the non-priority bindings
            self.key_order.bubbled_to_app(event)
            return
        await super().on_event(event)

    async def _hand_on(self, event: events.Key | events.Paste) -> None:
        """What Textual's App does with a key it reads: priority bindings, else forward it to the focused widget. A
        digit for the model query's quantity box is typed into it right here (the box does with it what it would do
        on reading it from its own queue, a turn of the event loop later: ``QtyInput.type_key``)."""
        focused = self.focused
        if (isinstance(event, events.Key) and isinstance(focused, QtyInput) and event.is_printable
                and self.screen.maximized is None):
            if not self.app_focus:
                self.app_focus = True
            self.screen._clear_tooltip()
            bound = priority_bound(focused, event.key) and await self._check_bindings(event.key, priority=True)
            if not bound and not focused.type_key(event):
                focused._forward_event(event)
            return
        await super().on_event(event)

    def get_driver_class(self):  # -> type[Driver]
        driver_class = super().get_driver_class()
        use_terminal_keys(driver_class)  # ESC + digit/letter is Alt + it, in every terminal (ui/keys.py)
        return driver_class

    def get_line_filters(self) -> Sequence[LineFilter]:
        return [*super().get_line_filters(), self._control_filter]

    # --- lifecycle ---------------------------------------------------------------------------------------------------

    def on_load(self) -> None:
        """The local count and the profile's account are read from here on, while Textual sets the terminal up."""
        wanted = self.desk.profile.account
        account = (lambda: self.desk.select_account(wanted, parts=False)) if wanted and self.desk.account is None \
            else None
        self._reads = StartReads(self.desk.catalog_count, account)

    async def _read_before_first_frame(self, reads: StartReads) -> None:
        """The first section's module imported while the count and the account are read, then both waited for (up to
        FIRST_FRAME_WAIT): the first frame shows them (ui/first_frame.py)."""
        load_screen(next(iter(self.sections.values())).module)
        await reads.wait()
        if reads.count is not None:
            self._counted(reads.count)

    def on_mount(self) -> None:
        for problem in self._theme_problems:
            self.notify(problem, severity="warning", timeout=8)
        first = next(iter(self.sections))
        self.switch_mode(first)
        if self._catalog_count is None:  # not read before the first frame (it failed, or the disk was slow)
            self.count_catalog()  # the local count is painted first; the start-up sync and the rest follow that frame
        reading = self._reads.take_account() if self._reads is not None else None
        if self.desk.profile.account and self.desk.account is None:  # not in the first frame: a slow platform
            self._account_pending = True
            self.load_account(self.desk.profile.account, reading)
            self.set_timer(ACCOUNT_WAIT_SECONDS, self._account_waited, name="account-wait")
        elif reading is not None:  # read for the first frame: its price book is looked at with the start-up work
            self._account_at_start = True
            self.refresh_header()  # it may have come just after the wait, the screen's header made without it
        self.start_session()

    def _account_waited(self) -> None:
        if self._account_pending:
            self._account_pending = False
            self._after_count_shown()

    def _count_on_screen(self) -> None:
        self._count_shown = True
        self._after_count_shown()

    def _after_count_shown(self) -> None:
        """What can wait until the search screen shows what the local catalog holds and the account it works for:
        the start-up sync, the search warm-up, the account's part numbers, the outbox, the watch on orders. Until
        then nothing competes with the first usable frame (a worker holding the database, an import)."""
        if self._started or not self._count_shown or self._account_pending:
            return
        self._started = True
        self.settle_heap()
        gc.enable()  # b2bterm's start (cli cmd_tui) ran without cyclic collections until here
        self.keep_parsed_css()
        if self.sync_on_start:
            self.sync_catalog()
        self.warm_search()
        account = self.desk.account
        if account is not None:
            self.refresh_customer_parts(account.id)
            if self._account_at_start and self.desk.price_book.supported:
                self.sync_price_book(if_needed=True)  # an account the price book does not hold yet
        # outbox: queued orders are sent in the background (a timer starts short workers; ui/outbox_runner.py)
        from b2bterm.ui.outbox_runner import start_outbox

        start_outbox(self)
        if "orders" in self.sections:  # orders the user has opened are watched from start-up, not only in Orders
            self.set_interval(ORDER_WATCH_SECONDS, self.check_watched_orders, name="orders-watch")

    @work(exclusive=True, group="orders-watch", exit_on_error=False)
    async def check_watched_orders(self) -> None:
        """Re-read the watched orders; a change of status or a new shipment is announced once."""
        try:
            changes = await self.desk.orders.check_watched()
        except PlatformError:
            return  # unreachable now: the next round tries again
        from b2bterm.ui.outcome_text import change_text

        for change in changes:
            self.notify(change_text(change), title=_("Order update"), timeout=10)

    # --- catalog sync ------------------------------------------------------------------------------------------------

    @work(exclusive=True, group="catalog-sync", exit_on_error=False)
    async def sync_catalog(self) -> None:
        """Fill and refresh the local catalog in the background; the app stays usable meanwhile."""
        def progress(done: int, total: int | None) -> None:
            self.post_message(self.CatalogProgress(done, total))

        self._catalog_syncing = True
        self._catalog_count = await asyncio.to_thread(self.desk.catalog_count)
        # a first build cut short (the app closed during it) left a part of the catalog searchable: it is still arriving
        self._catalog_partial = bool(self._catalog_count) and await asyncio.to_thread(self.desk.catalog_arriving)
        self.post_message(self.CatalogProgress(0, None))
        try:
            summary = await self.desk.sync_catalog(on_progress=progress)
        except PlatformError as exc:
            from b2bterm.ui.outcome_text import platform_error_text

            self._catalog_syncing = False
            self.post_message(self.CatalogProgress(0, None, finished=True, error=platform_error_text(exc)))
            return
        self._catalog_count = await asyncio.to_thread(self.desk.catalog_count)
        self._catalog_syncing = False
        self.post_message(self.CatalogProgress(summary.upserted, summary.total, finished=True))
        if self.desk.price_book.supported:  # a recent book is not fetched again when the catalog did not change
            self.sync_price_book(unless_fresh=not (summary.upserted or summary.deleted))

    @work(exclusive=True, group="price-book", exit_on_error=False)
    async def sync_price_book(self, *, if_needed: bool = False, unless_fresh: bool = False) -> None:
        """Keep the price rules of the accounts served (with the catalog; for a newly chosen account). A failure
        leaves the book as it was: prices are then live or cached as before."""
        outcome = await self.desk.sync_price_book(if_needed=if_needed, unless_fresh=unless_fresh)
        if outcome.status in (BookSync.FAILED, BookSync.BUSY):
            from b2bterm.ui.outcome_text import book_error_text

            self.notify(_("The price book was not updated: {err}").format(err=book_error_text(outcome)),
                        severity="warning", timeout=8)

    @work(group="css-kept", exit_on_error=False, thread=True)
    def keep_parsed_css(self) -> None:
        """The CSS this start parsed, for the next start (ui/stylesheet.py; nothing when it was all read back)."""
        kept = getattr(self.stylesheet, "kept", None)
        if kept is not None:
            kept.save()

    @work(exclusive=True, group="warm-search", exit_on_error=False, thread=True)
    def warm_search(self) -> None:
        self.desk.warm_search()

    @work(exclusive=True, group="catalog-count", exit_on_error=False)
    async def count_catalog(self) -> None:
        """The local catalog's count, read before anything else at start: with the start-up sync on, the screen says
        "N products … checking for changes…" until the sync (started once that is painted) ends."""
        self._counted(await asyncio.to_thread(self.desk.catalog_count))

    def _counted(self, count: int) -> None:
        self._catalog_count = count
        if self.sync_on_start:
            self._catalog_syncing = True
            self._catalog_progress(self.CatalogProgress(0, None))
        else:
            self._catalog_progress(self.CatalogProgress(count, None, finished=True))

    def settle_heap(self) -> None:
        """What lives as long as the app (Textual and its widgets, the search's vocabulary, the price book) goes out
        of the garbage collector's sight (``gc.freeze``): a full collection walked all of it, a 50–100 ms pause
        measured in the middle of a keystroke's frame; it now walks only what was made since, and only while the user
        pauses (ui/idle_gc.py). Cheap: no collection runs here. Not in a headless app (tests: one process runs
        hundreds of apps, and each would stay in memory), unless ``freeze_heap`` says so (a benchmark that measures
        the app as a terminal runs it, and thaws it after)."""
        if not self.is_headless or self.freeze_heap:
            gc.freeze()
            self.idle_gc.start()

    def on_unmount(self) -> None:
        self.idle_gc.stop()

    @on(Worker.StateChanged)
    def _own_worker_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self.report_worker_failure(event.worker)
        elif event.state is WorkerState.SUCCESS and event.worker.group in ("warm-search", "catalog-sync",
                                                                              "price-book"):
            self.settle_heap()  # the search's vocabulary, the synced catalog's and the price book's objects stay

    def report_worker_failure(self, worker: Worker[object]) -> None:
        """The one place a failed worker becomes a notice (screens hand theirs over: see ReportsFailedWorkers)."""
        from b2bterm.ui.outcome_text import platform_error_text

        error = worker.error
        text = platform_error_text(error) if isinstance(error, PlatformError) else f"{type(error).__name__}: {error}"
        self.notify(_("Something went wrong: {err} Your work is saved; try again.").format(err=text),
                    severity="error", timeout=12)
        if worker.group in ("catalog-sync", "catalog-count"):
            self.post_message(self.CatalogProgress(0, None, finished=True, error=text))

    @on(CatalogProgress)
    def _catalog_progress(self, event: CatalogProgress) -> None:
        self._catalog_status = catalog_sync_text(event.done, event.total, finished=event.finished, error=event.error,
                                                 arriving=self.catalog_arriving(), count=self._catalog_count,
                                                 replaced=self.desk.catalog_replaced())
        # no screen yet when the count comes before the first section is installed (a small catalog, a fast disk):
        # that screen reads the status when it mounts; and none any more while the app closes
        stack = self._screen_stacks.get(self._current_mode) or []
        screen = stack[-1] if stack else None
        handler = getattr(screen, "show_catalog_status", None)
        if callable(handler):
            handler()
        if not self._count_shown:  # once this frame is painted (the screen runs it when nothing is left to draw)
            (screen or self).call_after_refresh(self._count_on_screen)

    def catalog_arriving(self) -> bool:
        """True while the start-up sync fills an empty local catalog, or one a first build left part-way (search asks
        the platform for what is not in)."""
        return self._catalog_syncing and (not self._catalog_count or self._catalog_partial)

    def catalog_status_text(self) -> str:
        """What the search screen shows under an empty search box."""
        return self._catalog_status or catalog_count_text(self._catalog_count, self.desk.catalog_replaced())

    @work(exclusive=True, group="account", exit_on_error=False)
    async def load_account(self, account_id: str, reading: Awaitable[object] | None = None) -> None:
        """The profile's account at start, when it did not come in time for the first frame (``reading``: the read
        begun for it): shown in the header as it comes; its part numbers are cached after the first usable frame
        (``_after_count_shown``)."""
        try:
            await (reading if reading is not None else self.desk.select_account(account_id, parts=False))
        except PlatformError as exc:
            from b2bterm.ui.outcome_text import platform_error_text

            self.notify(_("Could not load account {id}: {err}").format(id=account_id, err=platform_error_text(exc)),
                        severity="warning")
            self.refresh_header()
            self._account_loaded()
            return
        self.refresh_header()
        self.post_account_changed()  # a screen already open (e.g. Quick order) now knows whom it works for
        if self._started:  # came after the start's wait: its part numbers are cached now
            self.refresh_customer_parts(account_id)
        self._account_loaded()

    def _account_loaded(self) -> None:
        if self._account_pending:
            self._account_pending = False
            self.call_after_refresh(self._after_count_shown)  # once the header shows it

    # --- header ------------------------------------------------------------------------------------------------------

    def account_label(self) -> str:
        account: Account | None = self.desk.account
        if account is None:
            return ""
        return f"{account.display_name} ({account.code})"

    def refresh_header(self) -> None:
        screen = self.screen
        kept = getattr(screen, "app_header", None)  # a section screen's own (no search of the whole screen)
        for header in [kept] if kept is not None and kept.parent is screen else screen.query(AppHeader):
            header.profile = self.desk.profile.name
            header.platform = self.desk.profile.platform
            header.account = self.account_label()
            header.connectivity = self.desk.connectivity.value
            section = self.sections.get(self.current_mode)
            header.section = _(section.title) if section else ""

    def _connectivity_changed(self, _state: object) -> None:
        self.refresh_header()

    # --- actions -----------------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "section":
            return parameters[0] in self.sections  # unbuilt sections are hidden, not greyed out
        return True

    async def action_section(self, section_id: str) -> None:
        if section_id in self.sections and section_id != self.current_mode:
            await self.switch_mode(section_id)
            self.refresh_header()

    def action_pick_account(self) -> None:
        def chosen(account: Account | None) -> None:
            if account is not None:
                self.desk.account = account
                self.refresh_header()
                self.post_account_changed()
                self.refresh_customer_parts(account.id)
                if self.config is not None and self.config.general.get("remember_account", True):
                    self.save_config({"profiles": {self.desk.profile.name: {"account": account.id}}})


        from b2bterm.ui.screens.account_picker import AccountPicker

        self.push_screen(AccountPicker(), chosen)

    @work(group="customer-parts", exit_on_error=False)
    async def refresh_customer_parts(self, account_id: str) -> None:
        """The account's own part numbers, cached for search and quick order (kept as they were when offline)."""
        await self.desk.refresh_customer_parts(account_id)

    def post_account_changed(self) -> None:
        """Tell the current screen that the account changed (screens re-price what they show)."""
        handler = getattr(self.screen, "account_changed", None)
        if callable(handler):
            handler()
        if self.desk.price_book.supported:
            self.sync_price_book(if_needed=True)  # an account the price book does not hold yet

    # --- session: login, capabilities, settings ----------------------------------------------------------------------

    class LoginNeeded(Message):
        """A platform call was refused for want of a valid token (posted from wherever it happened)."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    @work(exclusive=True, group="session", exit_on_error=False)
    async def start_session(self) -> None:
        """Show a keyring problem at once; ask the platform what it offers so screens hide the rest."""
        if self.desk.secret_problem:
            self.post_message(self.LoginNeeded(self.desk.secret_problem))
            return
        if not self.desk.needs_secret:
            return
        try:
            await self.desk.refresh_capabilities()
        except PlatformError:
            return  # an AuthError has opened the login screen; offline keeps the defaults
        self.refresh_bindings()
        handler = getattr(self.screen, "capabilities_changed", None)
        if callable(handler):
            handler()

    def _auth_failed(self, exc: PlatformError) -> None:
        from b2bterm.ui.outcome_text import platform_error_text

        self.post_message(self.LoginNeeded(platform_error_text(exc)))

    @on(LoginNeeded)
    def _login_needed(self, event: LoginNeeded) -> None:
        if not self._login_open:
            self.action_login(event.reason)

    def action_login(self, reason: str = "") -> None:
        """Open the login screen over the current one: its work stays; after logging in the user retries."""
        from b2bterm.ui.screens.login import LoginScreen

        def done(logged_in: bool | None) -> None:
            self._login_open = False
            if logged_in:
                self.refresh_bindings()
                self.refresh_header()
                if self._catalog_status and self.sync_on_start:
                    self.sync_catalog()  # it failed for want of a login: try again now

        self._login_open = True
        self.push_screen(LoginScreen(reason), done)

    def action_settings(self) -> None:
        from b2bterm.ui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen())

    def action_price_differences(self) -> None:
        """Where a live price said otherwise than the local price book (ui/screens/price_differences.py)."""
        from b2bterm.ui.screens.price_differences import PriceDifferences

        self.push_screen(PriceDifferences())

    # --- look and reach: help, theme, language (ui/screens/help.py, theme_picker.py, commands.py) -----------------

    def get_system_commands(self, screen):  # -> Iterable[SystemCommand]
        # Textual's own "Theme" command offers its built-in themes and saves nothing: b2bterm's replaces it.
        return (c for c in super().get_system_commands(screen) if c.title not in ("Theme", "Keys"))

    def action_show_help(self) -> None:
        from b2bterm.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_pick_theme(self) -> None:
        from b2bterm.ui.screens.theme_picker import ThemePicker

        def chosen(name: str | None) -> None:
            if name:
                self.action_set_theme(name)

        self.push_screen(ThemePicker(self.b2b_themes, self.theme), chosen)

    def action_set_theme(self, name: str) -> None:
        if name in self.available_themes:
            self.theme = name
            self.save_settings({"theme": name})

    def action_set_language(self, language: str) -> None:
        """The footer, help, header, palette and screens opened from now on follow at once; text already on an
        open screen follows at the next start."""
        code = set_language(language)
        screens = {id(s): s for stack in self._screen_stacks.values() for s in stack}  # every section's stack
        for screen in screens.values():
            for node in [screen, *screen.walk_children()]:
                retranslate_bindings(node._bindings)
        retranslate_bindings(self._bindings)
        self.refresh_bindings()
        self.refresh_header()
        self.save_settings({"language": code})
        self.notify(_("Language: {name}. Text already on screen changes at the next start.").format(
            name={"en": "English", "zh_CN": "简体中文"}[code]), timeout=6)

    def save_settings(self, general: dict[str, str]) -> None:
        self.save_config({"general": general})

    @work(exclusive=True, group="save-settings", exit_on_error=False, thread=True)
    def save_config(self, changes: dict[str, object]) -> None:
        """Remember a choice in config.toml (update_config keeps the user's other keys)."""
        from b2bterm.config import ConfigError, default_config_path, load_config, update_config

        path = self.config.path if self.config is not None and self.config.path else default_config_path()
        try:
            update_config(path, changes)
            config = load_config(path)
        except (ConfigError, OSError) as exc:
            err = exc.worded(_) if isinstance(exc, ConfigError) else exc
            self.call_from_thread(self.notify, _("Not saved: {err}").format(err=err), severity="warning")
            return
        self.call_from_thread(setattr, self, "config", config)
