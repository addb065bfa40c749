package formgen

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"math/rand"

	"github.com/sheetscan/sheetscan/internal/gauss"
)

// ScanOptions says how Scan degrades a page. Zero values mean "not at all".
type ScanOptions struct {
	SkewDeg    float64 // counter-clockwise skew, degrees
	UpsideDown bool    // page fed upside down: 180° more
	Mode       string  // "rgb" (default), "gray" or "bilevel"
	Noise      float64 // Gaussian noise sigma, grey levels (0–255)
	Blur       float64 // Gaussian blur sigma, pixels of the scan
	Specks     int     // dust specks and dots over the whole image
	// Illumination darkens one side of the page linearly, by up to this
	// share (0–1) of the brightness.
	Illumination float64
	// EdgeShadow darkens a band along one edge (ShadowEdge: "top",
	// "bottom", "left", "right") by up to this share, over ShadowMM mm.
	EdgeShadow float64
	ShadowEdge string
	ShadowMM   float64
	// BedMM is the scanner bed visible around the page, mm on each side;
	// BedGrey its grey level (0 = white). Offset shifts the page on the bed, mm.
	BedMM     float64
	BedGrey   uint8
	OffsetMM  [2]float64
	PaperTint color.RGBA // multiplies the page (zero = white paper)
	// PunchHoles punches 2 (or more) filing holes near the page's left
	// edge; the bed shows through them (white when BedGrey is 0).
	PunchHoles int
	// FoldDepth draws a horizontal fold across the page at FoldAt (share of
	// the page height from the top), darkening by up to this share.
	FoldDepth float64
	FoldAt    float64
	// Stretch scales the page by 1+Stretch[0] across and 1+Stretch[1]
	// down, as a scanner whose two axes are not quite calibrated (±0.01).
	Stretch [2]float64
	// Photocopy: the page is a photocopy: harder contrast (ink darker,
	// thin strokes bolder or lost) and fine toner dust.
	Photocopy   bool
	Threshold   int // bilevel threshold 1–254 (0 = 160)
	JPEGQuality int // >0: pass the result through JPEG at this quality
}

// RandomScanOptions returns a scanner of the kind volunteers use: skew in
// ±maxSkew degrees, ~10 % upside down, colour, grey or bilevel, mild blur,
// noise, specks, shadows.
func RandomScanOptions(rng *rand.Rand, maxSkew float64) ScanOptions {
	o := ScanOptions{
		SkewDeg:    (rng.Float64()*2 - 1) * maxSkew,
		UpsideDown: rng.Float64() < 0.1,
		Mode:       []string{"rgb", "gray", "gray", "bilevel"}[rng.Intn(4)],
		Noise:      rng.Float64() * 6,
		Blur:       0.3 + rng.Float64()*0.8,
		Specks:     rng.Intn(120),
		BedMM:      rng.Float64() * 4,
		OffsetMM:   [2]float64{rng.NormFloat64() * 1.5, rng.NormFloat64() * 1.5},
		Threshold:  130 + rng.Intn(60),
	}
	switch r := rng.Float64(); {
	case r < 0.1: // lid left open: a dark surround
		o.BedGrey = uint8(20 + rng.Intn(60))
		o.BedMM += 2 + rng.Float64()*6
	case r < 0.55:
		o.BedGrey = uint8(180 + rng.Intn(60))
	}
	if rng.Intn(2) == 0 {
		o.Illumination = rng.Float64() * 0.12
	}
	if rng.Intn(3) == 0 {
		o.EdgeShadow = 0.1 + rng.Float64()*0.3
		o.ShadowEdge = []string{"top", "bottom", "left", "right"}[rng.Intn(4)]
		o.ShadowMM = 4 + rng.Float64()*10
	}
	if rng.Intn(6) == 0 {
		o.PunchHoles = 2
	}
	if rng.Intn(5) == 0 {
		o.FoldDepth = 0.08 + rng.Float64()*0.2
		o.FoldAt = 0.3 + rng.Float64()*0.4
	}
	if rng.Intn(6) == 0 {
		o.Photocopy = true
	}
	if rng.Intn(3) == 0 {
		o.Stretch = [2]float64{rng.NormFloat64() * 0.003, rng.NormFloat64() * 0.003}
	}
	if rng.Intn(4) == 0 {
		o.PaperTint = color.RGBA{255, uint8(240 + rng.Intn(15)), uint8(215 + rng.Intn(35)), 255}
	}
	return o
}

