-- Duplicate signers proposed by name similarity and decided by a reviewer,
-- and the anonymous record of what data-protection erasures removed.

-- A pair of rows that plausibly hold the same person (same campaign and
-- postal code, similar names), row_a < row_b. A confirmed pair counts once
-- in the tally.
CREATE TABLE duplicates (
    id         INTEGER PRIMARY KEY,
    row_a      INTEGER NOT NULL REFERENCES rows(id) ON DELETE CASCADE,
    row_b      INTEGER NOT NULL REFERENCES rows(id) ON DELETE CASCADE,
    score      REAL NOT NULL,               -- 0..1, 1 for the same normalised name
    status     TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'rejected')),
    found_at   TEXT NOT NULL,
    decided_by TEXT NOT NULL DEFAULT '',
    decided_at TEXT NOT NULL DEFAULT '',
    CHECK (row_a < row_b),
    UNIQUE (row_a, row_b)
);
CREATE INDEX duplicates_row_b ON duplicates(row_b);

-- One line per erasure: no personal data, only what is needed to explain
-- totals afterwards. A person erasure keeps its row (erased_at set, text
-- emptied) so the tally still counts it; a scan erasure removes its rows,
-- and only the counts below remain.
CREATE TABLE erasures (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('person', 'scan')),
    at          TEXT NOT NULL,
    by          TEXT NOT NULL DEFAULT '',
    campaign_id INTEGER REFERENCES campaigns(id),
    row_id      INTEGER REFERENCES rows(id) ON DELETE SET NULL,  -- person erasure
    pages       INTEGER NOT NULL DEFAULT 0,  -- scan erasure: pages removed
    rows        INTEGER NOT NULL DEFAULT 0,  -- printed rows removed or emptied
    valid       INTEGER NOT NULL DEFAULT 0,  -- of which valid signatures then
    pending     INTEGER NOT NULL DEFAULT 0   -- of which awaiting review then
);
