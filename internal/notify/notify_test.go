package notify

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/errs"
)

// server answers each request with the next of its replies (the last repeats), recording bodies.
type server struct {
	mu      sync.Mutex
	replies []reply
	bodies  []string
	ctypes  []string
}

type reply struct {
	status int
	body   string
	delay  time.Duration
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.bodies = append(s.bodies, string(b))
	s.ctypes = append(s.ctypes, r.Header.Get("Content-Type"))
	rep := s.replies[min(len(s.bodies), len(s.replies))-1]
	s.mu.Unlock()
	time.Sleep(rep.delay)
	w.WriteHeader(rep.status)
	io.WriteString(w, rep.body)
}

func start(t *testing.T, replies ...reply) (*server, string) {
	s := &server{replies: replies}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return s, ts.URL + "/robot/send?access_token=secret-token"
}

// client retries quickly and records its waits.
func client(waits *[]time.Duration) Client {
	return Client{Timeout: 200 * time.Millisecond, Attempts: 3, Backoff: 10 * time.Millisecond,
		Sleep: func(_ context.Context, d time.Duration) error { *waits = append(*waits, d); return nil }}
}

func TestPost(t *testing.T) {
	ok := reply{200, `{"errcode":0,"errmsg":"ok"}`, 0}
	tests := []struct {
		name     string
		replies  []reply
		attempts int
		waits    int
		err      string
	}{
		{"ok at once", []reply{ok}, 1, 0, ""},
		{"plain 200 (Slack)", []reply{{200, "ok", 0}}, 1, 0, ""},
		{"500 then ok", []reply{{500, "boom", 0}, ok}, 2, 1, ""},
		{"always 500", []reply{{500, "boom", 0}}, 3, 2, "failed (3 attempts): HTTP 500 Internal Server Error: boom"},
		{"429 stops and says when", []reply{{429, "", 0}, ok}, 1, 0, "HTTP 429 Too Many Requests: rate-limited; try again in 1m0s"},
		{"404 is not retried", []reply{{404, "no such robot", 0}}, 1, 0, "failed (1 attempt): HTTP 404 Not Found: no such robot"},
		{"robot refuses the sign", []reply{{200, `{"errcode":310000,"errmsg":"sign not match"}`, 0}}, 1, 0, "errcode 310000: sign not match"},
		{"robot rate limit stops and says when", []reply{{200, `{"errcode":130101,"errmsg":"send too fast"}`, 0}, ok}, 1, 0,
			"errcode 130101 (send too fast): rate-limited; try again in 1m0s"},
		{"WeCom rate limit", []reply{{200, `{"errcode":45009,"errmsg":"api freq out of limit"}`, 0}, ok}, 1, 0, "errcode 45009 (api freq out of limit): rate-limited"},
		{"an answer echoing the token is scrubbed", []reply{{400, `bad request for /robot/send?access_token=secret-token`, 0}}, 1, 0, "/robot/send?…"},
		{"timeout is retried", []reply{{200, "", 400 * time.Millisecond}, ok}, 2, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, url := start(t, tt.replies...)
			var waits []time.Duration
			err := client(&waits).Post(context.Background(), url, "application/json; charset=utf-8", []byte(`{"msg":"你好"}`))
			if tt.err == "" && err != nil {
				t.Fatalf("Post: %v", err)
			}
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Post error %v, want %q", err, tt.err)
				}
				if errs.ExitCode(err) != errs.ExitInternal {
					t.Errorf("exit code %d, want 1", errs.ExitCode(err))
				}
				if strings.Contains(err.Error(), "secret-token") {
					t.Errorf("the error shows the access token: %v", err)
				}
			}
			srv.mu.Lock()
			defer srv.mu.Unlock()
			if len(srv.bodies) != tt.attempts {
				t.Errorf("%d attempts, want %d", len(srv.bodies), tt.attempts)
			}
			if len(waits) != tt.waits {
				t.Errorf("waits %v, want %d", waits, tt.waits)
			}
			for i := 1; i < len(waits); i++ {
				if waits[i] != 2*waits[i-1] {
					t.Errorf("backoff does not double: %v", waits)
				}
			}
			if srv.bodies[0] != `{"msg":"你好"}` || srv.ctypes[0] != "application/json; charset=utf-8" {
				t.Errorf("request body %q, content type %q", srv.bodies[0], srv.ctypes[0])
			}
		})
	}
}

func TestPostUnreachable(t *testing.T) {
	ts := httptest.NewServer(http.NotFoundHandler())
	url := ts.URL + "/hook?access_token=secret-token"
	ts.Close()
	var waits []time.Duration
	err := client(&waits).Post(context.Background(), url, "application/json", nil)
	if err == nil || len(waits) != 2 || strings.Contains(err.Error(), "secret-token") || !strings.Contains(err.Error(), "/hook?…") {
		t.Errorf("Post to a closed server: %v (waits %v)", err, waits)
	}
}

func TestPostCancelled(t *testing.T) {
	_, url := start(t, reply{500, "", 0})
	ctx, cancel := context.WithCancel(context.Background())
	c := Client{Attempts: 5, Backoff: time.Hour}
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	start := time.Now()
	if err := c.Post(ctx, url, "application/json", nil); err == nil || time.Since(start) > 5*time.Second {
		t.Errorf("a cancelled Post returned %v after %s", err, time.Since(start))
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"https://oapi.dingtalk.com/robot/send?access_token=abc": "https://oapi.dingtalk.com/robot/send?…",
		"https://user:pw@hooks.example.com/x":                   "https://hooks.example.com/x",
		"not a url":                                             "(invalid URL)",
		"https://hooks.slack.com/services/T0/B0/XYZsecret":      "https://hooks.slack.com/…",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

// A redirect is a failure naming the status: the report (and the token) is never re-posted to
// another host, and the error shows no secret of either address.
func TestPostNoRedirect(t *testing.T) {
	var other int
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { other++ }))
	t.Cleanup(elsewhere.Close)
	for _, status := range []int{301, 302, 307, 308} {
		hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, elsewhere.URL+"/steal?access_token=secret-token&x=1", status)
		}))
		var waits []time.Duration
		err := client(&waits).Post(context.Background(), hook.URL+"/robot/send?access_token=secret-token", "application/json", []byte(`{}`))
		hook.Close()
		if err == nil || !strings.Contains(err.Error(), "kefu does not follow redirects") || !strings.Contains(err.Error(), http.StatusText(status)) {
			t.Errorf("redirect %d: %v", status, err)
			continue
		}
		if strings.Contains(err.Error(), "secret-token") || !strings.Contains(err.Error(), "/steal?…") {
			t.Errorf("redirect %d: the error shows a secret or not where it pointed: %v", status, err)
		}
		if len(waits) != 0 || errs.ExitCode(err) != errs.ExitInternal {
			t.Errorf("redirect %d: retried %d times, exit %d", status, len(waits), errs.ExitCode(err))
		}
	}
	if other != 0 {
		t.Errorf("the redirect target got %d requests", other)
	}
}

func TestRetryAfter(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(429)
	}))
	t.Cleanup(srv.Close)
	var waits []time.Duration
	err := client(&waits).Post(context.Background(), srv.URL+"/hook", "application/json", nil)
	if err == nil || !strings.Contains(err.Error(), "try again in 30s") || len(waits) != 0 {
		t.Errorf("Retry-After 30: %v, waits %v", err, waits)
	}
}
