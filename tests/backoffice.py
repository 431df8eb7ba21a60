"""The distributor's back office in tests: change the demo platform's own file, as staff would in their ERP."""

from __future__ import annotations

import sqlite3
from typing import Any


def demo_sql(desk: Any, sql: str, params: tuple[object, ...] = ()) -> list[sqlite3.Row]:
    """Run ``sql`` on the demo platform file behind ``desk`` (its own connection, committed at once)."""
    conn = sqlite3.connect(str(desk.platform.path), isolation_level=None)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()
