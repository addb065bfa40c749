package scanfile

import (
	"context"
	"encoding/binary"
	"errors"
	"image"
	"math"
	"path/filepath"
	"testing"
)

// TestMultipageTIFF decodes the committed three-page TIFFs (made with
// ImageMagick and tiffcp, little- and big-endian): page 1 bilevel CCITT G4
// min-is-white at 30 dpi, page 2 8-bit gray LZW at 10 px/cm and of another
// size, page 3 bilevel G4 min-is-black. All three show the sheet pattern, so
// a page decoded as a negative fails.
func TestMultipageTIFF(t *testing.T) {
	type want struct {
		w, h int
		dpi  float64
	}
	pages := []want{{248, 351, 30}, {200, 283, 25.4}, {248, 351, 30}}
	for _, name := range []string{"multipage_le.tif", "multipage_be.tif"} {
		t.Run(name, func(t *testing.T) {
			d, err := Open(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			if d.NumPages() != len(pages) || d.Format() != FormatTIFF {
				t.Fatalf("Open(%q) = %s with %d pages, want tiff with %d", name, d.Format(), d.NumPages(), len(pages))
			}
			for i, w := range pages {
				p, err := d.Page(context.Background(), i+1)
				if err != nil {
					t.Fatalf("Page(%d): %v", i+1, err)
				}
				if p.Image.Rect.Dx() != w.w || p.Image.Rect.Dy() != w.h {
					t.Errorf("Page(%d) size = %v, want %d×%d", i+1, p.Image.Rect.Size(), w.w, w.h)
				}
				// 200×283 at 25.4 dpi is an A4 sheet's 283 mm: within 15 %.
				if math.Abs(p.DPI-w.dpi) > 0.01 || p.DPISource != DPIFromTag {
					t.Errorf("Page(%d) DPI = %.2f %q, want %.2f tag", i+1, p.DPI, p.DPISource, w.dpi)
				}
				checkSheet(t, name, p.Image)
			}
		})
	}
}

// TestTIFFChain builds TIFFs with several IFDs to check the chain walk:
// byte orders, per-page sizes and resolutions, thumbnails skipped.
func TestTIFFChain(t *testing.T) {
	dir := t.TempDir()
	a, b, thumb := sheet(248, 351), sheet(300, 424), sheet(31, 44)
	for _, bo := range []binary.AppendByteOrder{binary.LittleEndian, binary.BigEndian} {
		data, _ := buildTIFF(bo, []tiffPage{{img: a, dpi: 30}, {img: thumb, subfile: 1}, {img: b}})
		path := writeFile(t, dir, bo.String()+".tif", data)
		d, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if d.NumPages() != 2 {
			t.Errorf("%s: NumPages() = %d, want 2 (the thumbnail is not a page)", bo, d.NumPages())
		}
		for i, want := range []struct {
			w, h int
			src  string
		}{{248, 351, DPIFromTag}, {300, 424, DPIFromSize}} {
			p, err := d.Page(context.Background(), i+1)
			if err != nil {
				t.Errorf("%s: Page(%d): %v", bo, i+1, err)
				continue
			}
			if p.Image.Rect.Dx() != want.w || p.Image.Rect.Dy() != want.h || p.DPISource != want.src {
				t.Errorf("%s: Page(%d) = %v %q, want %d×%d %q", bo, i+1, p.Image.Rect.Size(), p.DPISource, want.w, want.h, want.src)
			}
			checkSheet(t, bo.String(), p.Image)
		}
		d.Close()
	}
}

// TestTIFFDamagedChain checks hostile IFD chains: a loop, a next offset
// outside the file, a page beyond MaxPixels.
func TestTIFFDamagedChain(t *testing.T) {
	dir := t.TempDir()
	img := sheet(40, 56)
	data, offs := buildTIFF(binary.LittleEndian, []tiffPage{{img: img}, {img: img}})
	nextOf := func(off uint32) int { // position of an IFD's next-IFD offset
		n := int(binary.LittleEndian.Uint16(data[off:]))
		return int(off) + 2 + 12*n
	}

	loop := append([]byte{}, data...)
	binary.LittleEndian.PutUint32(loop[nextOf(offs[1]):], offs[0])
	if n, err := decodeAll(t, writeFile(t, dir, "loop.tif", loop)); n != 2 || !errors.Is(err, ErrCorrupt) {
		t.Errorf("decode(IFD loop) = %d pages, %v; want 2 good pages then ErrCorrupt", n, err)
	}

	// A damaged tail: the pages before it decode, the lost one is counted
	// and reported.
	tail := append([]byte{}, data...)
	binary.LittleEndian.PutUint32(tail[nextOf(offs[1]):], uint32(len(data)+1000))
	tailPath := writeFile(t, dir, "tail.tif", tail)
	if d, err := Open(tailPath); err != nil {
		t.Errorf("Open(next IFD past the end) error = %v, want 3 pages, the last one broken", err)
	} else {
		if d.NumPages() != 3 {
			t.Errorf("Open(next IFD past the end).NumPages() = %d, want 3", d.NumPages())
		}
		for i := 1; i <= 2; i++ {
			if _, err := d.Page(context.Background(), i); err != nil {
				t.Errorf("Page(%d) before the damaged tail: %v", i, err)
			}
		}
		_, err := d.Page(context.Background(), 3)
		if !errors.Is(err, ErrCorrupt) {
			t.Errorf("Page(3) past the end: error = %v, want ErrCorrupt", err)
		}
		checkFileError(t, tailPath, err)
		d.Close()
	}

	first := append([]byte{}, data...)
	binary.LittleEndian.PutUint32(first[4:], uint32(len(data)+1000))
	if _, err := Open(writeFile(t, dir, "first.tif", first)); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Open(first IFD past the end) error = %v, want ErrCorrupt", err)
	}

	// Page 2 announces 100000×100000: page 1 still decodes, page 2 is
	// refused before any pixel is read.
	bomb := append([]byte{}, data...)
	for k := 0; k < 2; k++ { // width then height entries (tags 256, 257)
		binary.LittleEndian.PutUint32(bomb[int(offs[1])+2+12*(1+k)+8:], 100000)
	}
	d, err := Open(writeFile(t, dir, "bomb.tif", bomb))
	if err != nil {
		t.Fatalf("Open(bomb on page 2): %v", err)
	}
	defer d.Close()
	if _, err := d.Page(context.Background(), 1); err != nil {
		t.Errorf("Page(1) next to a bomb: %v", err)
	}
	_, err = d.Page(context.Background(), 2)
	var e *Error
	if !errors.Is(err, ErrTooLarge) || !errors.As(err, &e) || e.Page != 2 {
		t.Errorf("Page(2) of bomb = %v, want ErrTooLarge on page 2", err)
	}
}

