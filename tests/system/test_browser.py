"""End to end in a browser: `b2bterm serve` on 127.0.0.1, headless Chromium opens it, types a model number into the
app and the search results come back to the page.

Chromium is driven through the Chrome DevTools protocol over a websocket (aiohttp, which textual-serve brings).
The test reads what the app sends to the page (the terminal stream over textual-serve's websocket, as the browser
received it), so it does not depend on how xterm.js paints (WebGL, canvas or DOM). Needs Debian's chromium:
`apt-get install chromium`; skipped with a reason when it is absent.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = next((p for p in (os.environ.get("B2BTERM_CHROMIUM"), shutil.which("chromium"),
                             shutil.which("chromium-browser"), shutil.which("google-chrome")) if p), None)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="needs a Chromium binary (Debian: apt-get install chromium)"),
]
ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][A-Z0-9]|\x1b[=>78]")
TIMEOUT = 90.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _wait_for_http(url: str, proc: subprocess.Popen[bytes]) -> None:
    import aiohttp

    async with aiohttp.ClientSession() as session:
        for _ in range(300):
            if proc.poll() is not None:
                raise AssertionError(f"b2bterm serve exited with {proc.returncode}: {proc.stderr.read().decode()!r}")  # type: ignore[union-attr]
            with contextlib.suppress(aiohttp.ClientError):
                async with session.get(url) as response:
                    if response.status == 200:
                        return
            await asyncio.sleep(0.1)  # polling a starting server: there is no event to wait on
    raise AssertionError(f"{url} did not answer")


class CDP:
    """The few DevTools protocol calls this test needs, over the browser's websocket."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self._next = 0
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.events: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            data = json.loads(message.data)
            if "id" in data and data["id"] in self._pending:
                self._pending.pop(data["id"]).set_result(data)
            else:
                await self.events.put(data)

    async def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._next += 1
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[self._next] = future
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        await self.ws.send_str(json.dumps(message))
        reply = await asyncio.wait_for(future, TIMEOUT)
        if "error" in reply:
            raise AssertionError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    async def close(self) -> None:
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader


@contextlib.asynccontextmanager
async def chromium() -> AsyncIterator[CDP]:
    import aiohttp

    profile = tempfile.mkdtemp(prefix="b2bterm-chromium-")
    proc = subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
         f"--user-data-dir={profile}", "--remote-debugging-port=0", "--window-size=1280,800", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        assert proc.stderr is not None
        line = b""
        for _ in range(200):  # chromium prints the websocket address on stderr when it is ready
            line = await asyncio.to_thread(proc.stderr.readline)
            if b"DevTools listening on" in line or not line:
                break
        found = re.search(rb"ws://\S+", line)
        assert found, f"chromium did not start: {line!r}"
        async with aiohttp.ClientSession() as session, session.ws_connect(found.group().decode(),
                                                                          max_msg_size=0) as ws:
            cdp = CDP(ws)
            try:
                yield cdp
            finally:
                await cdp.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)


async def _screen_until(cdp: CDP, wanted: str, seen: list[str]) -> str:
    """Collect what the app sent to the page until ``wanted`` appears (ANSI codes removed)."""
    async def collect() -> str:
        while True:
            event = await cdp.events.get()
            if event.get("method") != "Network.webSocketFrameReceived":
                continue
            frame = event["params"]["response"]
            payload = frame["payloadData"]
            if frame.get("opcode") == 2:
                payload = base64.b64decode(payload).decode("utf-8", "replace")
            seen.append(ANSI.sub("", payload))
            text = "".join(seen)
            if wanted in text:
                return text

    return await asyncio.wait_for(collect(), TIMEOUT)


async def test_search_in_the_browser_shows_results(desk: Any, tmp_path: Path) -> None:
    from b2bterm.cli.entry import COMMAND_MODULES

    assert "b2bterm.cli.ui" in COMMAND_MODULES, "cli/entry.py must list b2bterm.cli.ui for `b2bterm serve`"
    await desk.aclose()  # the catalog is synced into this test's data dir; the served app opens its own desk
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen([sys.executable, "-m", "b2bterm", "serve", "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        await _wait_for_http(f"http://127.0.0.1:{port}/", server)
        async with chromium() as cdp:
            target = await cdp.call("Target.createTarget", url="about:blank")
            attached = await cdp.call("Target.attachToTarget", targetId=target["targetId"], flatten=True)
            page = attached["sessionId"]
            await cdp.call("Network.enable", page)
            await cdp.call("Page.enable", page)
            await cdp.call("Page.navigate", page, url=f"http://127.0.0.1:{port}/")
            seen: list[str] = []
            # the search screen is up (the first frames, with the header, may arrive before the page listens)
            await _screen_until(cdp, "products in the local catalog", seen)
            await cdp.call("Runtime.evaluate", page, expression="document.querySelector('textarea')?.focus()")
            before = len(seen)
            await cdp.call("Input.insertText", page, text="LC1D09M7")
            await _screen_until(cdp, "matches", seen)
            after = "".join(seen[before:])
            assert re.search(r"\d+\W*matches", after), after[-2000:]
            assert "LC1D09M7" in after and "Schneid" in after  # the product row, not only the typed text
            shot = await cdp.call("Page.captureScreenshot", page, format="png")
            (tmp_path / "browser.png").write_bytes(base64.b64decode(shot["data"]))  # kept for a failing run
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
