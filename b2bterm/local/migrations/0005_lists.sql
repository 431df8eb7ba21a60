-- Requisition lists: named lists of items per account ("monthly maintenance", "site 3 panel") that fill a pad.
-- Times are ISO-8601 UTC text with microseconds, like drafts.
CREATE TABLE req_lists (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (account_id, name)
);

CREATE TABLE req_list_lines (
    list_id INTEGER NOT NULL REFERENCES req_lists (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    input TEXT NOT NULL DEFAULT '', -- what the user typed, or the model number
    sku TEXT NOT NULL DEFAULT '', -- '' when the line was not settled on a product
    qty INTEGER NOT NULL,
    PRIMARY KEY (list_id, position)
);
