-- stockroom schema v2: search as you type over SKU, name, variant and barcodes through a
-- trigram index, so a keystroke costs the same at 100k items as at 100.

CREATE VIRTUAL TABLE item_search USING fts5(sku, name, variant, codes, tokenize = 'trigram');

INSERT INTO item_search (rowid, sku, name, variant, codes)
SELECT i.id, i.sku, i.name, coalesce(i.variant, ''),
       coalesce((SELECT group_concat(code, ' ') FROM barcodes b WHERE b.item_id = i.id), '')
FROM items i;

-- The index is derived data kept up to date by the store (store/search.rs) after every
-- catalogue change: per-row triggers into FTS5 flush its index on every statement, which
-- made a 100k-row import four times slower.
