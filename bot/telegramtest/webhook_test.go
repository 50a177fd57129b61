package telegramtest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
)

// hookRecorder is a webhook endpoint that answers each request with the
// next of its statuses (200 once they run out) and keeps what it received.
type hookRecorder struct {
	mu       sync.Mutex
	statuses []int
	secrets  []string
	updates  []models.Update
}

func (h *hookRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.secrets = append(h.secrets, r.Header.Get("X-Telegram-Bot-Api-Secret-Token"))
	status := http.StatusOK
	if len(h.statuses) > 0 {
		status, h.statuses = h.statuses[0], h.statuses[1:]
	}
	if status == http.StatusOK {
		var u models.Update
		_ = json.Unmarshal(body, &u)
		h.updates = append(h.updates, u)
	}
	w.WriteHeader(status)
}

func TestSetWebhookChecksURLAndSecret(t *testing.T) {
	s := newTestServer(t, Options{ManualWebhook: true})
	tests := []struct {
		name   string
		body   map[string]any
		status int
	}{
		{"plain http elsewhere", map[string]any{"url": "http://example.org/hook"}, 400},
		{"secret with a space", map[string]any{"url": "https://example.org/hook", "secret_token": "a b"}, 400},
		{"secret too long", map[string]any{"url": "https://example.org/hook", "secret_token": string(make([]byte, 257))}, 400},
		{"https", map[string]any{"url": "https://example.org/hook", "secret_token": "Ab_9-x"}, 200},
		{"loopback http", map[string]any{"url": "http://127.0.0.1:8443/hook", "secret_token": "Ab_9-x"}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if status, r := mustCall(t, s, "setWebhook", tt.body); status != tt.status {
				t.Errorf("setWebhook(%v) = %d %s, want %d", tt.body, status, r.Description, tt.status)
			}
		})
	}
}

func TestWebhookDeliversWithSecretAndRetries(t *testing.T) {
	rec := &hookRecorder{statuses: []int{http.StatusInternalServerError}}
	hook := httptest.NewServer(rec)
	t.Cleanup(hook.Close)
	s := newTestServer(t, Options{ManualWebhook: true})
	newTestGroup(t, s)
	mustPoll(t, s, map[string]any{"offset": s.LastUpdateID() + 1})
	if status, r := mustCall(t, s, "setWebhook", map[string]any{"url": hook.URL + "/hook", "secret_token": "s3cret",
		"allowed_updates": []string{"message"}}); status != 200 {
		t.Fatalf("setWebhook = %d %s", status, r.Description)
	}
	if status, r := mustCall(t, s, "getUpdates", map[string]any{}); status != 409 {
		t.Errorf("getUpdates while a webhook is set = %d %s, want 409", status, r.Description)
	}
	s.SendText(alice, alice, "第一条")
	s.SendText(bob, bob, "第二条")

	n, err := s.DeliverWebhook(t.Context())
	if n != 0 || err == nil {
		t.Fatalf("DeliverWebhook with the hook failing = %d, %v; want 0 and an error", n, err)
	}
	_, r := mustCall(t, s, "getWebhookInfo", map[string]any{})
	var info webhookInfo
	_ = json.Unmarshal(r.Result, &info)
	if info.URL != hook.URL+"/hook" || info.PendingUpdateCount != 2 || info.LastErrorMessage == "" {
		t.Errorf("getWebhookInfo = %+v, want the URL, 2 pending and the last error", info)
	}
	if n, err := s.DeliverWebhook(t.Context()); n != 2 || err != nil {
		t.Fatalf("DeliverWebhook retried = %d, %v; want 2, nil", n, err)
	}
	var statuses []int
	for _, a := range s.WebhookAttempts() {
		statuses = append(statuses, a.Status)
	}
	if want := []int{500, 200, 200}; !slices.Equal(statuses, want) {
		t.Errorf("attempts = %v, want %v", statuses, want)
	}
	if len(rec.updates) != 2 || rec.updates[0].Message.Text != "第一条" || rec.updates[1].Message.Text != "第二条" {
		t.Errorf("hook received %+v, want the two messages in order", rec.updates)
	}
	for _, sec := range rec.secrets {
		if sec != "s3cret" {
			t.Errorf("secret header = %q, want s3cret", sec)
		}
	}
	if s.Pending() != 0 {
		t.Errorf("Pending() = %d after delivery, want 0", s.Pending())
	}
}

func TestDeleteWebhookResumesPolling(t *testing.T) {
	s := newTestServer(t, Options{ManualWebhook: true})
	newTestGroup(t, s)
	mustPoll(t, s, map[string]any{"offset": s.LastUpdateID() + 1})
	mustCall(t, s, "setWebhook", map[string]any{"url": "https://example.org/hook", "secret_token": "x"})
	s.SendText(alice, alice, "等着")
	if status, r := mustCall(t, s, "deleteWebhook", map[string]any{}); status != 200 {
		t.Fatalf("deleteWebhook = %d %s", status, r.Description)
	}
	r := mustPoll(t, s, map[string]any{})
	if len(r.updates) != 1 || r.updates[0].Message.Text != "等着" {
		t.Errorf("getUpdates after deleteWebhook = %+v, want the update that waited", r)
	}
	if s.WebhookURL() != "" {
		t.Errorf("WebhookURL() = %q after deleteWebhook, want empty", s.WebhookURL())
	}
}

func TestWebhookDeliversByItself(t *testing.T) {
	got := make(chan string, 4)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var u models.Update
		_ = json.NewDecoder(r.Body).Decode(&u)
		if u.Message != nil {
			got <- u.Message.Text
		}
	}))
	t.Cleanup(hook.Close)
	s := newTestServer(t, Options{})
	newTestGroup(t, s)
	mustPoll(t, s, map[string]any{"offset": s.LastUpdateID() + 1})
	mustCall(t, s, "setWebhook", map[string]any{"url": hook.URL, "allowed_updates": []string{"message"}})
	s.SendText(alice, alice, "自动送达")
	select {
	case text := <-got:
		if text != "自动送达" {
			t.Errorf("hook received %q, want 自动送达", text)
		}
	case <-time.After(30 * time.Second): // a guard against hanging, not a wait
		t.Fatal("the update never reached the webhook")
	}
}
