#!/usr/bin/env bash
# bench.sh measures what the README reports: the Go benchmarks of the image
# stages, then the whole import (pages per minute, peak memory) with
# --jobs 1 and --jobs 2 on the sample scans, against plain whole-page
# Tesseract (`tesseract PAGE stdout -l fra`) on the same pages.
set -euo pipefail
cd "$(dirname "$0")/.."
SCANS=${SCANS:-testdata/scans}
BIN=./bin/sheetscan
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== machine"
echo "$(nproc --all) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/{print $2}') GiB"
echo
echo "== Go benchmarks (one core)"
GOMAXPROCS=1 go test -run '^$' -bench . -benchtime 5x ./deskew ./rows ./digits ./ocr ./pipeline 2>/dev/null | grep -E '^(Benchmark|ok|PASS)' || true
echo

if ! command -v /usr/bin/time >/dev/null; then
	echo "(GNU time missing: peak memory not measured; apt-get install time)"
fi

# Count the pages of the set.
pages=0
mkdir -p "$work/pages"
while IFS= read -r -d '' f; do
	case "${f,,}" in
	*.pdf)
		n=$(pdfinfo "$f" | awk '/^Pages:/{print $2}')
		pdftoppm -r 200 -gray -png "$f" "$work/pages/$(basename "$f" .pdf)"
		;;
	*.tif | *.tiff)
		n=$(tiffinfo "$f" 2>/dev/null | grep -c 'TIFF Directory' || echo 1)
		cp "$f" "$work/pages/"
		;;
	*.png | *.jpg | *.jpeg)
		n=1
		cp "$f" "$work/pages/"
		;;
	*) continue ;;
	esac
	pages=$((pages + n))
done < <(find "$SCANS" -type f -print0 | sort -z)
echo "== import of $SCANS: $pages pages"

run() { # jobs
	local db="$work/bench-$1.db" t0 t1 mem=""
	rm -f "$db"*
	t0=$(date +%s.%N)
	if command -v /usr/bin/time >/dev/null; then
		/usr/bin/time -f '%M' -o "$work/mem" "$BIN" --db "$db" import -q --jobs "$1" "$SCANS" >/dev/null || true
		mem=$(($(cat "$work/mem") / 1024))
	else
		"$BIN" --db "$db" import -q --jobs "$1" "$SCANS" >/dev/null || true
	fi
	t1=$(date +%s.%N)
	python3 -c "import sys; t=$t1-$t0; print(f'--jobs $1: {t:.1f} s, {$pages/t*60:.1f} pages/min, peak memory ${mem:-?} MiB')"
	echo "$t1 - $t0" | bc -l >"$work/t$1"
}
run 1
run 2

baseline() { # label, env
	local t0 t1
	t0=$(date +%s.%N)
	find "$work/pages" -type f -print0 | env $2 xargs -0 -n1 -P2 sh -c 'tesseract "$0" stdout -l fra >/dev/null 2>&1'
	t1=$(date +%s.%N)
	python3 -c "
t=$t1-$t0; s2=float(open('$work/t2').read())
print(f'baseline $1: {t:.1f} s, {$pages/t*60:.1f} pages/min; sheetscan --jobs 2 is {t/s2:.2f}x as fast')"
}
echo "== baseline: tesseract PAGE stdout -l fra, one page at a time, 2 in parallel"
baseline "as installed (OpenMP default)" "-u OMP_THREAD_LIMIT"
baseline "with OMP_THREAD_LIMIT=1" "OMP_THREAD_LIMIT=1"
