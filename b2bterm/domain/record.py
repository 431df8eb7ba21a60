"""``@record`` (b2bterm/record.py): the domain's frozen data classes use it from here. It lives at the top of the
package, beside config.py, which stands on nothing of the layers and uses it too."""

from b2bterm.record import record

__all__ = ["record"]
