"""Who holds a draft's send lease, and whether that holder still exists.

An owner is ``host:pid:random`` (``outbox.new_owner``). A lease held by a process that is no longer alive on this
machine is dead weight: it is taken over at once instead of waiting out the lease (a sender killed mid-send must not
hold its order for two minutes). A lease held on another machine cannot be checked: it is reported with its holder
and age, and runs out as before.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime

from b2bterm.domain.record import record


@record
class Holder:
    host: str
    pid: int | None

    @classmethod
    def parse(cls, owner: str) -> Holder:
        host, _, rest = owner.partition(":")
        pid_text = rest.partition(":")[0]
        return cls(host, int(pid_text) if pid_text.isdigit() else None)

    @property
    def here(self) -> bool:
        return self.host == socket.gethostname()

    def gone(self) -> bool:
        """True only when the holder is on this machine and its process no longer exists."""
        if not self.here or self.pid is None or self.pid <= 0:
            return False
        if self.pid == os.getpid():
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except (PermissionError, OSError):
            return False  # it exists (another user's), or we cannot tell: treat it as alive
        return _zombie(self.pid)


def _zombie(pid: int) -> bool:
    """A killed child not yet reaped still answers kill(0); /proc says it is a zombie (Linux)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            return f.read().rsplit(")", 1)[-1].split()[0] == "Z"
    except (OSError, IndexError):
        return False


@record
class LeaseHeld:
    """A lease another live sender holds: who, since when, until when (for the message a user sees)."""

    holder: Holder
    held_seconds: float | None
    ends_in_seconds: float | None

    def describe(self) -> str:
        who = (f"another b2bterm on this machine (process {self.holder.pid})" if self.holder.here
               else f"a b2bterm on {self.holder.host or 'another machine'} (process {self.holder.pid})")
        age = f" for {self.held_seconds:.0f} s" if self.held_seconds is not None else ""
        ends = (f"; if it stopped, the order is taken over in {self.ends_in_seconds:.0f} s"
                if self.ends_in_seconds is not None else "")
        return f"{who} is sending it{age}{ends}"


def lease_held(owner: str, claimed_until: datetime | None, lease_seconds: float, now: datetime) -> LeaseHeld:
    ends = (claimed_until - now).total_seconds() if claimed_until is not None else None
    held = lease_seconds - ends if ends is not None else None
    return LeaseHeld(Holder.parse(owner), max(0.0, held) if held is not None else None,
                     max(0.0, ends) if ends is not None else None)
