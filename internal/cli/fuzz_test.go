package cli

import (
	"strconv"
	"testing"

	"github.com/kefu/kefu/internal/errs"
)

// FuzzTicketID: a ticket id argument is a positive number, optionally written #12, or a usage
// error; what is accepted is that number.
func FuzzTicketID(f *testing.F) {
	for _, s := range []string{"12", "#12", "0", "-1", "#-1", "##1", "+7", "1e3", "0x1f", "9223372036854775807", "9223372036854775808", " 12", "１２", "12; DROP TABLE tickets", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ticketID(s)
		if err != nil {
			if errs.ExitCode(err) != errs.ExitInvalid {
				t.Fatalf("ticketID(%q): %v is not a usage error", s, err)
			}
			return
		}
		if id <= 0 {
			t.Fatalf("ticketID(%q) = %d", s, id)
		}
		for _, again := range []string{strconv.FormatInt(id, 10), "#" + strconv.FormatInt(id, 10)} {
			if back, err := ticketID(again); err != nil || back != id {
				t.Fatalf("ticketID(%q) = %d, but ticketID(%q) = %d, %v", s, id, again, back, err)
			}
		}
	})
}
