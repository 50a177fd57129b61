package app_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // ending the leader's lease session

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/bot"
	"github.com/zhibu/zhibu/bot/telegramtest"
	"github.com/zhibu/zhibu/cmd/zhibu/app"
	"github.com/zhibu/zhibu/storage"
	"github.com/zhibu/zhibu/storage/storagetest"
)

// polls records when an instance started each getUpdates call.
type polls struct {
	next http.RoundTripper
	mu   sync.Mutex
	at   []time.Time
}

func (p *polls) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, "/getUpdates") {
		p.mu.Lock()
		p.at = append(p.at, time.Now())
		p.mu.Unlock()
	}
	return p.next.RoundTrip(r)
}

// since counts the calls started at or after t, and returns the first.
func (p *polls) since(t time.Time) (int, time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n, first := 0, time.Time{}
	for _, at := range p.at {
		if !at.Before(t) {
			if n == 0 {
				first = at
			}
			n++
		}
	}
	return n, first
}

// syncLog is a log both the instance and the test use.
type syncLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *syncLog) count(s string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Count(l.buf.String(), s)
}

// instance is one zhibu on the shared database, run until the test ends.
type instance struct {
	app   *app.App
	polls *polls
	log   *syncLog
	skew  atomic.Int64 // how far the instance's clock is ahead of real time
}

func startInstance(t *testing.T, srv *telegramtest.Server, url string, retry time.Duration) *instance {
	t.Helper()
	return startInstanceWith(t, srv, url, retry, nil)
}

// startInstanceWith is startInstance with the bot's settings changed by
// configure, if set.
func startInstanceWith(t *testing.T, srv *telegramtest.Server, url string, retry time.Duration, configure func(*bot.Config)) *instance {
	t.Helper()
	db, err := storage.Open(url, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	in := &instance{polls: &polls{next: http.DefaultTransport}, log: &syncLog{}}
	cfg := bot.Config{Token: srv.Token(), APIURL: srv.URL(), PollTimeout: time.Second, Transport: in.polls}
	if configure != nil {
		configure(&cfg)
	}
	now := func() time.Time { return time.Now().Add(time.Duration(in.skew.Load())) }
	in.app, err = app.New(t.Context(), db, app.Config{Now: now, Log: slog.New(slog.NewTextHandler(in.log, nil)),
		Registration: zhibu.RegistrationPolicy{Mode: zhibu.RegistrationOpen}, Bot: cfg,
		LeaseRetry: retry, LeaseCheck: 100 * time.Millisecond})
	if err != nil {
		db.Close()
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- in.app.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		db.Close()
	})
	return in
}

// get answers GET path: the status and the body.
func (in *instance) get(path string) (int, string) {
	rec := httptest.NewRecorder()
	in.app.HTTPHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code, rec.Body.String()
}

// leaderGauge is the instance's zhibu_leader metric line.
func (in *instance) leaderGauge(t *testing.T) string {
	_, body := in.get("/metrics")
	for _, line := range strings.Split(body, "\n") {
		if strings.HasPrefix(line, "zhibu_leader ") {
			return line
		}
	}
	t.Fatal("no zhibu_leader in /metrics")
	return ""
}

// eventually waits up to d for cond, looking every 20 ms.
func eventually(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// newSharedDB returns the URL of a migrated schema in a PostgreSQL
// database of the test's own, dropped at its end.
func newSharedDB(t *testing.T) string {
	t.Helper()
	pg, err := storagetest.Start("app")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := pg.Stop(); err != nil {
			t.Error(err)
		}
	})
	return pg.Migrated(t, func(url string) error {
		db, err := storage.Open(url, time.Now)
		if err != nil {
			return err
		}
		defer db.Close()
		_, err = db.Migrate(context.Background())
		return err
	})
}

