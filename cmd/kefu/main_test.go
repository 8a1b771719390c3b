package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
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
	testscript.Run(t, scriptParams(nil))
}

// scriptParams are the stories' settings; db, when not nil, gives each story its database
// (TestScriptsPG), else it gets the file $WORK/kefu.db. The conditions [sqlite] and [pg] say
// which engine a story runs on.
func scriptParams(db func(env *testscript.Env) (string, error)) testscript.Params {
	return testscript.Params{
		Dir:           filepath.Join("..", "..", "testdata", "script"),
		UpdateScripts: *update && db == nil,
		Condition: func(cond string) (bool, error) {
			switch cond {
			case "sqlite":
				return db == nil, nil
			case "pg":
				return db != nil, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Setup: func(env *testscript.Env) error {
			work := env.WorkDir
			env.Setenv("KEFU_DB", filepath.Join(work, "kefu.db"))
			if db != nil {
				addr, err := db(env)
				if err != nil {
					return err
				}
				env.Setenv("KEFU_DB", addr)
			}
			env.Setenv("KEFU_NOW", "2026-03-02T09:00:00+08:00")
			env.Setenv("TZ", "Asia/Shanghai")
			env.Setenv("HOME", work)
			env.Setenv("XDG_CONFIG_HOME", filepath.Join(work, ".config"))
			env.Setenv("XDG_DATA_HOME", filepath.Join(work, ".local", "share"))
			env.Setenv("NO_COLOR", "1")
			// A fixed audit key makes the history's MACs, and so remind's chain head, reproducible.
			env.Setenv("KEFU_AUDIT_KEY", "6b656675206b6566752074657374206b6579206b6566752074657374206b6579")
			// The mail corpus (testdata/mail), for stories that receive real-client messages.
			env.Setenv("MAILDATA", mailData)
			// Stories speak English unless they choose a language themselves.
			for _, k := range []string{"KEFU_LANG", "LANG", "LC_ALL", "LC_MESSAGES", "KEFU_USER", "KEFU_FORMAT", "KEFU_CONFIG", "KEFU_MAIL_SMTP", "KEFU_MAIL_SENDMAIL", "KEFU_SMTP_PASSWORD", "KEFU_IMAP_PASSWORD"} {
				env.Setenv(k, "")
			}
			return nil
		},
		Cmds: map[string]func(*testscript.TestScript, bool, []string){"webhook": cmdWebhook, "sql": cmdSQL, "smtpd": cmdSMTPD, "imapd": cmdIMAPD,
			"gbk": cmdGBK, "mkxlsx": cmdMkXLSX},
	}
}

// hook is a local webhook endpoint started by a script: it answers every POST with one status
// and saves the body as $WORK/webhook-N.json.
type hook struct {
	mu     sync.Mutex
	status int
	n      int
	query  url.Values
}

var hooks sync.Map // *testscript.TestScript → *hook

// cmdWebhook is the script command for notify tests:
//
//	webhook start [--status N]     serve $WEBHOOK_URL, answering N (default 200 {"errcode":0})
//	webhook status N               answer N from now on
//	webhook check count N          N requests arrived
//	webhook check sign SECRET      the last one carries DingTalk's timestamp and sign for SECRET
func cmdWebhook(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) > 0 && args[0] == "start" {
		status := http.StatusOK
		if len(args) == 3 && args[1] == "--status" {
			status, _ = strconv.Atoi(args[2])
		}
		h, dir := &hook{status: status}, ts.MkAbs(".")
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			h.mu.Lock()
			h.n++
			h.query = r.URL.Query()
			if r.Header.Get("Content-Type") != "application/json; charset=utf-8" {
				h.query.Set("bad_content_type", r.Header.Get("Content-Type"))
			}
			os.WriteFile(filepath.Join(dir, fmt.Sprintf("webhook-%d.json", h.n)), body, 0o644)
			status := h.status
			h.mu.Unlock()
			if status >= 300 && status <= 399 {
				// A redirect elsewhere, carrying the token: kefu must neither follow nor print it.
				w.Header().Set("Location", "http://elsewhere.invalid/steal?access_token=t0ken")
			}
			w.WriteHeader(status)
			if status == http.StatusOK {
				io.WriteString(w, `{"errcode":0,"errmsg":"ok"}`)
			}
		}))
		ts.Defer(srv.Close)
		hooks.Store(ts, h)
		ts.Setenv("WEBHOOK_URL", srv.URL+"/robot/send?access_token=t0ken")
		return
	}
	v, ok := hooks.Load(ts)
	if ok && len(args) == 2 && args[0] == "status" {
		h := v.(*hook)
		h.mu.Lock()
		h.status, _ = strconv.Atoi(args[1])
		h.mu.Unlock()
		return
	}
	if !ok || len(args) != 3 || args[0] != "check" {
		ts.Fatalf("usage: webhook start [--status N] | status N | check count N | check sign SECRET (after start)")
	}
	h := v.(*hook)
	h.mu.Lock()
	defer h.mu.Unlock()
	var good bool
	switch args[1] {
	case "count":
		good = strconv.Itoa(h.n) == args[2]
		ts.Logf("webhook requests: %d", h.n)
	case "sign":
		mac := hmac.New(sha256.New, []byte(args[2]))
		mac.Write([]byte(h.query.Get("timestamp") + "\n" + args[2]))
		good = h.query.Get("timestamp") != "" && h.query.Get("sign") == base64.StdEncoding.EncodeToString(mac.Sum(nil)) &&
			h.query.Get("access_token") == "t0ken" && !h.query.Has("bad_content_type")
		ts.Logf("webhook query: %v", h.query)
	default:
		ts.Fatalf("unknown webhook check %q", args[1])
	}
	if good == neg {
		ts.Fatalf("webhook check %s %s: not as expected (negated: %v)", args[1], args[2], neg)
	}
}
