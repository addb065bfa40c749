// Package importer runs a batch import: it walks the given files and
// folders, identifies each scan by the SHA-256 of its content, skips what
// is already stored, and hands every missing page to a pool of workers that
// process it (straighten, find rows, read) and store it in its own
// transaction.
//
// An import can be interrupted at any moment (Ctrl-C, kill -9, a closed
// laptop) and run again: pages already committed are kept, the missing ones
// are done, nothing is stored twice. A bad file or page is recorded with
// its error and the batch goes on.
//
// Not goals: the image work itself (packages deskew, rows, ocr, through a
// Processor) and the command line (cmd/sheetscan).
package importer
