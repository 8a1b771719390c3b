package store

import (
	"bufio"
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kefu/kefu/internal/errs"
)

// TraceEnv names the environment variable that turns on the SQL trace: a file to append to,
// or "-" for stderr.
const TraceEnv = "KEFU_TRACE_SQL"

// tracer writes every statement kefu runs as one line of SQL with its arguments inlined as
// literals and a closing ";", so that `sqlite3 kefu.db < trace.sql` replays the same work on
// the same file. The arguments are the real values, customers' personal data included: a
// trace file is created readable by its owner only.
type tracer struct {
	// pg: the trace is of a PostgreSQL database, for psql to replay (no pragmas, plain BEGIN).
	pg     bool
	mu     sync.Mutex
	w      *bufio.Writer
	closer io.Closer // nil for stderr
}

// openTrace starts a trace at dest ("" for none, "-" for stderr, else a file appended to).
func openTrace(dest string, pg bool) (*tracer, error) {
	switch dest {
	case "":
		return nil, nil
	case "-":
		return newTracer(os.Stderr, nil, pg), nil
	}
	f, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, errs.Wrap(err, "opening the SQL trace %s (%s)", dest, TraceEnv)
	}
	return newTracer(f, f, pg), nil
}

func newTracer(w io.Writer, c io.Closer, pg bool) *tracer {
	tr := &tracer{w: bufio.NewWriterSize(w, 64<<10), closer: c, pg: pg}
	if pg {
		tr.line(pgSessionSQL) // as every connection of kefu's (pgSession)
		return tr
	}
	// The pragmas every connection gets from the DSN (see dsn), so a replay runs the same way.
	tr.line("PRAGMA busy_timeout = 10000")
	tr.line("PRAGMA journal_mode = WAL")
	tr.line("PRAGMA foreign_keys = ON")
	tr.line("PRAGMA synchronous = NORMAL")
	return tr
}

// SetTrace sends the SQL trace to w from now on (nil stops it); the caller keeps w.
func (db *DB) SetTrace(w io.Writer) {
	db.trace.close()
	db.trace = nil
	if w != nil {
		db.trace = newTracer(w, nil, db.pg != nil)
	}
}

func (tr *tracer) line(s string) {
	tr.w.WriteString(s)
	tr.w.WriteString(";\n")
}

// stmt records one statement with its arguments.
func (tr *tracer) stmt(q string, args []any) {
	if tr == nil {
		return
	}
	s := inlineSQL(q, args)
	tr.mu.Lock()
	tr.line(s)
	tr.mu.Unlock()
}

// begin records the start of a transaction as the driver sends it (writes take the write
// lock at once: _txlock=immediate).
func (tr *tracer) begin(readOnly bool) {
	if tr == nil {
		return
	}
	s := "BEGIN IMMEDIATE"
	if readOnly || tr.pg {
		s = "BEGIN"
	}
	tr.mu.Lock()
	tr.line(s)
	tr.mu.Unlock()
}

// end records a COMMIT or ROLLBACK and flushes, so a trace is complete up to the last
// finished transaction even if the process is killed afterwards.
func (tr *tracer) end(s string) {
	if tr == nil {
		return
	}
	tr.mu.Lock()
	tr.line(s)
	tr.w.Flush()
	tr.mu.Unlock()
}

func (tr *tracer) close() {
	if tr == nil {
		return
	}
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.w.Flush()
	if tr.closer != nil {
		tr.closer.Close()
	}
}

// inlineSQL renders q on one line with its placeholders (? and ?NNN) replaced by args as SQL
// literals. Runs of white space and -- comments outside quotes collapse to one space; text
// inside quotes is kept as it is.
func inlineSQL(q string, args []any) string {
	var b strings.Builder
	b.Grow(len(q) + 16*len(args))
	next := 0     // the number the next bare ? takes, less one
	space := true // the output ends in a space (or is empty): drop further white space
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'' || c == '"' || c == '`' || c == '[':
			closer := c
			if c == '[' {
				closer = ']'
			}
			j := i + 1
			for j < len(q) {
				if q[j] == closer {
					// A doubled quote is an escaped quote inside the literal.
					if closer != ']' && j+1 < len(q) && q[j+1] == closer {
						j += 2
						continue
					}
					break
				}
				j++
			}
			if j >= len(q) {
				j = len(q) - 1
			}
			b.WriteString(q[i : j+1])
			i, space = j, false
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			for i < len(q) && q[i] != '\n' {
				i++
			}
			if !space {
				b.WriteByte(' ')
				space = true
			}
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if !space {
				b.WriteByte(' ')
				space = true
			}
		case c == '?' || c == '$' && i+1 < len(q) && q[i+1] >= '1' && q[i+1] <= '9': // ?, ?N, and PostgreSQL's $N
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			n := next + 1
			if j > i+1 {
				n, _ = strconv.Atoi(q[i+1 : j])
			}
			next = max(next, n)
			if n >= 1 && n <= len(args) {
				b.WriteString(literal(args[n-1]))
			} else {
				b.WriteString("NULL") // a missing argument binds as NULL
			}
			i, space = j-1, false
		default:
			b.WriteByte(c)
			space = false
		}
	}
	return strings.TrimRight(strings.TrimSpace(b.String()), ";")
}

// literal is a Go value as the SQL literal SQLite would bind it as.
func literal(v any) string {
	// As database/sql converts it: a Valuer's value, a named integer type (points in tenths,
	// money in fen) as the integer it is, not its String form.
	x, err := driver.DefaultParameterConverter.ConvertValue(v)
	if err != nil {
		return "NULL"
	}
	v = x
	switch x := v.(type) {
	case nil:
		return "NULL"
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case int16:
		return strconv.FormatInt(int64(x), 10)
	case int8:
		return strconv.FormatInt(int64(x), 10)
	case uint:
		return strconv.FormatUint(uint64(x), 10)
	case uint64:
		return strconv.FormatUint(x, 10)
	case uint32:
		return strconv.FormatUint(uint64(x), 10)
	case uint16:
		return strconv.FormatUint(uint64(x), 10)
	case uint8:
		return strconv.FormatUint(uint64(x), 10)
	case bool:
		if x {
			return "1"
		}
		return "0"
	case float64:
		return floatLiteral(x)
	case float32:
		return floatLiteral(float64(x))
	case []byte:
		if x == nil {
			return "NULL"
		}
		return "X'" + hex.EncodeToString(x) + "'"
	case string:
		return stringLiteral(x)
	case time.Time:
		// As modernc.org/sqlite binds a time by default.
		return stringLiteral(x.Format("2006-01-02 15:04:05.999999999-07:00"))
	default:
		return stringLiteral(fmt.Sprint(x))
	}
}

func floatLiteral(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NULL"
	case math.IsInf(f, 1):
		return "9e999"
	case math.IsInf(f, -1):
		return "-9e999"
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eEn") {
		s += ".0" // keep it a REAL
	}
	return s
}

// stringLiteral quotes s for SQL. Control characters (a newline in a body) cannot appear in a
// one-line literal: they are spliced in with char(), so the trace keeps one statement a line.
func stringLiteral(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	var b strings.Builder
	b.WriteString("('")
	// Byte by byte: the characters replaced are ASCII, and any other byte is copied as it is.
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\'':
			b.WriteString("''")
		case c < 0x20 || c == 0x7f:
			b.WriteString("' || char(")
			b.WriteString(strconv.Itoa(int(c)))
			b.WriteString(") || '")
		default:
			b.WriteByte(c)
		}
	}
	b.WriteString("')")
	return b.String()
}
