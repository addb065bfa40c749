package deskew

import (
	"errors"
	"fmt"
	"image"
	"math"
)

// Result is the estimated rotation of a scanned page.
type Result struct {
	// Angle is the fine skew of the page content as scanned, in degrees,
	// counter-clockwise as seen on screen (a printed line rising to the
	// right has a positive Angle), in [-45, 45]. It excludes the 180° flip.
	Angle float64
	// UpsideDown reports that the content is rotated by 180° in addition
	// to Angle.
	UpsideDown bool
	// Confidence is the confidence of Angle, from 0 (no straight printed
	// structure found: blank or noise) to 1.
	Confidence float64
	// OrientationConfidence is the confidence of the UpsideDown decision,
	// from 0 (no printed text line found, or contradictory cues) to 1.
	OrientationConfidence float64
}

// Rotation returns the total counter-clockwise rotation of the content in
// degrees: Angle, plus 180 when UpsideDown.
func (r Result) Rotation() float64 {
	if r.UpsideDown {
		return r.Angle + 180
	}
	return r.Angle
}

// ErrEmpty is returned by Estimate for a nil or empty image.
var ErrEmpty = errors.New("empty image")

const (
	// maxAngle is the largest |skew| searched, in degrees.
	maxAngle = 45.0
	// workDPI is the resolution the analysis runs at, about.
	workDPI = 150.0
	// a4Long is the long side of an A4 sheet in inches, used to guess the
	// resolution when the caller does not know it.
	a4Long = 297 / 25.4
)

// Estimate measures the skew and orientation of a page image.
//
// dpi is the scan resolution in dots per inch (150–300 expected; it sets
// the scale of what is a text line or a ruled line). When dpi <= 0 the
// image is assumed to hold an A4 page and the resolution is guessed from
// its longer side.
//
// Estimate only reads img and is safe for concurrent use; it runs on the
// calling goroutine.
func Estimate(img *image.Gray, dpi float64) (Result, error) {
	if img == nil || img.Rect.Dx() < 8 || img.Rect.Dy() < 8 {
		return Result{}, fmt.Errorf("deskew: %w", ErrEmpty)
	}
	if dpi <= 0 || math.IsNaN(dpi) || math.IsInf(dpi, 0) {
		dpi = float64(max(img.Rect.Dx(), img.Rect.Dy())) / a4Long
	}
	f := max(1, int(math.Round(dpi/workDPI)))
	w := downscale(img, f)
	w.dpi = dpi / float64(f)
	ink := binarise(w)
	pts := inkPoints(ink, w.w, w.h)
	thin := thinInk(ink, w.w, w.h, max(3, int(1.5*w.dpi/25.4)))

	var r Result
	r.Angle, r.Confidence = estimateAngle(thin, w.w, w.h, w.dpi)
	up, oc := estimateOrientation(pts, w.w, w.h, w.dpi, r.Angle)
	r.UpsideDown = !up
	r.OrientationConfidence = oc
	return r, nil
}

// Straighten returns the upright, straight page: img rotated by -r.Angle
// degrees, and by 180° more when r.UpsideDown, about its centre, with
// bilinear interpolation.
//
// The result is larger than img when r.Angle is not zero: it is the
// bounding box of the rotated image, so that no pixel of the scan is lost;
// the corners it adds are white (255). Its resolution is the same as
// img's, its origin is (0, 0). A point (x, y) of img (relative to img's
// centre) lands at the same offset rotated, relative to the result's
// centre. img is not modified.
func Straighten(img *image.Gray, r Result) *image.Gray {
	return rotate(img, -r.Rotation(), 255)
}
