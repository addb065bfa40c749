package formgen

import (
	"encoding/json"
	"flag"
	"image"
	"image/color"
	"math"
	"math/rand"
	"os"
	"reflect"
	"slices"
	"testing"
)

// testLayouts are the layouts the geometry tests render.
func testLayouts() map[string]Layout {
	rng := rand.New(rand.NewSource(3))
	out := map[string]Layout{
		"original page 1": OriginalLayout(1),
		"original page 2": OriginalLayout(2),
	}
	for i, name := range []string{"random a", "random b", "random c"} {
		out[name] = RandomLayout(rng, 1+i%2)
	}
	return out
}

// tame removes the jitter that legitimately puts ink outside a row's own
// box (spill above the line, signature overflow), so that tests can say
// which ink belongs where.
func tame(es []Entry) []Entry {
	for i := range es {
		es[i].DyFrac = 0
		es[i].SigOverflow = false
		es[i].RotDeg = 0
		es[i].Scale = 1
	}
	return es
}

func gray(c color.Color) float64 {
	return lum(c) * 255
}

// darkNear reports whether a pixel within rad of (x, y) is darker than thr.
func darkNear(img image.Image, x, y float64, rad int, thr float64) bool {
	for dy := -rad; dy <= rad; dy++ {
		for dx := -rad; dx <= rad; dx++ {
			p := image.Pt(int(math.Floor(x))+dx, int(math.Floor(y))+dy)
			if p.In(img.Bounds()) && gray(img.At(p.X, p.Y)) < thr {
				return true
			}
		}
	}
	return false
}

// inkCount counts pixels darker than 160 inside r shrunk by inset.
func inkCount(img image.Image, r image.Rectangle, inset int) int {
	r = r.Inset(inset)
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if gray(img.At(x, y)) < 160 {
				n++
			}
		}
	}
	return n
}

func TestRenderRowsOnRuledLines(t *testing.T) {
	for name, l := range testLayouts() {
		t.Run(name, func(t *testing.T) {
			rng := rand.New(rand.NewSource(5))
			const dpi = 150
			img, truth := Render(l, tame(RandomEntries(rng, len(l.Numbers), DevHandFonts())), dpi, rng)
			if got, want := len(truth.Rows), len(l.Numbers); got != want {
				t.Fatalf("Render: %d rows, want %d", got, want)
			}
			if w, h := img.Bounds().Dx(), img.Bounds().Dy(); math.Abs(float64(w)-PageWmm/25.4*dpi) > 1 || math.Abs(float64(h)-PageHmm/25.4*dpi) > 1 {
				t.Errorf("Render size %dx%d, want A4 at %d dpi", w, h, dpi)
			}
			prevBottom := -1.0
			for i, row := range truth.Rows {
				if row.Number != l.Numbers[i] {
					t.Errorf("row %d number %d, want %d", i, row.Number, l.Numbers[i])
				}
				if math.Abs(row.BoxMM[3]-row.BoxMM[1]-l.RowH) > 0.01 {
					t.Errorf("row %d height %.2f mm, want %.2f", row.Number, row.BoxMM[3]-row.BoxMM[1], l.RowH)
				}
				if prevBottom >= 0 && math.Abs(row.BoxMM[1]-prevBottom) > 0.01 {
					t.Errorf("row %d starts at %.2f mm, previous ends at %.2f", row.Number, row.BoxMM[1], prevBottom)
				}
				prevBottom = row.BoxMM[3]
				num := truth.CellBoxPx(i, CellNumber)
				box := truth.RowBoxPx(i)
				// The top rule crosses the number column left of the printed number.
				if !darkNear(img, float64(num.Min.X)+float64(num.Dx())*0.15, float64(box.Min.Y), 1, 128) {
					t.Errorf("row %d: no ruled line at its top y=%d", row.Number, box.Min.Y)
				}
				// The vertical rule between number and name runs down the row's middle.
				if !darkNear(img, float64(box.Min.X), float64(box.Min.Y+box.Dy()/2), 1, 128) {
					t.Errorf("row %d: no ruled line at its left x=%d", row.Number, box.Min.X)
				}
				// The middle of the number cell, between its rules, has the printed number, which is dark.
				if inkCount(img, num, 2) == 0 {
					t.Errorf("row %d: number cell %v has no print", row.Number, num)
				}
			}
			// Below the last row there is a rule, and under it no further one.
			last := truth.RowBoxPx(len(truth.Rows) - 1)
			if !darkNear(img, float64(last.Min.X)+5, float64(last.Max.Y), 1, 128) {
				t.Errorf("no ruled line under the last row")
			}
		})
	}
}

