package bot_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/bot"
	"github.com/zhibu/zhibu/bot/telegramtest"
)

// hookSecret is the test bot's webhook secret token.
const hookSecret = "test-Secret_42"

// newWebhookHarness is a harness whose bot receives updates by webhook: its
// handler is served on loopback and registered with the emulator, and step
// has the emulator post what is pending. config, when not nil, gives the
// bot's settings. It returns the webhook's URL.
func newWebhookHarness(t *testing.T, config func(*harness) bot.Config) (*harness, string) {
	t.Helper()
	h := newHarnessWith(t, harnessOptions{start: testStart, manualWebhook: true})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String() + "/telegram/webhook"
	var cfg bot.Config
	if config != nil {
		cfg = config(h)
	}
	cfg.Webhook = bot.Webhook{URL: url, Secret: hookSecret}
	h.bot = h.newBot(cfg)
	srv := &http.Server{Handler: h.bot.WebhookHandler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	if err := h.bot.SetWebhook(context.Background()); err != nil {
		t.Fatalf("SetWebhook: %v", err)
	}
	h.webhook = true
	return h, url
}

// attemptStatuses lists the statuses the webhook answered for an update.
func (h *harness) attemptStatuses(updateID int64) []int {
	var out []int
	for _, a := range h.srv.WebhookAttempts() {
		if a.UpdateID == updateID {
			out = append(out, a.Status)
		}
	}
	return out
}

func TestWebhookConversation(t *testing.T) {
	h, _ := newWebhookHarness(t, nil)
	h.setup()
	h.mustSay(groupID, memberID, "/whoami", "姓名：赵强\n状态：正式党员\n党小组：无\n职务：无\n支部：第一党支部")
	for _, r := range h.srv.Requests() {
		switch r.Method {
		case "getUpdates":
			t.Fatalf("the bot called getUpdates in webhook mode")
		case "setWebhook":
			if r.Params["secret_token"] != hookSecret || r.Params["allowed_updates"] != `["message","callback_query","my_chat_member"]` ||
				r.Params["drop_pending_updates"] == "true" {
				t.Errorf("setWebhook params = %v, want the secret, the polling's update kinds, pending updates kept", r.Params)
			}
		}
	}
	attempts := h.srv.WebhookAttempts()
	if len(attempts) < 5 {
		t.Fatalf("%d webhook requests, want one per update of the conversation", len(attempts))
	}
	for _, a := range attempts {
		if !a.OK() {
			t.Errorf("webhook answered %d to update %d, want 200", a.Status, a.UpdateID)
		}
	}
	if n := h.srv.Pending(); n != 0 {
		t.Errorf("%d updates still pending at Telegram, want 0", n)
	}
}

func TestWebhookRefusesBadRequests(t *testing.T) {
	var logs syncBuffer
	h, url := newWebhookHarness(t, func(*harness) bot.Config {
		return bot.Config{Log: slog.New(slog.NewTextHandler(&logs, nil))}
	})
	update := `{"update_id":900000001,"message":{"message_id":1,"date":1,"chat":{"id":13,"type":"private"},` +
		`"from":{"id":13,"is_bot":false,"first_name":"赵强"},"text":"机密内容"}}`
	tests := []struct {
		name, method, path, secret, body string
		want                             int
	}{
		{"no secret", "POST", "/telegram/webhook", "", update, 401},
		{"wrong secret", "POST", "/telegram/webhook", "wrong-secret", update, 401},
		{"secret and more", "POST", "/telegram/webhook", hookSecret + "x", update, 401},
		{"malformed body", "POST", "/telegram/webhook", hookSecret, `{"update_id":5,"message":机密内容`, 400},
		{"no update_id", "POST", "/telegram/webhook", hookSecret, `{"message":{"text":"机密内容"}}`, 400},
		{"too large", "POST", "/telegram/webhook", hookSecret, `{"update_id":7,"x":"` + strings.Repeat("机", 1<<19) + `"}`, 413},
		{"GET", "GET", "/telegram/webhook", hookSecret, "", 405},
		{"another path", "POST", "/other", hookSecret, update, 404},
	}
	base := strings.TrimSuffix(url, "/telegram/webhook")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, base+tt.path, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if tt.secret != "" {
				req.Header.Set(bot.SecretHeader, tt.secret)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("%s %s = %d, want %d", tt.method, tt.path, resp.StatusCode, tt.want)
			}
		})
	}
	pending, err := h.db.PendingUpdates(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != 0 {
		t.Errorf("%d updates stored from refused requests, want none", len(pending))
	}
	for _, secret := range []string{"机密内容", "wrong-secret", hookSecret} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("the log shows %q:\n%s", secret, logs.String())
		}
	}
}

// flakyInbox is the database's inbox whose next fail writes fail.
type flakyInbox struct {
	bot.Inbox
	fail atomic.Int32
}

func (f *flakyInbox) StoreUpdates(ctx context.Context, items []zhibu.InboxItem, next int64) (int, error) {
	if f.fail.Add(-1) >= 0 {
		return 0, errors.New("disk I/O error")
	}
	return f.Inbox.StoreUpdates(ctx, items, next)
}

