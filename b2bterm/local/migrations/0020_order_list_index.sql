-- The order list is filtered and sorted in SQLite (local/order_window.py): these indexes hold every field the list's
-- filter reads (order number, status, PO number, the placing date, backordered) in the list's order (placed_key, then
-- number), so a filter walks an index and never the table, and a page is never sorted. They take the place of the two
-- indexes on placed_key alone.
DROP INDEX IF EXISTS order_summaries_account;
DROP INDEX IF EXISTS order_summaries_placed;
CREATE INDEX order_summaries_list ON order_summaries (account_id, placed_key, number, status, po_number, placed_at,
    backordered);
CREATE INDEX order_summaries_list_all ON order_summaries (placed_key, number, account_id, status, po_number, placed_at,
    backordered);
