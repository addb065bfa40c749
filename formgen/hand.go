package formgen

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// affine is x' = a*x+b*y+c, y' = d*x+e*y+f.
type affine [6]float64

func (m affine) apply(x, y float64) (float64, float64) {
	return m[0]*x + m[1]*y + m[2], m[3]*x + m[4]*y + m[5]
}

func (m affine) invert() affine {
	det := m[0]*m[4] - m[1]*m[3]
	a, b, d, e := m[4]/det, -m[1]/det, -m[3]/det, m[0]/det
	return affine{a, b, -(a*m[2] + b*m[5]), d, e, -(d*m[2] + e*m[5])}
}

// mul returns m∘n (n first, then m).
func (m affine) mul(n affine) affine {
	return affine{
		m[0]*n[0] + m[1]*n[3], m[0]*n[1] + m[1]*n[4], m[0]*n[2] + m[1]*n[5] + m[2],
		m[3]*n[0] + m[4]*n[3], m[3]*n[1] + m[4]*n[4], m[3]*n[2] + m[4]*n[5] + m[5],
	}
}

// inkOver blends ink of coverage a (0–1) onto dst like ink on paper
// (multiply), so blue ink over a black line stays black.
func inkOver(dst *image.RGBA, x, y int, ink color.RGBA, a float64) {
	if !(image.Point{x, y}.In(dst.Rect)) || a <= 0 {
		return
	}
	if a > 1 {
		a = 1
	}
	i := dst.PixOffset(x, y)
	p := dst.Pix[i : i+3 : i+3]
	p[0] = uint8(float64(p[0]) * (1 - a + a*float64(ink.R)/255))
	p[1] = uint8(float64(p[1]) * (1 - a + a*float64(ink.G)/255))
	p[2] = uint8(float64(p[2]) * (1 - a + a*float64(ink.B)/255))
}

