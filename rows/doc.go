// Package rows finds the ruled signature table on an upright, straightened
// petition page, numbers its rows, cuts their cells and tells blank, signed
// and struck-out rows apart.
//
// Goals:
//   - locate the table from its ruled lines (no fixed pixel positions,
//     margins, column widths or row heights), on 150–300 dpi pages that may be
//     bilevel, blurred, speckled or shadowed, with at most about 0.3° of
//     residual skew, scanner grain around the page set aside; when grey
//     rules vanished in a bilevel scan, rebuild the grid from the printed
//     row numbers and the header labels;
//   - read each row's printed number through an injected NumberReader and
//     correct misreadings from the sequence (numbers go up by one, except a
//     gap really printed on the form, such as the missing 21);
//   - cut the name, postal-code and signature cells with the ruled lines
//     removed but the pen strokes that cross them kept, giving each row the
//     writing that belongs to it even when it rises above or sinks below its
//     lines;
//   - expose the evidence (scores in mm² and ratios) next to each decision so
//     callers can tune thresholds.
//
// Non-goals: deskewing or turning the page (package deskew), recognising the
// handwriting (package ocr), judging whether a row is trustworthy, storing
// anything. The package uses only the standard library and image code: no
// cgo, no Tesseract.
package rows
