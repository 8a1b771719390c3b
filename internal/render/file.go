package render

import (
	"bufio"
	"io"
	"os"
	"path/filepath"

	"github.com/kefu/kefu/internal/errs"
)

// tmpInfix marks kefu's temporary files beside a target: ".NAME.kefu-tmp-RANDOM".
const tmpInfix = ".kefu-tmp-"

// WriteFileAtomic writes a file kefu produces (an export, a policy file) to a temporary file in
// the target's directory and renames it over the target only when everything was written: a
// failed or killed run never truncates the existing file or leaves an empty one. The temporary
// file is removed on failure, and left-overs of a killed earlier run are removed first. Text
// goes through the same sanitizer as stdout (SafeWriter).
func WriteFileAtomic(path string, perm os.FileMode, write func(io.Writer) error) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if stale, _ := filepath.Glob(filepath.Join(dir, "."+base+tmpInfix+"*")); len(stale) > 0 {
		for _, s := range stale {
			os.Remove(s)
		}
	}
	tmp, err := os.CreateTemp(dir, "."+base+tmpInfix+"*")
	if err != nil {
		return errs.Wrap(err, "writing %s", path)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 64<<10)
	if err := write(&SafeWriter{W: bw}); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return errs.Wrap(err, "writing %s", path)
	}
	if err := tmp.Chmod(perm); err != nil {
		return errs.Wrap(err, "writing %s", path)
	}
	if err := tmp.Sync(); err != nil {
		return errs.Wrap(err, "writing %s", path)
	}
	if err := tmp.Close(); err != nil {
		return errs.Wrap(err, "writing %s", path)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return errs.Wrap(err, "writing %s", path)
	}
	done = true
	return nil
}
