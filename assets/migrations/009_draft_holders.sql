-- stockroom schema v9: an open draft belongs to one live TUI session at a time.
--
-- Shops run every till under one OS login, so "this user's drafts" let a second till open
-- the first till's live cart, and both posted under one document key: a scanned line was
-- lost behind a tick. A draft now records the session that holds it and where that session
-- is, so another session starts its own document instead, and the picker shows the draft
-- as held. A holder whose process has ended (kill -9, a dropped SSH connection) no longer
-- holds: the process is recognised by its pid and its start time on this host, which the
-- next pid to come along cannot share.
ALTER TABLE drafts ADD COLUMN holder TEXT;          -- the session's own id (a UUID)
ALTER TABLE drafts ADD COLUMN holder_process TEXT;  -- 'HOST:PID:STARTTIME' of its process
ALTER TABLE drafts ADD COLUMN holder_where TEXT;    -- shown to staff: 'pts/3 on till1'
ALTER TABLE drafts ADD COLUMN held_since TEXT;      -- UTC, RFC 3339
