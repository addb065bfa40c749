#!/bin/sh
# name-lexicon.sh regenerates names/data/names.txt, the given names and
# family names embedded by package names (names.Known), one per line.
#
# Source: Debian package hunspell-fr-classical (Dicollecte's French
# dictionary, MPL-2.0): the entries tagged po:prn (given names) and
# po:patr (family names). See names/data/README.md.
#
# Needs: apt-get (download only, no install), dpkg-deb. Run from anywhere:
#   scripts/name-lexicon.sh
# The output is deterministic for a given package version, printed at the
# end.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

cd "$TMP"
apt-get download hunspell-fr-classical >/dev/null 2>&1 || {
	echo "name-lexicon: apt-get download hunspell-fr-classical failed (run apt-get update?)" >&2
	exit 1
}
dpkg-deb -x hunspell-fr-classical_*.deb x
grep -E 'po:(prn|patr)' x/usr/share/hunspell/fr.dic | cut -d/ -f1 | cut -d" " -f1 | cut -f1 | LC_ALL=C sort -u >"$ROOT/names/data/names.txt"
echo "names/data/names.txt: $(wc -l <"$ROOT/names/data/names.txt") names from $(ls hunspell-fr-classical_*.deb)"
