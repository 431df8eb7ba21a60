"""Running the reference server: ``serve`` (blocking, for ``b2bterm serve-demo``) and ``ServerThread`` (uvicorn in a
background thread on a free loopback port, for tests and the contract harness)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
import uvicorn


class _QuietInjectedFaults(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return type(exc).__name__ != "InjectedFault"


def _demo_factory(data_dir: Path, skus: int | None, options: Mapping[str, Any] | None) -> Any:
    def make() -> Any:
        from b2bterm.platform import demo
        from b2bterm.platform.base import PlatformContext

        opts: dict[str, Any] = dict(options or {})
        if skus is not None:
            opts.setdefault("skus", skus)
        return demo.create(opts, PlatformContext(profile="serve-demo", data_dir=Path(data_dir)))

    return make


def serve(
    host: str = "127.0.0.1",
    port: int = 8765,
    *,
    data_dir: Path,
    skus: int | None = None,
    users: Mapping[str, str] | None = None,
    tokens: Sequence[str] = (),
    demo_options: Mapping[str, Any] | None = None,
    faults_from_env: bool = True,
    platform_factory: Callable[[], Any] | None = None,
    log_level: str = "info",
) -> None:
    """Serve the demo platform over the HTTP API until interrupted (``b2bterm serve-demo``).

    ``users`` log in at POST /v1/auth/token; ``tokens`` are accepted as they are. Faults come from B2BTERM_FAULTS
    when set. The demo platform is built inside the server's event loop (its SQLite connection stays in one thread).
    ``platform_factory`` serves another platform instead of the demo.
    """
    from b2bterm.server.app import create_app
    from b2bterm.server.faults import FaultPlan

    plan = FaultPlan.from_env() if faults_from_env else None
    app = create_app(
        platform_factory or _demo_factory(data_dir, skus, demo_options),
        users=users,
        tokens=tokens,
        faults=plan if plan and plan.faults else None,
    )
    logging.getLogger("uvicorn.error").addFilter(_QuietInjectedFaults())
    uvicorn.run(app, host=host, port=port, log_level=log_level, timeout_graceful_shutdown=2)


class ServerThread:
    """uvicorn serving ``app`` on 127.0.0.1 (port 0: the OS picks a free one) in a daemon thread.

    ``with ServerThread(app) as server: server.url`` -> "http://127.0.0.1:PORT". Start-up waits by polling
    ``/v1/health`` with a bounded deadline; ``stop()`` asks uvicorn to exit and joins the thread.
    """

    def __init__(
        self,
        app: Any,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        startup_timeout: float = 15.0,
        health_verify: Any = True,
        **uvicorn_options: Any,
    ) -> None:
        """``uvicorn_options`` go to ``uvicorn.Config`` (e.g. ssl_certfile/ssl_keyfile for https; then pass the CA
        as ``health_verify`` so the readiness poll can verify it)."""
        self.app = app
        self.host = host
        self._port = port
        self.startup_timeout = startup_timeout
        self.scheme = "https" if uvicorn_options.get("ssl_certfile") else "http"
        self._health_verify = health_verify
        config = uvicorn.Config(
            app,
            host=host,
            port=port,
            log_level="warning",
            lifespan="on",
            timeout_graceful_shutdown=1,
            access_log=False,
            **uvicorn_options,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="b2bterm-server", daemon=True)
        logging.getLogger("uvicorn.error").addFilter(_QuietInjectedFaults())

    @property
    def port(self) -> int:
        return self._port

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}:{self._port}"

    def start(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + self.startup_timeout
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("the server thread exited during start-up")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the server did not start within {self.startup_timeout} s")
            time.sleep(0.01)  # polling a readiness flag with a deadline, not a fixed wait
        self._port = self.server.servers[0].sockets[0].getsockname()[1]
        with httpx.Client(timeout=2.0, trust_env=False, verify=self._health_verify) as client:
            while True:
                try:
                    if client.get(self.url + "/v1/health").status_code == 200:
                        return self
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("the server started but /v1/health does not answer")
                time.sleep(0.01)

    def stop(self) -> None:
        self.server.should_exit = True
        if self.thread.is_alive():
            self.thread.join(timeout=10)

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
