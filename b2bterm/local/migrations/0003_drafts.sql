-- Drafts: local and durable from the first line. The outbox sends them from here.
-- Times are ISO-8601 UTC text with microseconds ("2025-01-31T08:00:00.000000+00:00"): they sort as they compare.
CREATE TABLE drafts (
    id INTEGER PRIMARY KEY AUTOINCREMENT, -- ids are never reused: undo restores lines by id
    account_id TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    po_number TEXT NOT NULL DEFAULT '',
    ship_to_id TEXT NOT NULL DEFAULT '',
    requested_date TEXT,
    invoice_type TEXT NOT NULL DEFAULT 'normal',
    note TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'open',
    -- outbox: the key is stored before the first send attempt and never changes afterwards
    idempotency_key TEXT NOT NULL DEFAULT '',
    order_number TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error TEXT NOT NULL DEFAULT '',
    -- a lease: the process that holds it may send the draft; nobody else until it expires
    claimed_by TEXT,
    claimed_until TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE UNIQUE INDEX drafts_idempotency_key ON drafts (idempotency_key) WHERE idempotency_key <> '';
CREATE INDEX drafts_account_updated ON drafts (account_id, updated_at);
CREATE INDEX drafts_state_due ON drafts (state, next_attempt_at);

CREATE TABLE draft_lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT, -- ids are never reused: undo restores lines by id
    draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    input TEXT NOT NULL DEFAULT '',
    qty INTEGER NOT NULL,
    sku TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'unknown',
    candidates TEXT NOT NULL DEFAULT '[]', -- JSON array of SKUs
    message TEXT NOT NULL DEFAULT '',
    unit_price_seen TEXT, -- Decimal as text, never REAL
    price_currency TEXT,
    price_seen_at TEXT
);

CREATE INDEX draft_lines_draft_position ON draft_lines (draft_id, position);
