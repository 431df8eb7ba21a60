"""Search the profile's local catalog without the rest of the desk: ``b2bterm search`` with no account chosen needs
the local database and nothing else, so it loads no platform adapter, reads no token and imports none of the other
services (most of a CLI command's time was start-up). The desk (``services.desk``) is opened when this cannot answer:
no local catalog yet (it is synced first), or an account whose own part numbers and prices are asked for.
"""

from __future__ import annotations

from pathlib import Path

from b2bterm.config import Config, profile_dir
from b2bterm.domain.record import record
from b2bterm.domain.search_query import SearchResult


@record
class LocalAnswer:
    result: SearchResult
    repaired_from: Path | None  # the local database was damaged and kept there (a fresh one was made)


def search_local(config: Config, profile_name: str | None, query: str, *, limit: int,
                 count: bool = True) -> LocalAnswer | None:
    """The local catalog's answer for ``query`` (no account), or None when the profile has no local catalog yet (or
    only the part a first build has made searchable so far)."""
    from b2bterm.local.catalog import LocalCatalog
    from b2bterm.local.db import Database
    from b2bterm.zone import set_zone

    profile = config.profile(profile_name)
    path = profile_dir(profile.name) / "local.sqlite"
    if not path.is_file():
        return None
    set_zone(profile.timezone)  # as the desk does: every time shown is in the profile's zone
    db = Database(path)
    try:
        catalog = LocalCatalog(db)
        if catalog.count() == 0 or catalog.arriving():  # a first build's preview is not the catalog: sync first
            return None
        return LocalAnswer(catalog.search(query, account_id=None, limit=limit, count=count), db.repaired_from)
    finally:
        db.close()