// TestJPEGTIFF decodes the committed JPEG-compressed TIFF: strips and
// tiles, YCbCr, RGB and gray. Light-blue ink must come out near its luma.
func TestJPEGTIFF(t *testing.T) {
	d, err := Open(filepath.Join("testdata", "jpeg_pages.tif"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if d.NumPages() != 4 {
		t.Fatalf("NumPages() = %d, want 4", d.NumPages())
	}
	blue := int(luma8(110, 150, 220))
	for i, name := range []string{"YCbCr strips", "RGB strips", "YCbCr tiles", "gray strips"} {
		p, err := d.Page(context.Background(), i+1)
		if err != nil {
			t.Errorf("Page(%d) %s: %v", i+1, name, err)
			continue
		}
		if p.Image.Rect != image.Rect(0, 0, 300, 424) || p.DPI != 36 || p.DPISource != DPIFromTag {
			t.Errorf("Page(%d) %s = %v at %.1f dpi %q, want 300×424 at 36 dpi tag", i+1, name, p.Image.Rect, p.DPI, p.DPISource)
		}
		// The blue rectangle covers checkSheet's paper pixel: check here.
		if v := p.Image.GrayAt(56, 79).Y; v > 64 {
			t.Errorf("Page(%d) %s: black rectangle = %d, want ≤ 64", i+1, name, v)
		}
		if v := p.Image.GrayAt(250, 100).Y; v < 192 {
			t.Errorf("Page(%d) %s: paper = %d, want ≥ 192", i+1, name, v)
		}
		if i < 3 {
			if v := int(p.Image.GrayAt(200, 325).Y); v < blue-8 || v > blue+8 {
				t.Errorf("Page(%d) %s: light-blue ink = %d, want %d ±8", i+1, name, v, blue)
			}
		}
	}
}