func TestWebhookStorageFailureIsRetriedAndHandledOnce(t *testing.T) {
	inbox := &flakyInbox{}
	h, _ := newWebhookHarness(t, func(h *harness) bot.Config {
		inbox.Inbox = h.db
		return bot.Config{Inbox: inbox}
	})
	h.srv.AddBot(groupID, secretaryID)
	h.step()
	inbox.fail.Store(1)
	h.srv.SendText(groupID, secretaryID, "/setup 第一党支部")
	id := h.srv.LastUpdateID()
	if n, err := h.srv.DeliverWebhook(context.Background()); n != 0 || err == nil {
		t.Fatalf("DeliverWebhook with the database failing = %d, %v; want 0 and an error", n, err)
	}
	if pending, _ := h.db.PendingUpdates(context.Background(), 0); len(pending) != 0 {
		t.Fatalf("%d updates stored though the write failed", len(pending))
	}
	before := h.botCount(groupID)
	h.step() // Telegram tries again
	if got, want := h.attemptStatuses(id), []int{500, 200}; !slices.Equal(got, want) {
		t.Errorf("webhook answers to the /setup update = %v, want %v", got, want)
	}
	if got := h.botCount(groupID) - before; got != 1 {
		t.Errorf("the bot answered /setup %d times, want once", got)
	}
	golden(t, "setup_done", h.last(groupID))
}

func TestWebhookRedeliveryHandledOnce(t *testing.T) {
	h, _ := newWebhookHarness(t, nil)
	h.setup()
	h.say(groupID, memberID, "/whoami")
	id, before := h.srv.LastUpdateID(), h.botCount(groupID)
	h.srv.Redeliver(id)
	h.step()
	if got, want := h.attemptStatuses(id), []int{200, 200}; !slices.Equal(got, want) {
		t.Errorf("webhook answers to the redelivered update = %v, want %v", got, want)
	}
	if got := h.botCount(groupID); got != before {
		t.Errorf("the bot said %d more things after the redelivery, want none", got-before)
	}
}

func TestWebhookToPollingLosesNothing(t *testing.T) {
	h, _ := newWebhookHarness(t, nil)
	h.setup()
	// Said while the webhook is set and not yet delivered: the switch
	// must bring it by getUpdates.
	h.srv.SendText(groupID, memberID, "/whoami")
	waiting := h.srv.LastUpdateID()

	processed := make(chan int64, 16)
	b := h.newBot(bot.Config{OnProcessed: func(id int64) { processed <- id }})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	guard := time.After(30 * time.Second) // a guard against hanging, not a wait
	for got := int64(0); got != waiting; {
		select {
		case got = <-processed:
		case <-guard:
			t.Fatal("the update that waited was never handled")
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	h.flush()
	if got, want := h.last(groupID), "姓名：赵强\n状态：正式党员\n党小组：无\n职务：无\n支部：第一党支部"; got != want {
		t.Errorf("answer after the switch = %q, want %q", got, want)
	}
	if url := h.srv.WebhookURL(); url != "" {
		t.Errorf("webhook still set after the switch to polling: %s", url)
	}
	var methods []string
	for _, r := range h.srv.Requests() {
		if r.Method == "deleteWebhook" || r.Method == "getUpdates" {
			methods = append(methods, r.Method)
		}
	}
	if len(methods) < 2 || methods[0] != "deleteWebhook" || methods[1] != "getUpdates" {
		t.Errorf("requests = %v, want deleteWebhook before getUpdates", methods)
	}
	for _, r := range h.srv.Requests() {
		if r.Method == "getUpdates" && r.Status != http.StatusOK {
			t.Errorf("getUpdates answered %d %s", r.Status, r.Description)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for a logger and a test at once.
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

// TestWebhookRegistrationRetriesAServerError: Telegram (or a proxy in
// front of it) answers setWebhook with 502, then 429; Receive tries again
// and registers the webhook instead of ending the program, as an instance
// taking over must. A refusal (400) is returned at once.
func TestWebhookRegistrationRetriesAServerError(t *testing.T) {
	h, url := newWebhookHarness(t, nil)
	h.srv.Fail(telegramtest.Fault{Method: "setWebhook", Code: 502})
	h.srv.Fail(telegramtest.Fault{Method: "setWebhook", Code: 429, RetryAfter: 1})
	set := h.srv.WebhookSet()
	if err := h.bot.Receive(context.Background()); err != nil {
		t.Fatalf("Receive after a 502 and a 429 = %v, want the webhook registered", err)
	}
	select {
	case <-set:
	default:
		t.Fatal("the webhook was not set again")
	}
	if got := h.srv.WebhookURL(); got != url {
		t.Errorf("webhook URL = %q, want %q", got, url)
	}
	h.srv.Fail(telegramtest.Fault{Method: "setWebhook", Code: 400})
	var we *bot.WebhookError
	if err := h.bot.Receive(context.Background()); !errors.As(err, &we) {
		t.Errorf("Receive after a 400 = %v, want a WebhookError", err)
	}
}
