"""Use cases: what a user does, independent of any screen (see DESIGN.md)."""