func (o ScanOptions) describe() map[string]any {
	// Mode as the sample corpus names it (PIL modes).
	mode := map[string]string{"gray": "L", "bilevel": "1"}[o.Mode]
	if mode == "" {
		mode = "RGB"
	}
	d := map[string]any{
		"mode":                  mode,
		"noise_sigma":           round3(o.Noise),
		"blur_sigma":            round3(o.Blur),
		"specks":                o.Specks,
		"illumination_gradient": round3(o.Illumination),
		"bed":                   map[string]any{"margin_mm": round3(o.BedMM), "grey": o.BedGrey, "offset_mm": []float64{round3(o.OffsetMM[0]), round3(o.OffsetMM[1])}},
	}
	if o.EdgeShadow > 0 {
		d["edge_shadow"] = map[string]any{"edge": o.ShadowEdge, "depth": round3(o.EdgeShadow), "width_mm": round3(o.ShadowMM)}
	}
	if o.PaperTint != (color.RGBA{}) {
		d["paper"] = map[string]any{"tint": []uint8{o.PaperTint.R, o.PaperTint.G, o.PaperTint.B}}
	}
	if o.PunchHoles > 0 {
		d["punch_holes"] = o.PunchHoles
	}
	if o.Photocopy {
		d["photocopy"] = map[string]any{}
	}
	if o.Stretch != [2]float64{} {
		d["stretch"] = []float64{round3(o.Stretch[0] * 100), round3(o.Stretch[1] * 100)} // percent
	}
	if o.FoldDepth > 0 {
		d["fold"] = map[string]any{"at": round3(o.FoldAt), "depth": round3(o.FoldDepth)}
	}
	if o.Mode == "bilevel" {
		d["binarised_threshold"] = o.threshold()
	}
	if o.JPEGQuality > 0 {
		d["jpeg_quality"] = o.JPEGQuality
	}
	return d
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

func (o ScanOptions) threshold() int {
	if o.Threshold <= 0 || o.Threshold >= 255 {
		return 160
	}
	return o.Threshold
}

// Scan degrades an upright page like a scanner and returns the scan and
// the affine from upright-page pixels (of img) to scan pixels,
// x' = a*x+b*y+c, y' = d*x+e*y+f. The scan has the resolution of img; its
// size is the page plus the visible bed, grown if needed so that the
// rotated page's printed area stays inside. The result is *image.RGBA for
// "rgb", *image.Gray for "gray" and "bilevel" (0 or 255), or what
// image/jpeg decodes when JPEGQuality is set. Record it in the
// truth with PageTruth.ApplyScan. Single-threaded except for the blur.
func Scan(img *image.RGBA, o ScanOptions, rng *rand.Rand) (image.Image, [6]float64) {
	b := img.Bounds()
	w, h := float64(b.Dx()), float64(b.Dy())
	dpi := w / PageWmm * 25.4
	mm := func(v float64) float64 { return v * dpi / 25.4 }
	theta := o.SkewDeg
	if o.UpsideDown {
		theta += 180
	}
	th := theta * math.Pi / 180
	cs, sn := math.Cos(th), math.Sin(th)
	// Size: the page and bed, at least the rotated printed area (page less 8 mm).
	bed := mm(o.BedMM)
	ow, oh := w+2*bed, h+2*bed
	iw, ih := w-2*mm(8), h-2*mm(8)
	rw := math.Abs(cs)*iw + math.Abs(sn)*ih
	rh := math.Abs(sn)*iw + math.Abs(cs)*ih
	ow, oh = math.Ceil(math.Max(ow, rw+mm(4))), math.Ceil(math.Max(oh, rh+mm(4)))
	cx, cy := ow/2+mm(o.OffsetMM[0]), oh/2+mm(o.OffsetMM[1])
	// x' = cx + cs*sx*(x-w/2) + sn*sy*(y-h/2); y' = cy - sn*sx*(x-w/2) + cs*sy*(y-h/2)
	sx, sy := 1+o.Stretch[0], 1+o.Stretch[1]
	m := affine{cs * sx, sn * sy, cx - cs*sx*w/2 - sn*sy*h/2, -sn * sx, cs * sy, cy + sn*sx*w/2 - cs*sy*h/2}
	inv := m.invert()

	out := image.NewRGBA(image.Rect(0, 0, int(ow), int(oh)))
	bedC := [3]float64{255, 255, 255}
	if o.BedGrey > 0 {
		g := float64(o.BedGrey)
		bedC = [3]float64{g, g, g}
	}
	tint := [3]float64{1, 1, 1}
	if o.PaperTint != (color.RGBA{}) {
		tint = [3]float64{float64(o.PaperTint.R) / 255, float64(o.PaperTint.G) / 255, float64(o.PaperTint.B) / 255}
	}
	src := img.Pix
	stride := img.Stride
	W, H := b.Dx(), b.Dy()
	// Filing holes: 6 mm wide, 12 mm from the left edge, 80 mm apart about the middle.
	var holes [][2]float64
	for k := 0; k < o.PunchHoles; k++ {
		off := (float64(k) - float64(o.PunchHoles-1)/2) * 80
		holes = append(holes, [2]float64{mm(12), h/2 + mm(off)})
	}
	holeR := mm(3)
	foldY, foldW := o.FoldAt*h, mm(1.2)
	for y := 0; y < out.Rect.Dy(); y++ {
		for x := 0; x < out.Rect.Dx(); x++ {
			u, v := inv.apply(float64(x)+0.5, float64(y)+0.5)
			u -= 0.5
			v -= 0.5
			i := out.PixOffset(x, y)
			if u < -0.5 || v < -0.5 || u > float64(W)-0.5 || v > float64(H)-0.5 {
				out.Pix[i], out.Pix[i+1], out.Pix[i+2], out.Pix[i+3] = uint8(bedC[0]), uint8(bedC[1]), uint8(bedC[2]), 255
				continue
			}
			inHole := false
			for _, c := range holes {
				if math.Hypot(u-c[0], v-c[1]) < holeR {
					inHole = true
				}
			}
			if inHole {
				out.Pix[i], out.Pix[i+1], out.Pix[i+2], out.Pix[i+3] = uint8(bedC[0]), uint8(bedC[1]), uint8(bedC[2]), 255
				continue
			}
			fold := 1.0
			if o.FoldDepth > 0 {
				if d := math.Abs(v - foldY); d < foldW*3 {
					fold -= o.FoldDepth * math.Exp(-d*d/(foldW*foldW))
				}
			}
			x0, y0 := int(math.Floor(u)), int(math.Floor(v))
			fx, fy := u-float64(x0), v-float64(y0)
			x1, y1 := x0+1, y0+1
			x0, x1 = clampI(x0, 0, W-1), clampI(x1, 0, W-1)
			y0, y1 = clampI(y0, 0, H-1), clampI(y1, 0, H-1)
			for c := 0; c < 3; c++ {
				p00 := float64(src[y0*stride+x0*4+c])
				p10 := float64(src[y0*stride+x1*4+c])
				p01 := float64(src[y1*stride+x0*4+c])
				p11 := float64(src[y1*stride+x1*4+c])
				val := (p00*(1-fx)+p10*fx)*(1-fy) + (p01*(1-fx)+p11*fx)*fy
				out.Pix[i+c] = uint8(val * tint[c] * fold)
			}
			out.Pix[i+3] = 255
		}
	}
	// From here on one plane of nch channels: grey scans are made grey
	// first, so that blur and noise work on one channel.
	var final image.Image = out
	pix, stride, nch := out.Pix, out.Stride, 4
	gray := o.Mode == "gray" || o.Mode == "bilevel"
	if gray {
		g := image.NewGray(out.Rect)
		for i := range g.Pix {
			p := out.Pix[i*4 : i*4+3 : i*4+3]
			g.Pix[i] = uint8((299*int(p[0]) + 587*int(p[1]) + 114*int(p[2])) / 1000)
		}
		final, pix, stride, nch = g, g.Pix, g.Stride, 1
	}
	cw, ch := out.Rect.Dx(), out.Rect.Dy()
	if o.Blur > 0.05 {
		blurPix(pix, cw, ch, nch, stride, o.Blur)
	}
	colours := min(nch, 3)
	// Light, shadows, noise.
	ang := rng.Float64() * 2 * math.Pi
	gx, gy := math.Cos(ang), math.Sin(ang)
	diag := math.Hypot(ow, oh)
	shW := mm(o.ShadowMM)
	for y := 0; y < ch; y++ {
		for x := 0; x < cw; x++ {
			f := 1.0
			if o.Illumination > 0 {
				t := ((float64(x)-ow/2)*gx+(float64(y)-oh/2)*gy)/diag + 0.5
				f -= o.Illumination * t
			}
			if o.EdgeShadow > 0 && shW > 0 {
				var d float64
				switch o.ShadowEdge {
				case "top":
					d = float64(y)
				case "bottom":
					d = oh - float64(y)
				case "left":
					d = float64(x)
				default:
					d = ow - float64(x)
				}
				if d < shW {
					f -= o.EdgeShadow * (1 - d/shW) * (1 - d/shW)
				}
			}
			n := 0.0
			if o.Noise > 0 {
				n = rng.NormFloat64() * o.Noise
			}
			if f == 1 && n == 0 && !o.Photocopy {
				continue
			}
			i := y*stride + x*nch
			for c := 0; c < colours; c++ {
				v := float64(pix[i+c])
				if o.Photocopy {
					v = 255 + (v-250)*1.35
				}
				pix[i+c] = clampU8(v*f + n)
			}
		}
	}
	specks := o.Specks
	if o.Photocopy {
		specks += 300 // toner dust
	}
	for k := 0; k < specks; k++ {
		x, y := rng.Float64()*ow, rng.Float64()*oh
		rad := math.Max(0.5, mm(0.08+rng.Float64()*0.25))
		g := uint8(rng.Intn(90))
		if k >= o.Specks { // toner: finer, greyer
			rad = math.Max(0.5, mm(0.04+rng.Float64()*0.06))
			g = uint8(90 + rng.Intn(100))
		}
		for yy := int(y - rad); yy <= int(y+rad); yy++ {
			for xx := int(x - rad); xx <= int(x+rad); xx++ {
				if math.Hypot(float64(xx)-x, float64(yy)-y) <= rad && xx >= 0 && yy >= 0 && xx < cw && yy < ch {
					i := yy*stride + xx*nch
					for c := 0; c < colours; c++ {
						pix[i+c] = g
					}
				}
			}
		}
	}
	if o.Mode == "bilevel" {
		t := uint8(o.threshold())
		for i, v := range pix {
			if v < t {
				pix[i] = 0
			} else {
				pix[i] = 255
			}
		}
	}
	if o.JPEGQuality > 0 && o.Mode != "bilevel" {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, final, &jpeg.Options{Quality: o.JPEGQuality}); err == nil {
			if dec, err := jpeg.Decode(&buf); err == nil {
				final = dec
			}
		}
	}
	return final, [6]float64(m)
}

