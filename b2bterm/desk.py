"""The desk: one profile's platform, local store and sync, tied together.

It is what both the TUI and the CLI call. It holds no Textual and no SQL: the local stores and the platform
adapter do the I/O; the desk decides which to ask (live platform, or the local cache when offline) and keeps the
connectivity state that the header shows.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from b2bterm.config import Config, Profile, profile_dir
from b2bterm.domain.models import Account
from b2bterm.platform import registry
from b2bterm.platform.base import Capability, Offline, Platform, PlatformContext


class Connectivity(enum.StrEnum):
    ONLINE = "online"
    DEGRADED = "degraded"
    OFFLINE = "offline"
    WORK_OFFLINE = "work offline"  # the user chose it


@dataclass
class Desk:
    profile: Profile
    platform: Platform
    data_dir: Path
    config: Config | None = None
    account: Account | None = None
    connectivity: Connectivity = Connectivity.ONLINE
    listeners: list[Callable[[Connectivity], None]] = field(default_factory=list)

    @property
    def capabilities(self) -> Capability:
        return self.platform.capabilities

    def supports(self, capability: Capability) -> bool:
        return capability in self.platform.capabilities

    def set_connectivity(self, state: Connectivity) -> None:
        if state != self.connectivity:
            self.connectivity = state
            for listener in list(self.listeners):
                listener(state)

    def note_success(self) -> None:
        if self.connectivity in (Connectivity.OFFLINE, Connectivity.DEGRADED):
            self.set_connectivity(Connectivity.ONLINE)

    def note_failure(self, exc: Exception) -> None:
        if isinstance(exc, Offline) and self.connectivity != Connectivity.WORK_OFFLINE:
            self.set_connectivity(Connectivity.OFFLINE)

    async def search_accounts(self, query: str = "", *, limit: int = 50) -> list[Account]:
        try:
            found = await self.platform.search_accounts(query, limit=limit)
        except Offline as exc:
            self.note_failure(exc)
            raise
        self.note_success()
        return found

    async def select_account(self, account_id: str) -> Account:
        account = await self.platform.get_account(account_id)
        self.account = account
        return account

    async def aclose(self) -> None:
        await self.platform.aclose()


def open_desk(config: Config, profile_name: str | None = None, *, secret: str | None = None) -> Desk:
    """Build the profile's platform adapter (loaded through the entry-point registry) and its local store."""
    profile = config.profile(profile_name)
    factory = registry.load(profile.platform)
    pdir = profile_dir(profile.name)
    pdir.mkdir(parents=True, exist_ok=True)
    platform = factory(dict(profile.options), PlatformContext(profile=profile.name, data_dir=pdir, secret=secret))
    return Desk(profile=profile, platform=platform, data_dir=pdir, config=config)
