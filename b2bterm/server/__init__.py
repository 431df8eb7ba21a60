"""The reference server for the b2bterm platform HTTP API: serves any Platform (the demo one for ``serve-demo``).

Needs the ``server`` extra (starlette, uvicorn). Nothing here is imported by the client.
"""

from __future__ import annotations

from b2bterm.server.app import create_app
from b2bterm.server.faults import Fault, FaultPlan
from b2bterm.server.runner import ServerThread, serve

__all__ = ["Fault", "FaultPlan", "ServerThread", "create_app", "serve"]