// blurPix blurs the first min(nch, 3) channels of a w×h plane of nch
// bytes per pixel with a Gaussian of sigma pixels (separable, clamped edges).
func blurPix(pix []uint8, w, h, nch, stride int, sigma float64) {
	k := gauss.Kernel(sigma)
	rad := len(k) / 2
	colours := min(nch, 3)
	line := make([]float32, max(w, h))
	for c := 0; c < colours; c++ {
		for y := 0; y < h; y++ { // across
			row := pix[y*stride:]
			for x := 0; x < w; x++ {
				var acc float32
				for j, kv := range k {
					xx := min(max(x+j-rad, 0), w-1)
					acc += kv * float32(row[xx*nch+c])
				}
				line[x] = acc
			}
			for x := 0; x < w; x++ {
				row[x*nch+c] = uint8(line[x] + 0.5)
			}
		}
		for x := 0; x < w; x++ { // down
			for y := 0; y < h; y++ {
				var acc float32
				for j, kv := range k {
					yy := min(max(y+j-rad, 0), h-1)
					acc += kv * float32(pix[yy*stride+x*nch+c])
				}
				line[y] = acc
			}
			for y := 0; y < h; y++ {
				pix[y*stride+x*nch+c] = uint8(line[y] + 0.5)
			}
		}
	}
}

func clampI(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

func clampU8(v float64) uint8 {
	if v < 0 {
		return 0
	}
	if v > 255 {
		return 255
	}
	return uint8(v)
}
