-- Model keys reversed, for the quick-order typo search: a one-character slip leaves either the first half of the
-- typed code as a prefix of the right model key (model.key, its UNIQUE index) or the second half as a suffix, found
-- as a prefix of rkey. Two short index range scans replace a trigram match whose common pieces ("100", "MPK")
-- read long doclists. b2b_reverse is registered by b2bterm.local.db.connect.
ALTER TABLE model ADD COLUMN rkey TEXT NOT NULL DEFAULT '';
UPDATE model SET rkey = b2b_reverse(key);
CREATE INDEX model_rkey ON model(rkey);
