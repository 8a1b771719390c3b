package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/kefu/kefu/internal/errs"
)

// Backups, checks and restores work on whole files. A backup is made with VACUUM INTO: one
// read transaction, so it is a consistent snapshot while other processes go on writing (WAL
// readers never block writers), and the copy is compact and self-contained (no -wal file).

// Backup writes a consistent copy of the database to dest, created 0600. An existing dest is
// refused unless overwrite; it is then replaced atomically, so dest is never half written.
func (db *DB) Backup(ctx context.Context, dest string, overwrite bool) (FileInfo, error) {
	var info FileInfo
	if dest == "" {
		return info, errs.Invalidf("db backup needs a file to write")
	}
	if sameFile(dest, db.Path) {
		return info, errs.Invalidf("%s is the database itself; back it up to another file", dest)
	}
	fi, err := os.Stat(dest)
	switch {
	case err == nil && fi.IsDir():
		return info, errs.Invalidf("%s is a directory; name the backup file, e.g. %s", dest, filepath.Join(dest, "kefu-"+time.Now().Format("2006-01-02")+".db"))
	case err == nil && !overwrite:
		return info, errs.Conflictf("%s already exists", dest).WithHint("kefu db backup %s --force  (to replace it)", dest)
	case err != nil && !errors.Is(err, os.ErrNotExist):
		return info, errs.Wrap(err, "checking %s", dest)
	}
	tmp, err := tempBeside(dest, ".backup-")
	if err != nil {
		return info, err
	}
	defer removeDB(tmp) // a no-op once the copy is in place
	if db.pg != nil {
		// Team mode: the backup is a kefu SQLite file all the same, so db check, restore and
		// the file's tools work on it as on any backup.
		if err := db.backupPG(ctx, tmp); err != nil {
			return info, err
		}
	} else if _, err := db.sql.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		// VACUUM INTO accepts an existing empty file, so the copy keeps the 0600 the temp file has.
		if isDamage(err) {
			return info, db.damaged(err)
		}
		return info, errs.Wrap(err, "copying %s to %s", db.Path, dest)
	}
	if err := syncFile(tmp); err != nil {
		return info, errs.Wrap(err, "writing %s", dest)
	}
	if info, err = Inspect(ctx, tmp); err != nil {
		return info, errs.Wrap(err, "checking the copy of %s", db.Path)
	}
	if overwrite {
		err = os.Rename(tmp, dest)
	} else {
		err = placeNew(tmp, dest)
	}
	if err != nil {
		return info, err
	}
	syncDir(filepath.Dir(dest))
	info.Path = dest
	return info, nil
}

// placeNew moves tmp to dest unless dest exists: a hard link fails rather than replace a file
// that appeared meanwhile.
func placeNew(tmp, dest string) error {
	err := os.Link(tmp, dest)
	switch {
	case err == nil:
		return os.Remove(tmp)
	case errors.Is(err, os.ErrExist):
		return errs.Conflictf("%s already exists", dest).WithHint("kefu db backup %s --force  (to replace it)", dest)
	}
	// A file system without hard links: check, then rename.
	if _, serr := os.Lstat(dest); serr == nil {
		return errs.Conflictf("%s already exists", dest).WithHint("kefu db backup %s --force  (to replace it)", dest)
	}
	return errs.Wrap(os.Rename(tmp, dest), "writing %s", dest)
}

// CheckIntegrity runs PRAGMA integrity_check and PRAGMA foreign_key_check.
func (db *DB) CheckIntegrity(ctx context.Context) (Integrity, error) {
	r := Integrity{Problems: []string{}, ForeignKeys: []string{}}
	if db.pg != nil {
		// The server enforces foreign keys and keeps its own pages sound; db check of a
		// PostgreSQL database is the audit chain's part of it.
		return r, nil
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return r, db.openErr(err)
	}
	defer conn.Close()
	if r.Problems, err = integrityCheck(ctx, conn, "integrity_check"); err != nil {
		if isDamage(err) {
			// So damaged that SQLite stops checking: that is the finding.
			r.Problems = []string{err.Error()}
			return r, nil
		}
		return r, db.openErr(err)
	}
	rows, err := conn.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return r, db.openErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return r, db.openErr(err)
		}
		r.ForeignKeys = append(r.ForeignKeys, fmt.Sprintf("%s row %d refers to a missing %s row", table, rowid.Int64, parent))
	}
	return r, db.openErr(rows.Err())
}

