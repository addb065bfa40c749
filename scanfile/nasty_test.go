package scanfile

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"image"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite ../testdata/nasty from the generators in nasty_test.go")

// nastyDir holds small hostile or off-topic inputs for every stage of the
// pipeline; its README.md says what each is and the expected outcome.
var nastyDir = filepath.Join("..", "testdata", "nasty")

// nastyFile is one file of the nasty folder and what scanfile must do
// with it: fail with want, or decode (want nil) to pages of the given size.
type nastyFile struct {
	name string
	make func(tb testing.TB) []byte
	want error
	size image.Point // decoded page size when want is nil
}

// formLike is a w×h gray page with ruled lines and text-like specks, so
// that its compressed forms are not trivially small.
func formLike(w, h int) *image.Gray {
	g := sheet(w, h)
	rng := rand.New(rand.NewPCG(1, 2))
	for y := h / 3; y < h-h/10; y += h / 40 {
		for x := w / 10; x < w-w/10; x++ {
			g.Pix[y*g.Stride+x] = 20
		}
	}
	for i := 0; i < w*h/400; i++ {
		g.Pix[rng.IntN(len(g.Pix))] = uint8(rng.IntN(128))
	}
	return g
}

var nastyFiles = []nastyFile{
	{"zero.png", func(tb testing.TB) []byte { return nil }, ErrEmpty, image.Point{}},
	{"truncated.jpg", func(tb testing.TB) []byte {
		b := encodeJPEG(tb, formLike(413, 585), jpegMeta{jfifUnit: 1, jfifDensity: 50})
		return b[:len(b)/2]
	}, ErrCorrupt, image.Point{}},
	{"truncated.png", func(tb testing.TB) []byte {
		b := encodePNG(tb, formLike(827, 1169), 100)
		return b[:len(b)/2]
	}, ErrCorrupt, image.Point{}},
	{"truncated.tif", func(tb testing.TB) []byte {
		// IFD first, pixels after: the cut leaves a valid header and IFD
		// whose strip runs past the end of the file.
		b, _ := buildTIFF(binary.LittleEndian, []tiffPage{{img: formLike(413, 585), dpi: 50}})
		return b[:len(b)/2]
	}, ErrCorrupt, image.Point{}},
	{"nopages.pdf", func(tb testing.TB) []byte { return noPagesPDF() }, ErrNoPages, image.Point{}},
	{"corrupt.pdf", func(tb testing.TB) []byte { return corruptPDF() }, ErrCorrupt, image.Point{}},
	{"bomb.png", func(tb testing.TB) []byte { return bombPNG(100000, 100000) }, ErrTooLarge, image.Point{}},
	{"text.tif", func(tb testing.TB) []byte {
		return []byte("This is a text file with a .tif name.\nIt is not an image.\n")
	}, ErrUnsupported, image.Point{}},
	{"photo.jpg", func(tb testing.TB) []byte {
		return encodeJPEG(tb, photo(640, 480), jpegMeta{jfifUnit: 1, jfifDensity: 72})
	}, nil, image.Pt(640, 480)},
	{"blank.png", func(tb testing.TB) []byte {
		g := image.NewGray(image.Rect(0, 0, 827, 1169)) // A4 at 100 dpi
		for i := range g.Pix {
			g.Pix[i] = 255
		}
		return encodePNG(tb, g, 100)
	}, nil, image.Pt(827, 1169)},
}

// TestNasty checks the scanfile-level outcome for each file of the nasty
// folder; photo.jpg and blank.png decode here and are rejected later as
// not being the form.
func TestNasty(t *testing.T) {
	if *update {
		if err := os.MkdirAll(nastyDir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range nastyFiles {
			writeFile(t, nastyDir, f.name, f.make(t))
		}
	}
	for _, f := range nastyFiles {
		t.Run(f.name, func(t *testing.T) {
			path := filepath.Join(nastyDir, f.name)
			st, err := os.Stat(path)
			if err != nil {
				t.Fatalf("%v (run go test -run TestNasty -update to create it)", err)
			}
			if st.Size() > 200<<10 {
				t.Errorf("%s is %d bytes, want ≤ 200 KB", f.name, st.Size())
			}
			if want := f.make(t); !*update && !bytes.Equal(mustRead(t, path), want) {
				t.Logf("%s differs from its generator (run with -update if the generator changed on purpose)", f.name)
			}
			n, err := decodeAll(t, path)
			if f.want != nil {
				if !errors.Is(err, f.want) {
					t.Errorf("decode %s: error = %v, want %v", f.name, err, f.want)
				}
				checkFileError(t, path, err)
				return
			}
			if err != nil || n != 1 {
				t.Fatalf("decode %s = %d pages, %v; want 1 page", f.name, n, err)
			}
			p := onlyPage(t, path)
			if p.Image.Rect.Size() != f.size {
				t.Errorf("decode %s: size %v, want %v", f.name, p.Image.Rect.Size(), f.size)
			}
		})
	}
}

func mustRead(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