func TestRenderInkInWrittenCellsOnly(t *testing.T) {
	for name, l := range testLayouts() {
		t.Run(name, func(t *testing.T) {
			rng := rand.New(rand.NewSource(11))
			// femkeklaver left out: its hollow digits are faint at 150 dpi.
			fonts := append(DevHandFonts(), OtherHandFonts()...)
			entries := tame(RandomEntries(rng, len(l.Numbers), fonts))
			img, truth := Render(l, entries, 150, rng)
			inset := 3 // clear of the ruled lines
			for i, row := range truth.Rows {
				name := inkCount(img, truth.CellBoxPx(i, CellName), inset)
				postal := inkCount(img, truth.CellBoxPx(i, CellPostal), inset)
				sig := inkCount(img, truth.CellBoxPx(i, CellSignature), inset)
				switch {
				case row.Blank:
					// Specks only: at most 3 dots of a few pixels.
					if name+postal+sig > 40 {
						t.Errorf("blank row %d has %d ink pixels", row.Number, name+postal+sig)
					}
				default:
					if row.Name != "" && name < 20 {
						t.Errorf("row %d name %q: %d ink pixels in the name cell", row.Number, row.Name, name)
					}
					if row.PostalCode != "" && postal < 10 {
						t.Errorf("row %d postal %q: %d ink pixels in the postal cell", row.Number, row.PostalCode, postal)
					}
					if row.Signed && sig < 10 {
						t.Errorf("row %d signed: %d ink pixels in the signature cell", row.Number, sig)
					}
					if !row.Signed && !row.Struck && sig > 40 {
						t.Errorf("row %d unsigned: %d ink pixels in the signature cell", row.Number, sig)
					}
				}
			}
		})
	}
}

func TestScanAffineMapsRules(t *testing.T) {
	cases := []struct {
		name string
		o    ScanOptions
	}{
		{"straight", ScanOptions{Mode: "gray"}},
		{"skew +7", ScanOptions{SkewDeg: 7, Mode: "gray", BedMM: 3, BedGrey: 200}},
		{"skew -10 bilevel", ScanOptions{SkewDeg: -10, Mode: "bilevel", Blur: 0.6}},
		{"upside down", ScanOptions{SkewDeg: 2.5, UpsideDown: true, Mode: "rgb", OffsetMM: [2]float64{2, -3}}},
		{"photocopy", ScanOptions{SkewDeg: 1, Mode: "gray", Photocopy: true, Blur: 0.5}},
		{"stretched", ScanOptions{SkewDeg: 6, Mode: "gray", Stretch: [2]float64{0.01, -0.008}}},
		{"holes, fold, shadow", ScanOptions{SkewDeg: -4, Mode: "gray", PunchHoles: 2, FoldDepth: 0.2, FoldAt: 0.5, EdgeShadow: 0.3, ShadowEdge: "left", ShadowMM: 10, Illumination: 0.1, Noise: 3, Specks: 50}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewSource(7))
			l := OriginalLayout(2)
			page, truth := Render(l, nil, 150, rng)
			img, m := Scan(page, c.o, rng)
			truth.ApplyScan(m, img.Bounds().Size(), c.o)
			if got, want := truth.ImageSize, [2]int{img.Bounds().Dx(), img.Bounds().Dy()}; got != want {
				t.Errorf("ImageSize %v, want %v", got, want)
			}
			wantRot := c.o.SkewDeg
			if c.o.UpsideDown {
				wantRot += 180
			}
			if math.Abs(truth.RotationDeg-wantRot) > 1e-3 {
				t.Errorf("RotationDeg %.3f, want %.3f", truth.RotationDeg, wantRot)
			}
			for i, row := range truth.Rows {
				cells := row.Cells
				ymid := (row.BoxMM[1] + row.BoxMM[3]) / 2
				// Every vertical rule, at the row's middle height, is dark in the scan.
				for _, xmm := range []float64{cells.Number[0], cells.Name[0], cells.Postal[0], cells.Sig[0], cells.Sig[2]} {
					x, y := truth.ImagePoint(xmm, ymid)
					if !darkNear(img, x, y, 1, 140) {
						t.Errorf("row %d: rule at x=%.1f mm not dark at scan (%.0f, %.0f)", row.Number, xmm, x, y)
					}
				}
				// The middle of the empty name cell is paper.
				x, y := truth.ImagePoint((cells.Name[0]+cells.Name[2])/2, ymid)
				if darkNear(img, x, y, 0, 140) {
					t.Errorf("row %d (index %d): empty name cell dark at scan (%.0f, %.0f)", row.Number, i, x, y)
				}
			}
		})
	}
}

