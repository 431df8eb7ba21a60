"""A TCP server on 127.0.0.1 with its own asyncio loop in a daemon thread: the base of the test servers (the fault
proxy, the hostile platform). A subclass answers connections in ``_client``."""

from __future__ import annotations

import asyncio
import threading
from types import TracebackType
from typing import Self


class LoopbackServer:
    def __init__(self, *, port: int = 0, name: str = "b2bterm-loopback") -> None:
        self._port = port
        self._name = name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    @property
    def port(self) -> int:
        return self._port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        raise NotImplementedError

    def start(self) -> Self:
        self._thread.start()
        if not self._ready.wait(timeout=10):
            raise RuntimeError(f"{self._name} did not start within 10 s")
        if self._error is not None:
            raise RuntimeError(f"{self._name} could not start: {self._error}") from self._error
        return self

    def stop(self) -> None:
        loop = self._loop
        if loop is not None and loop.is_running():
            loop.call_soon_threadsafe(loop.stop)
        self._thread.join(timeout=10)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            self._server = loop.run_until_complete(asyncio.start_server(self._client, "127.0.0.1", self._port))
            self._port = self._server.sockets[0].getsockname()[1]
        except BaseException as exc:  # report to start()
            self._error = exc
            self._ready.set()
            loop.close()
            return
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            self._server.close()
            for task in asyncio.all_tasks(loop):
                task.cancel()
            loop.run_until_complete(asyncio.sleep(0))
            loop.close()
