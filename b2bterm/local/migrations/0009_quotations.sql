-- Quotations (报价单) per account, with their lines at the prices quoted (money as text, never REAL).
-- "expired" is never stored: it is computed from valid_until and the product clock.
-- Times are ISO-8601 UTC text with microseconds, like drafts; valid_until is a date (YYYY-MM-DD).
-- This migration only creates new tables: if another one takes the number 0009 first, renaming the file to the
-- next free number is all it takes.
CREATE TABLE quotations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id TEXT NOT NULL,
    account_code TEXT NOT NULL DEFAULT '',
    account_name TEXT NOT NULL DEFAULT '',
    currency TEXT NOT NULL DEFAULT 'CNY',
    state TEXT NOT NULL DEFAULT 'draft',
    valid_until TEXT NOT NULL,
    delivery_terms TEXT NOT NULL DEFAULT '',
    payment_terms TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sent_at TEXT,
    order_draft_id INTEGER,
    remote_id TEXT NOT NULL DEFAULT ''
);

CREATE INDEX quotations_account ON quotations (account_id, updated_at);

CREATE TABLE quotation_lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    quotation_id INTEGER NOT NULL REFERENCES quotations (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    sku TEXT NOT NULL,
    model TEXT NOT NULL DEFAULT '',
    brand TEXT NOT NULL DEFAULT '',
    name_en TEXT NOT NULL DEFAULT '',
    name_zh TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT 'pc',
    qty INTEGER NOT NULL,
    list_price TEXT NOT NULL,
    net_price TEXT NOT NULL,
    tax_rate TEXT NOT NULL,
    source_kind TEXT NOT NULL DEFAULT 'list',
    source_reference TEXT NOT NULL DEFAULT '',
    source_valid_to TEXT,
    quoted_at TEXT NOT NULL
);

CREATE INDEX quotation_lines_quotation ON quotation_lines (quotation_id, position);
