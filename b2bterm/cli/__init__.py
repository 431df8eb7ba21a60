"""The ``b2bterm`` command: ``entry.py`` holds ``main`` (the console script) and the parser; every other module is
one group of subcommands with ``register(subparsers, command)``, importing what it runs lazily."""

from b2bterm.cli.entry import main

__all__ = ["main"]
