"""A shelf of prebuilt catalog snapshots on the platform side: files with a JSON manifest each, in one folder.

The reference server serves a shelf (``GET /v1/catalog/snapshot``) and the demo platform offers its own
(``<demo file>.snapshots``). What is on a shelf is built by ``b2bterm.services.catalog_snapshot.publish_snapshot``
(once, for every terminal): the same file a terminal's full build writes, with the cursor it is up to date with.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
from pathlib import Path

from b2bterm.domain.catalog_feed import CatalogSnapshot
from b2bterm.platform.base import NotFound, PlatformError

_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MEDIA_TYPE = "application/vnd.sqlite3"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def valid_id(snapshot_id: str) -> bool:
    return bool(_ID.match(snapshot_id))


def snapshot_to_json(s: CatalogSnapshot) -> dict[str, object]:
    return {"id": s.id, "format": s.format, "cursor": s.cursor, "total": s.total, "size": s.size, "sha256": s.sha256}


class SnapshotShelf:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def offer(self, fmt: str) -> CatalogSnapshot | None:
        """The newest snapshot in this format, or None."""
        best: tuple[float, CatalogSnapshot] | None = None
        if not self.folder.is_dir():
            return None
        for manifest in self.folder.glob("*.json"):
            try:
                d = json.loads(manifest.read_text(encoding="utf-8"))
                snap = CatalogSnapshot(id=str(d["id"]), format=str(d["format"]), cursor=str(d["cursor"]),
                                       total=int(d["total"]), size=int(d["size"]), sha256=str(d["sha256"]))
                when = manifest.stat().st_mtime
            except (OSError, ValueError, KeyError, TypeError):
                continue
            if snap.format == fmt and valid_id(snap.id) and self.file(snap.id).is_file() and (
                    best is None or when > best[0]):
                best = (when, snap)
        return best[1] if best else None

    def file(self, snapshot_id: str) -> Path:
        if not valid_id(snapshot_id):
            raise NotFound(f"No catalog snapshot {snapshot_id!r}.")
        return self.folder / f"{snapshot_id}.sqlite"

    def put(self, path: Path, *, fmt: str, cursor: str, total: int) -> CatalogSnapshot:
        """Move the built file ``path`` onto the shelf (manifest written last); older ones in this format go."""
        self.folder.mkdir(parents=True, exist_ok=True)
        sha = file_sha256(path)
        snap = CatalogSnapshot(id=sha[:32], format=fmt, cursor=cursor, total=total, size=path.stat().st_size,
                               sha256=sha)
        older = [s for s in (self.offer(fmt),) if s is not None and s.id != snap.id]
        shutil.move(str(path), self.file(snap.id))
        tmp = self.folder / f".{snap.id}.json.tmp"
        tmp.write_text(json.dumps(snapshot_to_json(snap)), encoding="utf-8")
        os.replace(tmp, self.folder / f"{snap.id}.json")
        for old in older:
            with contextlib.suppress(OSError):
                (self.folder / f"{old.id}.json").unlink()
                self.file(old.id).unlink()
        return snap

    def copy_out(self, snap: CatalogSnapshot, dest: Path) -> None:
        """Copy a snapshot to ``dest``, checked; no file is left on a mismatch."""
        source = self.file(snap.id)
        try:
            shutil.copyfile(source, dest)
            check_file(dest, snap)
        except OSError as exc:
            dest.unlink(missing_ok=True)
            raise PlatformError(f"The catalog snapshot could not be copied: {exc}.") from exc


def check_file(path: Path, snap: CatalogSnapshot) -> None:
    """Size and SHA-256 as the manifest says; otherwise the file is removed and a PlatformError raised."""
    if path.stat().st_size != snap.size or file_sha256(path) != snap.sha256:
        path.unlink(missing_ok=True)
        raise PlatformError("The catalog snapshot arrived damaged (its size or checksum differs).",
                            hint="The catalog is synced page by page instead.")
