-- stockroom schema v5: the trigram index finds candidates; the text itself decides.
--
-- v3's index kept every trigram's position (detail=full), so that a search of four or more
-- characters could be asked as one phrase. Positions were two thirds of what an import
-- wrote into the index, and a quarter of a 100k-row import's time. Now the index keeps
-- only which items hold each trigram (detail=none): a search asks for the items holding
-- all of the term's trigrams, and every candidate is then checked against its SKU, name,
-- variant and barcodes (store/queries.rs), so the results are what they were.
-- A variant its name already contains is not indexed again (store/search.rs).

DROP TABLE item_search;

CREATE VIRTUAL TABLE item_search USING fts5(
    sku, name, variant, codes,
    tokenize = 'trigram', content = '', contentless_delete = 1, detail = none
);

INSERT INTO item_search (rowid, sku, name, variant, codes)
SELECT i.id, i.sku, i.name,
       CASE WHEN i.variant IS NULL OR instr(i.name, i.variant) > 0 THEN '' ELSE i.variant END,
       coalesce((SELECT group_concat(code, ' ') FROM barcodes b WHERE b.item_id = i.id), '')
FROM items i;