func TestTruthJSONRoundTrip(t *testing.T) {
	b, err := os.ReadFile("../testdata/scans/truth.json")
	if err != nil {
		t.Fatal(err)
	}
	var pages []PageTruth
	if err := json.Unmarshal(b, &pages); err != nil {
		t.Fatalf("unmarshal sample truth into []PageTruth: %v", err)
	}
	out, err := json.Marshal(pages)
	if err != nil {
		t.Fatal(err)
	}
	var orig, back []map[string]any
	if err := json.Unmarshal(b, &orig); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	if len(back) != len(orig) {
		t.Fatalf("round trip: %d pages, want %d", len(back), len(orig))
	}
	for i := range orig {
		for _, k := range []string{"file", "page_in_file", "form_page", "dpi", "upside_down", "rotation_deg", "skew_deg", "page_to_image", "image_size"} {
			if !reflect.DeepEqual(back[i][k], orig[i][k]) {
				t.Errorf("page %d %s: %v after round trip, want %v", i, k, back[i][k], orig[i][k])
			}
		}
		or, br := orig[i]["rows"].([]any), back[i]["rows"].([]any)
		if len(or) != len(br) {
			t.Fatalf("page %d: %d rows after round trip, want %d", i, len(br), len(or))
		}
		for j := range or {
			om, bm := or[j].(map[string]any), br[j].(map[string]any)
			for k, v := range om {
				if !reflect.DeepEqual(bm[k], v) {
					t.Errorf("page %d row %d %s: %v after round trip, want %v", i, j, k, bm[k], v)
				}
			}
		}
	}
	// A rendered page's truth has the same keys as a sample record.
	rng := rand.New(rand.NewSource(1))
	_, truth := Render(OriginalLayout(1), RandomEntries(rng, 10, nil), 100, rng)
	gen, _ := json.Marshal(truth)
	var gm map[string]any
	if err := json.Unmarshal(gen, &gm); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"file", "page_in_file", "form_page", "dpi", "upside_down", "rotation_deg", "skew_deg", "rows", "page_to_image", "image_size", "layout"} {
		if _, ok := gm[k]; !ok {
			t.Errorf("rendered truth lacks %q", k)
		}
	}
	for _, r := range gm["rows"].([]any) {
		for _, k := range []string{"number", "name", "postal_code", "signed", "blank", "struck", "box_mm"} {
			if _, ok := r.(map[string]any)[k]; !ok {
				t.Errorf("rendered row lacks %q", k)
			}
		}
	}
}

func newTestRand() *rand.Rand { return rand.New(rand.NewSource(42)) }

func TestRenderDeterministic(t *testing.T) {
	page := func() *image.RGBA {
		rng := rand.New(rand.NewSource(99))
		l := RandomLayout(rng, 2)
		img, _ := Render(l, RandomEntries(rng, len(l.Numbers), HandFonts()), 100, rng)
		return img
	}
	a, b := page(), page()
	if !reflect.DeepEqual(a.Pix, b.Pix) {
		t.Errorf("Render with the same seed drew different pages")
	}
}

func TestRandomEntriesMix(t *testing.T) {
	rng := rand.New(rand.NewSource(8))
	es := RandomEntries(rng, 2000, OtherHandFonts())
	var blank, struck, sigOnly, unsigned, pc4, pcNone int
	for _, e := range es {
		switch {
		case e.Blank:
			blank++
			continue
		case e.Name == "" && e.Signed:
			sigOnly++
		}
		if e.Struck {
			struck++
		}
		if !e.Signed {
			unsigned++
		}
		switch len(e.Postal) {
		case 4:
			pc4++
		case 0:
			pcNone++
		case 5:
		default:
			t.Errorf("postal %q: want 4 or 5 digits or none", e.Postal)
		}
		for _, r := range e.Postal {
			if r < '0' || r > '9' {
				t.Errorf("postal %q has a non-digit", e.Postal)
			}
		}
	}
	share := func(n int) float64 { return float64(n) / float64(len(es)) }
	checks := []struct {
		what   string
		n      int
		lo, hi float64
	}{
		{"blank", blank, 0.18, 0.32},
		{"struck", struck, 0.01, 0.1},
		{"signature only", sigOnly, 0.01, 0.1},
		{"unsigned", unsigned, 0.03, 0.2},
		{"4-digit postal", pc4, 0.01, 0.1},
		{"no postal", pcNone, 0.03, 0.25},
	}
	for _, c := range checks {
		if s := share(c.n); s < c.lo || s > c.hi {
			t.Errorf("%s rows: %.1f%%, want %.0f–%.0f%%", c.what, 100*s, 100*c.lo, 100*c.hi)
		}
	}
}

