package store

import (
	"errors"
	"net/url"
	"os"
)

// A database file nobody may write (mode 0444, a read-only mount) is read without the
// write-ahead log's shared-memory file: SQLite would create that -shm with the database's
// own mode, 0444, and every later write, once the file is writable again, would fail on it.
// Such a file is opened immutable when no -wal beside it shows a writer at work.

// readOnlyFile reports whether path is a database file no one is writing: not writable by
// its mode bits (or by this process), and no -wal beside it.
func readOnlyFile(path string) bool {
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		return false
	}
	if fi.Mode().Perm()&0o222 == 0 {
		return true
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return errors.Is(err, os.ErrPermission)
	}
	f.Close()
	return false
}

// roDSN opens path for reading only, immutable when no one can be writing it.
func roDSN(path string) string {
	q := "?mode=ro&_pragma=busy_timeout(10000)"
	if readOnlyFile(path) {
		q = "?mode=ro&immutable=1"
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + q
}
