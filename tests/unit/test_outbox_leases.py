"""Send leases after a crash: a lease held by a process that no longer exists on this machine is taken over at once
(the order is settled with its stored key: placed once, never twice); one held on another machine is reported with
its holder and age; `outbox send` and `sync` exit non-zero and say so while an order is unsettled."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from typing import Any

import pytest
import test_outbox
from test_outbox import Clock, Wrapped, account_and_skus, orders_by_key, queue_draft

from b2bterm.cli import main
from b2bterm.domain.models import DraftState
from b2bterm.services.desk import Desk
from b2bterm.services.lease import Holder
from b2bterm.services.outbox import Outbox
from b2bterm.services.submit import Outcome

wrapped_desk = test_outbox.odesk  # the same desk fixture as the outbox tests (it counts place_order calls)


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def hold(desk: Desk, draft_id: int, owner: str, *, lease_seconds: float = 120.0) -> None:
    """As a sender that claimed the draft, marked it SENDING and then stopped (the state a SIGKILL leaves)."""
    assert desk.drafts.claim_for_send(draft_id, owner, lease_seconds)
    desk.drafts.set_state(draft_id, DraftState.SENDING)


async def test_a_lease_of_a_dead_process_here_is_taken_over_at_once(wrapped_desk: Desk) -> None:
    account, skus = await account_and_skus(wrapped_desk)
    draft_id = await queue_draft(wrapped_desk, account, [(skus[0], 2)])
    key = wrapped_desk.drafts.load(draft_id).idempotency_key
    # the dead sender had placed the order; its answer died with it
    order = await wrapped_desk.platform.inner.place_order(  # type: ignore[attr-defined]
        (await _request(wrapped_desk, draft_id)), idempotency_key=key)
    hold(wrapped_desk, draft_id, f"{socket.gethostname()}:{dead_pid()}:deadbeef")
    report = await Outbox(wrapped_desk, clock=Clock()).run_once()  # no waiting out the 120 s lease
    assert [(r.outcome, r.order_number) for r in report.results] == [(Outcome.SENT, order.number)]
    assert orders_by_key(wrapped_desk)[key] == 1  # the same key: the platform's first order, not a second


async def test_a_lease_held_on_another_machine_is_reported_with_holder_and_age(wrapped_desk: Desk) -> None:
    account, skus = await account_and_skus(wrapped_desk)
    draft_id = await queue_draft(wrapped_desk, account, [(skus[0], 1)])
    hold(wrapped_desk, draft_id, "till-2.example.com:4242:cafe")
    clock = Clock()
    outbox = Outbox(wrapped_desk, clock=clock)
    result = await outbox.send_one(draft_id)
    assert result.outcome is Outcome.SKIPPED
    assert "till-2.example.com" in result.message and "4242" in result.message and "taken over in" in result.message
    assert sum(wrapped_desk.platform.calls.values()) == 0  # type: ignore[attr-defined]


async def test_a_live_sender_here_keeps_its_lease(wrapped_desk: Desk) -> None:
    account, skus = await account_and_skus(wrapped_desk)
    draft_id = await queue_draft(wrapped_desk, account, [(skus[0], 1)])
    hold(wrapped_desk, draft_id, f"{socket.gethostname()}:{os.getppid()}:alive")  # our parent: certainly alive
    result = await Outbox(wrapped_desk, clock=Clock()).send_one(draft_id)
    assert result.outcome is Outcome.SKIPPED and "this machine" in result.message


def test_holder_parsing_and_liveness() -> None:
    assert Holder.parse("h:12:x") == Holder("h", 12)
    assert Holder.parse("garbage") == Holder("garbage", None)
    assert not Holder("elsewhere.example", dead_pid()).gone()  # another machine: never judged from here
    assert Holder(socket.gethostname(), dead_pid()).gone()
    assert not Holder(socket.gethostname(), os.getpid()).gone()


def test_outbox_send_exits_non_zero_while_an_order_is_unsettled(
        capsys: pytest.CaptureFixture[str], demo_config: Any) -> None:
    import asyncio

    from b2bterm.services.desk import open_desk

    async def prepare() -> int:
        desk = open_desk(demo_config)
        desk.platform = Wrapped(desk.platform)  # type: ignore[arg-type, assignment]
        try:
            account, skus = await account_and_skus(desk)
            draft_id = await queue_draft(desk, account, [(skus[0], 1)])
            hold(desk, draft_id, "till-2.example.com:4242:cafe")
            return draft_id
        finally:
            await desk.aclose()

    draft_id = asyncio.run(prepare())
    for argv in (["outbox", "send"], ["sync", "--quiet"]):
        code = main(argv)
        out, err = capsys.readouterr()
        assert code == 1, (argv, out, err)
        assert "Not settled yet" in err and f"#{draft_id}" in err
        assert "Traceback" not in err
    main(["outbox", "send"])
    out, _ = capsys.readouterr()
    assert "till-2.example.com" in out  # who holds it, and for how long


async def _request(desk: Desk, draft_id: int) -> Any:
    from b2bterm.services.submit import order_request

    return order_request(desk.drafts.load(draft_id))
