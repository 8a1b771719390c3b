package store

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// One store, two engines. The store's SQL is written once, in SQLite's dialect, and passes
// through Tx.exec/query/queryRow (and Bulk's prepared inserts): on PostgreSQL those rewrite a
// statement once, the first time it is seen, into PostgreSQL's dialect and keep the result
// (pgSQL). On SQLite nothing happens: the rewrite is behind one bool test, so SQLite pays
// nothing. The rewrites are few and mechanical; SQL that has no mechanical twin asks the
// transaction which engine it runs on (Tx.pg) instead:
//
//	? and ?N            → $n and $N (placeholders; not inside quoted text)
//	INSERT OR IGNORE    → INSERT ... ON CONFLICT DO NOTHING
//	instr(a, b)         → strpos(a, b)
//	char(10)            → chr(10)
//	INDEXED BY i        → (nothing: PostgreSQL's planner chooses)
//	json_extract(x, '$.a.b') → (x::jsonb #>> '{a,b}')
//	main.T              → T
//
// Why one store over database/sql rather than a second implementation of the interfaces: the
// The few SQLite functions without a PostgreSQL spelling (sum over a comparison, the scalar
// min(a, b) and max(a, b)) are defined as functions in pgschema/schema.sql instead.
//
// ~9k lines of queries are the same on both engines but for these spellings; two copies would
// drift apart, and one copy keeps the figures identical by construction.

var pgCache sync.Map // SQLite statement → PostgreSQL statement

func pgSQL(q string) string {
	if v, ok := pgCache.Load(q); ok {
		return v.(string)
	}
	out := translatePG(q)
	pgCache.Store(q, out)
	return out
}

var (
	reJSONExtract = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`json_extract\(([a-z_.]+), '\$\.([a-z_.]+)'\)`) })
	reInstr       = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\binstr\(`) })
	reMain        = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\bmain\.([a-z_]+)`) })
	reInsertOr    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^(\s*)INSERT OR IGNORE INTO`) })
	reIndexed     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\s+(INDEXED BY [a-z_]+|NOT INDEXED)\b`) })
)

func translatePG(q string) string {
	ignore := reInsertOr().MatchString(q)
	if ignore {
		q = reInsertOr().ReplaceAllString(q, "${1}INSERT INTO")
	}
	q = reJSONExtract().ReplaceAllStringFunc(q, func(m string) string {
		p := reJSONExtract().FindStringSubmatch(m)
		return "(" + p[1] + "::jsonb #>> '{" + strings.ReplaceAll(p[2], ".", ",") + "}')"
	})
	q = reInstr().ReplaceAllString(q, "strpos(")
	q = reIndexed().ReplaceAllString(q, "")
	q = strings.ReplaceAll(q, "char(10)", "chr(10)")
	q = reMain().ReplaceAllString(q, "$1")
	q = rebind(q)
	if ignore {
		q = strings.TrimRight(q, " \t\n;")
		if i := strings.LastIndex(q, " RETURNING "); i >= 0 {
			q = q[:i] + " ON CONFLICT DO NOTHING" + q[i:]
		} else {
			q += " ON CONFLICT DO NOTHING"
		}
	}
	return q
}

// rebind turns ? and ?N placeholders into $n, leaving quoted text and identifiers alone.
func rebind(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	var quote byte
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
			b.WriteByte(c)
		case c == '\'' || c == '"':
			quote = c
			b.WriteByte(c)
		case c == '?':
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			// As SQLite numbers them: ?N is N, a bare ? one more than the largest so far.
			if j > i+1 {
				k, _ := strconv.Atoi(q[i+1 : j])
				n = max(n, k)
				b.WriteString("$" + q[i+1:j])
				i = j - 1
			} else {
				n++
				b.WriteString("$" + strconv.Itoa(n))
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
