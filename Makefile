# sheetscan — the two commands a new user needs:
#   make demo   install what is missing, build, import the sample scans, show the result
#   make test   install what is missing, run every test
SHELL := /bin/bash
export PATH := /usr/local/go/bin:$(PATH)
# Tesseract's OpenMP threads only slow down many small recognitions run in
# parallel workers (see ocr.EnsureSingleThreaded); tests and benchmarks too.
export OMP_THREAD_LIMIT := 1
GO ?= go
DEMO_DB ?= demo/demo.db

# Debian packages: Tesseract with French data, its C headers for gosseract
# (cgo), poppler for PDF, Chromium for the review page's browser test.
APT_RUN  := tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng tesseract-ocr-osd tesseract-ocr-script-latn \
            libtesseract-dev libleptonica-dev poppler-utils gcc pkg-config
APT_TEST := chromium libtiff-tools

.PHONY: all build deps deps-test demo test test-go fuzz bench eval train-digits postal-data name-lexicon clean

all: build

deps:
	@./scripts/apt-install.sh $(APT_RUN)
	@command -v $(GO) >/dev/null || { echo "Go 1.26 or newer is needed (https://go.dev/dl), at /usr/local/go or on PATH"; exit 1; }

deps-test: deps
	@./scripts/apt-install.sh $(APT_TEST)

build: deps
	$(GO) build -o bin/sheetscan ./cmd/sheetscan

demo: build
	rm -rf demo && mkdir -p demo
	./bin/sheetscan --db $(DEMO_DB) import --campaign demo testdata/scans/ || true
	./bin/sheetscan --db $(DEMO_DB) status
	./bin/sheetscan --db $(DEMO_DB) export --format csv -o demo/export.csv && echo "export written to demo/export.csv"
	./bin/sheetscan --db $(DEMO_DB) tally --by department || true
	@echo
	@echo "Review the flagged rows:  ./bin/sheetscan --db $(DEMO_DB) review   (then open http://127.0.0.1:8080)"

test: deps-test test-go

test-go:
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 12m ./...
	$(MAKE) --no-print-directory fuzz FUZZTIME=150x

# Each fuzz target for FUZZTIME (longer by hand: make fuzz FUZZTIME=5m).
FUZZTIME ?= 60s
fuzz:
	./scripts/fuzz.sh $(FUZZTIME)

bench: build
	@./scripts/apt-install.sh time bc python3 libtiff-tools
	./scripts/bench.sh

# Accuracy on labelled scans (a folder with scans/ and truth.json).
CORPUS ?= ../shared/corpus/dev
eval: build
	$(GO) run ./cmd/evaluate -corpus $(CORPUS)

# Fonts rendered into training digits beside MNIST (digits/synth/fonts.go).
TRAIN_FONTS = fonts-dkg-handwriting fonts-comic-neue fonts-humor-sans fonts-femkeklaver fonts-sjfonts \
	fonts-dejavu-core fonts-dejavu-extra fonts-liberation

# Labelled pages whose postal-code cells, cut by the pipeline, tune the
# network after its first epochs: two sets in the fonts, two with MNIST
# training digits (never the test split), seeds of their own. The second
# train-digits run adds a junk output, taught with the cuts of those cells
# that are not one digit (one worker: the committed weights were made so).
TRAIN_PAGES = out/train/fonts1 out/train/mnist1 out/train/fonts2 out/train/mnist2

train-digits: build
	@./scripts/apt-install.sh $(TRAIN_FONTS)
	./scripts/mnist.sh
	$(GO) run ./cmd/mkforms -out out/train/fonts1 -sheets 60 -seed 424242 -fonts all -j 2
	$(GO) run ./cmd/mkforms -out out/train/mnist1 -sheets 60 -seed 535353 -fonts all -j 2 -mnist $$(./scripts/mnist.sh) -mnist-split train
	$(GO) run ./cmd/mkforms -out out/train/fonts2 -sheets 60 -seed 434343 -fonts all -j 2
	$(GO) run ./cmd/mkforms -out out/train/mnist2 -sheets 60 -seed 545454 -fonts all -j 2 -mnist $$(./scripts/mnist.sh) -mnist-split train
	GOMAXPROCS=2 $(GO) run ./cmd/train-digits -workers 2 -pages $$(echo $(TRAIN_PAGES) | tr ' ' ,)
	GOMAXPROCS=1 $(GO) run ./cmd/train-digits -workers 1 -init digits/model.bin -junk 4 -tune-epochs 5 \
		-pages $$(echo $(TRAIN_PAGES) | tr ' ' ,)

postal-data:
	./scripts/postal-data.sh

name-lexicon:
	./scripts/name-lexicon.sh

clean:
	rm -rf bin demo