// compositeMask inks dst through mask, mapped by m (mask pixel → dst
// pixel), with bilinear sampling. It returns the dst bounds touched.
func compositeMask(dst *image.RGBA, mask *image.Alpha, m affine, ink color.RGBA, strength float64) image.Rectangle {
	b := mask.Bounds()
	inv := m.invert()
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, c := range [][2]float64{{0, 0}, {float64(b.Dx()), 0}, {0, float64(b.Dy())}, {float64(b.Dx()), float64(b.Dy())}} {
		x, y := m.apply(c[0]+float64(b.Min.X), c[1]+float64(b.Min.Y))
		minX, minY, maxX, maxY = math.Min(minX, x), math.Min(minY, y), math.Max(maxX, x), math.Max(maxY, y)
	}
	r := image.Rect(int(minX)-1, int(minY)-1, int(maxX)+2, int(maxY)+2).Intersect(dst.Rect)
	at := func(x, y int) float64 {
		if !(image.Point{x, y}.In(b)) {
			return 0
		}
		return float64(mask.Pix[mask.PixOffset(x, y)]) / 255
	}
	touched := image.Rectangle{}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			u, v := inv.apply(float64(x)+0.5, float64(y)+0.5)
			u -= 0.5
			v -= 0.5
			x0, y0 := int(math.Floor(u)), int(math.Floor(v))
			fx, fy := u-float64(x0), v-float64(y0)
			a := at(x0, y0)*(1-fx)*(1-fy) + at(x0+1, y0)*fx*(1-fy) + at(x0, y0+1)*(1-fx)*fy + at(x0+1, y0+1)*fx*fy
			if a > 0.02 {
				inkOver(dst, x, y, ink, a*strength)
				touched = touched.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return touched
}

// handText renders s in a hand font into an alpha mask, letter by letter
// with wobble and spacing jitter. capPx is the wanted capital height in
// pixels. It returns the mask, the baseline y in the mask and the advance
// width.
func (r *renderer) handText(s, face string, capPx float64, e Entry) (*image.Alpha, float64, float64) {
	hf := handFontByName(face)
	emPx := capPx / capRatio(hf.file) * hf.scale
	// Three sizes for per-letter size jitter.
	var sizes [3]font.Face
	for k := range sizes {
		sizes[k] = r.faces.face(hf.file, emPx*(1+float64(k-1)*e.SizeJitter)*72/r.dpi)
	}
	runes := []rune(s)
	w := int(emPx*float64(len(runes))*1.3) + int(emPx*2)
	h := int(emPx * 2.2)
	mask := image.NewAlpha(image.Rect(0, 0, w, h))
	base := emPx * 1.4
	x := emPx * 0.3
	for _, ch := range runes {
		dy := 0.0
		if e.Wobble > 0 {
			dy = r.rng.NormFloat64() * e.Wobble * capPx
		}
		if ch >= '0' && ch <= '9' && e.DigitGlyph != nil {
			if g := e.DigitGlyph(int(ch - '0')); g != nil {
				adv := drawGlyphImage(mask, g, x, base+dy, capPx*1.1)
				x += adv + capPx*0.12 + e.Spacing*capPx
				continue
			}
		}
		f := sizes[1]
		if e.SizeJitter > 0 {
			f = sizes[r.rng.Intn(3)]
		}
		dot := fixed.Point26_6{X: fixed.Int26_6(x * 64), Y: fixed.Int26_6((base + dy) * 64)}
		dr, gm, gp, adv, ok := f.Glyph(dot, ch)
		switch {
		case ok && e.LetterJitter > 0 && !dr.Empty():
			// Each letter turned and sheared a little about its foot.
			g := image.NewAlpha(dr)
			draw.Draw(g, dr, gm, gp, draw.Src)
			th := r.rng.NormFloat64() * e.LetterJitter * math.Pi / 180
			sh := r.rng.NormFloat64() * e.LetterJitter / 2 * math.Pi / 180
			cx, cy := float64(dr.Min.X+dr.Max.X)/2, base+dy
			toPivot := affine{1, math.Tan(sh), -cx - math.Tan(sh)*cy, 0, 1, -cy}
			rot := affine{math.Cos(th), math.Sin(th), cx, -math.Sin(th), math.Cos(th), cy}
			warpMax(mask, g, rot.mul(toPivot))
		case ok:
			draw.DrawMask(mask, dr, image.Opaque, image.Point{}, gm, gp, draw.Over)
		}
		x += float64(adv)/64 + e.Spacing*capPx
	}
	penMask(mask, e.Pen, r.dpi)
	r.skipMask(mask, e.Skips)
	return mask, base, x
}

// warpMax draws src into dst through m (src pixel → dst pixel), keeping
// the larger coverage, with bilinear sampling.
func warpMax(dst, src *image.Alpha, m affine) {
	b := src.Bounds()
	inv := m.invert()
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, c := range [][2]float64{{float64(b.Min.X), float64(b.Min.Y)}, {float64(b.Max.X), float64(b.Min.Y)}, {float64(b.Min.X), float64(b.Max.Y)}, {float64(b.Max.X), float64(b.Max.Y)}} {
		x, y := m.apply(c[0], c[1])
		minX, minY, maxX, maxY = math.Min(minX, x), math.Min(minY, y), math.Max(maxX, x), math.Max(maxY, y)
	}
	r := image.Rect(int(minX)-1, int(minY)-1, int(maxX)+2, int(maxY)+2).Intersect(dst.Rect)
	at := func(x, y int) float64 {
		if !(image.Point{x, y}.In(b)) {
			return 0
		}
		return float64(src.Pix[src.PixOffset(x, y)])
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			u, v := inv.apply(float64(x)+0.5, float64(y)+0.5)
			u -= 0.5
			v -= 0.5
			x0, y0 := int(math.Floor(u)), int(math.Floor(v))
			fx, fy := u-float64(x0), v-float64(y0)
			a := at(x0, y0)*(1-fx)*(1-fy) + at(x0+1, y0)*fx*(1-fy) + at(x0, y0+1)*(1-fx)*fy + at(x0+1, y0+1)*fx*fy
			// Thin strokes keep their darkness: no less than the nearest sample.
			a = math.Max(a, at(int(math.Round(u)), int(math.Round(v))))
			if i := dst.PixOffset(x, y); uint8(a) > dst.Pix[i] {
				dst.Pix[i] = uint8(a)
			}
		}
	}
}

