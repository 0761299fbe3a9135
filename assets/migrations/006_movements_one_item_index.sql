-- stockroom schema v6: one index finds an item's movements, not two.
--
-- movements_item (item_id, id) and movements_item_at (item_id, at) both led with the item,
-- and every movement went into both, at a place of its own in each: a tenth of a 100k-line
-- orders import, and a page more in the WAL of every sale. movements_item_at, which also
-- holds each entry's id, serves both: an item's history is sorted by id after the look-up
-- (an item's movements, not the ledger), and the latest sale or receipt of an item is read
-- from its end.

DROP INDEX movements_item;
