package rows

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// printed renders s in Go Bold, black on white, as a cell image.
func printed(t *testing.T, s string) *image.Gray {
	t.Helper()
	f, err := opentype.Parse(gobold.TTF)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 40, DPI: 72})
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewGray(image.Rect(0, 0, 40*len(s), 70))
	draw.Draw(img, img.Rect, image.White, image.Point{}, draw.Src)
	d := font.Drawer{Dst: img, Src: image.Black, Face: face, Dot: fixed.P(10, 50)}
	d.DrawString(s)
	return img
}

func TestPieces(t *testing.T) {
	t.Run("a piece per printed letter, accents and dots aside", func(t *testing.T) {
		for _, c := range []struct {
			text string
			want int
		}{
			{"MARTIN", 6},
			{"Hélène", 6},
			{"Zoé Inès", 7}, // accents and the dot of the i aside
		} {
			if got := Pieces(printed(t, c.text)); got != c.want {
				t.Errorf("Pieces(%q printed) = %d, want %d", c.text, got, c.want)
			}
		}
	})
	t.Run("a joined stroke is one piece", func(t *testing.T) {
		// A word of joined-up writing: one wavy line, thick enough for
		// 8-connected ink, with a dot above it like the dot of an i.
		img := image.NewGray(image.Rect(0, 0, 300, 60))
		draw.Draw(img, img.Rect, image.White, image.Point{}, draw.Src)
		for x := 10; x < 290; x++ {
			y := 35 + int(15*math.Sin(float64(x)/12))
			for dy := -1; dy <= 1; dy++ {
				img.SetGray(x, y+dy, color.Gray{0})
			}
		}
		img.SetGray(150, 5, color.Gray{0})
		img.SetGray(151, 5, color.Gray{0})
		if got := Pieces(img); got != 1 {
			t.Errorf("Pieces(one wavy stroke and a dot) = %d, want 1", got)
		}
	})
	t.Run("sub-image and empty cell", func(t *testing.T) {
		img := printed(t, "AB CD")
		sub := img.SubImage(image.Rect(40, 0, img.Rect.Dx(), 70)).(*image.Gray)
		if got, all := Pieces(sub), Pieces(img); got >= all || got < 2 {
			t.Errorf("Pieces of the right part of %q = %d, of all %d: want fewer, at least 2", "AB CD", got, all)
		}
		white := image.NewGray(image.Rect(0, 0, 10, 10))
		draw.Draw(white, white.Rect, image.White, image.Point{}, draw.Src)
		if got := Pieces(white); got != 0 {
			t.Errorf("Pieces(a cell without ink) = %d, want 0", got)
		}
		if got := Pieces(nil); got != 0 {
			t.Errorf("Pieces(nil) = %d, want 0", got)
		}
	})
}