// TestOneLeaderPollsAndAnotherTakesOver: two instances on one PostgreSQL
// database. Only the first polls, the second stands by; when the first's
// lease session ends (as when its connection to the server drops), it
// stops polling at once and the second takes over, and every update sent
// meanwhile is answered once.
func TestOneLeaderPollsAndAnotherTakesOver(t *testing.T) {
	url := newSharedDB(t)
	srv := telegramtest.New(t, telegramtest.Options{})
	const users = 10
	for i := range users {
		srv.AddUser(telegramtest.User{ID: int64(7001 + i), FirstName: fmt.Sprintf("党员%d", i+1)})
	}
	ask := func(from, to int) {
		for i := from; i < to; i++ {
			srv.SendText(int64(7001+i), int64(7001+i), "/help")
		}
	}
	answered := func(n int) func() bool {
		return func() bool {
			for i := range n {
				if len(srv.BotMessages(int64(7001+i))) == 0 {
					return false
				}
			}
			return true
		}
	}

	// The first leads; the second, trying every 100 ms, stands by.
	start := time.Now()
	a := startInstance(t, srv, url, 2*time.Second)
	eventually(t, 10*time.Second, "the first instance to poll", func() bool { n, _ := a.polls.since(start); return n > 0 })
	b := startInstance(t, srv, url, 100*time.Millisecond)
	eventually(t, 10*time.Second, "the second instance to stand by", func() bool { return b.log.count("standing by") > 0 })
	ask(0, users/2)
	eventually(t, 10*time.Second, "answers from the leader", answered(users/2))
	if n, _ := b.polls.since(start); n != 0 {
		t.Errorf("the instance standing by called getUpdates %d times, want 0", n)
	}
	if got := a.leaderGauge(t) + ", " + b.leaderGauge(t); got != "zhibu_leader 1, zhibu_leader 0" {
		t.Errorf("leader gauges = %s, want 1 for the first and 0 for the second", got)
	}
	// Standing by, the second does not poll, and is healthy all the same.
	b.skew.Store(int64(3 * time.Minute))
	if code, body := b.get("/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("standby's /healthz 3 minutes after its start = %d %q, want 200 ok", code, body)
	}

	// The leader's lease session ends.
	pid, err := a.app.DB.LeaseHolder(t.Context())
	if err != nil || pid == 0 {
		t.Fatalf("LeaseHolder = %d, %v; want the leader's session", pid, err)
	}
	admin, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	cut := time.Now()
	if _, err := admin.Exec("SELECT pg_terminate_backend($1)", pid); err != nil {
		t.Fatal(err)
	}
	ask(users/2, users)
	eventually(t, 30*time.Second, "the second instance to poll", func() bool { n, _ := b.polls.since(cut); return n > 0 })
	_, took := b.polls.since(cut)
	eventually(t, 10*time.Second, "every update answered", answered(users))
	eventually(t, 10*time.Second, "the first instance to stand by again", func() bool { return a.log.count("standing by") > 0 })
	t.Logf("the second instance polled %s after the first's lease session ended", took.Sub(cut).Round(time.Millisecond))

	if n, _ := a.polls.since(took); n != 0 {
		t.Errorf("the first instance called getUpdates %d times after the second took over, want 0", n)
	}
	if a.log.count("leadership lost") != 1 {
		t.Errorf("the first instance's log does not say once that it lost the lead:\n%s", a.log.buf.String())
	}
	if got := a.leaderGauge(t) + ", " + b.leaderGauge(t); got != "zhibu_leader 0, zhibu_leader 1" {
		t.Errorf("leader gauges = %s, want 0 for the first and 1 for the second", got)
	}
	for i := range users {
		if got := len(srv.BotMessages(int64(7001 + i))); got != 1 {
			t.Errorf("user %d got %d answers to /help, want 1", i+1, got)
		}
	}
}

// TestWebhookOnAStandby: in webhook mode behind a proxy, Telegram's
// requests may reach an instance that does not lead. It stores the
// updates in the inbox and answers 200; the leader, which alone
// registered the webhook, handles them (within a second) and answers once.
func TestWebhookOnAStandby(t *testing.T) {
	url := newSharedDB(t)
	srv := telegramtest.New(t, telegramtest.Options{})
	const users = 5
	for i := range users {
		srv.AddUser(telegramtest.User{ID: int64(7101 + i), FirstName: "党员"})
	}
	// The proxy sends every webhook request to the standby.
	var mu sync.Mutex
	var standby http.Handler
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		h := standby
		mu.Unlock()
		if h == nil {
			http.Error(w, "not yet", http.StatusBadGateway)
			return
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	hook := func(c *bot.Config) { c.Webhook = bot.Webhook{URL: proxy.URL + "/hook", Secret: "leader-test-secret"} }

	a := startInstanceWith(t, srv, url, time.Hour, hook)
	eventually(t, 10*time.Second, "the first instance to lead", func() bool { return a.log.count("leadership taken") > 0 })
	b := startInstanceWith(t, srv, url, time.Hour, hook)
	eventually(t, 10*time.Second, "the second instance to stand by", func() bool { return b.log.count("standing by") > 0 })
	mu.Lock()
	standby = b.app.Bot.WebhookHandler()
	mu.Unlock()
	for i := range users {
		srv.SendText(int64(7101+i), int64(7101+i), "/help")
	}
	eventually(t, 10*time.Second, "every update answered", func() bool {
		for i := range users {
			if len(srv.BotMessages(int64(7101+i))) == 0 {
				return false
			}
		}
		return true
	})
	for i := range users {
		if got := len(srv.BotMessages(int64(7101 + i))); got != 1 {
			t.Errorf("user %d got %d answers to /help, want 1", i+1, got)
		}
	}
	if got := b.log.count("leadership taken"); got != 0 {
		t.Errorf("the standby took the lead %d times, want 0", got)
	}
}