// skipMask thins the ink over patches covering about share of the mask,
// like a ballpoint that skips: value noise on a ~1.5 mm grid.
func (r *renderer) skipMask(mask *image.Alpha, share float64) {
	if share <= 0 {
		return
	}
	g := math.Max(3, r.px(1.5))
	b := mask.Rect
	gw, gh := int(float64(b.Dx())/g)+2, int(float64(b.Dy())/g)+2
	grid := make([]float64, gw*gh)
	for i := range grid {
		grid[i] = r.rng.Float64()
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		fy := float64(y-b.Min.Y) / g
		iy := int(fy)
		ty := fy - float64(iy)
		for x := b.Min.X; x < b.Max.X; x++ {
			i := mask.PixOffset(x, y)
			if mask.Pix[i] == 0 {
				continue
			}
			fx := float64(x-b.Min.X) / g
			ix := int(fx)
			tx := fx - float64(ix)
			v := (grid[iy*gw+ix]*(1-tx)+grid[iy*gw+ix+1]*tx)*(1-ty) + (grid[(iy+1)*gw+ix]*(1-tx)+grid[(iy+1)*gw+ix+1]*tx)*ty
			if v < share { // faint here, fading in at the patch's edge
				k := 0.35 + 0.65*math.Max(0, 1-(share-v)/0.1)
				mask.Pix[i] = uint8(float64(mask.Pix[i]) * k)
			}
		}
	}
}

// penMask thickens (pen > 0) or thins (pen < 0) the strokes of a mask, as
// a broader or finer pen would: pen is in pixels at 300 dpi.
func penMask(mask *image.Alpha, pen, dpi float64) {
	p := pen * dpi / 300
	switch {
	case p >= 0.5:
		rad := int(math.Round(p))
		src := append([]uint8(nil), mask.Pix...)
		b := mask.Rect
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				var m uint8
				for dy := -rad; dy <= rad; dy++ {
					for dx := -rad; dx <= rad; dx++ {
						xx, yy := x+dx, y+dy
						if dx*dx+dy*dy > rad*rad+rad || !(image.Point{xx, yy}.In(b)) {
							continue
						}
						if v := src[mask.PixOffset(xx, yy)]; v > m {
							m = v
						}
					}
				}
				mask.Pix[mask.PixOffset(x, y)] = m
			}
		}
	case p < -0.2 && dpi >= 250:
		// Thinner: push partial coverage down. Only where strokes are
		// several pixels wide; at low dpi a fine pen is just a stroke.
		g := 1 - p/2
		for i, v := range mask.Pix {
			mask.Pix[i] = uint8(255 * math.Pow(float64(v)/255, g))
		}
	}
}

// drawGlyphImage draws an MNIST-like glyph (light ink on dark) scaled to
// height hPx with its bottom on base; returns its width.
func drawGlyphImage(mask *image.Alpha, g image.Image, x, base, hPx float64) float64 {
	gb := g.Bounds()
	// Crop to the ink so the digit, not its padding, gets hPx.
	ink := image.Rectangle{}
	for y := gb.Min.Y; y < gb.Max.Y; y++ {
		for xx := gb.Min.X; xx < gb.Max.X; xx++ {
			if lum(g.At(xx, y)) > 0.2 {
				ink = ink.Union(image.Rect(xx, y, xx+1, y+1))
			}
		}
	}
	if ink.Empty() {
		return hPx * 0.5
	}
	s := hPx / float64(ink.Dy())
	w := float64(ink.Dx()) * s
	top := base - hPx
	for y := 0; y < int(hPx+1); y++ {
		for xx := 0; xx < int(w+1); xx++ {
			sx := ink.Min.X + int(float64(xx)/s)
			sy := ink.Min.Y + int(float64(y)/s)
			if !(image.Point{sx, sy}.In(ink)) {
				continue
			}
			a := lum(g.At(sx, sy))
			px, py := int(x)+xx, int(top)+y
			if (image.Point{px, py}.In(mask.Rect)) {
				i := mask.PixOffset(px, py)
				v := math.Max(float64(mask.Pix[i]), a*255)
				mask.Pix[i] = uint8(v)
			}
		}
	}
	return w
}

