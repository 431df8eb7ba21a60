-- Cached price quotes and availability, each with the time it was fetched. JSON payloads; money as strings.
CREATE TABLE price_cache (
    account_id TEXT NOT NULL,
    sku TEXT NOT NULL,
    data TEXT NOT NULL,
    fetched_at TEXT NOT NULL,  -- ISO 8601, UTC
    PRIMARY KEY (account_id, sku)
) WITHOUT ROWID;

CREATE TABLE availability_cache (
    account_id TEXT NOT NULL,  -- '' when stock does not depend on the account
    sku TEXT NOT NULL,
    data TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (account_id, sku)
) WITHOUT ROWID;
