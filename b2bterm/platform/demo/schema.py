"""The demo platform's own SQLite schema (not the local store's: this file plays the distributor's server)."""

from __future__ import annotations

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE brands (code TEXT PRIMARY KEY, name TEXT NOT NULL, name_zh TEXT NOT NULL);
CREATE TABLE categories (code TEXT PRIMARY KEY, name_en TEXT NOT NULL, name_zh TEXT NOT NULL);
CREATE TABLE products (
    sku TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    model TEXT NOT NULL,
    model_key TEXT NOT NULL,
    brand TEXT NOT NULL,
    category TEXT NOT NULL,
    series TEXT NOT NULL,
    name_en TEXT NOT NULL,
    name_zh TEXT NOT NULL,
    attributes TEXT NOT NULL,
    unit TEXT NOT NULL,
    pack_size INTEGER NOT NULL,
    moq INTEGER NOT NULL,
    status TEXT NOT NULL,
    list_price TEXT NOT NULL,
    popularity INTEGER NOT NULL,
    ean TEXT NOT NULL,
    superseded_by TEXT NOT NULL,
    schedule INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE xref (
    sku TEXT NOT NULL,
    code TEXT NOT NULL,
    code_key TEXT NOT NULL,
    kind TEXT NOT NULL,          -- equivalent | alias | competitor
    partner_sku TEXT             -- for equivalent: the other brand's SKU
);
CREATE TABLE break_schedules (schedule INTEGER NOT NULL, min_qty INTEGER NOT NULL, factor TEXT NOT NULL,
    PRIMARY KEY (schedule, min_qty));
CREATE TABLE warehouses (code TEXT PRIMARY KEY, name TEXT NOT NULL, city TEXT NOT NULL);
CREATE TABLE stock (sku TEXT NOT NULL, warehouse TEXT NOT NULL, on_hand INTEGER NOT NULL,
    PRIMARY KEY (sku, warehouse)) WITHOUT ROWID;
CREATE TABLE incoming (sku TEXT NOT NULL, warehouse TEXT NOT NULL, qty INTEGER NOT NULL, eta TEXT NOT NULL,
    reference TEXT NOT NULL);
CREATE TABLE account_groups (code TEXT PRIMARY KEY, label TEXT NOT NULL);
CREATE TABLE group_discounts (grp TEXT NOT NULL, brand TEXT NOT NULL, category TEXT NOT NULL, pct TEXT NOT NULL);
CREATE TABLE accounts (
    id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, name_zh TEXT NOT NULL, grp TEXT NOT NULL,
    phone TEXT NOT NULL, phone_digits TEXT NOT NULL, payment_terms TEXT NOT NULL, currency TEXT NOT NULL,
    tax_rate TEXT NOT NULL
);
CREATE TABLE ship_tos (id TEXT PRIMARY KEY, account_id TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL,
    address TEXT NOT NULL, contact TEXT NOT NULL, phone TEXT NOT NULL);
CREATE TABLE contracts (number TEXT PRIMARY KEY, account_id TEXT NOT NULL, valid_from TEXT NOT NULL,
    valid_to TEXT NOT NULL, description TEXT NOT NULL);
CREATE TABLE contract_prices (contract TEXT NOT NULL, account_id TEXT NOT NULL, sku TEXT NOT NULL,
    min_qty INTEGER NOT NULL, price TEXT NOT NULL, PRIMARY KEY (account_id, sku, contract, min_qty)) WITHOUT ROWID;
CREATE TABLE promotions (number TEXT PRIMARY KEY, grp TEXT NOT NULL, valid_from TEXT NOT NULL,
    valid_to TEXT NOT NULL, description TEXT NOT NULL);  -- grp '' = every customer
CREATE TABLE promotion_prices (promotion TEXT NOT NULL, sku TEXT NOT NULL, min_qty INTEGER NOT NULL,
    price TEXT NOT NULL, PRIMARY KEY (sku, promotion, min_qty)) WITHOUT ROWID;
CREATE TABLE account_discounts (account_id TEXT NOT NULL, contract TEXT NOT NULL, brand TEXT NOT NULL,
    category TEXT NOT NULL, pct TEXT NOT NULL);
CREATE TABLE customer_parts (account_id TEXT NOT NULL, code TEXT NOT NULL, code_key TEXT NOT NULL,
    sku TEXT NOT NULL, PRIMARY KEY (account_id, code_key, sku)) WITHOUT ROWID;
CREATE TABLE orders (
    number TEXT PRIMARY KEY, account_id TEXT NOT NULL, placed_at TEXT NOT NULL, status TEXT NOT NULL,
    po_number TEXT NOT NULL, ship_to_id TEXT NOT NULL, payment_terms TEXT NOT NULL, invoice_type TEXT NOT NULL,
    note TEXT NOT NULL, requested_date TEXT, subtotal TEXT NOT NULL, tax TEXT NOT NULL, total TEXT NOT NULL,
    currency TEXT NOT NULL, idempotency_key TEXT UNIQUE
);
CREATE TABLE order_lines (order_number TEXT NOT NULL, line_no INTEGER NOT NULL, sku TEXT NOT NULL,
    model TEXT NOT NULL, model_key TEXT NOT NULL, name TEXT NOT NULL, qty INTEGER NOT NULL, unit_price TEXT NOT NULL,
    qty_shipped INTEGER NOT NULL, qty_backordered INTEGER NOT NULL, PRIMARY KEY (order_number, line_no));
CREATE TABLE order_history (order_number TEXT NOT NULL, at TEXT NOT NULL, status TEXT NOT NULL, note TEXT NOT NULL);
CREATE TABLE shipments (id TEXT PRIMARY KEY, order_number TEXT NOT NULL, carrier TEXT NOT NULL,
    tracking_number TEXT NOT NULL, shipped_at TEXT, eta TEXT, tracking_url TEXT NOT NULL, delivered INTEGER NOT NULL);
CREATE TABLE shipment_lines (shipment_id TEXT NOT NULL, sku TEXT NOT NULL, qty INTEGER NOT NULL);
CREATE TABLE tracking_events (shipment_id TEXT NOT NULL, at TEXT NOT NULL, description TEXT NOT NULL,
    place TEXT NOT NULL, status TEXT NOT NULL);
"""

INDEXES = """
CREATE UNIQUE INDEX products_seq ON products (seq);
CREATE INDEX products_model_key ON products (model_key);
CREATE INDEX products_ean ON products (ean);
CREATE INDEX xref_code_key ON xref (code_key);
CREATE INDEX xref_sku ON xref (sku);
CREATE INDEX incoming_sku ON incoming (sku);
CREATE INDEX customer_parts_code ON customer_parts (code_key);
CREATE INDEX customer_parts_sku ON customer_parts (account_id, sku);
CREATE INDEX orders_account ON orders (account_id, placed_at);
CREATE INDEX orders_placed ON orders (placed_at, number);
CREATE INDEX orders_po ON orders (po_number);
CREATE INDEX order_lines_sku ON order_lines (sku);
CREATE INDEX order_lines_model ON order_lines (model_key);
CREATE INDEX order_history_order ON order_history (order_number);
CREATE INDEX shipments_order ON shipments (order_number);
CREATE INDEX shipment_lines_shipment ON shipment_lines (shipment_id);
CREATE INDEX tracking_events_shipment ON tracking_events (shipment_id, at);
CREATE INDEX ship_tos_account ON ship_tos (account_id, position);
"""
