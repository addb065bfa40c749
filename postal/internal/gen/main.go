// Command gen converts the codes-postaux JSON file (npm package
// codes-postaux, La Poste / INSEE / DGFiP open data) into the gzipped TSV
// table embedded by package postal.
//
// Usage:
//
//	go run ./postal/internal/gen -in codes-postaux.json -out postal/data/codes.tsv.gz
//
// The output is deterministic: rows sorted by postal code then INSEE code,
// duplicates removed, gzip header without name or time stamp.
package main

import (
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"sort"
	"strings"
)

type entry struct {
	CodePostal          string `json:"codePostal"`
	CodeCommune         string `json:"codeCommune"`
	NomCommune          string `json:"nomCommune"`
	LibelleAcheminement string `json:"libelleAcheminement"`
}

func main() {
	in := flag.String("in", "", "codes-postaux.json from the npm package")
	out := flag.String("out", "postal/data/codes.tsv.gz", "output file")
	flag.Parse()
	if *in == "" {
		log.Fatal("gen: -in is required")
	}
	if err := run(*in, *out); err != nil {
		log.Fatal(err)
	}
}

func run(in, out string) error {
	b, err := os.ReadFile(in)
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	var es []entry
	if err := json.Unmarshal(b, &es); err != nil {
		return fmt.Errorf("gen %s: %w", in, err)
	}
	seen := make(map[string]bool)
	var lines []string
	for _, e := range es {
		if len(e.CodePostal) != 5 || len(e.CodeCommune) != 5 {
			return fmt.Errorf("gen: bad entry %+v", e)
		}
		l := strings.Join([]string{e.CodePostal, e.CodeCommune, clean(e.NomCommune), clean(e.LibelleAcheminement)}, "\t")
		if !seen[l] {
			seen[l] = true
			lines = append(lines, l)
		}
	}
	sort.Strings(lines)
	f, err := os.Create(out)
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err != nil {
		f.Close()
		return fmt.Errorf("gen: %w", err)
	}
	fmt.Fprintln(zw, "# postal_code\tinsee\tcommune\tacheminement")
	for _, l := range lines {
		fmt.Fprintln(zw, l)
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return fmt.Errorf("gen %s: %w", out, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("gen %s: %w", out, err)
	}
	log.Printf("gen: wrote %d rows to %s", len(lines), out)
	return nil
}

// clean removes characters that would break the TSV layout.
func clean(s string) string {
	return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(strings.TrimSpace(s))
}
