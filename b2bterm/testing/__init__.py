"""Test infrastructure shipped with b2bterm so users and support can reproduce field problems (fault proxy)."""
