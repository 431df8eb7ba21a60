"""Limits on every platform HTTP call, shared by the http and medusa adapters (and ``platform check``, and login).

- a **size limit** on the decompressed body, enforced while reading: the raw stream is decompressed here with a
  bounded output per step, so a gzip bomb is stopped after ``max_bytes``, never inflated whole;
- a **total deadline** for a call, retries included: a server that drips one byte at a time ends in ``Offline``
  ("did not finish answering within N s") however short its pauses between bytes;
- a **nesting limit** on JSON: a 10,000-deep document is a ``PlatformError``, never a ``RecursionError``; every
  string in a decoded document is made terminal-safe (``domain.safetext``) before anything else sees it;
- **TLS** failures are named as such, with the fix (``ca_bundle``), and ``ca_bundle`` is checked when it is read.
"""

from __future__ import annotations

import asyncio
import json
import ssl
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx

from b2bterm.domain.record import record
from b2bterm.domain.safetext import safe_text, safe_tree
from b2bterm.platform.base import Offline, PlatformError

MiB = 1024 * 1024
ACCEPT_ENCODING = "gzip, deflate"  # the encodings ``fetch`` can decompress with a bound


@record
class Limits:
    max_bytes: int = 32 * MiB  # decompressed body of one response
    deadline: float = 60.0  # seconds for one call: connect, send, every byte of the answer, retries
    max_depth: int = 64  # JSON nesting

    def __post_init__(self) -> None:
        if self.max_bytes < 1024:
            raise ValueError(f"max_response_mb is too small: {self.max_bytes} bytes")
        if not self.deadline > 0:
            raise ValueError(f"deadline must be a positive number of seconds, got {self.deadline}")

    @classmethod
    def from_options(cls, options: Any, *, timeout: float) -> Limits:
        """``deadline`` (seconds, default max(30, 3 x timeout)) and ``max_response_mb`` (default 32) options."""
        deadline = positive_number(options.get("deadline", max(30.0, 3 * timeout)), "deadline")
        mb = positive_number(options.get("max_response_mb", 32), "max_response_mb")
        return cls(max_bytes=int(mb * MiB), deadline=deadline)


def positive_number(value: object, name: str, *, maximum: float = 86400.0) -> float:
    """A config number that must be > 0 and sane; a clear ValueError otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"{name} must be a number, got {value!r}")
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not (0 < number <= maximum):
        raise ValueError(f"{name} must be more than 0 and at most {maximum:g}, got {value!r}")
    return number


class CertificateError(Offline):
    """The platform's TLS certificate is not trusted (self-signed, a company CA, expired, wrong host)."""

    default_hint = ('If the platform uses a company CA, set ca_bundle = "/path/to/ca.pem" under the profile\'s '
                    "[platform.options]; otherwise tell the platform's administrator. Drafts are kept.")


@record
class Reply:
    """A whole, size-checked HTTP answer (the body already decompressed)."""

    status_code: int
    headers: httpx.Headers
    content: bytes


# --- ca_bundle and TLS errors ---------------------------------------------------------------------------------------


def tls_verify(verify: object, ca_bundle: object) -> bool | ssl.SSLContext:
    """The ``verify`` argument for httpx from the profile options; a missing or broken ``ca_bundle`` is a clear
    ValueError naming the file."""
    if isinstance(verify, str):
        verify = verify.strip().lower() not in ("false", "no", "0", "off")
    if not ca_bundle:
        return bool(verify)
    path = Path(str(ca_bundle)).expanduser()
    if not path.is_file():
        raise ValueError(f"ca_bundle {safe_text(str(path))!r} does not exist or is not a file; "
                         "give the path of a PEM file with the CA certificates to trust")
    try:
        context = ssl.create_default_context(cafile=str(path))
    except (ssl.SSLError, OSError, ValueError) as exc:
        raise ValueError(f"ca_bundle {safe_text(str(path))!r} holds no usable PEM certificate "
                         f"({safe_text(str(exc), one_line=True)})") from None
    if not verify:
        return False
    return context


def is_certificate_problem(exc: BaseException) -> bool:
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if isinstance(cur, ssl.SSLCertVerificationError):
            return True
        if "CERTIFICATE_VERIFY_FAILED" in str(cur) or "certificate verify failed" in str(cur):
            return True
        cur = cur.__cause__ or cur.__context__
    return False


def transport_error(exc: httpx.TransportError, call: str, where: str) -> Offline:
    """The error for a request that failed on the way: a certificate problem says so, the rest are Offline."""
    if is_certificate_problem(exc):
        return CertificateError(f"{call}: the TLS certificate of {where} is not trusted "
                                f"({safe_text(str(exc), one_line=True)[:200]}).")
    if isinstance(exc, httpx.TimeoutException):
        return Offline(f"{call}: {where} did not answer in time ({type(exc).__name__}).")
    return Offline(f"{call}: cannot reach {where} ({type(exc).__name__}).")


