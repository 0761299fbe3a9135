-- stockroom schema v3: the trigram index keeps no copy of the text it indexes.
--
-- Search only ever reads rowids from it (the items and barcodes tables hold the text), yet
-- v2's index stored every SKU, name, variant and barcode a second time: 11% of a 100k-item
-- store, written twice (WAL, then checkpoint) by every import. Contentless with
-- contentless_delete=1, rows are still deleted and re-added by rowid as before.

DROP TABLE item_search;

CREATE VIRTUAL TABLE item_search USING fts5(
    sku, name, variant, codes,
    tokenize = 'trigram', content = '', contentless_delete = 1
);

INSERT INTO item_search (rowid, sku, name, variant, codes)
SELECT i.id, i.sku, i.name, coalesce(i.variant, ''),
       coalesce((SELECT group_concat(code, ' ') FROM barcodes b WHERE b.item_id = i.id), '')
FROM items i;
