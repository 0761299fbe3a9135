-- stockroom schema v2: search as you type over SKU, name, variant and barcodes through a
-- trigram index, so a keystroke costs the same at 100k items as at 100.

CREATE VIRTUAL TABLE item_search USING fts5(sku, name, variant, codes, tokenize = 'trigram');

INSERT INTO item_search (rowid, sku, name, variant, codes)
SELECT i.id, i.sku, i.name, coalesce(i.variant, ''),
       coalesce((SELECT group_concat(code, ' ') FROM barcodes b WHERE b.item_id = i.id), '')
FROM items i;

CREATE TRIGGER items_search_insert AFTER INSERT ON items
BEGIN
    INSERT INTO item_search (rowid, sku, name, variant, codes)
    VALUES (NEW.id, NEW.sku, NEW.name, coalesce(NEW.variant, ''), '');
END;

CREATE TRIGGER items_search_update AFTER UPDATE OF sku, name, variant ON items
BEGIN
    UPDATE item_search SET sku = NEW.sku, name = NEW.name, variant = coalesce(NEW.variant, '')
    WHERE rowid = NEW.id;
END;

CREATE TRIGGER barcodes_search_insert AFTER INSERT ON barcodes
BEGIN
    UPDATE item_search
    SET codes = (SELECT group_concat(code, ' ') FROM barcodes WHERE item_id = NEW.item_id)
    WHERE rowid = NEW.item_id;
END;

CREATE TRIGGER barcodes_search_delete AFTER DELETE ON barcodes
BEGIN
    UPDATE item_search
    SET codes = coalesce((SELECT group_concat(code, ' ') FROM barcodes WHERE item_id = OLD.item_id), '')
    WHERE rowid = OLD.item_id;
END;