# --- the deadline ---------------------------------------------------------------------------------------------------


@asynccontextmanager
async def deadline(call: str, seconds: float) -> AsyncIterator[None]:
    """Everything inside ends within ``seconds`` or raises ``Offline`` (not retried: the time is used up)."""
    try:
        async with asyncio.timeout(seconds):
            yield
    except TimeoutError:
        raise Offline(f"{call}: the platform did not finish answering within {seconds:g} s.",
                      hint="Try again later; drafts are kept. If the platform is slow on purpose, raise "
                           "`deadline` in the profile's [platform.options].") from None


# --- the bounded body -----------------------------------------------------------------------------------------------


class _Inflater:
    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        wbits = zlib.MAX_WBITS | 16 if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._z = zlib.decompressobj(wbits)
        self._started = False

    def feed(self, data: bytes, room: int) -> bytes:
        """Up to ``room`` + 1 bytes of output (one more than allowed tells the caller the limit is passed)."""
        try:
            out = self._z.decompress(data, room + 1)
        except zlib.error:
            if self.encoding == "deflate" and not self._started:  # raw deflate without the zlib header
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                self._started = True
                return self.feed(data, room)
            raise
        self._started = True
        while self._z.unconsumed_tail and len(out) <= room:
            out += self._z.decompress(self._z.unconsumed_tail, room + 1 - len(out))
        return out


def _too_large(call: str, limit: int) -> PlatformError:
    return PlatformError(f"{call}: the platform's answer is larger than {limit / MiB:g} MiB; b2bterm stopped "
                         "reading it.", hint="Tell the platform's administrator; if such answers are expected, "
                                             "raise `max_response_mb` in the profile's [platform.options].")


async def fetch(client: httpx.AsyncClient, method: str, url: str, *, call: str, where: str, limits: Limits,
                **kwargs: Any) -> Reply:
    """One request; the body read whole but never more than ``limits.max_bytes`` after decompression.
    Transport failures become ``Offline`` (``CertificateError`` for TLS); the caller sets the deadline."""
    headers = dict(kwargs.pop("headers", None) or {})
    headers.setdefault("Accept-Encoding", ACCEPT_ENCODING)
    limit = limits.max_bytes
    try:
        async with client.stream(method, url, headers=headers, **kwargs) as response:
            declared = response.headers.get("content-length", "")
            encodings = [e.strip().lower() for e in response.headers.get("content-encoding", "").split(",")
                         if e.strip() and e.strip().lower() != "identity"]
            if len(encodings) > 1 or (encodings and encodings[0] not in ("gzip", "x-gzip", "deflate")):
                raise PlatformError(f"{call}: the platform sent an encoding b2bterm does not read "
                                    f"({safe_text(', '.join(encodings), one_line=True)[:60]}).")
            if not encodings and declared.isdigit() and int(declared) > limit:
                raise _too_large(call, limit)
            if response.is_stream_consumed:  # built in memory (a test's MockTransport): already whole and decoded
                if len(response.content) > limit:
                    raise _too_large(call, limit)
                return Reply(response.status_code, response.headers, response.content)
            inflater = _Inflater(encodings[0]) if encodings else None
            body = bytearray()
            async for raw in response.aiter_raw():
                piece = inflater.feed(raw, limit - len(body)) if inflater else raw
                body += piece
                if len(body) > limit:
                    raise _too_large(call, limit)
            return Reply(response.status_code, response.headers, bytes(body))
    except httpx.TransportError as exc:
        raise transport_error(exc, call, where) from exc
    except zlib.error as exc:
        raise PlatformError(f"{call}: the platform sent a damaged compressed answer ({exc}).") from None


def path_segment(value: str) -> str:
    """One URL path segment, escaped: an id may hold '/', '?' or '#', and '.' or '..' would move up the path."""
    from urllib.parse import quote

    if not value:
        from b2bterm.platform.base import NotFound

        raise NotFound("an empty id was asked for")
    return quote(value, safe="").replace(".", "%2E")


# --- JSON -----------------------------------------------------------------------------------------------------------


def parse_json(content: bytes, call: str, *, max_depth: int = 64, who: str = "the platform",
               **kwargs: Any) -> Any:
    """Decoded JSON with every string made terminal-safe; malformed, too deep or undecodable is a PlatformError."""
    try:
        doc = json.loads(content, **kwargs)
        return safe_tree(doc, max_depth=max_depth)
    except RecursionError:
        raise PlatformError(f"{call}: {who} sent JSON nested deeper than b2bterm reads ({max_depth} levels).") \
            from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise PlatformError(f"{call}: {who} sent malformed JSON ({safe_text(str(exc), one_line=True)[:200]}).") \
            from None


def refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")

