-- The local catalog cache: products, their codes, distinct model numbers, and two FTS5 indexes (words, and
-- trigrams of the distinct model numbers).
-- product.seq is the insertion order (rows are appended, so a full build writes the table sequentially);
-- product.id is a popularity id: ((2^30-1 - popularity) << 32) | sequence, so id order is "most popular first" and
-- a broad FTS match (FTS rowid = product.id) can be cut with ORDER BY rowid LIMIT n without ranking or sorting it.
CREATE TABLE product (
    seq INTEGER PRIMARY KEY,
    id INTEGER NOT NULL,       -- popularity id: the rowid in product_fts
    sku TEXT NOT NULL,
    model_key TEXT NOT NULL,   -- b2bterm.domain.modelno.normalise(model)
    brand TEXT NOT NULL,
    category TEXT NOT NULL,
    data TEXT NOT NULL         -- the whole Product as JSON (money as strings)
);
CREATE UNIQUE INDEX product_id ON product(id);
CREATE UNIQUE INDEX product_sku ON product(sku);
CREATE INDEX product_model_key ON product(model_key, id);

-- Distinct model numbers (pack variants share one): key = normalise(model), loose = loose_key(model) (O/0, I/1
-- folded), best = the smallest product.id with that key (its most popular product) = the key's rowid in model_tri,
-- so trigram matches come most popular model first.
CREATE TABLE model (
    best INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    loose TEXT NOT NULL
);
CREATE INDEX model_loose ON model(loose);

-- Other exact codes of a product, by normalised key: its SKU, cross-references, EAN (id = product.id).
CREATE TABLE product_code (
    key TEXT NOT NULL,
    id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (key, id, kind)
) WITHOUT ROWID;

-- Contentless: the text is b2bterm.local.catalog.index_words(product), recomputed from product.data to delete a
-- row. (A change to index_words or normalise needs a migration that rebuilds the catalog cache.)
CREATE VIRTUAL TABLE product_fts USING fts5(
    words, brand, category,
    content='', prefix='1 2 3 4 5', tokenize='unicode61 remove_diacritics 2'
);

-- Trigrams of model.key (rowid = model.best): model fragments ("214-1AG"). (Until 0006 also the typo prefilter.)
CREATE VIRTUAL TABLE model_tri USING fts5(key, content='', tokenize='trigram');

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
