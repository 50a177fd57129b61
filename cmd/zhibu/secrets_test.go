package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhibu/zhibu/bot/telegramtest"
)

// Secrets the tests configure: distinctive, so that any of their long
// substrings found in the output is a leak and not a coincidence.
const (
	secretToken    = "7034511982:AAHx9kQmZ2vLwR4tYp8sNcEf3uJbD6gTqW0"
	secretPassword = "S3cr3t-Pa55w0rd_Rq7"
)

// leakLen is the shortest substring of a secret that counts as a leak.
const leakLen = 10

// leak returns the longest substring of secret, at least leakLen bytes
// long, found in out, or "" when none is.
func leak(out, secret string) string {
	for n := len(secret); n >= leakLen; n-- {
		for i := 0; i+n <= len(secret); i++ {
			if s := secret[i : i+n]; strings.Contains(out, s) {
				return s
			}
		}
	}
	return ""
}

// checkNoLeak fails when out holds a secret or a long piece of one. Each
// line of a secret counts as a secret of its own.
func checkNoLeak(t *testing.T, what, out string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		for _, piece := range append([]string{s}, strings.Split(s, "\n")...) {
			if l := leak(out, piece); l != "" {
				t.Errorf("%s shows %q (from a secret):\n%s", what, l, out)
				return
			}
		}
	}
}

// TestRunNeverShowsMalformedSecrets feeds malformed tokens and API URLs to
// the real program entry and scans everything it prints for the secrets.
func TestRunNeverShowsMalformedSecrets(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "zhibu.db")
	twoLines := filepath.Join(dir, "token-two-lines")
	if err := os.WriteFile(twoLines, []byte(secretToken+"\n"+secretToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	unreachable := "http://127.0.0.1:1"
	tests := []struct {
		name    string
		env     func(string) string
		want    string // the start of the one line printed
		secrets []string
	}{
		{"token with a newline", env("ZHIBU_TOKEN", secretToken+"\nAAHsecondLineOfTheToken42", "ZHIBU_API_URL", unreachable, "ZHIBU_DB", db),
			"zhibu: 令牌格式不对", []string{secretToken + "\nAAHsecondLineOfTheToken42"}},
		{"token with a space", env("ZHIBU_TOKEN", "7034511982:AAHx9kQmZ2 vLwR4tYp8sNcEf3uJbD6gTqW0", "ZHIBU_API_URL", unreachable, "ZHIBU_DB", db),
			"zhibu: 令牌格式不对", []string{"7034511982:AAHx9kQmZ2 vLwR4tYp8sNcEf3uJbD6gTqW0"}},
		{"token file with a second line", env("ZHIBU_TOKEN_FILE", twoLines, "ZHIBU_API_URL", unreachable, "ZHIBU_DB", db),
			"zhibu: 令牌格式不对", []string{secretToken}},
		{"API URL with a password", env("ZHIBU_TOKEN", secretToken, "ZHIBU_API_URL", "http://zhibu:"+secretPassword+"@127.0.0.1:1", "ZHIBU_DB", db),
			"zhibu: 连接不上 Telegram Bot API（http://zhibu:xxxxx@127.0.0.1:1）：", []string{secretToken, secretPassword}},
		{"API URL with the token in its path", env("ZHIBU_TOKEN", secretToken, "ZHIBU_API_URL", unreachable+"/bot"+secretToken, "ZHIBU_DB", db),
			"zhibu: Bot API 地址里不要写令牌", []string{secretToken}},
		{"API URL with another token in its path", env("ZHIBU_TOKEN", secretToken, "ZHIBU_API_URL", "https://api.telegram.org/bot5550001234:AAFotherTokenInTheAddress9/", "ZHIBU_DB", db),
			"zhibu: Bot API 地址里不要写令牌", []string{secretToken, "5550001234:AAFotherTokenInTheAddress9"}},
		{"API URL with a bad scheme", env("ZHIBU_TOKEN", secretToken, "ZHIBU_API_URL", "ftp://zhibu:"+secretPassword+"@127.0.0.1:1", "ZHIBU_DB", db),
			"zhibu: Bot API 地址不对（ftp://zhibu:xxxxx@127.0.0.1:1）", []string{secretToken, secretPassword}},
		{"API URL that does not parse", env("ZHIBU_TOKEN", secretToken, "ZHIBU_API_URL", "http://zhibu:"+secretPassword+" x@127.0.0.1:1", "ZHIBU_DB", db),
			"zhibu: Bot API 地址看不懂", []string{secretToken, secretPassword + " x"}},
		{"token with a newline, migrate", env("ZHIBU_TOKEN", secretToken+"\nAAHsecondLineOfTheToken42", "ZHIBU_DB", db),
			"", []string{secretToken + "\nAAHsecondLineOfTheToken42"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"run"}
			if strings.HasSuffix(tt.name, "migrate") {
				args = []string{"migrate"}
			}
			code, stdout, stderr := runZhibu(t.Context(), args, tt.env)
			if tt.want != "" && (code == 0 || strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, tt.want)) {
				t.Errorf("exit %d, stderr = %q, want one line starting %q", code, stderr, tt.want)
			}
			checkNoLeak(t, "stdout", stdout, tt.secrets...)
			checkNoLeak(t, "stderr", stderr, tt.secrets...)
		})
	}
}

