package review

import (
	"context"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/sheetscan/sheetscan/store"
)

// groupingWords names the tally groupings on the page, in the order of
// the links.
var groupingWords = []struct{ By, Word string }{
	{store.ByDepartment, "département"},
	{store.ByPostal, "code postal"},
	{store.ByCommune, "commune"},
	{store.BySheet, "feuille"},
	{store.ByDay, "jour d'import"},
	{store.ByCampaign, "campagne"},
}

// unknownLabel replaces the store's label of the group of rows without a
// valid postal code.
const unknownLabel = "inconnu (pas de code postal valable)"

// tallyData is what the tally template shows.
type tallyData struct {
	By        string // grouping of the table
	ByWord    string
	ShowKey   bool // the key says more than the label: a code
	Groupings []groupingLink
	// Tally is the count grouped by By; its Total is the campaign's.
	Tally *store.Tally
	Final bool
	// Chart is the department bar chart, drawn server-side: the CSP
	// forbids inline styles and scripts, SVG attributes are neither.
	Chart    barChart
	Progress []store.Progress // one per campaign
	Reviewed store.Progress   // summed over campaigns
	// DupErr is set when looking for new duplicate pairs failed: the
	// counts are then those of the pairs found before.
	DupErr   bool
	DupAt    time.Time // when duplicates were last looked for
	DupEvery int       // seconds between two searches, at least
}

// dupSearchTTL is how long the tally page trusts its last search for
// duplicate pairs: the search compares every two names of a postal code
// (about 70 ms for 1000 rows) and writes, too much for every view.
const dupSearchTTL = 30 * time.Second

// dupSearch remembers when duplicates were last looked for. It is safe
// for concurrent use.
type dupSearch struct {
	mu sync.Mutex // held during a search: one at a time
	at time.Time
}

func (d *dupSearch) last() time.Time {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.at
}

// findDuplicates records new duplicate pairs of the campaign unless that
// was done less than dupSearchTTL ago. A request arriving during another
// one's search waits for it rather than searching again.
func (s *Server) findDuplicates(ctx context.Context) error {
	s.dups.mu.Lock()
	defer s.dups.mu.Unlock()
	if time.Since(s.dups.at) < dupSearchTTL {
		return nil
	}
	if _, err := s.db.FindDuplicates(ctx, s.cfg.Campaign); err != nil {
		return err
	}
	s.dups.at = time.Now()
	return nil
}

type groupingLink struct {
	By, Word string
	Current  bool
}

// Bar chart geometry, in SVG user units (the SVG scales to the page).
const (
	chartWidth  = 900
	chartLabelW = 300 // left column: department code and name
	chartTextW  = 190 // right of the longest bar: the counts
	chartBarH   = 18
	chartGap    = 6
	chartTop    = 4
)

// barChart is a horizontal bar chart: one bar per group, valid signatures
// and, beside them, the rows still awaiting review.
type barChart struct {
	Width, Height int
	BarH          int
	LabelX        int // right end of the labels
	Bars          []bar
	MaxValid      int
}

// bar is one group's bar; X and W in SVG user units.
type bar struct {
	Key, Label     string
	Valid, Pending int
	Y, TextY       int
	X, WValid      int
	XPending       int
	WPending       int
	XText          int
	Unknown        bool // no department: rows without a valid postal code
	Share          int  // share of all valid signatures, percent
}

