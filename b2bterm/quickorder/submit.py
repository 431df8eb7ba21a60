"""Moved to ``b2bterm.services.submit`` (the one send path); these names stay for code written against them."""

from b2bterm.services.submit import Outcome as SubmitOutcome
from b2bterm.services.submit import SendResult as SubmitResult

__all__ = ["SubmitOutcome", "SubmitResult"]