// TestRunningBotShowsNoSecret runs the bot against the emulator through a
// URL holding a password, with the health server on, and scans the logs,
// /healthz and /metrics for the token and the password.
func TestRunningBotShowsNoSecret(t *testing.T) {
	srv, greeted := greetingGroup(t, telegramtest.Options{Token: secretToken})
	addr := freeAddr(t)
	apiURL := strings.Replace(srv.URL(), "http://", "http://zhibu:"+secretPassword+"@", 1)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"run", "--log-level", "debug"}, env("ZHIBU_TOKEN", secretToken, "ZHIBU_API_URL", apiURL,
			"ZHIBU_DB", filepath.Join(t.TempDir(), "zhibu.db"), "ZHIBU_HTTP_ADDR", addr), strings.NewReader(""), &stdout, &stderr)
	}()
	srv.AddBot(-1, 7)
	select {
	case code := <-done:
		t.Fatalf("run exited early with %d: %s", code, stderr.String())
	case <-time.After(20 * time.Second):
		t.Fatal("bot never greeted the group")
	case <-greeted:
	}
	bodies := get(t, "http://"+addr+"/healthz") + get(t, "http://"+addr+"/metrics")
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit code %d; stderr: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "api_url=http://zhibu:xxxxx@127.0.0.1:") {
		t.Errorf("the start line does not name the API URL without its password:\n%s", stderr.String())
	}
	checkNoLeak(t, "stdout", stdout.String(), secretToken, secretPassword)
	checkNoLeak(t, "stderr", stderr.String(), secretToken, secretPassword)
	checkNoLeak(t, "/healthz and /metrics", bodies, secretToken, secretPassword)
}

// freeAddr is a loopback address with a port free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// get returns the body of a GET, waiting for the server to listen.
func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return string(b)
}

// syncBuffer is a bytes.Buffer the program may write while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestLoggerRedactsSecrets: whatever carries a secret into a log line (an
// error of the HTTP or Telegram client quoting a URL, a string, an
// attribute given once with With, a group, the message itself) comes out
// redacted.
func TestLoggerRedactsSecrets(t *testing.T) {
	sec := &secrets{}
	sec.add(secretToken+"\n", secretPassword)
	var out bytes.Buffer
	log := config{}.logger(&out, sec).With("api_url", "http://zhibu:"+secretPassword+"@host")
	_, reqErr := http.NewRequest(http.MethodPost, "http://host/bot"+secretToken+"\nx/getMe", nil)
	log.Error("telegram client", "err", reqErr)
	log.Error("telegram client", "err", &url.Error{Op: "Post", URL: "http://host/bot" + url.QueryEscape(secretToken) + "/sendMessage", Err: io.EOF})
	log.Warn("token "+secretToken, slog.Group("req", "path", "/bot"+secretToken+"/getUpdates"), "n", 3)
	if strings.Count(out.String(), "\n") != 3 {
		t.Errorf("want 3 log lines:\n%s", out.String())
	}
	checkNoLeak(t, "the log", out.String(), secretToken, secretPassword)
	if !strings.Contains(out.String(), "<redacted>") || !strings.Contains(out.String(), "n=3") {
		t.Errorf("the log lost what is not secret:\n%s", out.String())
	}
}
