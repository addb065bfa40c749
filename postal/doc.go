// Package postal checks and repairs French postal codes read from
// hand-filled forms.
//
// It embeds the La Poste list of postal codes with the INSEE code and name
// of each commune they serve (see data/README.md for the source and the
// licence: Licence Ouverte / Etalab 2.0), and answers three questions: is a
// code valid (Valid, Communes), which department does it belong to
// (Department, derived from the INSEE codes of its communes so that Corsica,
// the overseas departments and codes delivered across a department border
// come out right), and which valid code did the writer most likely mean when
// the OCR reading is not valid (Repair).
//
// It does not read images, does not know about CEDEX codes (absent from the
// source list), and does not decide whether a repaired code may be accepted:
// Repair only proposes, with a score and a uniqueness flag, and callers must
// never accept a FourDigits suggestion without a human look.
//
// The package is pure Go and safe for concurrent use; the table is parsed
// once, on first use.
package postal
