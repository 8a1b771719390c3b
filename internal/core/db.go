package core

import (
	"context"
	"github.com/kefu/kefu/internal/audit"
	"path/filepath"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/persist"
)

// DBBackup writes a consistent copy of the database to dest while others may be writing; an
// existing dest is replaced only with force. Backing up is a read: it needs no acting user.
func (s *Service) DBBackup(ctx context.Context, dest string, force bool) (persist.FileInfo, error) {
	return s.DB.Backup(ctx, dest, force)
}

// DBCheckReport is what db check found: SQLite's integrity and foreign-key checks and the
// audit chain's verification.
type DBCheckReport struct {
	Path        string      `json:"path"`
	OK          bool        `json:"ok"`
	Verdict     string      `json:"verdict"`
	Integrity   []string    `json:"integrity"`
	ForeignKeys []string    `json:"foreign_keys"`
	Audit       AuditReport `json:"audit"`
	// AuditError says why the chain could not be verified at all (e.g. its key is missing).
	AuditError string `json:"audit_error,omitempty"`
}

// DBCheck runs integrity_check, foreign_key_check and the audit verification, and sums them
// up in a one-line verdict.
func (s *Service) DBCheck(ctx context.Context, keys Keys) (DBCheckReport, error) {
	r := DBCheckReport{Path: s.DB.Path()}
	in, err := s.DB.CheckIntegrity(ctx)
	if err != nil {
		return r, err
	}
	r.Integrity, r.ForeignKeys = in.Problems, in.ForeignKeys
	r.Audit, err = s.AuditVerify(ctx, keys, "")
	if err != nil {
		if errs.KindOf(err) == errs.Internal && len(r.Integrity) == 0 {
			return r, err
		}
		r.AuditError = err.Error()
	}
	if r.Audit.Problems == nil {
		r.Audit.Problems = []string{}
	}
	r.OK = len(r.Integrity) == 0 && len(r.ForeignKeys) == 0 && r.AuditError == "" && r.Audit.OK
	r.Verdict = r.verdict()
	return r, nil
}

func (r DBCheckReport) verdict() string {
	name := filepath.Base(r.Path)
	if r.OK {
		return i18n.Sprintf("ok: %s is sound: integrity ok, foreign keys ok, audit chain ok (%d events, head %s, %d redacted)",
			name, r.Audit.Events, r.Audit.Head, r.Audit.Redacted)
	}
	var parts []string
	if len(r.Integrity) > 0 {
		parts = append(parts, i18n.Sprintf("integrity: %s", firstOf(r.Integrity)))
	}
	if len(r.ForeignKeys) > 0 {
		parts = append(parts, i18n.Sprintf("foreign keys: %s", firstOf(r.ForeignKeys)))
	}
	switch {
	case r.AuditError != "":
		parts = append(parts, i18n.Sprintf("audit chain not verified: %s", r.AuditError))
	case !r.Audit.OK:
		parts = append(parts, i18n.Sprintf("audit chain: %s", firstOf(r.Audit.Problems)))
	}
	return i18n.Sprintf("FAILED: %s: %s", name, strings.Join(parts, "; "))
}

// firstOf shows the first problem of a list and how many more there are.
func firstOf(problems []string) string {
	if len(problems) == 0 {
		return i18n.T("failed")
	}
	if len(problems) == 1 {
		return problems[0]
	}
	return i18n.Sprintf("%s (and %d more)", problems[0], len(problems)-1)
}

// DBRestoreAllowed checks in the live database that as may restore it (a manager). It only
// reads, so it works even where this database's writes are refused.
func (s *Service) DBRestoreAllowed(ctx context.Context, as string) error {
	return s.view(ctx, func(tx persist.Tx) error {
		a, err := resolveActor(tx, as)
		if err != nil {
			return err
		}
		return access.Check(a, access.ManagePolicy, "db restore")
	})
}

// RestoreOptions say what to restore where.
type RestoreOptions struct {
	// Source is the backup file; Target the database it replaces (which may not exist yet).
	Source, Target string
	// As is who restores (already checked with DBRestoreAllowed); "" when Target did not exist.
	As string
	// Keys holds the audit keys; Now is the time the restore is recorded at.
	Keys Keys
	Now  time.Time
}

// RestoreResult says what db restore did.
type RestoreResult struct {
	Source persist.FileInfo `json:"source"`
	Target string           `json:"target"`
	// Before is where the replaced database was kept ("" when there was none).
	Before string `json:"before,omitempty"`
	// Warnings are things the user should know, e.g. that the history's key is missing here.
	Warnings []string `json:"warnings"`
}

// InspectDB checks, without changing it, that path is an intact kefu database this kefu can
// open, and describes it (for db restore's confirmation).
func InspectDB(ctx context.Context, files persist.Files, path string) (persist.FileInfo, error) {
	return files.Inspect(ctx, path)
}

// DBRestore replaces the database at o.Target with a copy of o.Source: the source is checked
// first (a kefu database, intact, of a schema this kefu can open), copied and upgraded beside
// the target, and the restore is recorded in the copy's history. The copy then goes into the
// live database through SQLite's online backup API, in one write transaction that other
// processes wait for like any writer, after what it replaces is copied the same way to
// Target.before-restore. A failure at any step leaves the target as it was.
func DBRestore(ctx context.Context, files persist.Files, o RestoreOptions) (RestoreResult, error) {
	res := RestoreResult{Target: o.Target, Warnings: []string{}}
	src, err := files.Inspect(ctx, o.Source)
	if err != nil {
		return res, err
	}
	res.Source = src
	actor := o.As
	if actor == "" {
		actor = "system"
	}
	from, _ := filepath.Abs(o.Source)
	res.Before, err = files.Restore(ctx, o.Source, o.Target, func(db persist.DB) error {
		if err := PrepareAudit(ctx, db, o.Keys, o.Now); err != nil {
			return err
		}
		err := db.Update(ctx, o.Now, func(tx persist.Tx) error {
			return tx.AppendEvent(actor, "db", 0, "restored", audit.DBRestored{
				From: from, Tickets: src.Tickets, Events: src.Events})
		})
		if errs.KindOf(err) == errs.Internal {
			return err
		}
		if err != nil {
			// The backup's history is signed with a key this machine does not have: the
			// restore goes ahead, unrecorded, and says how to bring the key back.
			res.Warnings = append(res.Warnings, "the restore was not recorded in the history: "+err.Error()+
				"; import the key with kefu audit key import FILE")
		}
		return nil
	})
	return res, err
}
