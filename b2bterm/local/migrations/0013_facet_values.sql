-- Facet values (attr_value / product_value, b2bterm.local.facet_counts) live in the catalog file with the products
-- they describe (b2bterm.local.catalog_file), not in this database: drop any left here. The next sync fills them.
DROP TABLE IF EXISTS product_value;
DROP TABLE IF EXISTS attr_value;
