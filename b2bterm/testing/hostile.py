"""A hostile HTTP server on loopback, for probes kept as tests: it answers each request as a script says, byte for
byte (a gzip bomb, a body dripped one byte at a time, 10,000-deep JSON, escape sequences in names and errors).

``with HostileServer(script) as server: server.url``. ``script(method, path, body) -> Answer``. Plain asyncio
streams in a daemon thread, HTTP/1.1 with ``Connection: close``: nothing here parses more than a request line,
headers and a Content-Length body.
"""

from __future__ import annotations

import asyncio
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from b2bterm.testing.loopback import LoopbackServer


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})
    drip_every: float = 0.0  # > 0: send the body one byte at a time, this many seconds apart
    declare_length: bool = True

    @classmethod
    def json(cls, doc: Any, status: int = 200) -> Answer:
        return cls(status, json.dumps(doc, ensure_ascii=False).encode())


Script = Callable[[str, str, bytes], Answer]


def gzip_bomb(size: int) -> bytes:
    """``size`` bytes of JSON-looking spaces, gzipped (about 1/1000 of ``size`` on the wire)."""
    out = bytearray()
    z = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = b"[" + b" " * (1024 * 1024 - 1)
    out += z.compress(block)
    chunk = b" " * (1024 * 1024)
    for _ in range(max(0, size // len(chunk) - 1)):
        out += z.compress(chunk)
    out += z.compress(b"]") + z.flush()
    return bytes(out)


def deep_json(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


class HostileServer(LoopbackServer):
    def __init__(self, script: Script) -> None:
        super().__init__(name="hostile-server")
        self.script = script
        self.requests: list[tuple[str, str]] = []
        self.headers: list[dict[str, str]] = []  # each request's headers, names lower-cased

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, target, _ = lines[0].split(" ", 2)
            length = 0
            seen: dict[str, str] = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                seen[name.strip().lower()] = value.strip()
                if name.strip().lower() == "content-length":
                    length = int(value.strip())
            self.headers.append(seen)
            body = await reader.readexactly(length) if length else b""
            self.requests.append((method, target))
            answer = self.script(method, target, body)
            headers = dict(answer.headers)
            if answer.declare_length:
                headers["Content-Length"] = str(len(answer.body))
            headers["Connection"] = "close"
            writer.write(f"HTTP/1.1 {answer.status} X\r\n".encode()
                         + "".join(f"{k}: {v}\r\n" for k, v in headers.items()).encode("latin-1") + b"\r\n")
            if answer.drip_every > 0:
                for n in range(len(answer.body)):
                    writer.write(answer.body[n : n + 1])
                    await writer.drain()
                    await asyncio.sleep(answer.drip_every)
            else:
                writer.write(answer.body)
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass
        finally:
            writer.close()
