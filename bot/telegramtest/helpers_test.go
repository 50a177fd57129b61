package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
)

// Test fixture ids.
const (
	alice   = int64(1001)
	bob     = int64(1002)
	groupID = int64(-1001)
)

// Every testing.TB (*testing.T, *testing.B, *testing.F) can be passed to New.
var _ TB = testing.TB(nil)

// apiResp is a decoded Bot API answer.
type apiResp struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  struct {
		RetryAfter      int   `json:"retry_after"`
		MigrateToChatID int64 `json:"migrate_to_chat_id"`
	} `json:"parameters"`
}

// violationLog collects violations instead of failing the test.
type violationLog struct {
	mu   sync.Mutex
	list []Violation
}

func (l *violationLog) add(v Violation) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.list = append(l.list, v)
}

// newTestServer starts a server whose violations are collected, not fatal,
// with alice and bob registered and alice's private chat started.
func newTestServer(t *testing.T, opts Options) *Server {
	t.Helper()
	s, err := NewServer(opts)
	if err != nil {
		t.Fatalf("NewServer: %v", err)
	}
	t.Cleanup(s.Close)
	s.AddUser(User{ID: alice, FirstName: "Alice", Username: "alice_w"})
	s.AddUser(User{ID: bob, FirstName: "Bob", Username: "bob_w"})
	return s
}

// newTestGroup adds a group with alice (creator), bob and the bot.
func newTestGroup(t *testing.T, s *Server) {
	t.Helper()
	s.AddGroup(groupID, "第一支部")
	s.SetCreator(groupID, alice)
	s.JoinGroup(groupID, bob)
	s.AddBot(groupID, alice)
}

// newTestBot connects go-telegram/bot to the server without polling.
func newTestBot(t *testing.T, s *Server) *tgbot.Bot {
	t.Helper()
	b, err := tgbot.New(s.Token(), tgbot.WithServerURL(s.URL()), tgbot.WithHTTPClient(time.Minute, http.DefaultClient))
	if err != nil {
		t.Fatalf("tgbot.New: %v", err)
	}
	return b
}

// mustCall posts a JSON request and decodes the answer.
func mustCall(t *testing.T, s *Server, method string, body any) (int, apiResp) {
	t.Helper()
	data, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	return mustPost(t, s.URL()+"/bot"+s.Token()+"/"+method, "application/json", bytes.NewReader(data))
}

// mustPost posts a body and decodes the answer.
func mustPost(t *testing.T, url, contentType string, body io.Reader) (int, apiResp) {
	t.Helper()
	resp, err := http.Post(url, contentType, body)
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	defer resp.Body.Close()
	var r apiResp
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatalf("decode answer: %v", err)
	}
	return resp.StatusCode, r
}

// newTestClock is a manual clock at a fixed evening in Asia/Shanghai.
func newTestClock() *Clock {
	return NewClock(time.Date(2026, 7, 1, 19, 0, 0, 0, time.FixedZone("CST", 8*3600)))
}

// getUpdatesCtx long-polls with a context, like the bot's own poller.
func getUpdatesCtx(ctx context.Context, s *Server) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL()+"/bot"+s.Token()+"/getUpdates",
		strings.NewReader(`{"timeout":50}`))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// jsonUnmarshal decodes a result.
func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }
