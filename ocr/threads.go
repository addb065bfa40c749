package ocr

import (
	"os"
	"syscall"
)

// EnsureSingleThreaded makes sure Tesseract's OpenMP runtime uses one
// thread per recognition, re-executing the program with
// OMP_THREAD_LIMIT=1 when it is not set. Call it first thing in main.
//
// Why: sheetscan parallelises across pages (--jobs), and Tesseract's own
// OpenMP threads on tiny cell images only contend with those workers:
// measured on the sample scans on 2 cores, an import took 24.8 s with
// OpenMP's default and 5.6 s with one thread (--jobs 1), 8.1 s and 3.3 s
// with --jobs 2. The OpenMP runtime reads the variable when the library
// is loaded, before main runs, so setting it from Go is too late: the
// process must start again with it. On failure the program goes on
// unchanged (slower, never wrong).
func EnsureSingleThreaded() {
	if os.Getenv("OMP_THREAD_LIMIT") != "" {
		return
	}
	exe, err := os.Executable()
	if err != nil {
		return
	}
	env := append(os.Environ(), "OMP_THREAD_LIMIT=1")
	_ = syscall.Exec(exe, os.Args, env) // returns only on failure
}
