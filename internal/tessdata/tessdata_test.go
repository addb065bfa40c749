package tessdata

import (
	"os"
	"path/filepath"
	"testing"
)

func TestFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "xyz.traineddata")
	if err := os.WriteFile(p, []byte("model"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TESSDATA_PREFIX", dir)
	if got := File("xyz"); got != p {
		t.Errorf("File(xyz) = %q, want %q (TESSDATA_PREFIX)", got, p)
	}
	if got := File("no-such-language"); got != "" {
		t.Errorf("File(no-such-language) = %q, want \"\"", got)
	}
	if err := os.Mkdir(filepath.Join(dir, "dir.traineddata"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got := File("dir"); got != "" {
		t.Errorf("File(dir) = %q, want \"\" for a folder", got)
	}
}
