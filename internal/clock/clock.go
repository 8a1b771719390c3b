// Package clock is the one place kefu asks what time it is.
package clock

import (
	"fmt"
	"os"
	"time"
)

// Clock returns the current instant.
type Clock func() time.Time

// EnvNow is the variable that replaces the wall clock for every command.
const EnvNow = "KEFU_NOW"

// FromEnv returns the clock for a command: KEFU_NOW (RFC 3339) when set, else the system clock.
func FromEnv(getenv func(string) string) (Clock, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	v := getenv(EnvNow)
	if v == "" {
		return func() time.Time { return time.Now() }, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return nil, fmt.Errorf("%s=%q is not an RFC 3339 time (e.g. 2026-03-02T09:00:00+08:00)", EnvNow, v)
	}
	if t.Year() < 2000 || t.Year() > 2100 {
		return nil, fmt.Errorf("%s=%q is out of range: kefu accepts dates from 2000 to 2100", EnvNow, v)
	}
	return Fixed(t), nil
}

// Fixed returns a clock stopped at t.
func Fixed(t time.Time) Clock { return func() time.Time { return t } }
