#!/bin/sh
# name-lexicon.sh regenerates names/data/names.txt, the given names and
# family names embedded by package names (names.Known), one per line.
#
# Sources (see names/data/README.md):
#   - Debian package hunspell-fr-classical (Dicollecte's French dictionary,
#     MPL-2.0): the entries tagged po:prn (given names) and po:patr (family
#     names);
#   - the npm package @faker-js/faker (MIT), pinned below: the given and
#     family names of its French-speaking locales.
#
# Needs: apt-get (download only, no install), dpkg-deb, npm and node. Run
# from anywhere:
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
grep -E 'po:(prn|patr)' x/usr/share/hunspell/fr.dic | cut -d/ -f1 | cut -d" " -f1 | cut -f1 >hunspell.txt

FAKER=@faker-js/faker@10.6.0
npm pack --silent "$FAKER" >/dev/null 2>&1 || {
	echo "name-lexicon: npm pack $FAKER failed" >&2
	exit 1
}
tar xzf faker-js-faker-*.tgz
node "$ROOT/scripts/faker-names.mjs" "$TMP/package/dist/index.js" >faker.txt

LC_ALL=C sort -u hunspell.txt faker.txt >"$ROOT/names/data/names.txt"
echo "names/data/names.txt: $(wc -l <"$ROOT/names/data/names.txt") names ($(wc -l <hunspell.txt) from $(ls hunspell-fr-classical_*.deb), $(wc -l <faker.txt) from $FAKER)"
