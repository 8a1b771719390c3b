package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/kefu/kefu/internal/errs"
)

// Input limits, each fitting its use (issue 13, "bounded input"). They are checked while
// reading: /dev/zero or an endless pipe ends in one line and exit 2 long before memory grows.
const (
	limitBody    = 64 << 10 // a ticket body, reply or note
	limitNote    = 64 << 10 // a handover note or weekly summary
	limitPolicy  = 1 << 20  // a policy YAML file
	limitKeyFile = 4 << 10  // an audit key file
)

// readLimited reads r to its end, refusing more than limit bytes; what names the input.
func readLimited(r io.Reader, limit int64, what string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, errs.Wrap(err, "reading %s", what)
	}
	if int64(len(b)) > limit {
		return nil, errs.Invalidf("%s is larger than %s, the limit for it", what, sizeText(limit))
	}
	return b, nil
}

// readFileLimited reads a named file ("-": stdin) with readLimited.
func readFileLimited(app *App, name string, limit int64, what string) ([]byte, error) {
	if name == "-" {
		return readLimited(app.Stdin, limit, what+" (standard input)")
	}
	f, err := os.Open(name)
	if os.IsNotExist(err) {
		return nil, errs.Invalidf("%s %s does not exist", what, name)
	}
	if err != nil {
		return nil, errs.Wrap(err, "reading %s", name)
	}
	defer f.Close()
	return readLimited(f, limit, what+" "+name)
}

func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}
