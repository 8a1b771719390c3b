package policy

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestZZDebug(t *testing.T) {
	files, _ := filepath.Glob("/tmp/fz/*")
	for _, f := range files {
		data, _ := os.ReadFile(f)
		start := time.Now()
		_, err := ParseYAML(data)
		t.Logf("%s: %v in %v", f, err, time.Since(start))
	}
}