// integrityCheck runs integrity_check or quick_check; "ok" is no problem.
func integrityCheck(ctx context.Context, conn *sql.Conn, pragma string) ([]string, error) {
	rows, err := conn.QueryContext(ctx, `PRAGMA `+pragma)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	problems := []string{}
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	return problems, rows.Err()
}

// Inspect checks, read-only, that path is an intact kefu database this kefu can open (its
// schema version is not newer), and describes it.
func Inspect(ctx context.Context, path string) (FileInfo, error) {
	info := FileInfo{Path: path}
	fi, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return info, errs.Invalidf("no file %s", path)
		}
		return info, errs.Wrap(err, "reading %s", path)
	}
	if !fi.Mode().IsRegular() {
		return info, errs.Invalidf("%s is not a regular file", path)
	}
	if fi.Size() == 0 {
		return info, errs.Wrap(errors.New("empty file"), "%s is not a kefu database", path)
	}
	info.Bytes = fi.Size()
	ro, err := sql.Open("sqlite", roDSN(path))
	if err != nil {
		return info, errs.Wrap(err, "opening %s", path)
	}
	defer ro.Close()
	conn, err := ro.Conn(ctx)
	d := &DB{Path: path}
	if err != nil {
		return info, d.openErr(err)
	}
	defer conn.Close()
	appID, version, err := header(ctx, conn)
	if err != nil {
		return info, d.openErr(err)
	}
	if err := d.checkHeader(ctx, conn, appID, version, false); err != nil {
		return info, err
	}
	info.Version = version
	problems, err := integrityCheck(ctx, conn, "quick_check")
	if err != nil {
		return info, d.openErr(err)
	}
	if len(problems) > 0 {
		return info, errs.Wrap(errors.New(strings.Join(problems, "; ")), "%s is damaged", path)
	}
	// An older schema may lack a table: it counts as empty.
	var last sql.NullInt64
	for _, q := range []struct {
		table, sql string
		into       []any
	}{
		{"tickets", `SELECT count(*) FROM tickets`, []any{&info.Tickets}},
		{"events", `SELECT count(*), max(at) FROM events`, []any{&info.Events, &last}},
	} {
		var n int
		if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, q.table).Scan(&n); err != nil {
			return info, errs.Wrap(err, "reading %s", path)
		}
		if n == 0 {
			continue
		}
		if err := conn.QueryRowContext(ctx, q.sql).Scan(q.into...); err != nil {
			return info, errs.Wrap(err, "reading %s", path)
		}
	}
	info.LastAt = fromMS(last)
	return info, nil
}

// Restore replaces the contents of the database at target with a copy of the kefu database
// src, keeping what it replaced as target.before-restore (replaced by each restore). prepare
// runs on the copy, opened and upgraded to this kefu's schema, before it goes live (e.g. to
// record the restore in its history). The copy goes in through SQLite's online backup API, in
// one write transaction on the live database: other kefu processes wait for it as for any
// writer, nothing is renamed under them, and every write that finished before the restore is
// in target.before-restore, every write after it in the restored database. It returns the
// name of the kept file ("" when target did not exist).
func Restore(ctx context.Context, src, target string, prepare func(*DB) error) (before string, err error) {
	if sameFile(src, target) {
		return "", errs.Invalidf("%s is the database itself; restore from a backup file", src)
	}
	if _, err := Inspect(ctx, src); err != nil {
		return "", err
	}
	if IsPostgres(target) {
		return "", restorePG(ctx, src, target, prepare)
	}
	tmp, err := tempBeside(target, ".restore-")
	if err != nil {
		return "", err
	}
	defer removeDB(tmp)
	if err := copyInto(ctx, src, tmp); err != nil {
		return "", err
	}
	if err := upgradeCopy(ctx, tmp, prepare); err != nil {
		return "", err
	}
	if _, err := Inspect(ctx, tmp); err != nil {
		return "", errs.Wrap(err, "checking the copy of %s", src)
	}
	if _, err := os.Stat(target); errors.Is(err, os.ErrNotExist) {
		if err := placeNew(tmp, target); err != nil {
			return "", err
		}
		syncDir(filepath.Dir(target))
		return "", nil
	}
	return restoreInto(ctx, tmp, target)
}

