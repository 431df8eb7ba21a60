-- The local price book: the platform's price rules for the accounts the user serves (one JSON document, money as
-- text), the time they were synced, and the differences seen between a local price and the live quote.
-- This migration only creates new tables.
CREATE TABLE price_book (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    scope TEXT NOT NULL,      -- JSON: null = every account, or the list of account ids/codes asked for
    data TEXT NOT NULL,       -- the PriceRules document (docs/platform-api.yaml)
    synced_at TEXT NOT NULL   -- ISO 8601, UTC
);

CREATE TABLE price_book_differences (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id TEXT NOT NULL,
    sku TEXT NOT NULL,
    qty INTEGER NOT NULL,
    local_net TEXT NOT NULL,
    live_net TEXT NOT NULL,
    local_source TEXT NOT NULL,
    live_source TEXT NOT NULL,
    synced_at TEXT NOT NULL,  -- the price book the local price came from
    seen_at TEXT NOT NULL
);
CREATE INDEX price_book_differences_seen ON price_book_differences (seen_at);
