package rows

import (
	"image"
	"testing"
)

// TestSignatureShared draws, on a plain grid at 8 px/mm, a signature whose
// first letter (a ring) straddles the rule between rows 1 and 2 while the
// rest of it lies in row 2: row 2 is signed by ink of its own; row 1 is
// signed only by the cut-off top of the ring, which may well be row 2's,
// so it is marked SignatureShared. A signature inside its row is not.
func TestSignatureShared(t *testing.T) {
	const px1mm = 8.0
	const rowH = 80 // 10 mm
	w, h := 1000, 5*rowH
	g := &grid{rowH: rowH}
	for i := 0; i <= 4; i++ { // header, then rows 1–3
		g.h = append(g.h, rule{pos: float64(i * rowH), lo: 0, hi: 960})
	}
	for i, x := range []int{0, 80, 480, 640, 960} {
		g.v[i] = rule{pos: float64(x), lo: 0, hi: 4 * rowH}
	}
	g.inferred = make([]bool, len(g.h))
	content := newBitmap(w, h)
	fill := func(r image.Rectangle) {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				content.pix[y*w+x] = 1
			}
		}
	}
	ring := func(r image.Rectangle, th int) {
		fill(image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+th))
		fill(image.Rect(r.Min.X, r.Max.Y-th, r.Max.X, r.Max.Y))
		fill(image.Rect(r.Min.X, r.Min.Y, r.Min.X+th, r.Max.Y))
		fill(image.Rect(r.Max.X-th, r.Min.Y, r.Max.X, r.Max.Y))
	}
	// Row 2 (band 2, y 160–240): a ring from y 124 to 206, then the rest
	// of the signature, well inside the row.
	ring(image.Rect(700, 124, 740, 206), 4)
	fill(image.Rect(760, 172, 860, 220))
	// Row 3 (band 3, y 240–320): a signature of its own.
	fill(image.Rect(700, 262, 880, 290))

	cells := cutCells(content, g, px1mm)
	if cells[1][SignatureCol].SharedMM2 == 0 || cells[2][SignatureCol].SharedMM2 == 0 {
		t.Fatalf("SharedMM2 = %.1f (row 1), %.1f (row 2), want both > 0: the ring was not cut at the rule",
			cells[1][SignatureCol].SharedMM2, cells[2][SignatureCol].SharedMM2)
	}
	for b, want := range map[int]struct{ signed, shared bool }{1: {true, true}, 2: {true, false}, 3: {true, false}} {
		r := Row{Box: image.Rect(80, (b)*rowH, 960, (b+1)*rowH), Name: cells[b][NameCol], Postal: cells[b][PostalCol], Signature: cells[b][SignatureCol]}
		classify(&r, px1mm)
		if r.Signed != want.signed || r.SignatureShared != want.shared {
			t.Errorf("row %d: Signed %v, SignatureShared %v (signature %.1f mm², shared %.1f mm²), want %v, %v",
				b, r.Signed, r.SignatureShared, r.SignedScore, r.Signature.SharedMM2, want.signed, want.shared)
		}
	}
}