// backuper is what modernc.org/sqlite's connections offer for the online backup API.
type backuper interface {
	NewBackup(dstURI string) (*sqlite.Backup, error)
	NewRestore(srcURI string) (*sqlite.Backup, error)
}

// restoreInto copies the prepared database file tmp into the live database target. It first
// takes target's write lock (a backup step of no pages: the lock is held until the copy is
// finished), then, with writers held off, copies target as it stands to
// target.before-restore, then copies tmp in and commits.
func restoreInto(ctx context.Context, tmp, target string) (string, error) {
	before := target + ".before-restore"
	beforeTmp, err := tempBeside(before, ".tmp-")
	if err != nil {
		return "", err
	}
	defer removeDB(beforeTmp) // a no-op once it is in place
	live, err := sql.Open("sqlite", dsn(target))
	if err != nil {
		return "", errs.Wrap(err, "opening %s", target)
	}
	defer live.Close()
	d := &DB{Path: target}
	dest, err := live.Conn(ctx)
	if err != nil {
		return "", d.openErr(err)
	}
	defer dest.Close()
	var restore *sqlite.Backup
	if err := dest.Raw(func(c any) error {
		b, ok := c.(backuper)
		if !ok {
			return fmt.Errorf("the SQLite driver offers no backup API")
		}
		restore, err = b.NewRestore(tmp)
		return err
	}); err != nil {
		return "", errs.Wrap(err, "restoring into %s", target)
	}
	finished := false
	defer func() {
		if !finished {
			restore.Finish() // rolls back what was copied
		}
	}()
	if _, err := restore.Step(0); err != nil {
		if isCode(err, sqlite3.SQLITE_BUSY) {
			return "", errs.Conflictf("%s stayed busy (another kefu process kept writing); nothing was changed", target).
				WithHint("run db restore again")
		}
		return "", errs.Wrap(err, "locking %s", target)
	}
	if err := snapshotTo(ctx, live, beforeTmp); err != nil {
		return "", errs.Wrap(err, "keeping %s as %s", target, before)
	}
	if err := os.Rename(beforeTmp, before); err != nil {
		return "", errs.Wrap(err, "keeping %s as %s", target, before)
	}
	syncDir(filepath.Dir(before))
	for more := true; more; {
		if more, err = restore.Step(-1); err != nil {
			return before, errs.Wrap(err, "restoring into %s (the database is as it was; it is also kept as %s)", target, before)
		}
	}
	finished = true
	if err := restore.Finish(); err != nil {
		return before, errs.Wrap(err, "restoring into %s (the database is as it was; it is also kept as %s)", target, before)
	}
	return before, nil
}

// snapshotTo copies the database behind pool, as its last commit left it, into the empty
// file dest through the online backup API (a read: it runs beside the held write lock).
func snapshotTo(ctx context.Context, pool *sql.DB, dest string) error {
	conn, err := pool.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	err = conn.Raw(func(c any) error {
		b, ok := c.(backuper)
		if !ok {
			return fmt.Errorf("the SQLite driver offers no backup API")
		}
		bk, err := b.NewBackup(dest)
		if err != nil {
			return err
		}
		for more := true; more; {
			if more, err = bk.Step(-1); err != nil {
				bk.Finish()
				return err
			}
		}
		return bk.Finish()
	})
	if err != nil {
		return err
	}
	return syncFile(dest)
}

