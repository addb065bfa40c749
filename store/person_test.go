package store

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// A name and a postal code that appear nowhere else, so that finding their
// bytes in a database file can only mean they were not erased.
const (
	secretName   = "ZYGMUNTOWICZ Bérénice-Quorra"
	secretPostal = "97142"
)

// pagePNG returns a gray page image, w×h pixels, filled with mid-gray ink.
func pagePNG(tb testing.TB, w, h int) []byte {
	tb.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0x40
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// savePersonPage stores a page with an image and three signed rows, the
// middle one holding the secret name, with cells and audit entries that
// copy it, and returns the row ids.
func savePersonPage(tb testing.TB, d *DB, file string) []int64 {
	tb.Helper()
	ctx := context.Background()
	f, _, err := d.BeginFile(ctx, "c", File{Path: file, SHA256: "sha-" + file, Size: 1})
	if err != nil {
		tb.Fatal(err)
	}
	rows := []Row{
		{Index: 0, Number: 1, Name: "MARTIN Paul", PostalCode: "69003", Signed: true, Status: RowAccepted, X0: 10, Y0: 10, X1: 190, Y1: 30},
		{Index: 1, Number: 2, Name: secretName, NameOCR: secretName, Surname: "ZYGMUNTOWICZ", GivenName: "Bérénice-Quorra",
			PostalCode: secretPostal, PostalOCR: secretPostal, Communes: "Le Lamentin", Department: "971",
			Signed: true, Status: RowCorrected, X0: 10, Y0: 30, X1: 190, Y1: 50,
			Cells: []Cell{{Kind: "name", X0: 20, Y0: 31, X1: 120, Y1: 49, PNG: []byte(secretName + " cell")},
				{Kind: "postal", X0: 120, Y0: 31, X1: 160, Y1: 49, PNG: []byte(secretPostal + " cell")}}},
		{Index: 2, Number: 3, Name: "PETIT Louis", PostalCode: "33000", Signed: true, Status: RowFlagged, X0: 10, Y0: 50, X1: 190, Y1: 70},
	}
	if err := d.SavePage(ctx, &Page{FileID: f.ID, Index: 1, Status: PageOK, Width: 200, Height: 80}, pagePNG(tb, 200, 80), rows); err != nil {
		tb.Fatal(err)
	}
	// Columns added by later migrations that copy the readings (the
	// machine's evidence) must be emptied too.
	var n int
	d.SQL().QueryRow(`SELECT count(*) FROM pragma_table_info('rows') WHERE name = 'evidence'`).Scan(&n)
	if n == 1 {
		ev := `{"name":{"text":"` + secretName + `"},"postal":{"text":"` + secretPostal + `"}}`
		if _, err := d.SQL().Exec(`UPDATE rows SET evidence = ? WHERE id = ?`, ev, rows[1].ID); err != nil {
			tb.Fatal(err)
		}
	}
	for _, a := range []struct{ before, after string }{
		{`{"name":"ZYGMUNTOWICZ Berenice"}`, `{"name":"` + secretName + `","postal_code":"` + secretPostal + `"}`},
		{`{"name":"` + secretName + `"}`, `{"name":"` + secretName + `"}`},
	} {
		if _, err := d.SQL().Exec(`INSERT INTO audit (row_id, reviewer, at, action, before, after) VALUES (?, 'rev', ?, 'correct', ?, ?)`,
			rows[1].ID, now(), a.before, a.after); err != nil {
			tb.Fatal(err)
		}
	}
	return []int64{rows[0].ID, rows[1].ID, rows[2].ID}
}

// dbBytes returns the raw bytes of the database file and its side files.
func dbBytes(tb testing.TB, path string) map[string][]byte {
	tb.Helper()
	out := map[string][]byte{}
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		b, err := os.ReadFile(path + suffix)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			tb.Fatal(err)
		}
		out[filepath.Base(path+suffix)] = b
	}
	return out
}

// secrets are the byte strings that must be gone: the name, its parts
// (also the unaccented surname, as the audit holds it) and the code.
var secrets = []string{secretName, "ZYGMUNTOWICZ", "Bérénice-Quorra", secretPostal}

