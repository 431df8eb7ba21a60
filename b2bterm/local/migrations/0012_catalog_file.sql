-- The catalog cache moves into its own file (b2bterm.local.catalog_file), attached to this connection as `catalog`:
-- a full build writes a new file beside it (no journal, no lock on this database) and swaps it in, and a catalog
-- snapshot from the platform is the same kind of file. This database keeps which file is current. The old tables
-- are dropped (the cache is rebuilt by the next sync); customer part numbers stay here.
DROP TABLE IF EXISTS product_fts;
DROP TABLE IF EXISTS model_tri;
DROP TABLE IF EXISTS product;
DROP TABLE IF EXISTS model;
DROP TABLE IF EXISTS product_code;
DROP TABLE IF EXISTS catalog_facet;
DROP TABLE IF EXISTS catalog_meta;
CREATE TABLE catalog_home (
    key TEXT PRIMARY KEY,      -- 'file': the name of the current catalog file, in this database's folder
    value TEXT NOT NULL
) WITHOUT ROWID;