func TestRandomPostalLooksFrench(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	seen := map[string]bool{}
	for i := 0; i < 3000; i++ {
		p := RandomPostal(rng)
		if len(p) != 5 {
			t.Fatalf("RandomPostal = %q, want 5 digits", p)
		}
		dep := p[:2]
		if dep == "00" || dep > "98" {
			t.Errorf("RandomPostal = %q: no such department", p)
		}
		switch {
		case p[0] == '0':
			seen["leading 0"] = true
		case dep == "20":
			seen["Corsica"] = true
		case dep == "97":
			seen["overseas"] = true
		}
	}
	for _, k := range []string{"leading 0", "Corsica", "overseas"} {
		if !seen[k] {
			t.Errorf("RandomPostal never gave a %s code", k)
		}
	}
}

func BenchmarkRender300(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	l := OriginalLayout(2)
	es := RandomEntries(rng, len(l.Numbers), nil)
	for i := 0; i < b.N; i++ {
		Render(l, es, 300, rng)
	}
}

func BenchmarkScan300(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	img, _ := Render(OriginalLayout(2), nil, 300, rng)
	o := ScanOptions{SkewDeg: 4, Mode: "gray", Blur: 0.8, Noise: 3, Specks: 50}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Scan(img, o, rng)
	}
}

// Every name RandomEntry writes can be drawn with its font: the truth
// never holds a letter the pen could not write.
func TestRandomEntryNamesDrawable(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	for _, f := range HandFonts() {
		file := handFontByName(f).file
		for i := 0; i < 400; i++ {
			e := RandomEntry(rng, []string{f})
			if !hasGlyphs(file, e.Name) || !hasGlyphs(file, e.Postal) {
				t.Errorf("font %s cannot write %q / %q", f, e.Name, e.Postal)
				break
			}
		}
	}
}

func TestRandomSheetFillsTopDown(t *testing.T) {
	rng := rand.New(rand.NewSource(6))
	const rows = 34
	var full, firstHalf, secondHalf, total int
	const sheets = 400
	for s := 0; s < sheets; s++ {
		es := RandomSheet(rng, rows, nil)
		if len(es) != rows {
			t.Fatalf("RandomSheet: %d entries, want %d", len(es), rows)
		}
		n := 0
		for i, e := range es {
			if e.Blank {
				continue
			}
			n++
			if i < rows/2 {
				firstHalf++
			} else {
				secondHalf++
			}
		}
		total += n
		if n >= rows-6 {
			full++
		}
	}
	if firstHalf <= secondHalf*5/4 {
		t.Errorf("filled rows: %d in the first half, %d in the second; want the top filled first", firstHalf, secondHalf)
	}
	if share := float64(full) / sheets; share < 0.2 || share > 0.45 {
		t.Errorf("%.0f%% of sheets (nearly) full, want under a third", 100*share)
	}
	if share := float64(total) / (sheets * rows); share < 0.4 || share > 0.65 {
		t.Errorf("%.0f%% of rows filled, want about half", 100*share)
	}
}

func TestRandomPageTruthMatchesImage(t *testing.T) {
	rng := rand.New(rand.NewSource(12))
	for i := 0; i < 3; i++ {
		img, truth := RandomPage(rng, 1+i%2, 100, 10, OtherHandFonts())
		if got := (image.Point{truth.ImageSize[0], truth.ImageSize[1]}); got != img.Bounds().Size() {
			t.Errorf("page %d: truth size %v, image %v", i, got, img.Bounds().Size())
		}
		// The table's outer corners map inside the image.
		tb := truth.TableMM
		for _, c := range [][2]float64{{tb[0], tb[1]}, {tb[2], tb[1]}, {tb[0], tb[3]}, {tb[2], tb[3]}} {
			x, y := truth.ImagePoint(c[0], c[1])
			if !(image.Pt(int(x), int(y)).In(img.Bounds())) {
				t.Errorf("page %d: table corner (%.0f, %.0f) mm maps outside the image to (%.0f, %.0f)", i, c[0], c[1], x, y)
			}
		}
	}
}