func countSecrets(tb testing.TB, path string) map[string]int {
	tb.Helper()
	found := map[string]int{}
	for file, b := range dbBytes(tb, path) {
		for _, s := range secrets {
			if n := bytes.Count(b, []byte(s)); n > 0 {
				found[file+": "+s] += n
			}
		}
	}
	return found
}

func TestErasePersonLeavesNoByte(t *testing.T) {
	ctx := context.Background()
	d := openTemp(t)
	ids := savePersonPage(t, d, "a.png")
	savePersonPage(t, d, "b.png") // a second copy, on another scan, stays
	other, err := d.FindPersons(ctx, "zygmuntowicz berenice", "")
	if err != nil || len(other) != 2 {
		t.Fatalf("FindPersons before erase = %+v, %v; want 2 rows", other, err)
	}
	before, _ := d.Tally(ctx, TallyOptions{})

	// Delete the second copy's scan first, so that afterwards the only
	// copies were those of the person erased.
	scans, err := d.FindScans(ctx, "b.png")
	if err != nil || len(scans) != 1 {
		t.Fatalf("FindScans(b.png) = %+v, %v", scans, err)
	}
	if _, err := d.EraseScan(ctx, scans[0].ID, "dpo"); err != nil {
		t.Fatal(err)
	}
	if len(countSecrets(t, d.Path())) == 0 {
		t.Fatal("the secret name is not in the database files before the erase: the test would show nothing")
	}

	e, err := d.ErasePerson(ctx, ids[1], "dpo")
	if err != nil {
		t.Fatal(err)
	}
	if !e.Scrubbed || e.Cells != 2 || e.Audit != 2 || e.Valid != 1 || e.Pages != 1 {
		t.Errorf("ErasePerson = %+v, want scrubbed, 2 cells, 2 audit entries, 1 valid, page repainted", e)
	}
	if found := countSecrets(t, d.Path()); len(found) > 0 {
		t.Errorf("after the erase, still in the database files: %v", found)
	}
	// Once more with the database closed, as another process would see it.
	d.Close()
	if found := countSecrets(t, d.Path()); len(found) > 0 {
		t.Errorf("after closing, still in the database files: %v", found)
	}
	d, err = Open(d.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()

	if m, err := d.FindPersons(ctx, "zygmuntowicz", ""); err != nil || len(m) != 0 {
		t.Errorf("FindPersons after erase = %+v, %v; want none", m, err)
	}
	if _, err := d.ErasePerson(ctx, ids[1], "dpo"); err == nil {
		t.Error("second ErasePerson: no error")
	}
	p, err := d.Person(ctx, ids[1])
	if err != nil {
		t.Fatal(err)
	}
	if p.ErasedAt == "" || len(p.Cells) != 0 || p.Columns["name"] != "" || p.Columns["department"] != "971" {
		t.Errorf("Person after erase = %+v", p)
	}
	for _, a := range p.Audit {
		if a.Before != "" || a.After != "" {
			t.Errorf("audit entry %d keeps values %q, %q", a.ID, a.Before, a.After)
		}
	}

	// The page image: the row's box is white, the rows around it are not.
	var data []byte
	if err := d.SQL().QueryRow(`SELECT data FROM page_images LIMIT 1`).Scan(&data); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for _, pt := range []struct {
		x, y  int
		white bool
	}{{15, 40, true}, {100, 30, true}, {189, 49, true}, {100, 20, false}, {100, 60, false}, {195, 40, false}} {
		g := color.GrayModel.Convert(img.At(pt.x, pt.y)).(color.Gray).Y
		if (g == 0xff) != pt.white {
			t.Errorf("page pixel (%d,%d) = %#x, want white %v", pt.x, pt.y, g, pt.white)
		}
	}

	// The tally keeps the count, anonymously.
	after, err := d.Tally(ctx, TallyOptions{By: ByDepartment})
	if err != nil {
		t.Fatal(err)
	}
	if after.Total.Erased != 1 || after.ErasedScans.Rows != 3 || after.ErasedScans.Valid != 2 ||
		after.Total.Valid != before.Total.Valid-2-1 {
		t.Errorf("tally after erasures = %+v, erased scans %+v; before %+v", after.Total, after.ErasedScans, before.Total)
	}
	found := false
	for _, g := range after.Groups {
		if g.Key == "971" && g.Erased == 1 {
			found = true
		}
	}
	if !found {
		t.Errorf("erased row not counted in its department 971: %+v", after.Groups)
	}
}

func TestEraseScanLeavesNoByte(t *testing.T) {
	ctx := context.Background()
	d := openTemp(t)
	savePersonPage(t, d, "x.png")
	keep := plant(t, d, "c", "y.png", [][2]string{{"DURAND Marie", "75011"}})
	if len(countSecrets(t, d.Path())) == 0 {
		t.Fatal("the secret name is not in the database files: the test would show nothing")
	}
	scans, err := d.FindScans(ctx, "sha-x.png")
	if err != nil || len(scans) != 1 || scans[0].Path != "x.png" {
		t.Fatalf("FindScans by hash = %+v, %v", scans, err)
	}
	e, err := d.EraseScan(ctx, scans[0].ID, "dpo")
	if err != nil {
		t.Fatal(err)
	}
	if e.Rows != 3 || e.Pages != 1 || e.Cells != 2 || e.Audit != 2 || e.Valid != 2 || !e.Scrubbed {
		t.Errorf("EraseScan = %+v, want 3 rows, 1 page, 2 cells, 2 audit entries, 2 valid, scrubbed", e)
	}
	if found := countSecrets(t, d.Path()); len(found) > 0 {
		t.Errorf("after the scan erase, still in the database files: %v", found)
	}
	if _, err := d.RowByID(ctx, keep[0]); err != nil {
		t.Errorf("row of the other scan: %v", err)
	}
	if s, _ := d.FindScans(ctx, "x.png"); len(s) != 0 {
		t.Errorf("FindScans after erase = %+v", s)
	}
	if _, err := d.EraseScan(ctx, scans[0].ID, "dpo"); err == nil {
		t.Error("second EraseScan: no error")
	}
}

func TestFindPersons(t *testing.T) {
	ctx := context.Background()
	d := openTemp(t)
	ids := plant(t, d, "c", "a.png", [][2]string{
		{"LEFÈVRE Hélène", "75011"},
		{"Jean-Pierre DUPONT", "69003"},
		{"MARTIN Paul", "75011"},
	})
	tests := []struct {
		text, postal string
		want         []int64
	}{
		{"lefevre", "", []int64{ids[0]}},
		{"Helene Lefevre", "", []int64{ids[0]}},  // word order
		{"LEFEBVRE HELENE", "", []int64{ids[0]}}, // a letter off
		{"dupont jean pierre", "", []int64{ids[1]}},
		{"martin", "69003", nil},
		{"martin", "75011", []int64{ids[2]}},
		{"durand", "", nil},
	}
	for _, tt := range tests {
		got, err := d.FindPersons(ctx, tt.text, tt.postal)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, m := range got {
			ids = append(ids, m.ID)
		}
		if len(ids) != len(tt.want) || (len(ids) > 0 && ids[0] != tt.want[0]) {
			t.Errorf("FindPersons(%q, %q) = %v, want %v", tt.text, tt.postal, ids, tt.want)
		}
	}
	if _, err := d.FindPersons(ctx, " - ", ""); err == nil {
		t.Error("FindPersons of nothing: no error")
	}
}

func TestSideFilesArePrivate(t *testing.T) {
	d := openTemp(t)
	plant(t, d, "c", "a.png", [][2]string{{"A B", "75011"}})
	// While the database is open, WAL mode keeps -wal and -shm beside it.
	for _, suffix := range []string{"", "-wal", "-shm"} {
		fi, err := os.Stat(d.Path() + suffix)
		if err != nil {
			t.Errorf("stat %s: %v", suffix, err)
			continue
		}
		if mode := fi.Mode().Perm(); mode != 0o600 {
			t.Errorf("database file%s mode = %o, want 600", suffix, mode)
		}
	}
}
