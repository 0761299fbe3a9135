-- stockroom schema v4: a document's void and external key are unique only where they are
-- set.
--
-- v1 declared `voids_doc` and `external_key` as UNIQUE columns. SQLite's index for such a
-- column holds an entry for every row, NULLs included, so every sale (neither a void nor
-- imported) wrote two more index pages than it needed: about 2 of a sale's 11 WAL frames.
-- Partial unique indexes keep the same rule (a document is voided at most once, an
-- external key is posted once) and hold only the rows that have them.
--
-- SQLite cannot drop a column constraint, so the table is rebuilt (the procedure of
-- https://sqlite.org/lang_altertable.html#otheralter: the store runs this migration with
-- foreign keys off and checks them all before it commits). Ids are kept, so every
-- movement, void and draft still points at its document.

CREATE TABLE documents_v4 (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL CHECK (kind IN ('receipt','sale','return','adjustment','count','transfer','void')),
    ref          TEXT,
    reason       TEXT,
    at           TEXT NOT NULL,          -- when it happened (UTC)
    posted_at    TEXT NOT NULL,          -- when it was written (UTC)
    user         TEXT NOT NULL CHECK (length(user) > 0),
    line_count   INTEGER NOT NULL CHECK (line_count > 0),
    voids_doc    INTEGER REFERENCES documents(id),
    order_id     INTEGER REFERENCES purchase_orders(id),
    external_key TEXT
) STRICT;

INSERT INTO documents_v4 (id, uuid, kind, ref, reason, at, posted_at, user, line_count,
                          voids_doc, order_id, external_key)
SELECT id, uuid, kind, ref, reason, at, posted_at, user, line_count,
       voids_doc, order_id, external_key
FROM documents;

DROP TABLE documents;
ALTER TABLE documents_v4 RENAME TO documents;

CREATE UNIQUE INDEX documents_voids ON documents (voids_doc) WHERE voids_doc IS NOT NULL;
CREATE UNIQUE INDEX documents_external_key ON documents (external_key)
    WHERE external_key IS NOT NULL;
CREATE INDEX documents_order ON documents (order_id) WHERE order_id IS NOT NULL;

CREATE TRIGGER documents_no_update BEFORE UPDATE ON documents
BEGIN SELECT RAISE(ABORT, 'posted documents cannot be changed; void them instead'); END;
CREATE TRIGGER documents_no_delete BEFORE DELETE ON documents
BEGIN SELECT RAISE(ABORT, 'posted documents cannot be deleted; void them instead'); END;
