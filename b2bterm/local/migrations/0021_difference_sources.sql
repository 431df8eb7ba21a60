-- A recorded price difference keeps where each price came from as fields (the PriceSource: kind, reference,
-- description, validity), worded in the user's language when shown. Until now each side was one English label
-- ('contract · CX26-04 · valid to 2026-12-31', PriceSource.label) parsed back for display. Existing rows are
-- converted: the kind is the label's first part, the reference what follows it, and a trailing
-- ' · valid to YYYY-MM-DD' the end of validity (a label never held the description or the start of validity).
CREATE TABLE price_book_differences_0021 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id TEXT NOT NULL,
    sku TEXT NOT NULL,
    qty INTEGER NOT NULL,
    local_net TEXT NOT NULL,
    live_net TEXT NOT NULL,
    local_kind TEXT NOT NULL,                  -- PriceSourceKind: contract, group, promotion, list
    local_reference TEXT NOT NULL DEFAULT '',  -- contract number, price list, group
    local_description TEXT NOT NULL DEFAULT '',
    local_valid_from TEXT,                     -- ISO date or NULL
    local_valid_to TEXT,                       -- ISO date or NULL
    live_kind TEXT NOT NULL,
    live_reference TEXT NOT NULL DEFAULT '',
    live_description TEXT NOT NULL DEFAULT '',
    live_valid_from TEXT,
    live_valid_to TEXT,
    synced_at TEXT NOT NULL,  -- the price book the local price came from
    seen_at TEXT NOT NULL
);

INSERT INTO price_book_differences_0021 (
    id, account_id, sku, qty, local_net, live_net,
    local_kind, local_reference, local_valid_to, live_kind, live_reference, live_valid_to, synced_at, seen_at)
SELECT id, account_id, sku, qty, local_net, live_net,
       CASE WHEN instr(local_body, ' · ') > 0 THEN substr(local_body, 1, instr(local_body, ' · ') - 1)
            ELSE local_body END,
       CASE WHEN instr(local_body, ' · ') > 0 THEN substr(local_body, instr(local_body, ' · ') + 3) ELSE '' END,
       local_to,
       CASE WHEN instr(live_body, ' · ') > 0 THEN substr(live_body, 1, instr(live_body, ' · ') - 1)
            ELSE live_body END,
       CASE WHEN instr(live_body, ' · ') > 0 THEN substr(live_body, instr(live_body, ' · ') + 3) ELSE '' END,
       live_to,
       synced_at, seen_at
FROM (
    SELECT *,
           CASE WHEN local_source LIKE '% · valid to ____-__-__' THEN substr(local_source, 1, length(local_source) - 22)
                ELSE local_source END AS local_body,
           CASE WHEN local_source LIKE '% · valid to ____-__-__' THEN substr(local_source, -10) END AS local_to,
           CASE WHEN live_source LIKE '% · valid to ____-__-__' THEN substr(live_source, 1, length(live_source) - 22)
                ELSE live_source END AS live_body,
           CASE WHEN live_source LIKE '% · valid to ____-__-__' THEN substr(live_source, -10) END AS live_to
    FROM price_book_differences
);

DROP TABLE price_book_differences;

ALTER TABLE price_book_differences_0021 RENAME TO price_book_differences;

CREATE INDEX price_book_differences_seen ON price_book_differences (seen_at);
