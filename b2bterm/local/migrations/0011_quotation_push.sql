-- The platform's copy of each quotation: whether it waits to be pushed (and when it is due), how often pushing
-- failed and why, and a revision so a change made while a push is in flight is pushed again, never lost.
-- push_state: '' (never asked to be on the platform), 'waiting' (due at push_next_at, retried in the background),
-- 'pushed' (the platform holds this revision), 'failed' (refused by the platform: the user must act).
ALTER TABLE quotations ADD COLUMN push_state TEXT NOT NULL DEFAULT '';
ALTER TABLE quotations ADD COLUMN push_rev INTEGER NOT NULL DEFAULT 0;
ALTER TABLE quotations ADD COLUMN push_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE quotations ADD COLUMN push_next_at TEXT;
ALTER TABLE quotations ADD COLUMN push_error TEXT NOT NULL DEFAULT '';
ALTER TABLE quotations ADD COLUMN pushed_at TEXT;
UPDATE quotations SET push_state = 'pushed' WHERE remote_id != '';
CREATE INDEX quotations_push ON quotations (push_state, push_next_at);