// newBarChart lays out one bar per group with a valid signature or a row
// awaiting review, the largest valid count first (then the largest pending
// count, then the key), and the group of unknown department last. Lengths
// are proportional to Valid+Pending, the longest filling the bar area.
func newBarChart(groups []store.TallyCount) barChart {
	var gs []store.TallyCount
	for _, g := range groups {
		if g.Valid > 0 || g.Pending > 0 {
			gs = append(gs, g)
		}
	}
	sort.SliceStable(gs, func(i, j int) bool {
		a, b := gs[i], gs[j]
		if (a.Key == "") != (b.Key == "") {
			return b.Key == ""
		}
		if a.Valid != b.Valid {
			return a.Valid > b.Valid
		}
		if a.Pending != b.Pending {
			return a.Pending > b.Pending
		}
		return a.Key < b.Key
	})
	c := barChart{Width: chartWidth, BarH: chartBarH, LabelX: chartLabelW - 8}
	most, total := 0, 0
	for _, g := range gs {
		most = max(most, g.Valid+g.Pending)
		total += g.Valid
		c.MaxValid = max(c.MaxValid, g.Valid)
	}
	area := chartWidth - chartLabelW - chartTextW
	for i, g := range gs {
		y := chartTop + i*(chartBarH+chartGap)
		b := bar{Key: g.Key, Label: g.Label, Valid: g.Valid, Pending: g.Pending, Unknown: g.Key == "",
			Y: y, TextY: y + chartBarH - 4, X: chartLabelW}
		if b.Unknown {
			b.Label = unknownLabel
		}
		if most > 0 {
			b.WValid = g.Valid * area / most
			b.WPending = (g.Valid+g.Pending)*area/most - b.WValid
		}
		b.XPending = b.X + b.WValid
		b.XText = b.XPending + b.WPending + 6
		if total > 0 {
			b.Share = g.Valid * 100 / total
		}
		c.Bars = append(c.Bars, b)
	}
	c.Height = chartTop*2 + len(gs)*(chartBarH+chartGap)
	return c
}

// tally shows the campaign's counts: totals and how final they are, the
// review progress, a bar chart by department and a table by the grouping
// of ?by= (department when absent). It first looks for new duplicate
// pairs (at most every dupSearchTTL), so that the "awaiting a decision"
// figure is current: the only write a GET does, and an idempotent one.
func (s *Server) tally(w http.ResponseWriter, r *http.Request) {
	by := r.URL.Query().Get("by")
	if by == "" {
		by = store.ByDepartment
	}
	d := tallyData{By: by, ShowKey: by == store.ByDepartment || by == store.ByPostal || by == store.ByCommune}
	for _, g := range groupingWords {
		d.Groupings = append(d.Groupings, groupingLink{By: g.By, Word: g.Word, Current: g.By == by})
		if g.By == by {
			d.ByWord = g.Word
		}
	}
	if d.ByWord == "" {
		http.Error(w, "unknown grouping: want by=department, postal, commune, sheet, day or campaign", http.StatusBadRequest)
		return
	}
	ctx := r.Context()
	if err := s.findDuplicates(ctx); err != nil {
		s.cfg.Logf("review: tally: %v", err)
		d.DupErr = true
	}
	d.DupAt, d.DupEvery = s.dups.last(), int(dupSearchTTL/time.Second)
	deps, err := s.db.Tally(ctx, store.TallyOptions{Campaign: s.cfg.Campaign, By: store.ByDepartment})
	if err != nil {
		s.fail(w, err)
		return
	}
	d.Tally = deps
	if by != store.ByDepartment {
		if d.Tally, err = s.db.Tally(ctx, store.TallyOptions{Campaign: s.cfg.Campaign, By: by}); err != nil {
			s.fail(w, err)
			return
		}
	}
	if by == store.ByDepartment || by == store.ByPostal || by == store.ByCommune {
		// The rows without a valid postal code last, as in the chart:
		// they are no place, and mostly blank rows.
		gs := d.Tally.Groups
		for i := range gs {
			if gs[i].Key == "" {
				gs[i].Label = unknownLabel
			}
		}
		sort.SliceStable(gs, func(i, j int) bool { return gs[i].Key != "" && gs[j].Key == "" })
	}
	d.Final = d.Tally.Final()
	d.Chart = newBarChart(deps.Groups)
	if d.Progress, err = s.db.Progress(ctx, s.cfg.Campaign); err != nil {
		s.fail(w, err)
		return
	}
	for _, p := range d.Progress {
		d.Reviewed.Rows += p.Rows
		d.Reviewed.Flagged += p.Flagged
		d.Reviewed.Left += p.Left
		d.Reviewed.Claimed += p.Claimed
		d.Reviewed.Done += p.Done
	}
	s.render(w, r, http.StatusOK, "tally", page{Title: "Décompte", Data: d})
}