func TestRenderDerivesNotes(t *testing.T) {
	cases := []struct {
		name string
		e    Entry
		want []string
	}{
		{"signature only", Entry{Signed: true}, []string{"sig_only"}},
		{"unsigned", Entry{Name: "MARTIN Paul", Postal: "75011"}, []string{"no_sig"}},
		{"four digits, struck", Entry{Name: "ROY Léa", Postal: "6000", Signed: true, Struck: true}, []string{"pc_4digit", "struck"}},
		{"illegible postal", Entry{Name: "DUVAL Yves", PostalScribble: true, Signed: true}, []string{"pc_illegible"}},
		{"plain", Entry{Name: "DUVAL Yves", Postal: "20090", Signed: true}, nil},
		{"nothing to draw is blank", Entry{}, []string{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.e.Font = "comic-neue"
			_, truth := Render(OriginalLayout(1), []Entry{c.e}, 100, newTestRand())
			got := truth.Rows[0].Notes
			if blank := truth.Rows[0].Blank; blank != (c.e.Name == "" && !c.e.Signed && !c.e.PostalScribble) {
				t.Errorf("blank = %v for %+v", blank, c.e)
			}
			if len(got) != len(c.want) {
				t.Fatalf("notes %q, want %q", got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Errorf("notes %q, want %q", got, c.want)
				}
			}
		})
	}
}

// Pages rendered in parallel, each with its own rng, are the pages
// rendered one after the other (run with -race to check sharing).
func TestRenderConcurrent(t *testing.T) {
	render := func(seed int64) []uint8 {
		rng := rand.New(rand.NewSource(seed))
		l := RandomLayout(rng, 1)
		img, _ := Render(l, RandomEntries(rng, len(l.Numbers), HandFonts()), 72, rng)
		return img.Pix
	}
	const n = 4
	want := make([][]uint8, n)
	for i := range want {
		want[i] = render(int64(i))
	}
	got := make([][]uint8, n)
	done := make(chan int)
	for i := 0; i < n; i++ {
		go func(i int) { got[i] = render(int64(i)); done <- i }(i)
	}
	for i := 0; i < n; i++ {
		<-done
	}
	for i := range got {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("page %d rendered in parallel differs from the sequential one", i)
		}
	}
}

var corpusDir = flag.String("corpus", "", "also check the geometry model against this corpus's truth.json (e.g. ../../shared/corpus/dev)")

// TestLayoutModelMatchesSampleTruth reads the sample pages' layout records
// and checks that Layout's column model (TableXmm) gives the row boxes
// their truth records: the generator prints what the samples printed.
func TestLayoutModelMatchesSampleTruth(t *testing.T) {
	paths := []string{"../testdata/scans/truth.json"}
	if *corpusDir != "" {
		paths = append(paths, *corpusDir+"/truth.json")
	}
	for _, path := range paths {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var pages []PageTruth
		if err := json.Unmarshal(b, &pages); err != nil {
			t.Fatal(err)
		}
		checked := 0
		for _, p := range pages {
			if p.Layout == nil {
				continue
			}
			xs := p.Layout.TableXmm()
			for _, r := range p.Rows {
				if math.Abs(r.BoxMM[0]-xs[1]) > 0.1 || math.Abs(r.BoxMM[2]-xs[4]) > 0.1 {
					t.Errorf("%s page %d row %d: box x %.2f–%.2f mm, model %.2f–%.2f", p.File, p.PageInFile, r.Number, r.BoxMM[0], r.BoxMM[2], xs[1], xs[4])
					break
				}
				// Rows of the original 11..35 printing are squeezed a little to fit: allow 1 %.
				rowH := p.Layout.RowH
				if p.Layout.RowHmm > 0 {
					rowH = p.Layout.RowHmm
				}
				if h := r.BoxMM[3] - r.BoxMM[1]; math.Abs(h-rowH) > 0.01*rowH+0.02 {
					t.Errorf("%s page %d row %d: height %.2f mm, layout row_h_mm %.2f", p.File, p.PageInFile, r.Number, h, rowH)
					break
				}
				checked++
			}
		}
		t.Logf("%s: %d rows match the layout model", path, checked)
		if checked == 0 {
			t.Errorf("%s: no rows checked", path)
		}
	}
}

