-- Cached orders: summaries for the list (one row per order), full orders as JSON, and the orders a user watches.
-- Times are ISO-8601 text. placed_key is the placing time in UTC, so that text order is time order;
-- placed_at keeps the platform's own local time (its date is the order's date for filters and months).
CREATE TABLE order_summaries (
    number TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    placed_at TEXT NOT NULL,
    placed_key TEXT NOT NULL,
    status TEXT NOT NULL,
    po_number TEXT NOT NULL DEFAULT '',
    total TEXT NOT NULL, -- tax-inclusive, Decimal as text
    currency TEXT NOT NULL,
    line_count INTEGER NOT NULL DEFAULT 0,
    backordered INTEGER NOT NULL DEFAULT 0,
    shipped_lines INTEGER NOT NULL DEFAULT 0,
    fetched_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE INDEX order_summaries_account ON order_summaries (account_id, placed_key);
CREATE INDEX order_summaries_placed ON order_summaries (placed_key);

CREATE TABLE order_details (
    number TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    data TEXT NOT NULL, -- the whole order as JSON; money as strings
    fetched_at TEXT NOT NULL
) WITHOUT ROWID;

-- SKUs and normalised model numbers of cached full orders: "orders containing X" offline.
CREATE TABLE order_items (
    number TEXT NOT NULL REFERENCES order_details (number) ON DELETE CASCADE,
    sku TEXT NOT NULL,
    model_key TEXT NOT NULL,
    PRIMARY KEY (number, sku)
) WITHOUT ROWID;

CREATE INDEX order_items_sku ON order_items (sku);
CREATE INDEX order_items_model ON order_items (model_key);

-- Orders the user has looked at: what was last seen, so a change can be told.
CREATE TABLE order_watch (
    number TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    shipments INTEGER NOT NULL DEFAULT 0,
    watched_at TEXT NOT NULL,
    checked_at TEXT
) WITHOUT ROWID;

-- How far the order list of a scope (an account id, or '*' for every account) has been fetched.
CREATE TABLE order_sync (
    scope TEXT PRIMARY KEY,
    refreshed_at TEXT,  -- the last time a refresh of this scope finished
    complete INTEGER NOT NULL DEFAULT 0,  -- the whole history has been paged in at least once
    cursor TEXT,  -- where an unfinished first fetch resumes
    total INTEGER
) WITHOUT ROWID;
