-- stockroom schema v1: catalogue, append-only ledger, balances, drafts, purchasing.
-- Times are RFC 3339 UTC text; money is integer minor units.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

INSERT INTO settings (key, value) VALUES
    ('currency_decimals', '2'),
    ('currency_symbol', ''),
    ('allow_negative_stock', '0'),
    ('default_lead_time_days', '7'),
    ('review_period_days', '7'),
    ('service_level', '0.95');

CREATE TABLE suppliers (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    contact        TEXT,
    lead_time_days INTEGER CHECK (lead_time_days IS NULL OR lead_time_days >= 0)
) STRICT;

CREATE TABLE items (
    id             INTEGER PRIMARY KEY,
    sku            TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(sku)) > 0),
    name           TEXT NOT NULL CHECK (length(trim(name)) > 0),
    product        TEXT,
    variant        TEXT,
    price          INTEGER CHECK (price IS NULL OR price >= 0),
    cost           INTEGER CHECK (cost IS NULL OR cost >= 0),
    reorder_point  INTEGER CHECK (reorder_point IS NULL OR reorder_point >= 0),
    reorder_qty    INTEGER CHECK (reorder_qty IS NULL OR reorder_qty >= 0),
    lead_time_days INTEGER CHECK (lead_time_days IS NULL OR lead_time_days >= 0),
    pack           INTEGER NOT NULL DEFAULT 1 CHECK (pack >= 1),
    supplier_id    INTEGER REFERENCES suppliers(id),
    active         INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX items_name ON items (name COLLATE NOCASE);
CREATE INDEX items_supplier ON items (supplier_id);

-- Barcodes are stored in their normal form: GTINs as 14 digits.
CREATE TABLE barcodes (
    code    TEXT PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id),
    pack_qty INTEGER NOT NULL DEFAULT 1 CHECK (pack_qty >= 1)
) STRICT;
CREATE INDEX barcodes_item ON barcodes (item_id);

CREATE TABLE locations (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
) STRICT;
INSERT INTO locations (id, name) VALUES (1, 'main');

CREATE TABLE purchase_orders (
    id          INTEGER PRIMARY KEY,
    supplier_id INTEGER REFERENCES suppliers(id),
    state       TEXT NOT NULL CHECK (state IN ('draft', 'sent', 'closed', 'cancelled')),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    note        TEXT
) STRICT;

CREATE TABLE po_lines (
    po_id     INTEGER NOT NULL REFERENCES purchase_orders(id),
    item_id   INTEGER NOT NULL REFERENCES items(id),
    qty       INTEGER NOT NULL CHECK (qty > 0),
    unit_cost INTEGER CHECK (unit_cost IS NULL OR unit_cost >= 0),
    PRIMARY KEY (po_id, item_id)
) STRICT;

-- A posted document. Documents are immutable like movements: a void is a new document
-- that names the one it reverses (UNIQUE: a document is voided at most once).
CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL CHECK (kind IN ('receipt','sale','return','adjustment','count','transfer','void')),
    ref          TEXT,
    reason       TEXT,
    at           TEXT NOT NULL,          -- when it happened (UTC)
    posted_at    TEXT NOT NULL,          -- when it was written (UTC)
    user         TEXT NOT NULL CHECK (length(user) > 0),
    line_count   INTEGER NOT NULL CHECK (line_count > 0),
    voids_doc    INTEGER UNIQUE REFERENCES documents(id),
    order_id     INTEGER REFERENCES purchase_orders(id),
    external_key TEXT UNIQUE
) STRICT;
CREATE INDEX documents_order ON documents (order_id) WHERE order_id IS NOT NULL;

CREATE TABLE movements (
    id          INTEGER PRIMARY KEY,
    doc_id      INTEGER NOT NULL REFERENCES documents(id),
    item_id     INTEGER NOT NULL REFERENCES items(id),
    location_id INTEGER NOT NULL REFERENCES locations(id),
    qty         INTEGER NOT NULL,        -- signed; 0 only on a count that matched
    value       INTEGER NOT NULL,        -- signed cost value moved (receipt: +qty*cost; sale: -cost of goods)
    unit_price  INTEGER,                 -- selling price per unit on sales and returns
    demand      INTEGER NOT NULL DEFAULT 0, -- units of customer demand: sale +q, return -q, their voids the opposite
    at          TEXT NOT NULL,
    user        TEXT NOT NULL CHECK (length(user) > 0)
) STRICT;
CREATE INDEX movements_item ON movements (item_id, id);
CREATE INDEX movements_item_at ON movements (item_id, at);
CREATE INDEX movements_demand ON movements (at, item_id, demand) WHERE demand <> 0;
CREATE INDEX movements_doc ON movements (doc_id);

CREATE TRIGGER movements_no_update BEFORE UPDATE ON movements
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: movements cannot be changed'); END;
CREATE TRIGGER movements_no_delete BEFORE DELETE ON movements
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: movements cannot be deleted'); END;
CREATE TRIGGER documents_no_update BEFORE UPDATE ON documents
BEGIN SELECT RAISE(ABORT, 'posted documents cannot be changed; void them instead'); END;
CREATE TRIGGER documents_no_delete BEFORE DELETE ON documents
BEGIN SELECT RAISE(ABORT, 'posted documents cannot be deleted; void them instead'); END;

-- The balance kept equal to the ledger: on hand and cost value per item and location.
CREATE TABLE stock (
    item_id     INTEGER NOT NULL REFERENCES items(id),
    location_id INTEGER NOT NULL REFERENCES locations(id),
    on_hand     INTEGER NOT NULL,
    value       INTEGER NOT NULL,
    PRIMARY KEY (item_id, location_id)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER stock_no_negative_insert BEFORE INSERT ON stock
WHEN NEW.on_hand < 0 AND (SELECT value FROM settings WHERE key = 'allow_negative_stock') <> '1'
BEGIN SELECT RAISE(ABORT, 'insufficient stock: on hand cannot go below zero'); END;
CREATE TRIGGER stock_no_negative_update BEFORE UPDATE ON stock
WHEN NEW.on_hand < 0 AND (SELECT value FROM settings WHERE key = 'allow_negative_stock') <> '1'
BEGIN SELECT RAISE(ABORT, 'insufficient stock: on hand cannot go below zero'); END;

-- Open receiving/sales documents, saved on every change so nothing typed is lost.
CREATE TABLE drafts (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL CHECK (kind IN ('receipt', 'sale', 'return')),
    user       TEXT NOT NULL,
    order_id   INTEGER REFERENCES purchase_orders(id),
    lines      TEXT NOT NULL,            -- JSON array of lines
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
