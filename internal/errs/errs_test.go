package errs

import (
	"errors"
	"fmt"
	"testing"
)

type exitErr struct{ code int }

func (e exitErr) Error() string { return "found" }
func (e exitErr) ExitCode() int { return e.code }

func TestExitCode(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, 0},
		{"plain error is internal", errors.New("disk full"), 1},
		{"internal", Wrap(errors.New("x"), "opening database"), 1},
		{"invalid", Invalidf("bad duration"), 2},
		{"not found", NotFoundf("no staff"), 2},
		{"conflict", Conflictf("exists"), 2},
		{"forbidden", Forbiddenf("needs supervisor"), 2},
		{"wrapped invalid", fmt.Errorf("ctx: %w", Invalidf("bad")), 2},
		{"custom exit", exitErr{3}, 3},
	}
	for _, tt := range tests {
		if got := ExitCode(tt.err); got != tt.want {
			t.Errorf("%s: ExitCode = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestWrapKeepsDomainErrors(t *testing.T) {
	inner := Invalidf("bad")
	if got := Wrap(inner, "outer"); got != error(inner) {
		t.Fatalf("Wrap replaced a domain error: %v", got)
	}
	w := Wrap(errors.New("permission denied"), "opening database %s", "/x")
	if w.Error() != "opening database /x: permission denied" {
		t.Fatalf("message = %q", w.Error())
	}
}

// An internal failure gains each layer's words and keeps its kind, hint and cause.
func TestWrapAddsContextToInternalErrors(t *testing.T) {
	cause := errors.New("disk I/O error")
	inner := Wrap(cause, "reading ticket %d", 3).(*Error).WithHint("kefu db check")
	w := Wrap(inner, "showing ticket %d", 3)
	if got, want := w.Error(), "showing ticket 3: reading ticket 3: disk I/O error"; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
	if KindOf(w) != Internal || !errors.Is(w, cause) {
		t.Errorf("kind %v, cause kept %v", KindOf(w), errors.Is(w, cause))
	}
	var e *Error
	if !errors.As(w, &e) || e.Hint != "kefu db check" {
		t.Errorf("hint lost: %+v", e)
	}
}

func TestTextTranslatesEveryLayer(t *testing.T) {
	zh := map[string]string{"reading ticket %d": "读取工单 %d", "bad date %q: %v": "日期 %q 有误：%v", "month %s": "月份 %s"}
	tr := func(format string, args ...any) string {
		if s, ok := zh[format]; ok {
			format = s
		}
		return fmt.Sprintf(format, args...)
	}
	inner := Invalidf("month %s", "2026-13")
	err := Wrap(Invalidf("bad date %q: %v", "x", inner), "ignored: an invalid error passes Wrap unchanged")
	if got := Text(err, tr); got != `日期 "x" 有误：月份 2026-13` {
		t.Errorf("Text = %q", got)
	}
	if got := err.Error(); got != `bad date "x": month 2026-13` {
		t.Errorf("Error() must stay English, got %q", got)
	}
	wrapped := Wrap(errors.New("disk I/O error"), "reading ticket %d", 7)
	if got := Text(wrapped, tr); got != "读取工单 7: disk I/O error" {
		t.Errorf("Text(wrapped) = %q", got)
	}
}

// A hint keeps its format, so it is printed in the reader's language, also after Wrap.
func TestHintTextTranslates(t *testing.T) {
	zh := map[string]string{"kefu db backup %s --force  (to replace it)": "kefu db backup %s --force（覆盖它）"}
	tr := func(format string, args ...any) string {
		if s, ok := zh[format]; ok {
			format = s
		}
		return fmt.Sprintf(format, args...)
	}
	inner := Wrap(errors.New("exists"), "writing %s", "b.db").(*Error).WithHint("kefu db backup %s --force  (to replace it)", "b.db")
	var e *Error
	if !errors.As(Wrap(inner, "backing up"), &e) {
		t.Fatal("not an *Error")
	}
	if got, want := e.HintText(tr), "kefu db backup b.db --force（覆盖它）"; got != want {
		t.Errorf("hint = %q, want %q", got, want)
	}
	if got, want := e.Hint, "kefu db backup b.db --force  (to replace it)"; got != want {
		t.Errorf("English hint = %q, want %q", got, want)
	}
	if got := (&Error{Hint: "as is"}).HintText(tr); got != "as is" {
		t.Errorf("hint without format = %q", got)
	}
}

// A Word argument prints as it is in Msg and is translated by Text.
func TestTextTranslatesWords(t *testing.T) {
	zh := map[string]string{"%s name is longer than 64 characters": "%s名称超过 64 个字符", "customer": "客户"}
	tr := func(format string, args ...any) string {
		if s, ok := zh[format]; ok {
			format = s
		}
		return fmt.Sprintf(format, args...)
	}
	err := Invalidf("%s name is longer than 64 characters", Word("customer"))
	if got, want := err.Error(), "customer name is longer than 64 characters"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if got, want := Text(err, tr), "客户名称超过 64 个字符"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
}