func lum(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.299*float64(r) + 0.587*float64(g) + 0.114*float64(b)) / 65535
}

// placeText draws a hand-text mask with its baseline start at (x, base)
// page pixels, sheared by slant and rotated by rot degrees (CCW).
func (r *renderer) placeText(mask *image.Alpha, mbase, x, base float64, e Entry, ink color.RGBA) image.Rectangle {
	sh := math.Tan(e.SlantDeg * math.Pi / 180)
	th := e.RotDeg * math.Pi / 180
	// mask → local (origin at baseline start, shear) → rotate → translate.
	toLocal := affine{1, -sh, sh * mbase, 0, 1, -mbase}
	rot := affine{math.Cos(th), math.Sin(th), 0, -math.Sin(th), math.Cos(th), 0}
	tr := affine{1, 0, x, 0, 1, base}
	return compositeMask(r.img, mask, tr.mul(rot).mul(toLocal), ink, 0.85+0.15*r.rng.Float64())
}

// stroke draws a polyline of points (page pixels) with pen width wPx.
func (r *renderer) stroke(pts [][2]float64, wPx float64, ink color.RGBA) {
	if len(pts) == 0 {
		return
	}
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range pts {
		minX, minY, maxX, maxY = math.Min(minX, p[0]), math.Min(minY, p[1]), math.Max(maxX, p[0]), math.Max(maxY, p[1])
	}
	pad := int(wPx) + 2
	rect := image.Rect(int(minX)-pad, int(minY)-pad, int(maxX)+pad, int(maxY)+pad)
	mask := image.NewAlpha(rect)
	rad := wPx / 2
	stamp := func(cx, cy float64) {
		for y := int(cy - rad - 1); y <= int(cy+rad+1); y++ {
			for x := int(cx - rad - 1); x <= int(cx+rad+1); x++ {
				d := math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy)
				a := rad + 0.5 - d
				if a <= 0 || !(image.Point{x, y}.In(rect)) {
					continue
				}
				if a > 1 {
					a = 1
				}
				i := mask.PixOffset(x, y)
				if v := uint8(a * 255); v > mask.Pix[i] {
					mask.Pix[i] = v
				}
			}
		}
	}
	for i := range pts {
		if i == 0 {
			stamp(pts[0][0], pts[0][1])
			continue
		}
		a, b := pts[i-1], pts[i]
		n := int(math.Hypot(b[0]-a[0], b[1]-a[1])/math.Max(rad*0.5, 0.5)) + 1
		for k := 1; k <= n; k++ {
			t := float64(k) / float64(n)
			stamp(a[0]+(b[0]-a[0])*t, a[1]+(b[1]-a[1])*t)
		}
	}
	compositeMask(r.img, mask, affine{1, 0, 0, 0, 1, 0}, ink, 0.9+0.1*r.rng.Float64())
}

