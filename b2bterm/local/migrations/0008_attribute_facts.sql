-- Attribute facts: the values a product's attributes hold, as short tokens ("a9" = 9 A, "vac220" = AC 220 V,
-- "p3" = 3 poles; b2bterm.domain.values.product_facts), in their own FTS column so a query's stated values are
-- matched with the words in one index pass. A contentless FTS table cannot gain a column, and its rows can only be
-- deleted with the text they were indexed with: the catalog cache is emptied and rebuilt by the next sync.
DROP TABLE product_fts;
CREATE VIRTUAL TABLE product_fts USING fts5(
    words, brand, category, facts,
    content='', prefix='1 2 3 4 5', tokenize='unicode61 remove_diacritics 2'
);
DROP TABLE model_tri;
CREATE VIRTUAL TABLE model_tri USING fts5(key, content='', tokenize='trigram');
DELETE FROM product;
-- the same facts beside the product, so that a few hundred matches are ranked without decoding them
ALTER TABLE product ADD COLUMN facts TEXT NOT NULL DEFAULT '';
DELETE FROM product_code;
DELETE FROM model;
DELETE FROM catalog_facet;
DELETE FROM catalog_meta WHERE key IN ('cursor', 'seq', 'complete', 'total');
