package flood

import (
	"image"
	"reflect"
	"slices"
	"testing"
)

// grid parses rows of '#' (on) and '.' (off).
func grid(rows ...string) (w, h int, on []bool) {
	for _, r := range rows {
		for _, c := range r {
			on = append(on, c == '#')
		}
	}
	return len(rows[0]), len(rows), on
}

func TestRegions(t *testing.T) {
	w, h, on := grid(
		"##..#",
		"#..#.",
		"....#",
		"##...",
	)
	type region struct {
		pix []int
		box image.Rectangle
	}
	collect := func(eight bool) []region {
		var out []region
		Regions(w, h, on, eight, func(pix []int, box image.Rectangle) {
			p := slices.Clone(pix)
			slices.Sort(p)
			out = append(out, region{p, box})
		})
		return out
	}
	// Four-connected: the diagonal steps of the right-hand stroke part it.
	want4 := []region{
		{[]int{0, 1, 5}, image.Rect(0, 0, 2, 2)},
		{[]int{4}, image.Rect(4, 0, 5, 1)},
		{[]int{8}, image.Rect(3, 1, 4, 2)},
		{[]int{14}, image.Rect(4, 2, 5, 3)},
		{[]int{15, 16}, image.Rect(0, 3, 2, 4)},
	}
	if got := collect(false); !reflect.DeepEqual(got, want4) {
		t.Errorf("four-connected: %v, want %v", got, want4)
	}
	want8 := []region{
		{[]int{0, 1, 5}, image.Rect(0, 0, 2, 2)},
		{[]int{4, 8, 14}, image.Rect(3, 0, 5, 3)},
		{[]int{15, 16}, image.Rect(0, 3, 2, 4)},
	}
	if got := collect(true); !reflect.DeepEqual(got, want8) {
		t.Errorf("eight-connected: %v, want %v", got, want8)
	}
}

func TestRegionsEmpty(t *testing.T) {
	w, h, on := grid("...", "...")
	Regions(w, h, on, true, func([]int, image.Rectangle) { t.Error("a region in an empty grid") })
}
