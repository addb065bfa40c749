package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"
)

// seedFlagged stores one page of campaign with n flagged rows whose
// machine readings are "NOM i" and "7500i", and returns their ids in
// table order.
func seedFlagged(tb testing.TB, d *DB, campaign string, n int) []int64 {
	tb.Helper()
	ctx := context.Background()
	sha := fmt.Sprintf("%s-%d-%d", campaign, n, time.Now().UnixNano())
	f, _, err := d.BeginFile(ctx, campaign, File{Path: campaign + ".png", SHA256: sha, Size: 1})
	if err != nil {
		tb.Fatal(err)
	}
	rows := make([]Row, n)
	for i := range rows {
		name := fmt.Sprintf("NOM %d", i)
		postal := fmt.Sprintf("7500%d", i%10)
		rows[i] = Row{Index: i, Number: i + 1, X0: 10, Y0: 10 * i, X1: 100, Y1: 10*i + 9,
			Signed: true, NameOCR: name, Name: name, PostalOCR: postal, PostalCode: postal,
			Status: RowFlagged, Reasons: []string{"name_low_conf"},
			Cells: []Cell{{Kind: "name", PNG: []byte("png")}}}
	}
	p := &Page{FileID: f.ID, Index: 1, Status: PageOK, Width: 100, Height: 400, FormPage: 1}
	if err := d.SavePage(ctx, p, []byte("page"), rows); err != nil {
		tb.Fatal(err)
	}
	ids := make([]int64, n)
	for i := range rows {
		ids[i] = rows[i].ID
	}
	return ids
}

func changeOf(r *RowRef) ReviewChange {
	return ReviewChange{Name: r.Name, PostalCode: r.PostalCode, Signed: r.Signed, Struck: r.Struck, Blank: r.Blank}
}

func TestSaveReviewStatusAndAudit(t *testing.T) {
	tests := []struct {
		name       string
		edit       func(*ReviewChange)
		wantStatus string
		wantAction string
	}{
		{"unchanged is accepted", func(*ReviewChange) {}, RowAccepted, ActionAccept},
		{"changed name is corrected", func(c *ReviewChange) { c.Name = "LEFÈVRE, Zoé" }, RowCorrected, ActionCorrect},
		{"changed postal code is corrected", func(c *ReviewChange) { c.PostalCode = "13001" }, RowCorrected, ActionCorrect},
		{"blank", func(c *ReviewChange) { c.Blank, c.Mark = true, ActionBlank }, RowBlank, ActionBlank},
		{"not signed", func(c *ReviewChange) { c.Signed, c.Mark = false, ActionUnsigned }, RowCorrected, ActionUnsigned},
		{"struck", func(c *ReviewChange) { c.Struck, c.Mark = true, ActionStruck }, RowCorrected, ActionStruck},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := openTemp(t)
			ctx := context.Background()
			seedFlagged(t, d, "c", 1)
			r, err := d.ClaimNext(ctx, "c", "alice", time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			ch := changeOf(r)
			tt.edit(&ch)
			got, err := d.SaveReview(ctx, r.ID, r.Version, "alice", ch)
			if err != nil {
				t.Fatalf("SaveReview: %v", err)
			}
			if got.Status != tt.wantStatus || got.ReviewedBy != "alice" || got.Version != r.Version+1 {
				t.Errorf("after save: status %q by %q version %d, want %q by alice version %d",
					got.Status, got.ReviewedBy, got.Version, tt.wantStatus, r.Version+1)
			}
			if got.Name != ch.Name || got.PostalCode != ch.PostalCode {
				t.Errorf("after save: name %q postal %q, want %q %q", got.Name, got.PostalCode, ch.Name, ch.PostalCode)
			}
			trail, err := d.Audit(ctx, r.ID)
			if err != nil || len(trail) != 1 {
				t.Fatalf("Audit = %d entries, %v; want 1", len(trail), err)
			}
			e := trail[0]
			if e.Action != tt.wantAction || e.Reviewer != "alice" || e.At.IsZero() {
				t.Errorf("audit entry %+v, want action %q by alice with a time", e, tt.wantAction)
			}
			var before, after reviewState
			if err := json.Unmarshal([]byte(e.Before), &before); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(e.After), &after); err != nil {
				t.Fatal(err)
			}
			if before.Name != r.Name || after.Name != ch.Name || after.Status != tt.wantStatus {
				t.Errorf("audit before %+v after %+v; want name %q -> %q, status %q", before, after, r.Name, ch.Name, tt.wantStatus)
			}
		})
	}
}

