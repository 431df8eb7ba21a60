"""Quick order as the counter uses it: paste a messy list, fix what is unclear with the keyboard, send it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from backoffice import demo_sql
from textual import events
from uitext import screen_text, widget_text

from b2bterm.config import Config
from b2bterm.domain.models import DraftState, LineStatus
from b2bterm.services.desk import Desk, open_desk
from b2bterm.ui.app import B2BApp, Section
from b2bterm.ui.screens.pick_candidate import CandidatePicker
from b2bterm.ui.screens.quickorder import QuickOrderScreen
from b2bterm.ui.widgets.row_list import RowList

SIZE = (140, 40)
SECTIONS = (Section("quickorder", "Quick order", "b2bterm.ui.screens.quickorder:QuickOrderScreen"),)

# Real models of the demo distributor (seed 7, 3,000 SKUs), in the shapes customers send them.
MESSY_PASTE = """您好，麻烦报价以下：
1. LC1D09M7C 5个
EA9AN1C16 x 10
3RT2015-1AN22\t8
S203-D3Z 2
QQQQ-99999 1
谢谢！"""


async def _open(config: Config) -> Desk:
    desk = open_desk(config)
    if desk.catalog_count() == 0:
        await desk.sync_catalog()
    accounts = await desk.search_accounts("")
    await desk.select_account(accounts[0].id)
    return desk


@pytest.fixture
async def qdesk(demo_config: Config) -> AsyncIterator[Desk]:
    """A demo desk (the session's 3,000-SKU distributor, copied for this test), catalog synced, account chosen."""
    desk = await _open(demo_config)
    yield desk
    await desk.aclose()


async def settle(pilot, app: B2BApp) -> None:
    """Workers start workers (an edit, then its reprice): wait until everything is quiet."""
    for _ in range(4):
        await app.workers.wait_for_complete()
        await pilot.pause()


def lines_of(app: B2BApp) -> RowList:
    return app.screen.query_one("#qo-lines", RowList)


def status_of(app: B2BApp) -> str:
    return widget_text(app.screen.query_one("#qo-status"))


def row_index(rows: RowList, needle: str) -> int:
    for i in range(len(rows.rows)):
        if needle in rows.row_text(i):
            return i
    raise AssertionError(f"no line shows {needle!r}: {[rows.row_text(i) for i in range(len(rows.rows))]}")


async def move_to(pilot, rows: RowList, index: int) -> None:
    while rows.cursor < index:
        await pilot.press("down")
    while rows.cursor > index:
        await pilot.press("up")


async def paste(pilot, app: B2BApp, text: str) -> None:
    app.post_message(events.Paste(text))  # what the terminal sends for a bracketed paste
    await settle(pilot, app)


async def test_paste_pick_qty_undo_and_submit(qdesk: Desk) -> None:
    app = B2BApp(desk=qdesk, sections=SECTIONS, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, QuickOrderScreen)
        await paste(pilot, app, MESSY_PASTE)
        screen = app.screen
        rows = lines_of(app)
        # One transaction, five order lines; the greeting and the thanks are shown as set aside, with reasons.
        assert len(rows.rows) == 5
        assert "3 added, 1 need a pick, 1 unknown, 2 lines set aside" in status_of(app)
        assert "saved" in status_of(app)
        ignored = widget_text(screen.query_one("#qo-ignored"))
        assert "您好，麻烦报价以下：" in ignored and "谢谢！" in ignored
        assert "greeting" in ignored and "sign-off" in ignored
        assert "LC1D09M7C" in rows.row_text(row_index(rows, "LC1D09M7C"))
        assert "pick one of 7" in rows.row_text(row_index(rows, "S203-D3Z"))  # up to 20 candidates now
        assert "unknown" in rows.row_text(row_index(rows, "QQQQ-99999"))
        # prices arrived from the platform (tier applied) and the totals show net, tax and 含税
        assert "¥" in rows.row_text(row_index(rows, "EA9AN1C16"))
        totals = widget_text(screen.query_one("#qo-totals"))
        assert "含税" in totals and "5 lines" in totals and "2 need attention" in totals

        # Submitting now is refused on the spot, naming the lines to fix.
        await pilot.press("f9")
        await settle(pilot, app)
        assert "fix these lines first" in screen_text(app)

        # Enter on the ambiguous line opens the picker; ↓ Enter takes the second candidate.
        await move_to(pilot, rows, row_index(rows, "S203-D3Z"))
        await pilot.press("enter")
        await settle(pilot, app)  # the candidates are read in a worker, then the picker opens
        picker_text = screen_text(app)
        assert "S203-D32" in picker_text and "S203-D16" in picker_text and "86" in picker_text
        # the customer's price for the line's quantity and the stock tell the candidates apart
        assert "Price for 2" in picker_text and "¥" in picker_text and "net unit price for 2" in picker_text
        assert "stock" in picker_text.split("Price for 2")[1]
        await pilot.press("down", "enter")
        await settle(pilot, app)
        rows = lines_of(app)
        assert "S203-D16" in rows.row_text(row_index(rows, "S203-D3Z"))

        # Delete the unknown line from the empty prompt.
        await move_to(pilot, rows, row_index(rows, "QQQQ-99999"))
        await pilot.press("delete")
        await settle(pilot, app)
        assert len(rows.rows) == 4
        assert all("QQQQ" not in rows.row_text(i) for i in range(4))

        # Change a quantity with F8, then undo it with Ctrl+Z: saved both times.
        ea9 = row_index(rows, "EA9AN1C16")
        await move_to(pilot, rows, ea9)
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press(*"25", "enter")  # the old quantity is selected: typing replaces it
        await settle(pilot, app)
        assert " 25 " in rows.row_text(row_index(rows, "EA9AN1C16"))
        await pilot.press("ctrl+z")
        await settle(pilot, app)
        assert " 10 " in rows.row_text(row_index(rows, "EA9AN1C16"))
        assert "undone: change quantity" in status_of(app)
        # + on the empty prompt adds one
        await move_to(pilot, rows, row_index(rows, "EA9AN1C16"))
        await pilot.press("plus")
        await settle(pilot, app)
        assert " 11 " in rows.row_text(row_index(rows, "EA9AN1C16"))
        draft_id = screen.pad.draft_id
        stored = qdesk.drafts.load(draft_id)
        assert sorted(x.qty for x in stored.lines) == [2, 5, 8, 11]

        # F9: the confirmation shows the totals; Enter sends; the order number is shown; a fresh pad starts.
        await pilot.press("f9")
        await pilot.pause()
        confirm = screen_text(app)
        assert "Send this order?" in confirm and "含税" in confirm and "Lines" in confirm
        await pilot.press("enter")
        await settle(pilot, app)
        sent = qdesk.drafts.load(draft_id)
        assert sent.state is DraftState.SENT and sent.order_number
        assert f"ORDER PLACED: {sent.order_number}" in screen_text(app)
        assert not lines_of(app).rows and screen.pad is None


async def test_typed_and_scanned_lines_go_through_the_prompt(qdesk: Desk) -> None:
    app = B2BApp(desk=qdesk, sections=SECTIONS, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press(*"3RV2011-1EA10 2", "enter")  # typed, or a scanner burst ending in Enter
        await settle(pilot, app)
        await pilot.press(*"3RV2011-1EA10 3", "enter")  # the same product again merges into the line
        await settle(pilot, app)
        rows = lines_of(app)
        assert len(rows.rows) == 1
        assert "3RV2011-1EA10" in rows.row_text(0) and " 5 " in rows.row_text(0)
        assert app.screen.query_one("#qo-input").value == ""


async def test_draft_survives_a_restart(demo_config: Config) -> None:
    config = demo_config
    desk = await _open(config)
    app = B2BApp(desk=desk, config=config, sections=SECTIONS, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await paste(pilot, app, MESSY_PASTE)
        before = [lines_of(app).row_text(i).split()[1] for i in range(len(lines_of(app).rows))]
        assert len(before) == 5
    await desk.aclose()

    desk = await _open(config)  # same data dir: a new process would see the same
    app = B2BApp(desk=desk, config=config, sections=SECTIONS, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        rows = lines_of(app)
        assert [rows.row_text(i).split()[1] for i in range(len(rows.rows))] == before
        assert "Reopened your open draft" in status_of(app) or "¥" in rows.row_text(0)
    await desk.aclose()


async def test_a_reopened_shared_model_line_is_picked_offline(demo_config: Config) -> None:
    """Several brands make "BV 1.5 red 100m": after a restart the line still offers them all, with no closeness
    score (it is not a typo); with the platform down the list says so, shows list prices, and the pick still works."""
    config = demo_config
    desk = await _open(config)
    app = B2BApp(desk=desk, config=config, sections=SECTIONS, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await paste(pilot, app, "BV 1.5 red 100m x 3\nLC1D09M7C 5\n")
        assert "pick one of 4" in lines_of(app).row_text(0)
    await desk.aclose()

    desk = await _open(config)
    desk.platform.offline = True  # the demo platform's switch: every call now fails as unreachable
    app = B2BApp(desk=desk, config=config, sections=SECTIONS, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        rows = lines_of(app)
        await move_to(pilot, rows, 0)
        await pilot.press("enter")
        await settle(pilot, app)
        text = screen_text(app)
        assert isinstance(app.screen, CandidatePicker)
        assert text.count("BV 1.5 red 100m") >= 4 and "Price for 3" in text
        assert "no prices from the platform: list prices shown dimmed; stock not known right now" in text
        listed = app.screen.query_one("#pick-list", RowList)
        assert all(listed.row_text(i).rstrip().endswith("—") for i in range(4)), "an exact match has no score"
        await pilot.press("down", "enter")
        await settle(pilot, app)
        rows = lines_of(app)
        assert "BV 1.5 red 100m" in rows.row_text(0) and "pick one" not in rows.row_text(0)
        assert rows.row_text(0).split()[3] != ""  # a brand is shown for the picked line
    await desk.aclose()


async def test_enter_twice_opens_one_pick_list(qdesk: Desk) -> None:
    app = B2BApp(desk=qdesk, sections=SECTIONS, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await paste(pilot, app, "BV 1.5 red 100m x 3\nLC1D09M7C 5\n")
        screen = app.screen
        assert isinstance(screen, QuickOrderScreen)
        await move_to(pilot, lines_of(app), 0)
        # the candidates are still being read (another edit holds the pad) when Enter comes again
        with screen.table.keeper.lock:
            await pilot.press("enter", "enter")
        await settle(pilot, app)
        assert sum(isinstance(s, CandidatePicker) for s in app.screen_stack) == 1
        assert "pick one of 4" in screen.query_one("#qo-lines", RowList).row_text(0)


async def test_offers_that_arrive_before_the_list_is_built_are_shown(qdesk: Desk) -> None:
    from b2bterm.quickorder.pad import CandidateOffers
    from b2bterm.ui.screens.pick_candidate import Choice

    product = qdesk.catalog.products(["SE-LC1D09M7"])["SE-LC1D09M7"]
    app = B2BApp(desk=qdesk, sections=SECTIONS, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        picker = CandidatePicker("LC1D09M7 2", [Choice(product, None)], qty=2)
        picker.show_offers(CandidateOffers(2, {}, {}, price_error="timed out"))
        await app.push_screen(picker)
        await settle(pilot, app)
        text = screen_text(app)
        assert "prices not available (timed out)" in text and "fetching" not in text


async def test_offline_submit_keeps_the_draft_and_says_so(qdesk: Desk) -> None:
    app = B2BApp(desk=qdesk, sections=SECTIONS, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await paste(pilot, app, "LC1D09M7C 5\nEA9AN1C16 10\n")
        draft_id = app.screen.pad.draft_id
        qdesk.platform.offline = True  # the demo platform's switch: every call now fails as unreachable
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot, app)
        text = screen_text(app)
        assert "could not be reached" in text and "kept in the outbox" in text
        kept = qdesk.drafts.load(draft_id)
        assert kept.state is DraftState.QUEUED and len(kept.lines) == 2
        assert all(x.status is LineStatus.RESOLVED for x in kept.lines)
        assert kept.idempotency_key  # stored before the attempt: a retry cannot order twice


async def test_without_an_account_it_asks_for_one(demo_config: Config) -> None:
    desk = open_desk(demo_config)
    app = B2BApp(desk=desk, sections=SECTIONS, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert "AccountPicker" in type(app.screen).__name__
        await pilot.press("escape")
        await pilot.pause()
        assert "Choose a customer account (F7)" in screen_text(app)
    await desk.aclose()


async def test_order_details_are_edited_and_saved(qdesk: Desk) -> None:
    app = B2BApp(desk=qdesk, sections=SECTIONS, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press(*"EA9AN1C16 3", "enter")
        await settle(pilot, app)
        await pilot.press("f10")
        await pilot.pause()
        await pilot.press(*"PO-7788")  # the PO field has the focus
        await pilot.press("tab", *"2030-01-15")
        await pilot.press("enter")
        await settle(pilot, app)
        draft = qdesk.drafts.load(app.screen.pad.draft_id)
        assert draft.po_number == "PO-7788" and draft.requested_date.isoformat() == "2030-01-15"
        shown = widget_text(app.screen.query_one("#qo-draft"))
        assert "PO-7788" in shown and "2030-01-15" in shown and "普通发票" in shown
        assert "order details saved" in status_of(app)


async def test_lines_drafted_offline_are_priced_when_back_online(qdesk: Desk) -> None:
    qdesk.work_offline(True)
    app = B2BApp(desk=qdesk, sync_on_start=False)  # every section: the user leaves the pad and comes back
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(pilot, app)
        await paste(pilot, app, "LC1D09M7C 5\nEA9AN1C16 10\n")
        assert "—" in lines_of(app).row_text(0)  # no price while working offline
        qdesk.work_offline(False)
        await pilot.press("f2")
        await settle(pilot, app)
        await pilot.press("f3")  # back to the pad: it asks the platform again
        await settle(pilot, app)
        price = (await qdesk.platform.quote(qdesk.account.id, [(qdesk.drafts.load(app.screen.pad.draft_id)
                                                                 .lines[0].sku, 5)]))[0].net_price
        assert price.format() in lines_of(app).row_text(0)


# --- messages that tell the truth ----------------------------------------------------------------------------------

WITH_DRAFTS = (*SECTIONS, Section("drafts", "Drafts", "b2bterm.ui.screens.drafts:DraftsScreen"))


async def test_sending_while_working_offline_says_it_is_queued_not_unreachable(qdesk: Desk) -> None:
    qdesk.work_offline(True)
    app = B2BApp(desk=qdesk, sections=WITH_DRAFTS, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press(*"LC1D09M7 5", "enter")
        await settle(pilot, app)
        draft_id = app.screen.pad.draft_id
        await pilot.press("f9")
        await settle(pilot, app)
        dialog = screen_text(app)
        assert "Queue this order?" in dialog and "working offline" in dialog and "outbox" in dialog
        await pilot.press("enter")
        await settle(pilot, app)
        text = screen_text(app)
        assert "QUEUED" in text and "working offline" in text
        assert "could not be reached" not in text
        assert qdesk.drafts.load(draft_id).state is DraftState.QUEUED
        await pilot.press("f6")  # the footer names what W does now
        await settle(pilot, app)
        footer = " ".join(b.binding.description for b in app.screen.active_bindings.values())
        assert "Go online" in footer and "Work offline" not in footer


async def test_the_placed_banner_goes_with_the_next_draft(qdesk: Desk) -> None:
    app = B2BApp(desk=qdesk, sections=WITH_DRAFTS, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press(*"LC1D09M7 5", "enter")
        await settle(pilot, app)
        await pilot.press("f9")
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        assert "ORDER PLACED" in widget_text(app.screen.query_one("#qo-banner"))
        await pilot.press(*"LC1D09M7 2", "enter")  # the next draft
        await settle(pilot, app)
        assert not app.screen.query_one("#qo-banner").display or \
            "ORDER PLACED" not in widget_text(app.screen.query_one("#qo-banner"))


async def test_round_up_says_what_it_did_and_why(qdesk: Desk) -> None:
    row = demo_sql(qdesk, "SELECT sku, moq, pack_size, unit FROM products WHERE moq > 1 AND status = 'active' "
                          "ORDER BY sku LIMIT 1")[0]
    typed = row["moq"] - 1
    app = B2BApp(desk=qdesk, sections=WITH_DRAFTS, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press(*f"{row['sku']} {typed}", "enter")
        await settle(pilot, app)
        await pilot.press("f5")
        await settle(pilot, app)
        status = widget_text(app.screen.query_one("#qo-status"))
        after = qdesk.drafts.load(app.screen.pad.draft_id).lines[0].qty
        assert after >= row["moq"] and after % row["pack_size"] == 0
        assert f"{typed} → {after:,}" in status and f"minimum order is {row['moq']}" in status


async def test_paste_with_chinese_numerals_a_box_line_and_an_unreadable_quantity(qdesk: Desk) -> None:
    app = B2BApp(desk=qdesk, sections=SECTIONS, sync_on_start=False)
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot, app)
        await paste(pilot, app,
                    "你好\nLC1D09M7C 十个\nEA9AN1C16 二十五只\nUT 4 2箱\n3RT2015-1AN22 十二打\nS203-D3Z 1,000\n谢谢")
        rows = lines_of(app)
        assert len(rows.rows) == 5
        assert " 10 " in rows.row_text(row_index(rows, "LC1D09M7C"))
        assert " 25 " in rows.row_text(row_index(rows, "EA9AN1C16"))
        box = rows.row_text(row_index(rows, "UT 4 2箱"))
        assert " 100 " in box and "2 箱 = 2 × 50 = 100" in box
        dozen = rows.row_text(row_index(rows, "十二打"))
        assert "quantity not understood: “十二打”" in dozen and " ? " in dozen
        assert "1,000" in rows.row_text(row_index(rows, "S203-D3Z"))  # a thousands comma, not "S203-D3Z 1"
        # the unreadable line is never priced, and the totals count it as needing attention
        assert "¥" not in dozen.split("十二打", 1)[1].split("quantity", 1)[0]
        assert "need attention" in widget_text(app.screen.query_one("#qo-totals"))
        # typing a quantity fixes it
        await move_to(pilot, rows, row_index(rows, "十二打"))
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press(*"144", "enter")
        await settle(pilot, app)
        fixed = rows.row_text(row_index(rows, "十二打"))
        assert " 144 " in fixed and "not understood" not in fixed


async def test_pick_list_ranks_by_tokens_shows_attributes_and_narrows_as_you_type(qdesk: Desk) -> None:
    app = B2BApp(desk=qdesk, sections=SECTIONS, sync_on_start=False)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot, app)
        # the series and a rating: every NXB-63 rated 16 A fits (poles and curve not said)
        await paste(pilot, app, "你好\nNXB-63 16A 30只")
        rows = lines_of(app)
        assert "pick one of" in rows.row_text(0)
        await pilot.press("enter")
        await settle(pilot, app)
        picker = app.screen
        assert isinstance(picker, CandidatePicker)
        listing = picker.query_one("#pick-list", RowList)
        first = listing.row_text(0)
        assert first.split()[0] == "NXB-63" and "16" in first.split()[2]
        assert len(listing.rows) > 5  # more than the old five
        text = screen_text(app)
        # the attributes that tell them apart as their own columns (the rating, the same for all, is not one)
        assert "Poles" in text and "Curve" in text and "Rated current" not in text
        assert all(" C " in listing.row_text(i) or " D " in listing.row_text(i) or " B " in listing.row_text(i)
                   for i in range(len(listing.rows)))  # the curve column, never cut off with the name
        # typing narrows: "d" and "2p" leave the 2-pole curve-D breakers only
        await pilot.press("d", "space", "2", "p")
        await pilot.pause()
        shown = [listing.row_text(i) for i in range(len(listing.rows))]
        assert shown and all(" D " in r and "2P" in r for r in shown), shown
        assert "narrowed by “d 2p”" in screen_text(app)
        await pilot.press("backspace", "backspace", "backspace")
        await pilot.pause()
        assert len(listing.rows) > len(shown)
        chosen_model = listing.row_text(0).split()[0:3]
        await pilot.press("enter")
        await settle(pilot, app)
        row = lines_of(app).row_text(0)
        assert " ".join(chosen_model) in row and " 30 " in row


async def test_edit_a_line_in_place_with_undo_and_redo(qdesk: Desk) -> None:
    from b2bterm.ui.screens.line_edit import LineEditPrompt

    app = B2BApp(desk=qdesk, sections=SECTIONS, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await paste(pilot, app, "你好\nEA9AN1C16 10\nLC1D09M7CX 5")
        rows = lines_of(app)
        typo = row_index(rows, "LC1D09M7CX")
        assert "LC1D09M7C " not in rows.row_text(typo).split("LC1D09M7CX", 1)[1]
        await move_to(pilot, rows, typo)
        await pilot.press("ctrl+r")  # (the prompt has the focus: ctrl+e is its "end of line")
        await pilot.pause()
        assert isinstance(app.screen, LineEditPrompt)
        await pilot.press(*["backspace"] * len("LC1D09M7CX 5"))
        await pilot.press(*"LC1D09M7C", "space", "8")
        await pilot.press("enter")
        await settle(pilot, app)
        rows = lines_of(app)
        assert len(rows.rows) == 2
        fixed = rows.row_text(1)  # in place: still the second line
        assert fixed.startswith("2  LC1D09M7C 8") and " 8 " in fixed and "¥" in fixed
        assert "line read again" in status_of(app)
        await pilot.press("ctrl+z")
        await settle(pilot, app)
        assert "LC1D09M7CX 5" in lines_of(app).row_text(1)
        await pilot.press("ctrl+y")
        await settle(pilot, app)
        assert lines_of(app).row_text(1).startswith("2  LC1D09M7C 8")
        assert "redone" in status_of(app)


async def test_search_the_catalog_from_inside_the_pick_list(qdesk: Desk) -> None:
    app = B2BApp(desk=qdesk, sections=SECTIONS, sync_on_start=False)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot, app)
        await paste(pilot, app, "你好\nNXB-63 16A 30只")
        await move_to(pilot, lines_of(app), 0)
        await pilot.press("enter")
        await settle(pilot, app)
        picker = app.screen
        assert isinstance(picker, CandidatePicker)
        listing = picker.query_one("#pick-list", RowList)
        await pilot.press(*"dz47")  # not among the candidates: the list narrows to nothing
        await pilot.pause()
        assert len(listing.rows) == 0 and "Backspace widens" in screen_text(app)
        await pilot.press("ctrl+f")
        await settle(pilot, app)
        assert len(listing.rows) > 0 and all("DZ47" in listing.row_text(i) for i in range(len(listing.rows)))
        assert "catalog search for “dz47”" in screen_text(app)
        chosen = listing.row_text(0).split("  ")[0]
        await pilot.press("enter")
        await settle(pilot, app)
        row = lines_of(app).row_text(0)
        assert chosen in row and " 30 " in row
