-- Review: reviewer accounts, rows a reviewer skipped, and which audit
-- entries an undo has reverted.

-- Reviewer accounts, needed only when the review server listens beyond
-- the local machine. password is a self-describing hash
-- (pbkdf2-sha256$ITER$SALT$KEY, base64), never the password itself.
CREATE TABLE reviewers (
    name       TEXT PRIMARY KEY,
    password   TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- A skipped row goes to the back of that reviewer's queue; other
-- reviewers still get it first.
CREATE TABLE review_skips (
    row_id   INTEGER NOT NULL REFERENCES rows(id) ON DELETE CASCADE,
    reviewer TEXT NOT NULL,
    at       TEXT NOT NULL,
    PRIMARY KEY (row_id, reviewer)
);

-- Set on a save when an undo reverted it, so that undo walks back one
-- save at a time.
ALTER TABLE audit ADD COLUMN undone_at TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_reviewer ON audit(reviewer, id);
CREATE INDEX rows_claim ON rows(status, claimed_by);
