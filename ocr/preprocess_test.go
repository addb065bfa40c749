package ocr

import (
	"image"
	"math"
	"testing"
)

// inkBox returns the bounding box of pixels darker than 128.
func inkBox(g *image.Gray) image.Rectangle {
	var r image.Rectangle
	b := g.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if g.GrayAt(x, y).Y < 128 {
				r = r.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return r
}

func TestPrepare(t *testing.T) {
	text := renderCell(t, "DUPONT", 50, false)
	ruled := renderCell(t, "DUPONT", 50, true)
	negative := renderCell(t, "DUPONT", 50, false)
	for i, p := range negative.Pix {
		negative.Pix[i] = 255 - p
	}
	tests := []struct {
		name string
		cell *image.Gray
		ink  bool
	}{
		{"text", text, true},
		{"ruled", ruled, true},
		{"negative", negative, true},
		{"blank", renderCell(t, "", 50, false), false},
		{"ruled blank", renderCell(t, "", 50, true), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := prepare(tt.cell, variantCrop)
			if !tt.ink {
				if out != nil {
					t.Errorf("prepare(%s) gave an image, want nil for a cell without ink", tt.name)
				}
				return
			}
			if out == nil {
				t.Fatalf("prepare(%s) = nil, want an image", tt.name)
			}
			ink := inkBox(out)
			t.Logf("prepare(%s): %v, ink %v", tt.name, out.Bounds(), ink)
			// The capitals fill the ink box; with the margin of a fifth
			// on each side the box is 40/1.4 ≈ 29 px tall.
			if h := ink.Dy(); h < 22 || h > 36 {
				t.Errorf("prepare(%s): ink %d px tall, want about 29 (scaled to 40 with margins)", tt.name, h)
			}
			// A white border all round: the ruled lines are gone and
			// the ground is white.
			b := out.Bounds()
			if ink.Min.X < 10 || ink.Min.Y < 10 || b.Max.X-ink.Max.X < 10 || b.Max.Y-ink.Max.Y < 10 {
				t.Errorf("prepare(%s): ink box %v too close to the image edge %v", tt.name, ink, b)
			}
		})
	}
}

func TestPackColumns(t *testing.T) {
	// Three one-column-wide strokes at x = 2, 10, 40 in a 50×10 image.
	g := image.NewGray(image.Rect(0, 0, 50, 10))
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	for _, x := range []int{2, 10, 40} {
		for y := 0; y < 10; y++ {
			g.Pix[y*g.Stride+x] = 0
		}
	}
	out := packColumns(g, 3)
	// 4 gaps of 3 columns and 3 inked columns.
	if w := out.Bounds().Dx(); w != 15 {
		t.Errorf("packColumns width = %d, want 15", w)
	}
	runs := columnRuns(out, 0)
	want := []run{{3, 4}, {7, 8}, {11, 12}}
	if len(runs) != len(want) {
		t.Fatalf("runs after packing = %v, want %v", runs, want)
	}
	for i := range want {
		if runs[i] != want[i] {
			t.Errorf("run %d = %v, want %v", i, runs[i], want[i])
		}
	}
}

func TestResize(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 40, 20))
	for _, s := range []float64{0.5, 1, 2.5} {
		out := resize(g, s)
		if w, h := out.Bounds().Dx(), out.Bounds().Dy(); w != int(40*s) || h != int(20*s) {
			t.Errorf("resize(40×20, %g) = %d×%d, want %d×%d", s, w, h, int(40*s), int(20*s))
		}
	}
}

// TestDeslant shears three vertical strokes by 0.4 (leaning right) and
// checks that deslant stands them upright again: each stroke then covers
// few columns. Upright strokes are returned as they are.
func TestDeslant(t *testing.T) {
	const w, h = 120, 40
	strokes := func(shear float64) *image.Gray {
		g := image.NewGray(image.Rect(0, 0, w, h))
		for i := range g.Pix {
			g.Pix[i] = 255
		}
		for _, x0 := range []int{30, 60, 90} {
			for y := 0; y < h; y++ {
				x := x0 + int(math.Round(shear*float64(h/2-y)))
				for dx := 0; dx < 3; dx++ {
					g.Pix[y*w+x+dx] = 0
				}
			}
		}
		return g
	}
	inkColumns := func(g *image.Gray) int {
		n := 0
		for x := 0; x < g.Rect.Dx(); x++ {
			for y := 0; y < g.Rect.Dy(); y++ {
				if g.Pix[y*g.Stride+x] < 128 {
					n++
					break
				}
			}
		}
		return n
	}
	slanted := strokes(0.4)
	up := deslant(slanted)
	if got, before := inkColumns(up), inkColumns(slanted); got > 15 || got >= before {
		t.Errorf("deslant: strokes cover %d columns (%d before), want at most 15 (three strokes 3 pixels wide, upright)", got, before)
	}
	if upright := strokes(0); deslant(upright) != upright {
		t.Error("deslant changed upright strokes")
	}
}
