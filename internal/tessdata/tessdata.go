// Package tessdata finds the language models Tesseract has installed, for
// the tests that need a model file itself (to build a tessdata folder of
// their own), not just a working Tesseract.
package tessdata

import (
	"os"
	"path/filepath"
)

// dirs are where Tesseract's models are looked for: TESSDATA_PREFIX, then
// where Debian installs them for Tesseract 5 and 4.
func dirs() []string {
	return []string{os.Getenv("TESSDATA_PREFIX"), "/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata"}
}

// File returns the path of the model for lang ("fra"), or "" when none is
// installed in those places.
func File(lang string) string {
	for _, dir := range dirs() {
		if dir == "" {
			continue
		}
		p := filepath.Join(dir, lang+".traineddata")
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p
		}
	}
	return ""
}
