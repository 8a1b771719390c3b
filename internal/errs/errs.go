// Package errs is kefu's one error type. Every error that reaches a person
// carries a kind; only main turns kinds into exit codes.
package errs

import (
	"errors"
	"fmt"
)

// Kind says what sort of failure an error is, and so which exit code it gets.
type Kind uint8

const (
	// Internal is a database, I/O or programming failure (exit 1).
	Internal Kind = iota
	// Invalid is bad input: usage, validation, a forbidden state change (exit 2).
	Invalid
	// NotFound is an unknown id or name (exit 2).
	NotFound
	// Conflict is input that clashes with what is stored, e.g. a duplicate name (exit 2).
	Conflict
	// Forbidden is an action the acting user's role does not allow (exit 2).
	Forbidden
)

// Error is a failure with a message written for a person.
type Error struct {
	Kind Kind
	Msg  string
	// Format and Args are what Msg was made of, so the message can be printed in the reader's
	// language (Text); Msg and Error() stay English for logs and tests.
	Format string
	Args   []any
	// Hint is an optional "Try: ..." line with a correct command; HintFormat and HintArgs are
	// what it was made of, so it too is printed in the reader's language (HintText).
	Hint       string
	HintFormat string
	HintArgs   []any
	Err        error
}

func (e *Error) Error() string {
	if e.Err != nil && e.Kind == Internal {
		return e.Msg + ": " + e.Err.Error()
	}
	return e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// Word is a word or phrase passed as an argument of an error's message ("customer" in "customer
// name is longer than 64 characters"): it prints as it is in Msg and Error(), and Text translates
// it like a format. Write it as errs.Word("literal") so the translations' extractor finds it.
type Word string

// E builds an error of the given kind with a formatted message.
func E(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Msg: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// Invalidf reports bad input.
func Invalidf(format string, args ...any) *Error { return E(Invalid, format, args...) }

// NotFoundf reports an unknown id or name.
func NotFoundf(format string, args ...any) *Error { return E(NotFound, format, args...) }

// Conflictf reports input that clashes with stored data.
func Conflictf(format string, args ...any) *Error { return E(Conflict, format, args...) }

// Forbiddenf reports a missing role.
func Forbiddenf(format string, args ...any) *Error { return E(Forbidden, format, args...) }

// Wrap reports an internal failure, keeping its cause; the words say what was being done.
// An internal failure gains them at every layer it passes ("reading ticket 3: opening ...:
// disk I/O error"), so the one line a person sees says where it failed. An error written for a
// person (invalid, not found, conflict, forbidden) already says it in the domain's words: it
// passes unchanged, kind and hint kept.
func Wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) && e.Kind != Internal {
		return err
	}
	w := &Error{Kind: Internal, Msg: fmt.Sprintf(format, args...), Format: format, Args: args, Err: err}
	if e != nil {
		w.Hint, w.HintFormat, w.HintArgs = e.Hint, e.HintFormat, e.HintArgs
	}
	return w
}

// WithHint returns e with a "Try:" hint.
func (e *Error) WithHint(format string, args ...any) *Error {
	e.Hint = fmt.Sprintf(format, args...)
	e.HintFormat, e.HintArgs = format, args
	return e
}

// HintText renders e's hint with tr, a translator of format strings, as Text does its message;
// a hint set without its format prints as it is.
func (e *Error) HintText(tr func(format string, args ...any) string) string {
	if e.HintFormat == "" {
		return e.Hint
	}
	return tr(e.HintFormat, e.HintArgs...)
}

// Text renders err for a person with tr, a translator of format strings (fmt.Sprintf for
// English): an *Error's own words and those of the errors among its arguments and causes.
// Errors that are not *Error print as they are.
func Text(err error, tr func(format string, args ...any) string) string {
	e, ok := err.(*Error)
	if !ok {
		return err.Error()
	}
	msg := e.Msg
	if e.Format != "" {
		args := make([]any, len(e.Args))
		for i, a := range e.Args {
			if ae, ok := a.(error); ok && ae != nil {
				a = Text(ae, tr)
			}
			if w, ok := a.(Word); ok {
				a = tr(string(w))
			}
			args[i] = a
		}
		msg = tr(e.Format, args...)
	}
	if e.Err != nil && e.Kind == Internal {
		return msg + ": " + Text(e.Err, tr)
	}
	return msg
}

// KindOf returns the kind of err; errors that are not *Error are Internal.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// Is reports whether err is an *Error of the given kind.
func Is(err error, kind Kind) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == kind
}

// Exit codes of the command-line contract.
const (
	ExitOK       = 0
	ExitInternal = 1
	ExitInvalid  = 2
	ExitFound    = 3 // remind --fail-on found what it names
	// ExitInterrupted is the shell's code for a command stopped by Ctrl-C (128 + SIGINT).
	ExitInterrupted = 130
)

// ExitCode maps an error to the process exit status.
func ExitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var ec interface{ ExitCode() int }
	if errors.As(err, &ec) {
		return ec.ExitCode()
	}
	switch KindOf(err) {
	case Invalid, NotFound, Conflict, Forbidden:
		return ExitInvalid
	default:
		return ExitInternal
	}
}
