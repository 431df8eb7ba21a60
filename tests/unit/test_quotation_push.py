"""Pushing quotations to the platform in the background: a push that cannot reach the platform waits and is retried
(same key: never a second copy there, even after a lost answer), every change to a pushed quotation is due again,
a refused push says why and is not retried blindly, and what waits survives a restart."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from b2bterm.domain.quotation import PushState, QuotationState
from b2bterm.local.db import Database
from b2bterm.local.quotations import QuotationHeader, QuotationStore
from b2bterm.platform.base import Offline, Rejected
from b2bterm.services.desk import Desk, open_desk
from b2bterm.services.quotation_sync import PushOutcome

ACCOUNT = "C10541"


def _platform_copies(desk: Desk) -> list[tuple[str, str]]:
    """(id, state) of every quotation the demo platform holds, read from its file as its staff would."""
    path = desk.platform.path  # type: ignore[attr-defined]
    with sqlite3.connect(path) as conn:
        try:
            return conn.execute("SELECT id, state FROM quotations ORDER BY id").fetchall()
        except sqlite3.OperationalError:  # no quotation pushed yet: no table
            return []


async def _quotation(desk: Desk, n: int = 2) -> int:
    account = await desk.select_account(ACCOUNT)
    found = desk.search_catalog("contactor", limit=40).products
    skus = [p.sku for p in found if p.list_price is not None and p.moq == 1 and p.status.value == "active"][:n]
    q = None
    for sku in skus:
        q = (await desk.quotations.add(account, sku, 3)).quotation
    assert q is not None and len(q.lines) == n
    return q.id


async def test_offline_push_waits_then_goes_once(desk: Desk) -> None:
    service = desk.quotations
    qid = await _quotation(desk)
    desk.platform.offline = True  # type: ignore[attr-defined]
    with pytest.raises(Offline):
        await service.push(qid)
    q = service.local_get(qid)
    assert q.push_state is PushState.WAITING and q.push_attempts == 1 and q.push_error
    assert q.push_next_at is not None and q.push_next_at > q.updated_at  # backed off
    assert (await service.push_due()).results == []  # not due yet
    run = await service.push_due(force=True)  # still offline: tried once, stays waiting, the run stops
    assert [r.outcome for r in run.results] == [PushOutcome.WAITING] and run.waiting == 1
    assert service.local_get(qid).push_attempts == 2
    desk.platform.offline = False  # type: ignore[attr-defined]
    run = await service.push_due(force=True)
    [result] = run.results
    assert result.outcome is PushOutcome.PUSHED and run.waiting == 0
    q = service.local_get(qid)
    assert q.push_state is PushState.PUSHED and q.remote_id and q.push_attempts == 0 and not q.push_error
    assert _platform_copies(desk) == [(q.remote_id, "draft")]


async def test_every_change_to_a_pushed_quotation_is_pushed_in_the_background(desk: Desk) -> None:
    service = desk.quotations
    qid = await _quotation(desk)
    q = await service.push(qid)
    assert q.push_state is PushState.PUSHED
    remote = q.remote_id
    changes = [
        lambda: service.local_update(qid, notes="含运费"),
        lambda: service.local_set_state(qid, QuotationState.SENT),
        lambda: service.local_set_state(qid, QuotationState.ACCEPTED),
    ]
    for change in changes:
        assert change().push_state is PushState.WAITING  # due in the same commit as the change
        run = await service.push_due()
        assert [r.outcome for r in run.results] == [PushOutcome.PUSHED]
    assert _platform_copies(desk) == [(remote, "accepted")]
    assert (await service.push_due()).results == []  # nothing left to push


async def test_a_lost_answer_is_retried_without_a_second_copy(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    service = desk.quotations
    qid = await _quotation(desk)
    real = desk.platform.push_quotation  # type: ignore[attr-defined]

    async def lost(*args: object, **kwargs: object) -> object:
        await real(*args, **kwargs)  # the platform took it ...
        raise Offline("connection reset")  # ... and the answer never came back

    monkeypatch.setattr(desk.platform, "push_quotation", lost)
    with pytest.raises(Offline):
        await service.push(qid)
    assert service.local_get(qid).push_state is PushState.WAITING
    monkeypatch.setattr(desk.platform, "push_quotation", real)
    assert [r.outcome for r in (await service.push_due(force=True)).results] == [PushOutcome.PUSHED]
    assert [r[0] for r in _platform_copies(desk)] == [service.local_get(qid).remote_id]


async def test_a_refused_push_says_why_and_waits_for_the_user(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    service = desk.quotations
    qid = await _quotation(desk)

    async def refuse(*args: object, **kwargs: object) -> object:
        raise Rejected("Credit hold on this customer.", field="account")

    monkeypatch.setattr(desk.platform, "push_quotation", refuse)
    with pytest.raises(Rejected):
        await service.push(qid)
    q = service.local_get(qid)
    assert q.push_state is PushState.FAILED and "Credit hold" in q.push_error
    assert (await service.push_due(force=True)).results == []  # not retried blindly
    monkeypatch.undo()
    assert service.local_update(qid, notes="credit cleared").push_state is PushState.WAITING  # a change: again
    assert [r.outcome for r in (await service.push_due()).results] == [PushOutcome.PUSHED]


async def test_waiting_pushes_survive_a_restart(demo_config) -> None:  # type: ignore[no-untyped-def]
    first = open_desk(demo_config)
    try:
        await first.sync_catalog()
        qid = await _quotation(first, 1)
        first.platform.offline = True  # type: ignore[attr-defined]
        with pytest.raises(Offline):
            await first.quotations.push(qid)
    finally:
        await first.aclose()
    second = open_desk(demo_config)  # a new process, the same profile
    try:
        assert second.quotations.local_get(qid).push_state is PushState.WAITING
        run = await second.quotations.push_due(force=True)
        assert [r.outcome for r in run.results] == [PushOutcome.PUSHED]
        assert len(_platform_copies(second)) == 1
    finally:
        await second.aclose()


def test_a_change_during_a_push_is_pushed_again(tmp_path: Path, today) -> None:  # type: ignore[no-untyped-def]
    store = QuotationStore(Database(tmp_path / "local.sqlite"))
    q = store.create(QuotationHeader(account_id="A", valid_until=today))
    sent = store.request_push(q.id)  # the revision a push takes with it
    store.update_header(q.id, notes="changed while the push was on the wire")
    store.push_done(q.id, sent.push_rev, "QT1")
    after = store.load(q.id)
    assert after.remote_id == "QT1" and after.push_state is PushState.WAITING  # the newer revision still goes
    store.push_done(q.id, after.push_rev, "QT1")
    assert store.load(q.id).push_state is PushState.PUSHED
    store.set_state(q.id, QuotationState.ACCEPTED, sync=False)  # the platform's own answer is not pushed back
    assert store.load(q.id).push_state is PushState.PUSHED


async def test_the_order_from_a_pushed_quotation_names_it(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """The send path tells the platform which of its quotations the order takes up (Medusa converts that draft)."""
    from b2bterm.services.submit import Outcome, send_draft

    qid = await _quotation(desk)
    remote = (await desk.quotations.push(qid)).remote_id
    draft_id = (await desk.quotations.to_order(qid)).draft_id
    seen: list[str] = []
    real = desk.platform.place_order

    async def spy(request, *, idempotency_key):  # type: ignore[no-untyped-def]
        seen.append(request.quotation_id)
        return await real(request, idempotency_key=idempotency_key)

    monkeypatch.setattr(desk.platform, "place_order", spy)
    sent = await send_draft(desk, draft_id)
    assert sent.outcome is Outcome.SENT, sent
    assert seen == [remote]
