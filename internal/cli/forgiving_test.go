package cli

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/kefu/kefu/internal/errs"
)

// runKefu runs kefu with args against no database and returns stdout, stderr and the exit status.
func runKefu(args ...string) (string, string, int) {
	var out, errOut bytes.Buffer
	app := &App{Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	code := Run(context.Background(), app, args)
	return out.String(), errOut.String(), code
}

func TestUnknownWordsExit2(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"report", "dialy"}, `kefu: unknown command "dialy" for "kefu report"; did you mean "daily"?; try: kefu report --help`},
		{[]string{"score", "mnth"}, `kefu: unknown command "mnth" for "kefu score"; did you mean "month"?`},
		{[]string{"policy", "window", "zzzz"}, `kefu: unknown command "zzzz" for "kefu policy window"; try: kefu policy window --help`},
		{[]string{"help", "ticket", "lsit"}, `kefu: unknown command "lsit" for "kefu ticket"; did you mean`},
		{[]string{"staff", "edit", "张伟", "--phone", "1"}, `kefu: unknown flag --phone for "staff edit"; it belongs to: `},
	} {
		out, errOut, code := runKefu(tt.args...)
		if code != errs.ExitInvalid || out != "" || !strings.HasPrefix(errOut, tt.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("kefu %s: exit %d, stdout %q, stderr %q; want exit 2, no stdout, one line starting %q",
				strings.Join(tt.args, " "), code, out, errOut, tt.want)
		}
	}
	// A noun alone asks for its help.
	if out, _, code := runKefu("report"); code != 0 || !strings.Contains(out, "Available Commands:") {
		t.Errorf("kefu report: exit %d, %q", code, out)
	}
}

func TestFlagOwnersSiblingsFirst(t *testing.T) {
	_, errOut, _ := runKefu("ticket", "show", "1", "--channel", "chat")
	owners := strings.TrimSuffix(strings.SplitN(errOut, "it belongs to: ", 2)[1], "\n")
	list := strings.Split(strings.SplitN(owners, ";", 2)[0], ", ")
	if len(list) < 3 || !strings.HasPrefix(list[0], "ticket ") || !strings.HasPrefix(list[1], "ticket ") || strings.HasPrefix(list[len(list)-1], "ticket ") {
		t.Errorf("owners of --channel from ticket show: %q", list)
	}
}

func TestVersion(t *testing.T) {
	out, _, code := runKefu("--version")
	out2, _, code2 := runKefu("version")
	if code != 0 || code2 != 0 || out != out2 || !strings.HasPrefix(out, "kefu ") || !strings.Contains(out, "go1.") {
		t.Errorf("--version %q (exit %d), version %q (exit %d)", out, code, out2, code2)
	}
}

func TestBulkErr(t *testing.T) {
	single := errs.Invalidf("cannot close ticket 4: it is open")
	if got := bulkErr("ticket", 4, 1, single); got != error(single) {
		t.Errorf("one id: %v", got)
	}
	got := bulkErr("ticket", 4, 3, single)
	if got.Error() != "cannot close ticket 4: it is open; none of the 3 was changed" || errs.ExitCode(got) != errs.ExitInvalid {
		t.Errorf("named already: %v", got)
	}
	got = bulkErr("ticket", 4, 3, errs.Invalidf("ticket 40 is closed"))
	if got.Error() != "ticket 4: ticket 40 is closed; none of the 3 was changed" {
		t.Errorf("another id in the message: %v", got)
	}
	hinted := errs.NotFoundf("no handover 9").WithHint("kefu handover list")
	got = bulkErr("handover", 9, 2, hinted)
	var e *errs.Error
	if !errors.As(got, &e) || e.Hint != "kefu handover list" || e.Kind != errs.NotFound || hinted.Msg != "no handover 9" {
		t.Errorf("kind and hint kept, original untouched: %#v", got)
	}
	if got := bulkErr("ticket", 4, 2, errors.New("disk I/O error")); errs.ExitCode(got) != errs.ExitInternal {
		t.Errorf("an internal failure stays internal: %v", got)
	}
}

func TestParseIDs(t *testing.T) {
	ids, err := parseIDs([]string{"3", "#4", "5"}, ticketID)
	if err != nil || len(ids) != 3 || ids[1] != 4 {
		t.Errorf("parseIDs = %v, %v", ids, err)
	}
	if _, err := parseIDs([]string{"3", "3"}, ticketID); err == nil || err.Error() != "3 is given twice" {
		t.Errorf("twice: %v", err)
	}
	if _, err := parseIDs([]string{"3", "x"}, ticketID); err == nil || !strings.Contains(err.Error(), `"x" is not a ticket id`) {
		t.Errorf("bad id: %v", err)
	}
}
