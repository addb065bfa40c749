// Package formgen renders labelled petition pages: the two-page A4 form
// with its ruled table, filled in with handwriting-like fonts, signature
// scribbles and strikes, then degraded like a scanner would (skew, upside
// down, blur, noise, specks, grey or bilevel, shadows).
//
// Every page comes with its truth (PageTruth), in the same JSON shape as
// the records of the sample corpus truth.json, so that tests of the other
// packages (deskew, rows, ocr) and evaluation corpora (cmd/mkforms) know
// exactly what was printed and written, and where.
//
// Goals: variety (layouts, print fonts, row heights, numbering, handwriting
// fonts, inks, degradations), exact geometry, determinism for a given
// *rand.Rand, pure Go (fonts are embedded, no cgo, no Tesseract).
//
// Non-goals: photo-realism. The handwriting is a font with jitter, the
// signatures are random scribbles; accuracy figures measured on generated
// pages are a floor for debugging, not a promise for real scans.
//
// Lengths in a Layout are in millimetres on the upright printed A4 page
// (210 × 297 mm), origin top-left, y downwards. Pixel boxes are on the
// upright rendered page at the render dpi unless told otherwise.
package formgen
