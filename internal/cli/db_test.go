package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/store"
)

// db restore asks on a terminal and goes ahead only on y or yes; off a terminal it wants --yes.
func TestConfirmRestore(t *testing.T) {
	src := store.FileInfo{Path: "monday.db", Tickets: 1, Events: 6, Bytes: 4096}
	cur := &store.FileInfo{Path: "kefu.db", Tickets: 3, Events: 9, Bytes: 8192}
	for _, c := range []struct {
		terminal, piped bool
		answer          string
		ok              bool
		says            string
	}{
		{true, false, "y\n", true, ""},
		{true, false, " YES \n", true, ""},
		{true, false, "n\n", false, "cancelled"},
		{true, false, "\n", false, "cancelled"},
		{true, false, "", false, "cancelled"},
		{true, false, "yes please\n", false, "cancelled"},
		{false, false, "y\n", false, "--yes"},
		{true, true, "y\n", false, "--yes"},
	} {
		var stderr bytes.Buffer
		a := &App{IsTerminal: c.terminal, StdinPiped: c.piped, Stdin: strings.NewReader(c.answer), Stderr: &stderr}
		err := a.confirmRestore(src, cur, "kefu.db")
		if (err == nil) != c.ok || (err != nil && (errs.ExitCode(err) != 2 || !strings.Contains(err.Error(), c.says))) {
			t.Errorf("terminal %v, piped %v, answer %q: %v", c.terminal, c.piped, c.answer, err)
		}
		if c.terminal && !c.piped && !strings.Contains(stderr.String(), "kept as kefu.db.before-restore") {
			t.Errorf("the question does not say where the old file goes: %q", stderr.String())
		}
	}
}
