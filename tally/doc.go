// Package tally holds the pure logic behind counting signatures: how two
// hand-written names are compared to find a person who signed twice, and
// how rows that a reviewer confirmed to be the same person collapse into
// one signature.
//
// Names are compared after normalisation (Normalize: Unicode NFD with the
// accents removed, upper case, hyphens, apostrophes and runs of spaces
// folded into one space), with a Damerau-Levenshtein distance (optimal
// string alignment: a swap of two neighbouring letters costs one edit)
// bounded relative to the length of the names, and with the word order
// ignored, so "Dupont Jean", "DUPONT JEAN", "Jean Dupond" and "DUPOMT Jean"
// all name the same person.
//
// Not goals: storage, postal codes and departments (package postal), or
// deciding that two rows are the same person: Similar only proposes a pair
// for a reviewer to confirm or reject.
//
// Everything here is safe for concurrent use.
package tally
