-- The local catalog cache: products, their codes, and two FTS5 indexes (words and model-number trigrams).
-- product.id is a popularity id: ((2^30-1 - popularity) << 32) | seq, so rowid order is "most popular first"
-- and a broad FTS match can be cut with ORDER BY rowid LIMIT n without ranking or sorting it.
CREATE TABLE product (
    id INTEGER PRIMARY KEY,
    sku TEXT NOT NULL UNIQUE,
    model TEXT NOT NULL,
    model_key TEXT NOT NULL,   -- b2bterm.domain.modelno.normalise(model)
    loose_key TEXT NOT NULL,   -- loose_key(model): O/0, I/1 slips folded
    brand TEXT NOT NULL,
    category TEXT NOT NULL,
    words TEXT NOT NULL,       -- what the word index holds: names, model, attributes, Chinese bigrams, pinyin
    popularity INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL         -- the whole Product as JSON (money as strings)
);
CREATE INDEX product_model_key ON product(model_key, id);
CREATE INDEX product_loose_key ON product(loose_key);

-- Other exact codes of a product, by normalised key: its SKU, cross-references, EAN.
CREATE TABLE product_code (
    key TEXT NOT NULL,
    sku TEXT NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (key, sku, kind)
) WITHOUT ROWID;
CREATE INDEX product_code_sku ON product_code(sku);

CREATE VIRTUAL TABLE product_fts USING fts5(
    words, brand, category,
    content='product', content_rowid='id', prefix='1 2 3', tokenize='unicode61 remove_diacritics 2'
);

CREATE VIRTUAL TABLE product_tri USING fts5(
    model_key, content='product', content_rowid='id', tokenize='trigram'
);

-- Customer part numbers of each account (the customer's own code for a SKU).
CREATE TABLE customer_part (
    account_id TEXT NOT NULL,
    key TEXT NOT NULL,         -- normalise(code)
    code TEXT NOT NULL,
    sku TEXT NOT NULL,
    PRIMARY KEY (account_id, key, sku)
) WITHOUT ROWID;
CREATE INDEX customer_part_sku ON customer_part(account_id, sku);

-- Distinct brands and categories, for brand:/cat: filters with partial values.
CREATE TABLE catalog_facet (
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (kind, value)
) WITHOUT ROWID;

-- cursor, seq (last popularity-id sequence), complete (1 once a full pass has finished).
CREATE TABLE catalog_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
