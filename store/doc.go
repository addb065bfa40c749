// Package store keeps everything sheetscan knows in one SQLite database:
// campaigns, scanned files (identified by the SHA-256 of their content),
// their pages with the straightened page image, the printed rows found on
// each page with their cell images and readings, and the audit trail of
// every change a person makes.
//
// It is the only package that imports the SQLite driver. The database runs
// in WAL mode so that an import and several reviewers can work at once; each
// page is written in its own transaction, so an interrupted import loses at
// most the page in flight and a re-run completes the rest.
//
// Page and cell images are stored as blobs in the database rather than as
// files beside it: a page and its rows then appear or disappear atomically,
// a backup is one file, and erasing a person (secure_delete, VACUUM) reaches
// every copy of their handwriting.
//
// Not goals: image processing, OCR, deciding what to trust. The store saves
// what the pipeline and reviewers hand it.
package store
