package store

import (
	"errors"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/kefu/kefu/internal/errs"
)

// formatError is the one place a constraint failure of the database becomes an error written
// for a person (wtf's FormatError): a UNIQUE or PRIMARY KEY violation becomes conflict, which
// says in the domain's words what already exists; any other error passes through unchanged.
// It reads SQLite's extended result code, never the message text.
func formatError(err error, conflict *errs.Error) error {
	if isUniqueViolation(err) {
		return conflict
	}
	return err
}

func isUniqueViolation(err error) bool {
	if isPGCode(err, "23505") {
		return true
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}