// scribble returns a signature-like path in the box (pixels): a capital
// loop then cursive humps and loops, smoothed, sometimes with a
// flourish; or a dense zigzag scrawl.
func (r *renderer) scribble(x0, y0, x1, y1 float64) [][][2]float64 {
	rng := r.rng
	w, h := x1-x0, y1-y0
	var strokes [][][2]float64
	if rng.Intn(6) == 0 { // scrawl: quick zigzags of varying height
		var ctl [][2]float64
		n := 6 + rng.Intn(10)
		for i := 0; i <= n; i++ {
			t := float64(i) / float64(n)
			a := h * (0.15 + 0.25*rng.Float64())
			if i%2 == 1 {
				a = -a
			}
			ctl = append(ctl, [2]float64{x0 + t*w, y0 + h*0.55 + a})
		}
		return [][][2]float64{catmullRom(ctl, 6)}
	}
	base := y0 + h*(0.62+0.08*rng.NormFloat64())
	slope := rng.NormFloat64() * 0.08
	xh := h * (0.18 + 0.12*rng.Float64()) // x-height of the scrawl
	x := x0
	var ctl [][2]float64
	y := func(x, dy float64) float64 { return base - (x-x0)*slope + dy }
	// Capital: a tall loop.
	capH := h * (0.5 + 0.3*rng.Float64())
	cw := w * (0.08 + 0.08*rng.Float64())
	ctl = append(ctl, [2]float64{x, y(x, -xh*0.2)}, [2]float64{x + cw*0.6, y(x, -capH)}, [2]float64{x + cw*0.2, y(x, -capH*0.9)},
		[2]float64{x + cw*0.3, y(x, 0)}, [2]float64{x + cw, y(x, -xh*0.5)})
	x += cw
	n := 3 + rng.Intn(7)
	lw := (x1 - x) / float64(n) * (0.7 + 0.3*rng.Float64())
	for i := 0; i < n && x+lw <= x1+1; i++ {
		j := func() float64 { return rng.NormFloat64() * xh * 0.12 }
		switch rng.Intn(4) {
		case 0: // tall loop, like l or h
			t := xh * (1.8 + rng.Float64())
			ctl = append(ctl, [2]float64{x + lw*0.6, y(x, -t+j())}, [2]float64{x + lw*0.3, y(x, -t*0.85)}, [2]float64{x + lw*0.5, y(x, j())})
		case 1: // dip, like u
			ctl = append(ctl, [2]float64{x + lw*0.2, y(x, -xh+j())}, [2]float64{x + lw*0.5, y(x, j())}, [2]float64{x + lw*0.8, y(x, -xh+j())})
		default: // hump, like n or m
			ctl = append(ctl, [2]float64{x + lw*0.25, y(x, -xh+j())}, [2]float64{x + lw*0.6, y(x, -xh*0.9+j())}, [2]float64{x + lw, y(x, j())})
		}
		x += lw
	}
	for i := range ctl { // stay in the box: tall loops of short rows are cut down
		ctl[i][1] = math.Max(y0+h*0.08, math.Min(y1-h*0.08, ctl[i][1]))
	}
	strokes = append(strokes, catmullRom(ctl, 8))
	switch rng.Intn(3) {
	case 0: // underline flourish back to the left
		yy := base + h*0.12
		strokes = append(strokes, catmullRom([][2]float64{{x, y(x, -xh)}, {x + lw*0.3, yy}, {x0 + (x-x0)*0.5, yy + h*0.05*rng.NormFloat64()}, {x0, yy - h*0.05}}, 10))
	case 1: // a dot or a short dash after the name
		xx := x + lw*0.5
		strokes = append(strokes, [][2]float64{{xx, y(xx, -xh*0.3)}, {xx + lw*0.3*rng.Float64(), y(xx, -xh*0.35)}})
	}
	return strokes
}

// catmullRom smooths control points into a path with k samples per span.
func catmullRom(ctl [][2]float64, k int) [][2]float64 {
	if len(ctl) < 3 {
		return ctl
	}
	p := func(i int) [2]float64 {
		if i < 0 {
			i = 0
		}
		if i >= len(ctl) {
			i = len(ctl) - 1
		}
		return ctl[i]
	}
	var out [][2]float64
	for i := 0; i < len(ctl)-1; i++ {
		p0, p1, p2, p3 := p(i-1), p(i), p(i+1), p(i+2)
		for s := 0; s < k; s++ {
			t := float64(s) / float64(k)
			t2, t3 := t*t, t*t*t
			var q [2]float64
			for c := 0; c < 2; c++ {
				q[c] = 0.5 * (2*p1[c] + (-p0[c]+p2[c])*t + (2*p0[c]-5*p1[c]+4*p2[c]-p3[c])*t2 + (-p0[c]+3*p1[c]-3*p2[c]+p3[c])*t3)
			}
			out = append(out, q)
		}
	}
	return append(out, ctl[len(ctl)-1])
}

