package main

import (
	"flag"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/script/*.txtar")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"kefu": main})
}

// TestScripts runs the user stories under testdata/script: each a fresh database, a fixed
// clock and a fixed time zone.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           filepath.Join("..", "..", "testdata", "script"),
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			work := env.WorkDir
			env.Setenv("KEFU_DB", filepath.Join(work, "kefu.db"))
			env.Setenv("KEFU_NOW", "2026-03-02T09:00:00+08:00")
			env.Setenv("TZ", "Asia/Shanghai")
			env.Setenv("HOME", work)
			env.Setenv("XDG_CONFIG_HOME", filepath.Join(work, ".config"))
			env.Setenv("XDG_DATA_HOME", filepath.Join(work, ".local", "share"))
			env.Setenv("NO_COLOR", "1")
			for _, k := range []string{"KEFU_USER", "KEFU_FORMAT", "KEFU_CONFIG"} {
				env.Setenv(k, "")
			}
			return nil
		},
	})
}
