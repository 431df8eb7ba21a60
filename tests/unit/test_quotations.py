"""Quotations: domain rules, the local store, and the use case against the demo distributor (prices frozen as
quoted, validity from config and the product clock, conversion to an order pad)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from b2bterm.config import ConfigError, parse_config
from b2bterm.domain.models import LineStatus, PriceSource, PriceSourceKind
from b2bterm.domain.money import Money
from b2bterm.domain.quotation import (
    Quotation,
    QuotationLine,
    QuotationState,
    default_valid_until,
    parse_item,
    quoted_note,
    quoted_price_holds,
)
from b2bterm.local.db import Database
from b2bterm.local.quotations import QuotationHeader, QuotationNotFound, QuotationStore
from b2bterm.services.desk import Desk
from b2bterm.services.quotations import Problem, QuotationProblem, Quotations

ACCOUNT = "C10541"


def _line(sku: str, qty: int, net: str, listp: str = "100.00", rate: str = "0.13") -> QuotationLine:
    return QuotationLine(sku=sku, model=f"M-{sku}", qty=qty, list_price=Money.of(listp), net_price=Money.of(net),
                         tax_rate=Decimal(rate), source=PriceSource(PriceSourceKind.CONTRACT, "HT-1"))


def _quotation(today: date, lines: tuple[QuotationLine, ...], valid_days: int = 30) -> Quotation:
    moment = datetime.combine(today, time(10), UTC)
    return Quotation(id=7, account_id="A", valid_until=default_valid_until(today, valid_days), created_at=moment,
                     updated_at=moment, lines=lines)


# --- domain ------------------------------------------------------------------------------------------------------


def test_line_amounts_tax_and_discount() -> None:
    line = _line("S1", 3, "85.10")
    assert line.amount_net == Money.of("255.30")
    assert line.net_incl_tax == Money.of("96.16")  # 85.10 × 1.13 = 96.163
    assert line.amount_incl_tax == Money.of("288.49")  # 255.30 × 1.13 = 288.489
    assert line.discount == Decimal("0.1490")
    assert replace(line, list_price=Money.of("0")).discount == 0


def test_totals_sum_the_lines_with_each_lines_tax(today: date) -> None:
    q = _quotation(today, (_line("S1", 3, "85.10"), _line("S2", 10, "1.99", rate="0.06")))
    assert q.subtotal == Money.of("275.20")
    assert q.total_incl_tax == Money.of("288.49") + Money.of("21.09")  # 19.90 × 1.06 = 21.094
    assert q.tax == q.total_incl_tax - q.subtotal
    assert q.number == f"Q{today:%y%m%d}-0007"


def test_expired_is_computed_from_the_day_after_validity(today: date) -> None:
    q = _quotation(today, (), valid_days=10)
    assert q.valid_until == today + timedelta(days=10)
    assert q.state_on(today + timedelta(days=10)) is QuotationState.DRAFT
    assert q.state_on(today + timedelta(days=11)) is QuotationState.EXPIRED
    for state in (QuotationState.SENT, QuotationState.ACCEPTED):
        assert replace(q, state=state).state_on(today + timedelta(days=11)) is QuotationState.EXPIRED
    assert replace(q, state=QuotationState.ORDERED).state_on(today + timedelta(days=400)) is QuotationState.ORDERED


def test_parse_item() -> None:
    assert parse_item("LC1D09M7:20") == ("LC1D09M7", 20)
    assert parse_item(" 3RT2015-1BB41 ") == ("3RT2015-1BB41", 1)
    assert parse_item("NXB-63 C16：1,000") == ("NXB-63 C16", 1000)
    for bad in ("", ":5", "LC1D09:abc", "LC1D09:0", "LC1D09:-2", "X:99999999"):
        with pytest.raises(ValueError):
            parse_item(bad)


@given(code=st.text(alphabet=st.characters(blacklist_characters=":：", blacklist_categories=("Cs", "Cc", "Zs")),
                    min_size=1, max_size=30),
       qty=st.integers(min_value=1, max_value=1_000_000))
def test_parse_item_round_trip(code: str, qty: int) -> None:
    assert parse_item(f"{code}:{qty}") == (code.strip(), qty)


def test_quoted_note_holds_for_its_quantity_until_the_validity_date(today: date) -> None:
    note = quoted_note(Money.of("12.30"), 5, "Q1", today)
    assert quoted_price_holds(note, 5, today)
    assert quoted_price_holds("picked X · " + note, 5, today)
    assert not quoted_price_holds(note, 6, today)
    assert not quoted_price_holds(note, 5, today + timedelta(days=1))
    assert not quoted_price_holds("price changed: was ¥1.00", 5, today)


def test_config_valid_days(tmp_path: Path) -> None:
    assert parse_config("").quotations["valid_days"] == 30
    config = parse_config('[quotations]\nvalid_days = 14\npayment_terms = "月结30天"\n')
    assert config.quotations["valid_days"] == 14 and config.quotations["payment_terms"] == "月结30天"
    for bad in ('valid_days = "30"', "valid_days = -1", "valid_days = 99999", "colour = 1"):
        with pytest.raises(ConfigError, match="quotations"):
            parse_config(f"[quotations]\n{bad}\n")


# --- store -------------------------------------------------------------------------------------------------------


def test_store_keeps_lines_as_quoted_and_replaces_a_repeated_sku(tmp_path: Path, today: date) -> None:
    db = Database(tmp_path / "local.sqlite")
    store = QuotationStore(db)
    q = store.create(QuotationHeader("A", today, account_name="华东机电", payment_terms="月结30天"))
    assert q.state is QuotationState.DRAFT and q.lines == ()
    q = store.put_line(q.id, _line("S1", 3, "85.10"))
    q = store.put_line(q.id, _line("S2", 1, "9.999"))
    q = store.put_line(q.id, _line("S1", 8, "80.00"))
    assert [(x.sku, x.qty, x.net_price.amount) for x in q.lines] == [("S1", 8, Decimal("80.00")),
                                                                     ("S2", 1, Decimal("9.999"))]
    assert q.lines[0].source == PriceSource(PriceSourceKind.CONTRACT, "HT-1")
    assert q.account_name == "华东机电" and q.payment_terms == "月结30天"
    listed = store.list("A")
    assert [(x.id, x.lines_total) for x in listed] == [(q.id, 2)] and store.list("B") == []
    q = store.set_state(q.id, QuotationState.SENT)
    assert q.state is QuotationState.SENT and q.sent_at is not None
    with pytest.raises(ValueError):
        store.set_state(q.id, QuotationState.EXPIRED)
    q = store.delete_line(q.id, q.lines[0].id)
    assert [x.sku for x in q.lines] == ["S2"]
    store.delete(q.id)
    with pytest.raises(QuotationNotFound):
        store.load(q.id)
    db.close()


# --- use case ----------------------------------------------------------------------------------------------------


async def _product_with_price(desk: Desk) -> tuple[str, str]:
    found = desk.search_catalog("contactor", limit=40).products
    product = next(p for p in found if p.list_price is not None and p.moq == 1 and p.status.value == "active")
    return product.sku, product.model


async def test_add_quotes_the_account_price_and_freezes_it(desk: Desk, today: date) -> None:
    account = await desk.select_account(ACCOUNT)
    service = desk.quotations
    sku, _model = await _product_with_price(desk)
    first = await service.add(account, sku, 4)
    assert first.created and first.quotation.account_id == ACCOUNT
    assert first.quotation.valid_until == today + timedelta(days=30)
    assert first.quotation.payment_terms == account.payment_terms
    quote = (await desk.quotes(ACCOUNT, [(sku, 4)]))[0]
    line = first.line
    assert (line.qty, line.net_price, line.list_price, line.tax_rate) == (4, quote.net_price, quote.list_price,
                                                                         quote.tax_rate)
    assert line.source.kind is quote.source.kind
    again = await service.add(account, sku, 6)  # same product: one line, quantities summed, quoted again
    assert not again.created and again.quotation.id == first.quotation.id
    assert [(x.sku, x.qty) for x in again.quotation.lines] == [(sku, 10)]
    frozen = again.quotation.lines[0].net_price
    desk.platform.set_price(sku, Money.of("99999.00"))  # type: ignore[attr-defined]
    assert service.local_get(first.quotation.id).lines[0].net_price == frozen
    with pytest.raises(QuotationProblem) as problem:
        await service.add(account, "NO-SUCH-SKU", 1)
    assert problem.value.code is Problem.UNKNOWN_ITEM


async def test_new_from_codes_saves_nothing_when_one_is_unknown(desk: Desk) -> None:
    account = await desk.select_account(ACCOUNT)
    sku, model = await _product_with_price(desk)
    with pytest.raises(QuotationProblem) as problem:
        await desk.quotations.new(account, [(model, 2), ("ZZZ-NOT-A-MODEL-999", 1)])
    assert problem.value.code is Problem.UNKNOWN_ITEM and problem.value.values["code"] == "ZZZ-NOT-A-MODEL-999"
    assert desk.quotations.local_list(ACCOUNT) == []
    q, live = await desk.quotations.new(account, [(model, 2), (sku, 3)])  # a model number and its SKU: one line
    assert live and [(x.sku, x.qty) for x in q.lines] == [(sku, 5)]


async def test_valid_quotation_becomes_a_pad_at_the_quoted_prices(desk: Desk) -> None:
    account = await desk.select_account(ACCOUNT)
    service = desk.quotations
    sku, _model = await _product_with_price(desk)
    q = (await service.add(account, sku, 3)).quotation
    quoted = q.lines[0].net_price
    desk.platform.set_price(sku, Money.of("99999.00"))  # type: ignore[attr-defined]
    result = await service.to_order(q.id)
    assert not result.expired and result.quotation.state is QuotationState.ORDERED
    assert result.quotation.order_draft_id == result.draft_id
    draft = desk.drafts.load(result.draft_id)
    assert draft.account_id == ACCOUNT and q.number in draft.title
    assert [(x.sku, x.qty, x.status, x.unit_price_seen) for x in draft.lines] == [
        (sku, 3, LineStatus.RESOLVED, quoted)]
    pad = desk.open_pad(result.draft_id)
    await pad.reprice()  # today's price is far higher: the pad keeps the quoted one
    row = pad.lines()[0]
    assert row.unit_price == quoted and pad.draft_lines()[0].unit_price_seen == quoted
    assert [(n.kind.value, n.qty, n.number) for n in row.price_notes] == [("quoted", 3, q.number)]
    with pytest.raises(QuotationProblem) as problem:
        await service.to_order(q.id)
    assert problem.value.code is Problem.ORDERED


async def test_expired_quotation_is_priced_today_and_says_what_changed(desk: Desk, today: date) -> None:
    account = await desk.select_account(ACCOUNT)
    sku, _model = await _product_with_price(desk)
    q = (await desk.quotations.add(account, sku, 2)).quotation
    later = Quotations(desk, clock=lambda: datetime.combine(q.valid_until + timedelta(days=1), time(10), UTC))
    assert later.state_of(later.local_get(q.id)) is QuotationState.EXPIRED
    with pytest.raises(QuotationProblem) as problem:
        later.local_set_state(q.id, QuotationState.SENT)
    assert problem.value.code is Problem.EXPIRED
    desk.platform.set_price(sku, Money.of("99999.00"))  # type: ignore[attr-defined]
    result = await later.to_order(q.id)
    assert result.expired and result.changed == 1
    line = desk.drafts.load(result.draft_id).lines[0]
    assert line.unit_price_seen != q.lines[0].net_price
    assert "price changed: was" in line.message and q.number in line.message


async def test_states_move_by_the_rules(desk: Desk) -> None:
    account = await desk.select_account(ACCOUNT)
    sku, _model = await _product_with_price(desk)
    q = (await desk.quotations.add(account, sku, 1)).quotation
    service = desk.quotations
    with pytest.raises(QuotationProblem) as problem:
        service.local_set_state(q.id, QuotationState.ACCEPTED)  # a draft is sent first
    assert problem.value.code is Problem.BAD_STATE
    assert service.local_set_state(q.id, QuotationState.SENT).state is QuotationState.SENT
    assert service.local_set_state(q.id, QuotationState.ACCEPTED).state is QuotationState.ACCEPTED
    # a sent quotation takes no new lines: the next add starts a new draft
    assert (await service.add(account, sku, 1)).created
    with pytest.raises(QuotationProblem) as problem:
        await service.add(account, sku, 1, quotation_id=q.id)
    assert problem.value.code is Problem.NOT_EDITABLE


async def test_push_to_the_platform_and_read_its_state_back(desk: Desk) -> None:
    account = await desk.select_account(ACCOUNT)
    service = desk.quotations
    assert service.platform_keeps_quotations()
    sku, _model = await _product_with_price(desk)
    q = (await service.add(account, sku, 5)).quotation
    sent = service.local_set_state(q.id, QuotationState.SENT)
    pushed = await service.push(sent.id)
    assert pushed.remote_id and pushed.state is QuotationState.SENT
    again = await service.push(sent.id)  # the same key: the platform updates its copy
    assert again.remote_id == pushed.remote_id
    assert await service.refresh_states(ACCOUNT) == []  # nothing moved
    desk.platform.set_quotation_state(pushed.remote_id, QuotationState.ACCEPTED)  # type: ignore[attr-defined]
    [changed] = await service.refresh_states(ACCOUNT)
    assert changed.id == q.id and changed.state is QuotationState.ACCEPTED
    desk.platform.offline = True  # type: ignore[attr-defined]
    from b2bterm.platform.base import Offline

    with pytest.raises(Offline):
        await service.push(q.id)
    assert service.local_get(q.id).state is QuotationState.ACCEPTED  # nothing lost locally


async def test_a_platform_without_quotations_says_so(desk: Desk) -> None:
    from b2bterm.platform.base import Capability

    account = await desk.select_account(ACCOUNT)
    sku, _model = await _product_with_price(desk)
    q = (await desk.quotations.add(account, sku, 1)).quotation
    desk.platform.capabilities = Capability.all() & ~Capability.QUOTATIONS  # type: ignore[misc]
    with pytest.raises(QuotationProblem) as problem:
        await desk.quotations.push(q.id)
    assert problem.value.code is Problem.UNSUPPORTED
    assert await desk.quotations.refresh_states() == []
