-- stockroom schema v8: an item keeps the names its Shopify product gives it.
--
-- `export shopify-inventory` is uploaded back to Shopify, which finds the variant of each
-- row by its product's handle and its option values, under their option names. The export
-- made the handle up from the title (lower case, words joined by hyphens) and numbered the
-- option names (`Option1`): a product whose handle is not its title's (renamed, two of one
-- title, a handle set by hand) could not be uploaded back. Both are NULL for an item that
-- did not come from a Shopify products file.
ALTER TABLE items ADD COLUMN handle TEXT;
-- The option names of the item's variant, joined by ' / ' as `variant` joins the values.
ALTER TABLE items ADD COLUMN option_names TEXT;
