"""Fault injection for the reference server: an ASGI middleware driven by a ``FaultPlan``.

Kinds (each rule matches a method and a path prefix, and fires ``times`` times, -1 for ever):

- ``status``: answer ``status`` (default 500) as problem+json without calling the platform, with Retry-After if set.
- ``drop_request``: close the connection without calling the platform (nothing happened).
- ``drop_response``: call the platform (the work is committed), then close the connection before the response.
- ``stall``: hold the request ``seconds`` (or until the client gives up), then carry on normally.
- ``close_mid_body``: send the headers and half the body, then close the connection.
- ``mutate``: pass the response JSON through ``mutate(json) -> json | bytes`` (wrong types, missing fields,
  malformed JSON for client tests).

From the environment: ``B2BTERM_FAULTS="status:503 GET /v1/products x2; drop_response POST /v1/orders"``
(kind[:arg] METHOD PATH-PREFIX [xN]; arg is the status for ``status`` and seconds for ``stall``).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import anyio

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Any]
Send = Callable[[Message], Any]

KINDS = ("status", "drop_request", "drop_response", "stall", "close_mid_body", "mutate")


class InjectedFault(Exception):
    """Raised inside the ASGI app to make the server drop the connection (uvicorn closes it)."""


@dataclass
class Fault:
    kind: str
    method: str = "*"
    path: str = "/"
    times: int = 1
    status: int = 500
    retry_after: float | None = None
    seconds: float = 30.0
    mutate: Callable[[Any], Any] | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; one of {', '.join(KINDS)}")

    def matches(self, method: str, path: str) -> bool:
        return (self.method == "*" or self.method.upper() == method) and path.startswith(self.path)


@dataclass
class FaultPlan:
    faults: list[Fault] = field(default_factory=list)
    fired: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, method, path) in order
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self.faults.append(fault)
        return fault

    def inject(self, kind: str, method: str = "*", path: str = "/", **kw: Any) -> Fault:
        return self.add(Fault(kind, method, path, **kw))

    def clear(self) -> None:
        with self._lock:
            self.faults.clear()
            self.fired.clear()

    def take(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.times != 0 and fault.matches(method, path):
                    if fault.times > 0:
                        fault.times -= 1
                    self.fired.append((fault.kind, method, path))
                    return fault
        return None

    @classmethod
    def from_env(cls, value: str | None = None) -> FaultPlan:
        spec = os.environ.get("B2BTERM_FAULTS", "") if value is None else value
        plan = cls()
        for rule in filter(None, (r.strip() for r in spec.split(";"))):
            parts = rule.split()
            if len(parts) < 3:
                raise ValueError(f"fault rule {rule!r}: expected 'kind[:arg] METHOD PATH [xN]'")
            kind, _, arg = parts[0].partition(":")
            fault = Fault(kind, parts[1], parts[2])
            if len(parts) > 3 and parts[3].startswith("x"):
                fault.times = int(parts[3][1:])
            if arg and kind == "status":
                fault.status = int(arg)
            elif arg and kind == "stall":
                fault.seconds = float(arg)
            plan.add(fault)
        return plan


class FaultMiddleware:
    def __init__(self, app: Any, plan: FaultPlan) -> None:
        self.app = app
        self.plan = plan

    def __getattr__(self, name: str) -> Any:  # expose the wrapped app's state etc.
        return getattr(self.app, name)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        fault = self.plan.take(scope["method"], scope["path"])
        if fault is None:
            await self.app(scope, receive, send)
            return
        kind = fault.kind
        if kind == "status":
            await _send_problem(send, fault)
        elif kind == "drop_request":
            await _abort(send)
        elif kind == "drop_response":
            await self.app(scope, receive, _discard)
            await _abort(send)
        elif kind == "stall":
            await self._stall(scope, receive, send, fault.seconds)
        elif kind == "close_mid_body":
            await self.app(scope, receive, _half_body(send))
        elif kind == "mutate":
            await self._mutate(scope, receive, send, fault)

    async def _stall(self, scope: Scope, receive: Receive, send: Send, seconds: float) -> None:
        body: list[Message] = []
        while True:  # read the request body, then wait for the client to give up (or the stall to end)
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body.append(message)
            if not message.get("more_body"):
                break
        with anyio.move_on_after(seconds):
            message = await receive()
            if message["type"] == "http.disconnect":
                return
        pending = list(body)

        async def replay() -> Message:
            return pending.pop(0) if pending else await receive()

        await self.app(scope, replay, send)

    async def _mutate(self, scope: Scope, receive: Receive, send: Send, fault: Fault) -> None:
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, capture)
        raw = b"".join(chunks)
        assert fault.mutate is not None
        try:
            doc: Any = json.loads(raw)
        except ValueError:
            doc = raw
        out = fault.mutate(doc)
        body = out if isinstance(out, bytes) else json.dumps(out, ensure_ascii=False).encode()
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": start.get("status", 200), "headers": headers})
        await send({"type": "http.response.body", "body": body})


async def _discard(_message: Message) -> None:
    return None


async def _abort(send: Send) -> None:
    # Promise a body, then fail: uvicorn closes the connection and the client sees it dropped.
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"1024")]})
    raise InjectedFault("connection dropped by fault plan")


def _half_body(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.body":
            body = message.get("body", b"")
            await send({"type": "http.response.body", "body": body[: len(body) // 2], "more_body": True})
            raise InjectedFault("connection closed mid-body by fault plan")
        await send(message)

    return wrapped


async def _send_problem(send: Send, fault: Fault) -> None:
    body = json.dumps(
        {
            "type": "https://b2bterm.dev/problems/injected",
            "title": "Injected fault",
            "status": fault.status,
            "detail": f"fault plan answered {fault.status}",
        }
    ).encode()
    headers = [(b"content-type", b"application/problem+json"), (b"content-length", str(len(body)).encode())]
    if fault.retry_after is not None:
        headers.append((b"retry-after", str(int(fault.retry_after)).encode()))
    await send({"type": "http.response.start", "status": fault.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
