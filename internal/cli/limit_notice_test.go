package cli

import (
	"bytes"
	"testing"
)

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 100: "100", 999: "999", 1000: "1,000", 2477: "2,477",
		1234567: "1,234,567", -2477: "-2,477"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestLimitNotice(t *testing.T) {
	var buf bytes.Buffer
	io := IOStreams{ErrOut: &buf}
	limitNotice(io, 100, 100, "tickets")
	if buf.Len() != 0 {
		t.Errorf("a complete list said %q", buf.String())
	}
	limitNotice(io, 100, 2477, "tickets")
	if want := "showing 100 of 2,477 tickets; --limit N shows more, --limit 0 all\n"; buf.String() != want {
		t.Errorf("notice = %q, want %q", buf.String(), want)
	}
}
