"""Regenerate docs/screenshot.svg: the model-query screen on the demo distributor, as a new user first sees it.

    .venv/bin/python scripts/screenshot.py
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["B2BTERM_DATA_DIR"] = tmp
        os.environ["B2BTERM_CONFIG"] = str(Path(tmp) / "config.toml")
        from b2bterm.config import parse_config
        from b2bterm.services.desk import open_desk
        from b2bterm.ui.app import B2BApp

        config = parse_config('[profiles.demo.options]\nskus = 20000\n')
        desk = open_desk(config)
        await desk.sync_catalog()
        accounts = await desk.search_accounts("华创")
        await desk.select_account(accounts[0].id)
        app = B2BApp(desk=desk, config=config, sync_on_start=False)
        async with app.run_test(size=(132, 38)) as pilot:
            await pilot.press(*"3rt2015 1bb41")
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            app.screen.query_one("#mq-qty").value = "20"
            await app.workers.wait_for_complete()
            await pilot.pause()
            app.save_screenshot(str(ROOT / "docs" / "screenshot.svg"))
        await desk.aclose()


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
