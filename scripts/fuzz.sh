#!/usr/bin/env bash
# fuzz.sh [FUZZTIME] runs every fuzz target of the module for FUZZTIME each
# (default 60s): `make test` runs it briefly, `make fuzz` longer.
set -euo pipefail
cd "$(dirname "$0")/.."
t=${1:-60s}
for pkg in $(go list ./...); do
	for f in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
		echo "fuzz $pkg $f $t"
		go test -run '^$' -fuzz "^$f\$" -fuzztime "$t" -fuzzminimizetime 10x "$pkg"
	done
done
