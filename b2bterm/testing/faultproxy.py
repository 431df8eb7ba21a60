"""A fault-injecting TCP proxy on 127.0.0.1 for HTTP/1.1: what a flaky network does to the platform API.

It sits between a client (the ``http`` adapter) and a server (the reference server), reads each request whole and
asks ``choose(method, path)`` what to do with it:

- ``None``: pass it through;
- ``"drop_request"``: close the connection; the server never sees the request (nothing happened);
- ``"drop_response"``: forward it, read the server's whole answer (the work is committed), then close the connection
  without a byte back: the client cannot know it succeeded;
- ``"status_500"``: answer 500 (problem+json) without forwarding;
- ``"stall"``: say nothing for ``stall_seconds`` (past the client's timeout), then forward the request anyway and
  throw the answer away: the work lands late, after the client gave up;
- ``"close_mid_body"``: forward it, send the headers and half the body, then close.

``with FaultProxy(port, choose) as proxy: proxy.url`` -> "http://127.0.0.1:PORT". The proxy runs its own event loop
in a daemon thread; ``fired`` counts the faults injected by kind. For tests and for reproducing field problems::

    rng = random.Random(7)
    proxy = FaultProxy(server_port, lambda method, path: rng.choice(KINDS) if rng.random() < 0.3 else None)
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Callable

from b2bterm.testing.loopback import LoopbackServer

KINDS = ("drop_request", "drop_response", "status_500", "stall", "close_mid_body")

Chooser = Callable[[str, str], str | None]


class _Closed(Exception):
    pass


async def _read_message(reader: asyncio.StreamReader) -> tuple[bytes, bytes, dict[str, str]]:
    """One HTTP/1.1 message: (head, body, lower-cased headers). Content-Length or chunked bodies."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError) as exc:
        raise _Closed from exc
    headers: dict[str, str] = {}
    for line in head.decode("latin-1").split("\r\n")[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    try:
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                size_line = await reader.readuntil(b"\r\n")
                size = int(size_line.split(b";")[0].strip(), 16)
                chunk = await reader.readexactly(size + 2)
                body += size_line + chunk
                if size == 0:
                    break
        else:
            body = await reader.readexactly(int(headers.get("content-length", "0") or 0))
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, ValueError) as exc:
        raise _Closed from exc
    return head, body, headers


def _problem_500() -> bytes:
    body = json.dumps({"type": "https://b2bterm.dev/problems/injected", "title": "Injected fault", "status": 500,
                       "detail": "the fault proxy answered 500"}).encode()
    head = ("HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/problem+json\r\n"
            f"content-length: {len(body)}\r\n\r\n").encode()
    return head + body


class FaultProxy(LoopbackServer):
    def __init__(self, upstream_port: int, choose: Chooser, *, upstream_host: str = "127.0.0.1",
                 stall_seconds: float = 1.0, port: int = 0) -> None:
        super().__init__(port=port, name="b2bterm-faultproxy")
        self.upstream = (upstream_host, upstream_port)
        self.choose = choose
        self.stall_seconds = stall_seconds
        self.fired: Counter[str] = Counter()
        self.requests = 0
        self._late: set[asyncio.Task[None]] = set()

    # --- one client connection -------------------------------------------------------------------------------------

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    head, body, _headers = await _read_message(reader)
                except _Closed:
                    return
                request_line = head.split(b"\r\n", 1)[0].decode("latin-1").split()
                method, path = [*request_line, "", ""][:2]
                self.requests += 1
                fault = self.choose(method, path.split("?", 1)[0])
                if fault is not None:
                    self.fired[fault] += 1
                if fault == "drop_request":
                    return
                if fault == "status_500":
                    writer.write(_problem_500())
                    await writer.drain()
                    continue
                if fault == "stall":
                    task = asyncio.create_task(self._late_delivery(head + body))
                    self._late.add(task)
                    task.add_done_callback(self._late.discard)
                    await task
                    return
                try:
                    resp_head, resp_body = await self._forward(head + body)
                except (_Closed, OSError):
                    return  # the server is gone: the client sees the connection close
                if fault == "drop_response":
                    return
                if fault == "close_mid_body":
                    writer.write(resp_head + resp_body[: len(resp_body) // 2])
                    await writer.drain()
                    return
                writer.write(resp_head + resp_body)
                await writer.drain()
        except (ConnectionError, OSError):
            return
        finally:
            writer.close()

    async def _late_delivery(self, request: bytes) -> None:
        await asyncio.sleep(self.stall_seconds)  # the fault itself: nothing comes back before the client gives up
        try:
            await self._forward(request)
        except (_Closed, OSError):
            pass

    async def _forward(self, request: bytes) -> tuple[bytes, bytes]:
        reader, writer = await asyncio.open_connection(*self.upstream)
        try:
            writer.write(request)
            await writer.drain()
            head, body, _headers = await _read_message(reader)
            return head, body
        finally:
            writer.close()
