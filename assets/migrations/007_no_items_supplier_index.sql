-- stockroom schema v7: no index of items by supplier.
--
-- No query looks items up by supplier (the alerts' supplier filter reads the items at or
-- below their reorder point whichever supplier they have), and suppliers are never deleted
-- or renumbered, which is what an index on the child column of a foreign key is for. Every
-- new item still went into it: 5% of a 100k-row Shopify import, whose vendors are suppliers.

DROP INDEX items_supplier;
