"""Subcommands of ``b2bterm``, one module per group. Each has ``register(subparsers, command)``."""
