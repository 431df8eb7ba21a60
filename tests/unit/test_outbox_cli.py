"""`b2bterm outbox` and `b2bterm outbox send` (registered like every command module; see cli.COMMAND_MODULES)."""

from __future__ import annotations

import argparse
import json

import pytest

from b2bterm.cli import outbox as outbox_cmd
from b2bterm.config import Config
from b2bterm.domain.models import DraftState, LineStatus, NewLine
from b2bterm.services.desk import open_desk


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="b2bterm")
    parser.add_argument("--config")
    parser.add_argument("--profile")
    sub = parser.add_subparsers()

    def command(name: str, handler, help_text: str):  # the shape cli.build_parser hands to register()
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--json", action="store_true")
        p.set_defaults(handler=handler)
        return p

    outbox_cmd.register(sub, command)
    return parser.parse_args(argv)


async def queued_draft(config: Config) -> tuple[int, str]:
    desk = open_desk(config)
    try:
        account = (await desk.platform.search_accounts("", limit=1))[0].id
        product = (await desk.platform.search_products("contactor", limit=1))[0]
        desk.platform.set_stock(product.sku, "SH", 1000)  # type: ignore[attr-defined]
        quote = (await desk.platform.quote(account, [(product.sku, 1)]))[0]
        draft = desk.drafts.create(account)
        desk.drafts.add_lines(draft.id, [NewLine(product.sku, 1, product.sku, LineStatus.RESOLVED,
                                                 unit_price_seen=quote.net_price)])
        desk.drafts.set_idempotency_key(draft.id)
        desk.drafts.set_state(draft.id, DraftState.QUEUED)
        return draft.id, quote.net_price.format()
    finally:
        await desk.aclose()


@pytest.fixture
def draft(demo_config: Config) -> tuple[int, str]:
    import asyncio

    return asyncio.run(queued_draft(demo_config))


def test_outbox_lists_then_sends(draft: tuple[int, str], capsys: pytest.CaptureFixture[str]) -> None:
    draft_id, price = draft
    args = parse(["outbox", "--json"])
    assert args.handler(args) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["id"] == draft_id and row["state"] == "queued" and row["lines"] == 1 and row["order_number"] is None
    args = parse(["outbox"])
    assert args.handler(args) == 0
    assert f"#{draft_id}" in (listed := capsys.readouterr().out) and price in listed and "queued" in listed

    args = parse(["outbox", "send"])
    assert args.handler(args) == 0
    out = capsys.readouterr().out
    assert f"#{draft_id}" in out and "1 sent, 0 need attention" in out

    args = parse(["outbox", "--all", "--json"])
    assert args.handler(args) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["state"] == "sent" and row["order_number"].startswith("SO")
    args = parse(["outbox"])
    assert args.handler(args) == 0
    assert "nothing waits" in capsys.readouterr().err
