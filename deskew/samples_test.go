package deskew

import (
	"errors"
	"fmt"
	"image"
	"math"
	"sync"
	"testing"

	"github.com/disintegration/imaging"
)

const samplesDir = "../testdata/scans"

// Targets from the issue.
const (
	maxResidual    = 0.3 // degrees, worst page
	medianResidual = 0.1 // degrees
)

// TestSamples runs Estimate on the sample scans of the repository.
func TestSamples(t *testing.T) {
	for _, p := range loadTruth(t, samplesDir) {
		t.Run(fmt.Sprintf("%s/p%d", p.File, p.PageInFile), func(t *testing.T) {
			img, err := loadPage(t, samplesDir, p)
			if errors.Is(err, errNoPoppler) {
				t.Skip(err)
			}
			if err != nil {
				t.Fatal(err)
			}
			r, err := Estimate(img, p.DPI)
			if err != nil {
				t.Fatal(err)
			}
			if d := angleDiff(r.Angle, p.SkewDeg); math.Abs(d) > maxResidual {
				t.Errorf("Estimate(%q) = %.3f°, want %.3f° ± %.1f", p.File, r.Angle, p.SkewDeg, maxResidual)
			}
			if r.UpsideDown != p.UpsideDown {
				t.Errorf("Estimate(%q) upside down = %v, want %v (confidence %.2f)", p.File, r.UpsideDown, p.UpsideDown, r.OrientationConfidence)
			}
			// Rotation must match the truth's rotation_deg convention.
			if d := angleDiff(r.Rotation(), p.RotationDeg); math.Abs(d) > maxResidual {
				t.Errorf("Estimate(%q).Rotation() = %.3f°, want %.3f°", p.File, r.Rotation(), p.RotationDeg)
			}
		})
	}
}

// TestGeneratedAngles straightens each sample page with its truth and
// turns it by known angles, upright and upside down.
func TestGeneratedAngles(t *testing.T) {
	// Each page gets two of the angles, cycling, so the whole list is
	// covered without resampling every page 18 times; -corpus runs all.
	pages := loadTruth(t, samplesDir)
	per := 2
	if testing.Short() {
		pages, per = pages[len(pages)-3:], 2
	}
	var outs []outcome
	for i, p := range pages {
		img, err := loadPage(t, samplesDir, p)
		if errors.Is(err, errNoPoppler) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		var angles []float64
		for k := range per {
			angles = append(angles, generatedAngles[(i*per+k)%len(generatedAngles)])
		}
		outs = append(outs, generated(t, img, p, angles)...)
	}
	for _, o := range outs {
		if !o.orientOK {
			t.Errorf("Estimate(%s) upside down = %v, want %v (confidence %.2f)", o.name, o.got.UpsideDown, o.wantFlip, o.got.OrientationConfidence)
		}
		if math.Abs(o.residual) > maxResidual {
			t.Errorf("Estimate(%s) = %.3f°, want %.3f° ± %.1f", o.name, o.got.Angle, o.want, maxResidual)
		}
	}
	s := summarise(outs)
	t.Logf("generated: %v", s)
	if s.median > medianResidual {
		t.Errorf("median residual = %.3f°, want <= %.1f°", s.median, medianResidual)
	}
}

var (
	a4Once sync.Once
	a4Page *image.Gray
)

// a4At300 returns a sample page scaled to A4 at 300 dpi (2480×3508).
func a4At300(b *testing.B) *image.Gray {
	b.Helper()
	a4Once.Do(func() {
		pages := loadTruth(b, samplesDir)
		for _, p := range pages {
			if p.File != "scan_0009.png" {
				continue
			}
			img, err := loadPage(b, samplesDir, p)
			if err != nil {
				b.Fatal(err)
			}
			a4Page = toGray(imaging.Resize(img, 2480, 3508, imaging.Linear))
		}
	})
	if a4Page == nil {
		b.Fatal("sample page scan_0009.png not found")
	}
	return a4Page
}

func BenchmarkEstimate(b *testing.B) {
	img := a4At300(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Estimate(img, 300); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStraighten(b *testing.B) {
	img := a4At300(b)
	r := Result{Angle: 3.2, UpsideDown: true}
	b.ResetTimer()
	for b.Loop() {
		Straighten(img, r)
	}
}
