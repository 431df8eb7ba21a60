-- The price book's per-SKU pricing as rows (issue 18): a price is looked up one SKU at a time, so a book over a
-- million SKUs stays on disk instead of in memory. ``gen`` numbers a sync: a new book's rows are written beside the
-- current ones in short transactions (the database lock, shared with searches, is never held for long), then
-- price_book.gen switches to them in one. price_book.gen NULL: a book written before this migration, its SKUs still
-- in the document (read as before until the next sync replaces it).
CREATE TABLE price_book_sku (
    gen INTEGER NOT NULL,
    sku TEXT NOT NULL,
    data TEXT NOT NULL,  -- the SKU's entry of the PriceRules document
    PRIMARY KEY (gen, sku)
) WITHOUT ROWID;

ALTER TABLE price_book ADD COLUMN gen INTEGER;
