// Package ocr reads the hand-written name and postal code, and the printed
// row number, of one petition table cell with Tesseract (through gosseract,
// which no other package of sheetscan imports).
//
// Goals:
//   - prepare each cell the way Tesseract reads best, chosen by measurement
//     on cut cells of the sample scans (TestCorpus): crop to the ink,
//     drop specks and ruled-line remnants, scale the writing to a fixed
//     height, add a white border;
//   - read one text line per cell with a per-field whitelist (letters and
//     French accents for names, digits for postal codes and numbers) and the
//     model that measured best for the field (fra for names and printed
//     numbers, eng for hand-written postal codes), and
//     return words, confidences and, per character, the alternatives the
//     LSTM considered (from Tesseract's hOCR with lstm_choice_mode 2, since
//     gosseract does not expose the choice iterator), all from a single
//     recognition;
//   - give two or three readings from the two models and two
//     preprocessings (ReadAll) so callers can trust a field only when they
//     agree, and, for a name the caller will send to review, more
//     candidates for its prefill: the writing sheared upright
//     (ReadAllUpright) and a model of another family, Debian's Latin
//     script model (ReadOther), which also gives a second opinion on
//     postal codes;
//   - hide gosseract's gotchas: one client per language per Reader,
//     initialisation serialised (it redirects the process's stderr), page
//     mode set as a variable, client recycled every few thousand calls
//     (v2.4.1 leaks small C strings).
//
// Measure before changing a setting: go test ./ocr -run TestCorpus
// -corpus DIR -v prints exact-match and character error rates per
// preprocessing and model on the cut cells of a labelled corpus.
//
// Non-goals: finding or cutting cells (package rows), checking postal codes
// against the La Poste list or repairing them (package postal), deciding
// whether a row is trustworthy. Confidences are Tesseract's, on a 0–100
// scale, and are not calibrated probabilities.
package ocr