func toRGBA(c color.Color) color.RGBA {
	if c == nil {
		return InkBlue
	}
	r, g, b, a := c.RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
}

// drawEntry writes e into the row of rt and fills rt's written fields.
func (r *renderer) drawEntry(e Entry, rt *RowTruth) {
	c := rt.Cells
	rowTop, rowBot := r.px(c.Name[1]), r.px(c.Name[3])
	rowH := rowBot - rowTop
	if e.Name == "" && e.Postal == "" && !e.PostalScribble && !e.Signed && !e.Struck {
		e.Blank = true
	}
	if e.Blank {
		rt.Blank = true
		// Dust: a few specks now and then.
		for k := r.rng.Intn(3); k > 0; k-- {
			x := r.px(c.Name[0]) + r.rng.Float64()*(r.px(c.Sig[2])-r.px(c.Name[0]))
			y := rowTop + rowH*(0.2+0.6*r.rng.Float64())
			rad := math.Max(0.6, r.dpi/300*(0.5+r.rng.Float64()))
			r.stroke([][2]float64{{x, y}}, rad*2, color.RGBA{60, 60, 60, 255})
		}
		return
	}
	ink := toRGBA(e.Ink)
	fam, file := HandFontFamily(e.Font)
	rt.Blank = false
	rt.Name = e.Name
	rt.PostalCode = e.Postal
	rt.Signed = e.Signed
	rt.Struck = e.Struck
	rt.Writer, rt.Font = fam, file
	rt.Ink = "blue"
	if ink.B < 100 || ink.B < ink.R+40 {
		rt.Ink = "black"
	}
	rt.NameStyle = e.Style
	rt.Notes = append([]string{}, e.Notes...)
	// Notes the fields imply, for entries made by hand.
	for _, n := range []struct {
		note string
		on   bool
	}{
		{"sig_only", e.Name == "" && e.Signed},
		{"no_sig", !e.Signed && !hasNote(rt.Notes, "name_only")},
		{"pc_4digit", len(e.Postal) == 4},
		{"pc_illegible", e.PostalScribble},
		{"struck", e.Struck},
		{"name_sig", e.NameSig && e.Signed},
		{"sig_overflow", e.SigOverflow && e.Signed},
	} {
		if n.on && !hasNote(rt.Notes, n.note) {
			rt.Notes = append(rt.Notes, n.note)
		}
	}
	scale := e.Scale
	if scale == 0 {
		scale = 1
	}
	capPx := rowH * 0.42 * scale
	base := rowTop + rowH*0.72 + e.DyFrac*rowH
	nameX := r.px(c.Name[0]) + r.px(1.5) + e.NameIndent*(r.px(c.Name[2])-r.px(c.Name[0]))
	var nameBox image.Rectangle
	if e.Name != "" {
		mask, mb, adv := r.handText(e.Name, e.Font, capPx, e)
		cellW := r.px(c.Name[2]) - nameX
		if adv > cellW*1.02 && !hasNote(rt.Notes, "name_overflow") {
			// Writers squeeze long names; some still run over.
			if r.rng.Intn(3) != 0 {
				s := cellW / adv * 0.98
				mask, mb, _ = r.handText(e.Name, e.Font, capPx*s, e)
			} else {
				rt.Notes = append(rt.Notes, "name_overflow")
			}
		}
		nameBox = r.placeText(mask, mb, nameX, base, e, ink)
	}
	if e.Postal != "" {
		s := e.Postal
		if e.PostalSpace && len(s) == 5 {
			s = s[:2] + " " + s[2:]
		}
		pe := e
		pe.RotDeg = e.RotDeg * 0.5
		mask, mb, adv := r.handText(s, e.Font, capPx*0.95, pe)
		cw := r.px(c.Postal[2]) - r.px(c.Postal[0])
		if adv > cw*0.95 {
			mask, mb, _ = r.handText(s, e.Font, capPx*0.95*cw*0.9/adv, pe)
			adv = cw * 0.9
		}
		slack := cw - adv - r.px(3) - math.Abs(math.Tan(pe.SlantDeg*math.Pi/180))*capPx
		px := r.px(c.Postal[0]) + r.px(1) + math.Max(0, slack)*r.rng.Float64()
		r.placeText(mask, mb, px, base+rowH*0.04*r.rng.NormFloat64(), pe, ink)
	} else if e.PostalScribble {
		x0 := r.px(c.Postal[0]) + r.px(2)
		x1 := r.px(c.Postal[2]) - r.px(3)
		pts := [][2]float64{}
		for i := 0; i <= 40; i++ {
			t := float64(i) / 40
			pts = append(pts, [2]float64{x0 + t*(x1-x0), base - capPx*0.5 + math.Sin(t*14+r.rng.Float64()*0.4)*capPx*0.35})
		}
		r.stroke(pts, math.Max(1, r.dpi/300*3), ink)
	}
	if e.Signed {
		x0 := r.px(c.Sig[0]) + r.px(1.5)
		x1 := r.px(c.Sig[2]) - r.px(2)
		y0, y1 := rowTop+rowH*0.1, rowBot-rowH*0.1
		if e.SigOverflow {
			y0 -= rowH * 0.4
			y1 += rowH * 0.3
			x1 += r.px(3)
		}
		x1 = x0 + (x1-x0)*(0.5+0.5*r.rng.Float64())
		if e.NameSig {
			// The surname (longest word), slanted, sized to the cell.
			word := ""
			for _, w := range strings.FieldsFunc(e.Name, func(r rune) bool { return r == ' ' || r == ',' }) {
				if len(w) > len(word) {
					word = w
				}
			}
			se := e
			se.SlantDeg = 12 + r.rng.Float64()*15
			se.RotDeg = r.rng.NormFloat64() * 4
			se.Wobble = 0.12
			mask, mb, adv := r.handText(word, e.Font, capPx*0.9, se)
			if adv > x1-x0 {
				mask, mb, _ = r.handText(word, e.Font, capPx*0.9*(x1-x0)/adv, se)
			}
			r.placeText(mask, mb, x0, y0+(y1-y0)*0.75, se, ink)
			if r.rng.Intn(2) == 0 {
				yy := y0 + (y1-y0)*0.88
				r.stroke(catmullRom([][2]float64{{x0, yy}, {(x0 + x1) / 2, yy + (y1-y0)*0.05}, {x1, yy - (y1-y0)*0.1}}, 8), math.Max(1, r.dpi/300*2.5), ink)
			}
		} else {
			pen := math.Max(1, r.dpi/300*(2.5+r.rng.Float64()*2))
			for _, s := range r.scribble(x0, y0, x1, y1) {
				r.stroke(s, pen, ink)
			}
		}
	}
	if e.Struck {
		x0 := r.px(c.Name[0]) + r.px(1)
		x1 := r.px(c.Name[2]) - r.px(2)
		if !nameBox.Empty() {
			x0, x1 = float64(nameBox.Min.X)-r.px(1), float64(nameBox.Max.X)+r.px(1)
		}
		if r.rng.Intn(3) == 0 { // across the whole row
			x1 = r.px(c.Sig[2]) - r.px(2)
		}
		y := base - capPx*0.45
		pen := math.Max(1, r.dpi/300*3)
		if r.rng.Intn(3) == 0 { // zigzag
			var pts [][2]float64
			k := 4 + r.rng.Intn(5)
			for i := 0; i <= k; i++ {
				t := float64(i) / float64(k)
				dy := capPx * 0.45
				if i%2 == 1 {
					dy = -dy
				}
				pts = append(pts, [2]float64{x0 + t*(x1-x0), y + dy})
			}
			r.stroke(pts, pen, ink)
		} else {
			tilt := r.rng.NormFloat64() * capPx * 0.2
			r.stroke([][2]float64{{x0, y + tilt}, {x1, y - tilt}}, pen, ink)
		}
	}
}

func hasNote(notes []string, n string) bool {
	for _, x := range notes {
		if x == n {
			return true
		}
	}
	return false
}
