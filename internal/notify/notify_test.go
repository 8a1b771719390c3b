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
		{"429 is retried", []reply{{429, "", 0}, ok}, 2, 1, ""},
		{"404 is not retried", []reply{{404, "no such robot", 0}}, 1, 0, "failed (1 attempt): HTTP 404 Not Found: no such robot"},
		{"robot refuses the sign", []reply{{200, `{"errcode":310000,"errmsg":"sign not match"}`, 0}}, 1, 0, "errcode 310000: sign not match"},
		{"robot rate limit is retried", []reply{{200, `{"errcode":130101,"errmsg":"send too fast"}`, 0}, ok}, 2, 1, ""},
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
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}
