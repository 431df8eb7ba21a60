"""The catalog snapshot capability, for every adapter that has it (the others page through catalog_changes).

The platform offers a prebuilt catalog file per format (none in a format it has not built), hands it over intact, and
a damaged transfer is an error that leaves no file behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from b2bterm.platform.base import Capability, PlatformError, SnapshotPlatform
from b2bterm.platform.snapshots import SnapshotShelf
from tests.contract.conftest import PlatformUnderTest


def _snapshotting(put: PlatformUnderTest) -> SnapshotPlatform:
    if not put.platform.capabilities & Capability.CATALOG_SNAPSHOT:
        pytest.skip("this adapter has no catalog snapshots: terminals page through catalog_changes")
    assert isinstance(put.platform, SnapshotPlatform)
    return put.platform


async def test_offers_no_snapshot_in_a_format_it_has_not_built(put: PlatformUnderTest) -> None:
    platform = _snapshotting(put)
    assert await platform.catalog_snapshot("no-such-format") is None


async def test_a_published_snapshot_is_offered_and_handed_over_intact(put: PlatformUnderTest,
                                                                       tmp_path: Path) -> None:
    platform = _snapshotting(put)
    shelf: SnapshotShelf = put.backoffice.shelf  # type: ignore[attr-defined]
    built = tmp_path / "built.sqlite"
    content = os.urandom(2_500_000)  # more than one chunk of a streamed download
    built.write_bytes(content)
    published = shelf.put(built, fmt="contract-1", cursor="42", total=7)
    offered = await platform.catalog_snapshot("contract-1")
    assert offered == published and offered.cursor == "42" and offered.total == 7
    got = tmp_path / "got.sqlite"
    await platform.fetch_catalog_snapshot(offered, got)
    assert got.read_bytes() == content
    # the file changed on the platform after its manifest was written: refused, nothing left behind
    shelf.file(published.id).write_bytes(b"x" * published.size)
    bad = tmp_path / "bad.sqlite"
    with pytest.raises(PlatformError):
        await platform.fetch_catalog_snapshot(offered, bad)
    assert not bad.exists()
