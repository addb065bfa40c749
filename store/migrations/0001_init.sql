-- Campaigns, scanned files, their pages (with the straightened page image),
-- the printed rows found on each page, their cell images, and the audit
-- trail of every change a person makes.

CREATE TABLE campaigns (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

-- A file is identified by the SHA-256 of its content: the same scan under
-- another name is the same file.
CREATE TABLE files (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    path        TEXT NOT NULL,              -- as given at import
    sha256      TEXT NOT NULL UNIQUE,
    size        INTEGER NOT NULL,
    format      TEXT NOT NULL DEFAULT '',   -- png, jpeg, tiff, pdf; '' when unreadable
    page_count  INTEGER,                    -- NULL until the file could be opened
    status      TEXT NOT NULL CHECK (status IN ('importing', 'done', 'failed')),
    error       TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL
);

CREATE TABLE pages (
    id           INTEGER PRIMARY KEY,
    file_id      INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    page_index   INTEGER NOT NULL,          -- 1-based within the file
    status       TEXT NOT NULL CHECK (status IN ('ok', 'not_form', 'failed')),
    error        TEXT NOT NULL DEFAULT '',
    dpi          REAL NOT NULL DEFAULT 0,
    dpi_source   TEXT NOT NULL DEFAULT '',  -- tag, size, render
    skew_deg     REAL NOT NULL DEFAULT 0,   -- counter-clockwise, as scanned
    upside_down  INTEGER NOT NULL DEFAULT 0,
    deskew_conf  REAL NOT NULL DEFAULT 0,   -- 0..1
    width        INTEGER NOT NULL DEFAULT 0,  -- of the straightened image, pixels
    height       INTEGER NOT NULL DEFAULT 0,
    form_page    INTEGER NOT NULL DEFAULT 0,  -- 1 or 2, 0 unknown
    processed_at TEXT NOT NULL,
    UNIQUE (file_id, page_index)
);

-- The straightened page image, apart from the page metadata so that
-- listing pages never reads megabytes.
CREATE TABLE page_images (
    page_id INTEGER PRIMARY KEY REFERENCES pages(id) ON DELETE CASCADE,
    format  TEXT NOT NULL,                  -- png
    data    BLOB NOT NULL
);

CREATE TABLE rows (
    id             INTEGER PRIMARY KEY,
    page_id        INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    idx            INTEGER NOT NULL,        -- 0-based position in the table
    number         INTEGER NOT NULL,        -- printed row number
    number_text    TEXT NOT NULL DEFAULT '',
    number_conf    REAL NOT NULL DEFAULT 0,
    number_source  TEXT NOT NULL DEFAULT '',  -- read, corrected, inferred
    x0 INTEGER NOT NULL, y0 INTEGER NOT NULL, x1 INTEGER NOT NULL, y1 INTEGER NOT NULL,
    blank          INTEGER NOT NULL DEFAULT 0,
    signed         INTEGER NOT NULL DEFAULT 0,
    struck         INTEGER NOT NULL DEFAULT 0,
    -- What the machine read, kept as read.
    name_ocr       TEXT NOT NULL DEFAULT '',
    name_conf      REAL NOT NULL DEFAULT 0,  -- 0..1
    postal_ocr     TEXT NOT NULL DEFAULT '',
    postal_conf    REAL NOT NULL DEFAULT 0,  -- 0..1
    -- The current value: the machine's reading, or a reviewer's correction.
    name           TEXT NOT NULL DEFAULT '',
    surname        TEXT NOT NULL DEFAULT '',
    given_name     TEXT NOT NULL DEFAULT '',
    postal_code    TEXT NOT NULL DEFAULT '',
    department     TEXT NOT NULL DEFAULT '',
    communes       TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL CHECK (status IN ('accepted', 'flagged', 'corrected', 'blank')),
    reasons        TEXT NOT NULL DEFAULT '',  -- comma-separated machine-readable reasons
    confidence     REAL NOT NULL DEFAULT 0,   -- 0..1
    reviewed_by    TEXT NOT NULL DEFAULT '',
    reviewed_at    TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 1,  -- bumped on every change (optimistic locking)
    claimed_by     TEXT NOT NULL DEFAULT '',
    claim_expires  TEXT NOT NULL DEFAULT '',
    erased_at      TEXT NOT NULL DEFAULT '',
    UNIQUE (page_id, idx)
);
CREATE INDEX rows_status ON rows(status);
CREATE INDEX rows_postal ON rows(postal_code);

-- Cell images with ruled lines removed: name, postal, signature, number.
CREATE TABLE cells (
    row_id INTEGER NOT NULL REFERENCES rows(id) ON DELETE CASCADE,
    kind   TEXT NOT NULL CHECK (kind IN ('number', 'name', 'postal', 'signature')),
    x0 INTEGER NOT NULL, y0 INTEGER NOT NULL, x1 INTEGER NOT NULL, y1 INTEGER NOT NULL,
    png    BLOB NOT NULL,
    PRIMARY KEY (row_id, kind)
);

CREATE TABLE audit (
    id       INTEGER PRIMARY KEY,
    row_id   INTEGER REFERENCES rows(id) ON DELETE SET NULL,
    reviewer TEXT NOT NULL,
    at       TEXT NOT NULL,
    action   TEXT NOT NULL,          -- accept, correct, blank, unsigned, struck, undo, erase, ...
    before   TEXT NOT NULL DEFAULT '',  -- JSON of the changed fields
    after    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_row ON audit(row_id);
