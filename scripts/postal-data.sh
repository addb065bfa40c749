#!/bin/sh
# postal-data.sh regenerates postal/data/codes.tsv.gz, the list of French
# postal codes embedded by package postal.
#
# Source: npm package codes-postaux (pinned below), built by Base Adresse
# Nationale from the INSEE Code Officiel Géographique and the DGFiP FIMOCT
# file, published on data.gouv.fr under the Licence Ouverte / Etalab 2.0;
# the package code itself is MIT. See postal/data/README.md.
#
# Needs: npm (registry access), go. Run from anywhere:
#   scripts/postal-data.sh
# The output is deterministic for a given package version.
set -eu

VERSION=4.1.2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

(cd "$TMP" && npm pack --silent "codes-postaux@$VERSION" >/dev/null && tar xzf "codes-postaux-$VERSION.tgz")
cd "$ROOT"
go run ./postal/internal/gen -in "$TMP/package/codes-postaux.json" -out postal/data/codes.tsv.gz
