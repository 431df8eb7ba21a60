"""b2bterm: a keyboard-first terminal ordering client for distributors."""

__version__ = "0.1.0"
