package postal

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"sync"
)

//go:embed data/codes.tsv.gz
var codesTSV []byte

// Commune is one commune served by a postal code.
type Commune struct {
	Name  string // official commune name, e.g. "Ajaccio"
	INSEE string // INSEE commune code, e.g. "2A004"
}

type table struct {
	communes map[string][]Commune
	codes    []string // sorted
}

var load = sync.OnceValue(func() *table {
	t, err := parse(codesTSV)
	if err != nil {
		// The data is embedded and checked by the tests: a failure here
		// is a build defect, not a run-time condition.
		panic(err)
	}
	return t
})

func parse(gz []byte) (*table, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("postal data: %w", err)
	}
	t := &table{communes: make(map[string][]Commune, 6500)}
	sc := bufio.NewScanner(zr)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 3 || !isDigits(f[0]) || len(f[0]) != 5 || len(f[1]) != 5 {
			return nil, fmt.Errorf("postal data line %d: malformed %q", n, line)
		}
		if _, ok := t.communes[f[0]]; !ok {
			t.codes = append(t.codes, f[0])
		}
		t.communes[f[0]] = append(t.communes[f[0]], Commune{Name: f[2], INSEE: f[1]})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("postal data: %w", err)
	}
	sort.Strings(t.codes)
	return t, nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Valid reports whether code is exactly five ASCII digits and appears in the
// La Poste list. It does not trim or repair: see Repair for OCR readings.
func Valid(code string) bool {
	if len(code) != 5 || !isDigits(code) {
		return false
	}
	_, ok := load().communes[code]
	return ok
}

// Communes returns the communes served by code, ordered by INSEE code, or
// nil if code is not valid. The caller may modify the returned slice.
func Communes(code string) []Commune {
	if !Valid(code) {
		return nil
	}
	c := load().communes[code]
	return append([]Commune(nil), c...)
}

// Department returns the department of code: its INSEE code (two
// characters, "2A"/"2B" in Corsica, three overseas such as "974") and its
// name. It is derived from the INSEE codes of the communes the postal code
// serves, not from the code's first digits, so that 20xxx codes land in 2A or
// 2B and codes delivered across a department border (e.g. 01590, mostly
// communes of the Jura) get the department of most of their communes; on a
// tie the department matching the code's prefix wins. ok is false when code
// is not valid.
func Department(code string) (dep string, name string, ok bool) {
	cs := load().communes[code]
	if !Valid(code) || len(cs) == 0 {
		return "", "", false
	}
	count := make(map[string]int)
	for _, c := range cs {
		count[departmentOf(c.INSEE)]++
	}
	best := ""
	for d, n := range count {
		switch {
		case best == "" || n > count[best]:
			best = d
		case n == count[best]:
			// Prefer the department the code's prefix names, then the
			// smaller code, so the answer does not depend on map order.
			if strings.HasPrefix(code, d) != strings.HasPrefix(code, best) {
				if strings.HasPrefix(code, d) {
					best = d
				}
			} else if d < best {
				best = d
			}
		}
	}
	return best, departmentNames[best], true
}

// Codes returns all valid postal codes, sorted. The caller may modify the
// returned slice.
func Codes() []string {
	return append([]string(nil), load().codes...)
}
