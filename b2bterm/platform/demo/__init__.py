"""The embedded demo distributor (placeholder until the generator lands)."""
