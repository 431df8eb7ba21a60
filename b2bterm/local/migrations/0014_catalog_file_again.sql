-- 0012 again, for a database that reached 0013 without it (an early 0013 kept the catalog cache and its facet values
-- in this database): the catalog tables go (the catalog file holds them; the next sync rebuilds it).
DROP TABLE IF EXISTS product_value;
DROP TABLE IF EXISTS attr_value;
DROP TABLE IF EXISTS product_fts;
DROP TABLE IF EXISTS model_tri;
DROP TABLE IF EXISTS product;
DROP TABLE IF EXISTS model;
DROP TABLE IF EXISTS product_code;
DROP TABLE IF EXISTS catalog_facet;
DROP TABLE IF EXISTS catalog_meta;
CREATE TABLE IF NOT EXISTS catalog_home (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
