-- Facet values: each product's brand (name '') and attribute values, interned (attr_value) and listed by product id
-- (product_value, clustered by id), so that the facets of a whole result set are counted with one GROUP BY over
-- the matches without reading the products' JSON (b2bterm.local.facet_counts).
CREATE TABLE attr_value (
    vid INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    UNIQUE (name, value)
);
CREATE TABLE product_value (
    id INTEGER NOT NULL,       -- product.id
    vid INTEGER NOT NULL,      -- attr_value.vid
    PRIMARY KEY (id, vid)
) WITHOUT ROWID;
INSERT OR IGNORE INTO attr_value(name, value) SELECT '', brand FROM product WHERE brand != '';
INSERT OR IGNORE INTO attr_value(name, value)
    SELECT json_extract(a.value, '$[0]'), json_extract(a.value, '$[1]')
    FROM product p, json_each(p.data, '$.attributes') a
    WHERE json_extract(a.value, '$[1]') != '';
INSERT OR IGNORE INTO product_value(id, vid)
    SELECT p.id, v.vid FROM product p JOIN attr_value v ON v.name = '' AND v.value = p.brand;
INSERT OR IGNORE INTO product_value(id, vid)
    SELECT p.id, v.vid FROM product p, json_each(p.data, '$.attributes') a
    JOIN attr_value v ON v.name = json_extract(a.value, '$[0]') AND v.value = json_extract(a.value, '$[1]');
