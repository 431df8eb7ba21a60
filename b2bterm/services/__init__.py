"""What a user does, independent of any screen: the use cases the TUI and the CLI both stand on.

``gateway`` (every platform call, its timeout, connectivity), ``quote`` (prices, stock, products), ``catalog_sync``,
``revalidate`` (a draft against the platform now), ``submit`` (the one send path), ``outbox``, ``orders``,
``quotations`` (报价单), ``session`` (login) and ``desk`` (one profile's services put together). No Textual, no
httpx, no sqlite3 here; no module of this package imports the desk but the desk itself.
"""
