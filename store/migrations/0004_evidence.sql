-- The signals the machine decided a row on (readings of each cell with
-- their confidences, the digit recogniser's code and margin), as JSON, so
-- that thresholds can be recalibrated from reviewed rows without
-- re-reading the scans.
ALTER TABLE rows ADD COLUMN evidence TEXT NOT NULL DEFAULT '';