func TestSaveReviewRefusesStaleVersionAndOthersClaim(t *testing.T) {
	d := openTemp(t)
	ctx := context.Background()
	seedFlagged(t, d, "c", 2)
	a, err := d.ClaimNext(ctx, "c", "alice", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	ch := changeOf(a)
	if _, err := d.SaveReview(ctx, a.ID, a.Version, "bob", ch); !errors.Is(err, ErrConflict) {
		t.Errorf("bob saving alice's claimed row: err = %v, want ErrConflict", err)
	}
	if _, err := d.SaveReview(ctx, a.ID, a.Version, "alice", ch); err != nil {
		t.Fatalf("alice's save: %v", err)
	}
	if _, err := d.SaveReview(ctx, a.ID, a.Version, "alice", ch); !errors.Is(err, ErrConflict) {
		t.Errorf("second save at the old version: err = %v, want ErrConflict", err)
	}
	trail, _ := d.Audit(ctx, a.ID)
	if len(trail) != 1 {
		t.Errorf("audit has %d entries after one good and two refused saves, want 1", len(trail))
	}
}

func TestClaimNextHandsEachRowToOneReviewer(t *testing.T) {
	d := openTemp(t)
	ctx := context.Background()
	seedFlagged(t, d, "c", 2)
	seedFlagged(t, d, "other", 1)
	a, err := d.ClaimNext(ctx, "c", "alice", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	again, err := d.ClaimNext(ctx, "c", "alice", time.Minute)
	if err != nil || again.ID != a.ID {
		t.Errorf("alice asking again got row %v (%v), want her claimed row %d", again, err, a.ID)
	}
	b, err := d.ClaimNext(ctx, "c", "bob", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if b.ID == a.ID || b.Campaign != "c" {
		t.Errorf("bob got row %d of %q, want another row of c than alice's %d", b.ID, b.Campaign, a.ID)
	}
	if _, err := d.ClaimNext(ctx, "c", "carol", time.Minute); !errors.Is(err, ErrNotFound) {
		t.Errorf("carol with every row of c claimed: err = %v, want ErrNotFound", err)
	}
	if _, err := d.Claim(ctx, a.ID, "carol", time.Minute); !errors.Is(err, ErrConflict) {
		t.Errorf("carol claiming alice's row: err = %v, want ErrConflict", err)
	}
	// An expired claim is free again.
	if _, err := d.Claim(ctx, a.ID, "alice", -time.Second); err != nil {
		t.Fatal(err)
	}
	c, err := d.ClaimNext(ctx, "c", "carol", time.Minute)
	if err != nil || c.ID != a.ID {
		t.Errorf("carol after alice's claim expired got %v (%v), want row %d", c, err, a.ID)
	}
}

func TestSkipPutsRowAtTheBack(t *testing.T) {
	d := openTemp(t)
	ctx := context.Background()
	ids := seedFlagged(t, d, "c", 3)
	r, err := d.ClaimNext(ctx, "c", "alice", time.Minute)
	if err != nil || r.ID != ids[0] {
		t.Fatalf("first claim = %v, %v; want row %d", r, err, ids[0])
	}
	if err := d.Skip(ctx, r.ID, "alice"); err != nil {
		t.Fatal(err)
	}
	r, err = d.ClaimNext(ctx, "c", "alice", time.Minute)
	if err != nil || r.ID != ids[1] {
		t.Errorf("after skipping %d, next = %v, %v; want row %d", ids[0], r, err, ids[1])
	}
	b, err := d.ClaimNext(ctx, "c", "bob", time.Minute)
	if err != nil || b.ID != ids[0] {
		t.Errorf("bob's next = %v, %v; want row %d that only alice skipped", b, err, ids[0])
	}
}

func TestUndoWalksBackAndRefusesWhenOthersSavedSince(t *testing.T) {
	d := openTemp(t)
	ctx := context.Background()
	ids := seedFlagged(t, d, "c", 2)
	save := func(id int64, who, name string) *RowRef {
		t.Helper()
		r, err := d.Claim(ctx, id, who, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		ch := changeOf(r)
		ch.Name = name
		r, err = d.SaveReview(ctx, id, r.Version, who, ch)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	save(ids[0], "alice", "Élise")
	save(ids[1], "alice", "Noël")
	r, err := d.Undo(ctx, "alice", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if r.ID != ids[1] || r.Name != "NOM 1" || r.Status != RowFlagged || r.ReviewedBy != "" {
		t.Errorf("first undo restored row %d name %q status %q by %q; want row %d as the machine left it",
			r.ID, r.Name, r.Status, r.ReviewedBy, ids[1])
	}
	r, err = d.Undo(ctx, "alice", time.Minute)
	if err != nil || r.ID != ids[0] || r.Name != "NOM 0" {
		t.Errorf("second undo = %v, %v; want row %d restored to NOM 0", r, err, ids[0])
	}
	if _, err := d.Undo(ctx, "alice", time.Minute); !errors.Is(err, ErrNotFound) {
		t.Errorf("third undo: err = %v, want ErrNotFound", err)
	}
	// Alice saves, Bob saves the same row after: alice's undo must not
	// overwrite Bob's work.
	d.Release(ctx, ids[0], "alice")
	save(ids[0], "alice", "Élise")
	save(ids[0], "bob", "Éloïse")
	if _, err := d.Undo(ctx, "alice", time.Minute); !errors.Is(err, ErrConflict) {
		t.Errorf("undo over bob's later save: err = %v, want ErrConflict", err)
	}
	got, _ := d.RowByID(ctx, ids[0])
	if got.Name != "Éloïse" {
		t.Errorf("row name after refused undo = %q, want bob's Éloïse", got.Name)
	}
}

func TestProgressAndPages(t *testing.T) {
	d := openTemp(t)
	ctx := context.Background()
	ids := seedFlagged(t, d, "c", 4)
	seedFlagged(t, d, "d", 1)
	r, _ := d.Claim(ctx, ids[0], "alice", time.Minute)
	if _, err := d.SaveReview(ctx, r.ID, r.Version, "alice", changeOf(r)); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Claim(ctx, ids[1], "alice", time.Minute); err != nil {
		t.Fatal(err)
	}
	ps, err := d.Progress(ctx, "c")
	if err != nil {
		t.Fatal(err)
	}
	want := Progress{Campaign: "c", Rows: 4, Flagged: 4, Left: 3, Claimed: 1, Done: 1}
	if len(ps) != 1 || ps[0] != want {
		t.Errorf("Progress(c) = %+v, want [%+v]", ps, want)
	}
	all, _ := d.Progress(ctx, "")
	if len(all) != 2 {
		t.Errorf("Progress(\"\") has %d campaigns, want 2", len(all))
	}
	pages, err := d.Pages(ctx, "c")
	if err != nil || len(pages) != 1 {
		t.Fatalf("Pages(c) = %v, %v; want one page", pages, err)
	}
	p := pages[0]
	if p.Rows != 4 || p.ByStatus[RowFlagged] != 3 || p.ByStatus[RowAccepted] != 1 || p.Reviewed != 1 || !p.HasImage {
		t.Errorf("page summary %+v, want 4 rows: 3 flagged, 1 accepted and reviewed, with image", p)
	}
	one, err := d.PageByID(ctx, p.ID)
	if err != nil || one.Rows != 4 {
		t.Errorf("PageByID = %+v, %v", one, err)
	}
}

func TestClaimBatchFiltersAndClaims(t *testing.T) {
	d := openTemp(t)
	ctx := context.Background()
	ids := seedFlagged(t, d, "c", 6)
	even := func(r *RowRef) bool { return r.Index%2 == 0 }
	got, err := d.ClaimBatch(ctx, "c", "alice", 2, time.Minute, even)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != ids[0] || got[1].ID != ids[2] {
		t.Fatalf("ClaimBatch(2, even) = %d rows, want rows %d and %d", len(got), ids[0], ids[2])
	}
	rest, err := d.ClaimBatch(ctx, "c", "bob", 10, time.Minute, even)
	if err != nil || len(rest) != 1 || rest[0].ID != ids[4] {
		t.Errorf("bob's batch = %d rows (%v), want only row %d", len(rest), err, ids[4])
	}
}

func TestReviewerAccounts(t *testing.T) {
	d := openTemp(t)
	ctx := context.Background()
	if _, err := d.ReviewerHash(ctx, "alice"); !errors.Is(err, ErrNotFound) {
		t.Errorf("ReviewerHash(missing) err = %v, want ErrNotFound", err)
	}
	if err := d.SetReviewer(ctx, "alice", "h1"); err != nil {
		t.Fatal(err)
	}
	if err := d.SetReviewer(ctx, "alice", "h2"); err != nil {
		t.Fatal(err)
	}
	h, err := d.ReviewerHash(ctx, "alice")
	n, _ := d.ReviewerCount(ctx)
	if err != nil || h != "h2" || n != 1 {
		t.Errorf("after two SetReviewer: hash %q (%v), count %d; want h2, 1", h, err, n)
	}
}

// BenchmarkClaimAndSave measures one reviewer's claim of the next flagged
// row and its save, two write transactions, over a queue of 25,000 rows.
func BenchmarkClaimAndSave(b *testing.B) {
	d := openTemp(b)
	ctx := context.Background()
	for i := 0; i < 1000; i++ {
		seedFlagged(b, d, "c", 25)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := d.ClaimNext(ctx, "c", "alice", time.Minute)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := d.SaveReview(ctx, r.ID, r.Version, "alice", changeOf(r)); err != nil {
			b.Fatal(err)
		}
	}
}

func TestErasedRowRefusesReview(t *testing.T) {
	d := openTemp(t)
	ctx := context.Background()
	ids := seedFlagged(t, d, "c", 1)
	r, _ := d.Claim(ctx, ids[0], "alice", time.Minute)
	if _, err := d.SaveReview(ctx, r.ID, r.Version, "alice", changeOf(r)); err != nil {
		t.Fatal(err)
	}
	// As an erasure leaves it (store/person.go owns the real one).
	d.SQL().Exec(`UPDATE rows SET name = '', erased_at = ?, version = version + 1 WHERE id = ?`, now(), ids[0])
	if _, err := d.Claim(ctx, ids[0], "bob", time.Minute); !errors.Is(err, ErrErased) {
		t.Errorf("Claim(erased row) err = %v, want ErrErased", err)
	}
	r, _ = d.RowByID(ctx, ids[0])
	ch := changeOf(r)
	ch.Name = "NOM 0"
	if _, err := d.SaveReview(ctx, r.ID, r.Version, "bob", ch); !errors.Is(err, ErrErased) {
		t.Errorf("SaveReview(erased row) err = %v, want ErrErased", err)
	}
	if _, err := d.Undo(ctx, "alice", time.Minute); !errors.Is(err, ErrErased) {
		t.Errorf("Undo over an erasure err = %v, want ErrErased", err)
	}
	if r, _ := d.RowByID(ctx, ids[0]); r.Name != "" {
		t.Errorf("erased row name became %q", r.Name)
	}
}