// copyInto writes a compact copy of src into the empty file dest.
func copyInto(ctx context.Context, src, dest string) error {
	ro, err := sql.Open("sqlite", roDSN(src))
	if err != nil {
		return errs.Wrap(err, "opening %s", src)
	}
	defer ro.Close()
	if _, err := ro.ExecContext(ctx, `VACUUM INTO ?`, dest); err != nil {
		return errs.Wrap(err, "copying %s", src)
	}
	return errs.Wrap(syncFile(dest), "copying %s", src)
}

// upgradeCopy opens the copy as kefu does (migrating an older schema), runs prepare, and
// leaves it a single self-contained file in rollback-journal mode.
func upgradeCopy(ctx context.Context, path string, prepare func(*DB) error) error {
	db, _, err := Open(ctx, path, false)
	if err != nil {
		return err
	}
	if prepare != nil {
		if err := prepare(db); err != nil {
			db.Close()
			return err
		}
	}
	db.sql.SetMaxOpenConns(1)
	var mode string
	if err := db.sql.QueryRowContext(ctx, `PRAGMA journal_mode=DELETE`).Scan(&mode); err != nil || mode != "delete" {
		db.Close()
		return errs.Wrap(fmt.Errorf("journal mode %q: %v", mode, err), "finishing the copy %s", path)
	}
	if err := db.Close(); err != nil {
		return errs.Wrap(err, "finishing the copy %s", path)
	}
	return errs.Wrap(syncFile(path), "finishing the copy %s", path)
}

// tempBeside creates an empty 0600 file in dest's directory, so a rename to dest is atomic.
// The file stays locked (flock) while this process lives: temporary files of the same name
// that no live process holds, left by a run that was killed, are removed first. A file that
// must not outlive its run is removed by the caller on failure (removeDB).
func tempBeside(dest, infix string) (string, error) {
	dir := filepath.Dir(dest)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return "", errs.Invalidf("directory %s does not exist", dir)
	}
	prefix := "." + filepath.Base(dest) + infix
	removeStale(dir, prefix)
	f, err := os.CreateTemp(dir, prefix+"*")
	if err != nil {
		return "", errs.Wrap(err, "creating a file in %s", dir)
	}
	name := f.Name()
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		os.Remove(name)
		return "", errs.Wrap(err, "creating %s", name)
	}
	// The descriptor, and so the lock, stays open until the file is removed or the process
	// ends (a killed process releases it).
	lockFile(f)
	heldMu.Lock()
	held[name] = f
	heldMu.Unlock()
	return name, nil
}

// held keeps the locked temporary files' descriptors open, by name.
var (
	heldMu sync.Mutex
	held   = map[string]*os.File{}
)

// release closes a temporary file's descriptor, dropping its lock.
func release(name string) {
	heldMu.Lock()
	defer heldMu.Unlock()
	if f, ok := held[name]; ok {
		f.Close()
		delete(held, name)
	}
}

// removeStale removes the temporary files dir/prefix* that no live process holds locked.
func removeStale(dir, prefix string) {
	matches, _ := filepath.Glob(filepath.Join(dir, globEscape(prefix)+"*"))
	for _, m := range matches {
		if strings.HasSuffix(m, "-wal") || strings.HasSuffix(m, "-shm") || strings.HasSuffix(m, "-journal") {
			continue // removed with their database
		}
		f, err := os.Open(m)
		if err != nil {
			continue
		}
		if lockFile(f) {
			removeDB(m)
		}
		f.Close()
	}
}

func globEscape(s string) string {
	r := strings.NewReplacer(`*`, `\*`, `?`, `\?`, `[`, `\[`, `\`, `\\`)
	return r.Replace(s)
}

// removeDB removes a database file and the journal files SQLite may have left beside it.
func removeDB(path string) {
	release(path)
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
}

// sameFile reports whether a and b are one file. A path that cannot be read (it does not
// exist yet, say) is not the same file; opening it later says why it cannot be read.
func sameFile(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	if err != nil {
		return false
	}
	return os.SameFile(fa, fb)
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename durable; file systems that cannot sync a directory are let be.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
