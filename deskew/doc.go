// Package deskew measures and removes the rotation of a scanned page.
//
// Estimate finds the fine skew of the printed content (the long ruled lines
// of a table and the baselines of printed paragraphs) and whether the page
// was scanned upside down; Straighten applies the inverse rotation.
//
// Method: the page is reduced to about 150 dpi and binarised against the
// local mean; the skew is the angle whose horizontal projection of the thin
// ink (solid areas and bed rims left out) is sharpest, searched in 1°, 0.1°
// and 0.01° steps with a parabolic peak fit; among the best peaks of the
// 1° sweep, the one whose straightened page shows clearly more ruled lines
// wins (a speckled scanner bed can make a wrong angle sharper). The
// orientation combines
// several printed-text cues measured on the straightened ink outside the
// ruled table: ascenders above the x-height band outnumber descenders below
// it (the main cue), lines are flush left, the narrow row-number column is
// at the left of the table, and the form puts the long paragraphs above a
// short table (page 1) or a short notice below a long table (page 2).
//
// Goals:
//   - skew in [-45°, 45°] measured to a few hundredths of a degree on
//     150–300 dpi scans, whatever their mode (colour converted to grey,
//     grey, bilevel), with JPEG noise, specks, edge shadows and dark
//     scanner-bed borders;
//   - the 0°/180° decision taken from printed text only (the asymmetry of
//     text lines: ascenders, capitals and accents outnumber descenders,
//     and printed lines are flush left), not from handwriting, which is
//     inside the ruled table and is left out (when a photocopy has lost the
//     table's rules, the table cannot be found, handwriting takes part and
//     the orientation confidence is lower);
//   - confidences that drop to zero on blank or pure-noise pages instead of
//     a confident wrong answer;
//   - speed: the work is done on a reduced copy (about 150 dpi) with plain
//     loops on grey pixels, no per-call goroutines.
//
// Non-goals: it does not detect 90° rotations (landscape scans), does not
// crop the page, does not correct perspective or page curl, and does not
// look for the table itself (package rows does).
//
// The package imports only the standard library; it does not use
// Tesseract or cgo.
package deskew