// The affine's rotation follows rotation_deg the same way in the sample
// truth and in ApplyScan: x' = s·(cos θ·x + sin θ·y) + c, θ counter-clockwise.
func TestAffineConventionMatchesSampleTruth(t *testing.T) {
	angle := func(p PageTruth) float64 {
		a := math.Atan2(p.PageToImage[1], p.PageToImage[0]) * 180 / math.Pi
		d := math.Mod(a-p.RotationDeg+540, 360) - 180
		return d
	}
	b, err := os.ReadFile("../testdata/scans/truth.json")
	if err != nil {
		t.Fatal(err)
	}
	var pages []PageTruth
	if err := json.Unmarshal(b, &pages); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(3))
	for _, o := range []ScanOptions{{SkewDeg: 4}, {SkewDeg: -7, UpsideDown: true}} {
		up, p := Render(OriginalLayout(1), nil, 72, rng)
		img, m := Scan(up, o, rng)
		p.ApplyScan(m, img.Bounds().Size(), o)
		p.File = "generated"
		pages = append(pages, p)
	}
	for _, p := range pages {
		if d := angle(p); math.Abs(d) > 0.05 {
			t.Errorf("%s: affine turns %.2f° away from rotation_deg %.2f", p.File, d, p.RotationDeg)
		}
	}
}

// Random layouts keep the table on the page and the rows 7–11 mm high.
func TestRandomLayoutsFitThePage(t *testing.T) {
	rng := rand.New(rand.NewSource(10))
	for i := 0; i < 120; i++ {
		page := 1 + i%2
		l := RandomLayout(rng, page)
		if l.RowH < 6.5 || l.RowH > 11 {
			t.Errorf("layout %d: row height %.2f mm, want 7–11 (6.5 when squeezed)", i, l.RowH)
		}
		_, truth := Render(l, nil, 30, rng)
		if bottom := truth.TableMM[3]; bottom > PageHmm-l.MarginB+0.01 {
			t.Errorf("layout %d (page %d, %s, body %.1f pt): table ends at %.1f mm, below the %.1f mm margin", i, page, l.PrintFont, l.BodyPt, bottom, PageHmm-l.MarginB)
		}
		if tb := truth.TableMM; tb[0] < 5 || tb[2] > PageWmm-5 || tb[1] < 5 {
			t.Errorf("layout %d: table %v mm too close to the page edge", i, tb)
		}
	}
}

// TestAddHandFont writes entries in a face added from outside the embedded
// set (here an embedded print face read as bytes, for the mechanism) and
// checks that the truth names it while the embedded lists leave it out.
func TestAddHandFont(t *testing.T) {
	if err := AddHandFont("bad", []byte("not a font")); err == nil {
		t.Errorf("AddHandFont accepted bytes that are no font")
	}
	b, err := fontFS.ReadFile("fonts/DejaVuSans.ttf")
	if err != nil {
		t.Fatal(err)
	}
	if err := AddHandFont("test-external", b); err != nil {
		t.Fatal(err)
	}
	if got := ExternalHandFonts(); !reflect.DeepEqual(got, []string{"test-external"}) {
		t.Fatalf("ExternalHandFonts() = %q, want [test-external]", got)
	}
	for _, list := range [][]string{HandFonts(), DevHandFonts(), OtherHandFonts()} {
		if slices.Contains(list, "test-external") {
			t.Errorf("an embedded list holds the external face: %q", list)
		}
	}
	rng := rand.New(rand.NewSource(3))
	l := OriginalLayout(2)
	_, truth := Render(l, RandomEntries(rng, len(l.Numbers), ExternalHandFonts()), 100, rng)
	filled := 0
	for _, r := range truth.Rows {
		if r.Blank || r.Name == "" {
			continue
		}
		filled++
		if r.Writer != "test-external" {
			t.Errorf("row %d written by %q, want test-external", r.Number, r.Writer)
		}
	}
	if filled == 0 {
		t.Errorf("no row written in the external face")
	}
}

// TestHasGlyphsBlank: a rune whose glyph has no outline has no glyph to
// write with (a font whose accented letters are blank must write them
// without accents, as its truth is compared), spaces excepted.
func TestHasGlyphsBlank(t *testing.T) {
	const file = "DejaVuSans.ttf"
	if !hasGlyphs(file, "Sébastien FRANÇOIS-d'Ève") {
		t.Errorf("hasGlyphs(%s, accented name) = false, want true", file)
	}
	if hasGlyphs(file, "a\u200bb") { // zero-width space: a glyph without outline
		t.Errorf("hasGlyphs(%s, a blank glyph) = true, want false", file)
	}
}
