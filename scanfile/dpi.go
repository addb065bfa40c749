package scanfile

import "math"

// a4LongInch is the long side of an A4 sheet (297 mm) in inches.
const a4LongInch = 297 / 25.4

// standardDPI are the resolutions scanners offer; an inferred resolution
// close to one of them is snapped to it.
var standardDPI = []float64{150, 200, 240, 300, 400, 600}

// Snapping window around a standard resolution, as ratio inferred/standard.
// It is lopsided on purpose: a scan usually covers the scanner bed or a
// margin around the sheet, rarely less than the sheet, so the inferred value
// (pixels of the long side / 11.69 in) overestimates the true one, by 0 to 6 %
// on the sample scans. The windows of neighbouring standard values do not
// overlap.
const (
	snapBelow = 0.97
	snapAbove = 1.08
)

// resolveDPI picks the resolution of a w×h pixel page whose metadata says
// tag pixels per inch (0 when absent). The tag is kept when plausible;
// otherwise the resolution is inferred from the pixel size as an A4 sheet.
func resolveDPI(tag float64, w, h int) (dpi float64, source string) {
	long := max(w, h)
	if plausibleDPI(tag, long) {
		return tag, DPIFromTag
	}
	return sizeDPI(long), DPIFromSize
}

// plausibleDPI reports whether a resolution read from metadata can be
// trusted for a page whose long side is long pixels. The software defaults
// 72 and 96 dpi are not, nor any value implying a sheet whose long side
// is more than 15 % away from A4's 297 mm.
func plausibleDPI(tag float64, long int) bool {
	if math.IsNaN(tag) || tag < 20 || tag > 4800 {
		return false
	}
	if math.Abs(tag-72) < 0.5 || math.Abs(tag-96) < 0.5 {
		return false
	}
	longMM := float64(long) / tag * 25.4
	return math.Abs(longMM-297)/297 <= 0.15
}

// sizeDPI infers the resolution from the long side in pixels of an A4 page,
// snapped to a standard resolution when within the snapping window.
func sizeDPI(long int) float64 {
	dpi := float64(long) / a4LongInch
	for _, s := range standardDPI {
		if r := dpi / s; r >= snapBelow && r <= snapAbove {
			return s
		}
	}
	return dpi
}
