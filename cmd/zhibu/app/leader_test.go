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

// waiter lets a test wait for what several instances do: each of their
// polls, log lines and handled updates, and each of the emulator's events,
// wakes it; it also looks every 20 ms, for what wakes nobody.
type waiter struct{ ch chan struct{} }

func newWaiter() *waiter { return &waiter{ch: make(chan struct{}, 1)} }

func (w *waiter) poke() {
	select {
	case w.ch <- struct{}{}:
	default:
	}
}

// until waits until cond holds, failing the test after d.
func (w *waiter) until(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-deadline.C:
			t.Fatalf("waited %s for %s", d, what)
		case <-w.ch:
		case <-tick.C:
		}
	}
}

// polls records when an instance started each getUpdates call.
type polls struct {
	next http.RoundTripper
	wait *waiter
	mu   sync.Mutex
	at   []time.Time
}

func (p *polls) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, "/getUpdates") {
		p.mu.Lock()
		p.at = append(p.at, time.Now())
		p.mu.Unlock()
		p.wait.poke()
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
	wait *waiter
	mu   sync.Mutex
	buf  bytes.Buffer
}

func (l *syncLog) Write(p []byte) (int, error) {
	defer l.wait.poke()
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
	app     *app.App
	polls   *polls
	log     *syncLog
	skew    atomic.Int64 // how far the instance's clock is ahead of real time
	mu      sync.Mutex
	handled []int64 // the updates it handled, in order
}

// handledCount is how many updates the instance handled.
func (in *instance) handledCount() int {
	in.mu.Lock()
	defer in.mu.Unlock()
	return len(in.handled)
}

func startInstance(t *testing.T, srv *telegramtest.Server, wait *waiter, url string, retry time.Duration) *instance {
	t.Helper()
	return startInstanceWith(t, srv, wait, url, retry, nil)
}

// startInstanceWith is startInstance with the bot's settings changed by
// configure, if set.
func startInstanceWith(t *testing.T, srv *telegramtest.Server, wait *waiter, url string, retry time.Duration, configure func(*bot.Config)) *instance {
	t.Helper()
	db, err := storage.Open(url, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	in := &instance{polls: &polls{next: http.DefaultTransport, wait: wait}, log: &syncLog{wait: wait}}
	cfg := bot.Config{Token: srv.Token(), APIURL: srv.URL(), PollTimeout: time.Second, Transport: in.polls,
		OnProcessed: func(id int64) {
			in.mu.Lock()
			in.handled = append(in.handled, id)
			in.mu.Unlock()
			wait.poke()
		}}
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
	wait := newWaiter()
	srv := telegramtest.New(t, telegramtest.Options{OnEvent: func(telegramtest.Event) { wait.poke() }})
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
	a := startInstance(t, srv, wait, url, 2*time.Second)
	wait.until(t, 10*time.Second, "the first instance to poll", func() bool { n, _ := a.polls.since(start); return n > 0 })
	b := startInstance(t, srv, wait, url, 100*time.Millisecond)
	wait.until(t, 10*time.Second, "the second instance to stand by", func() bool { return b.log.count("standing by") > 0 })
	ask(0, users/2)
	wait.until(t, 10*time.Second, "answers from the leader", answered(users/2))
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
	wait.until(t, 10*time.Second, "the first instance to stand by again", func() bool { return a.log.count("standing by") > 0 })
	ask(users/2, users)
	wait.until(t, 30*time.Second, "the second instance to poll", func() bool { n, _ := b.polls.since(cut); return n > 0 })
	_, took := b.polls.since(cut)
	wait.until(t, 10*time.Second, "every update answered", answered(users))
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

// TestWebhookReachesAnyInstance: in webhook mode behind a proxy,
// Telegram's requests may reach an instance that does not lead. It stores
// the updates, answers 200 and handles them itself; the leader, which
// alone registered the webhook, sends the answers, each once.
func TestWebhookReachesAnyInstance(t *testing.T) {
	url := newSharedDB(t)
	wait := newWaiter()
	srv := telegramtest.New(t, telegramtest.Options{OnEvent: func(telegramtest.Event) { wait.poke() }})
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
	// The leader looks in the inbox only once an hour, so that what the
	// standby stored is the standby's to handle.
	rare := func(c *bot.Config) { hook(c); c.InboxRescan = time.Hour }

	a := startInstanceWith(t, srv, wait, url, time.Hour, rare)
	wait.until(t, 10*time.Second, "the first instance to lead", func() bool { return a.log.count("leadership taken") > 0 })
	b := startInstanceWith(t, srv, wait, url, time.Hour, hook)
	wait.until(t, 10*time.Second, "the second instance to stand by", func() bool { return b.log.count("standing by") > 0 })
	mu.Lock()
	standby = b.app.Bot.WebhookHandler()
	mu.Unlock()
	for i := range users {
		srv.SendText(int64(7101+i), int64(7101+i), "/help")
	}
	wait.until(t, 10*time.Second, "every update answered", func() bool {
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
	if got, want := b.handledCount(), users; got != want {
		t.Errorf("the standby handled %d updates, want the %d it received", got, want)
	}
	if got := a.handledCount(); got != 0 {
		t.Errorf("the leader handled %d updates, want 0: the standby received them all", got)
	}
}

// TestInstancesShareTheInbox: three instances on one database while many
// chats write at once. Every update is handled once, by whichever
// instance claimed it; each chat's updates are handled in the order they
// were sent; every answer goes once.
func TestInstancesShareTheInbox(t *testing.T) {
	url := newSharedDB(t)
	wait := newWaiter()
	srv := telegramtest.New(t, telegramtest.Options{OnEvent: func(telegramtest.Event) { wait.poke() }})
	const chats, each = 12, 5
	user := func(i int) int64 { return int64(7201 + i) }
	for i := range chats {
		srv.AddUser(telegramtest.User{ID: user(i), FirstName: "党员"})
	}
	fast := func(c *bot.Config) { c.InboxRescan = 20 * time.Millisecond }
	a := startInstanceWith(t, srv, wait, url, time.Hour, fast)
	wait.until(t, 10*time.Second, "the first instance to lead", func() bool { return a.log.count("leadership taken") > 0 })
	ins := []*instance{a, startInstanceWith(t, srv, wait, url, time.Hour, fast), startInstanceWith(t, srv, wait, url, time.Hour, fast)}
	for range each {
		for i := range chats {
			srv.SendText(user(i), user(i), "/help")
		}
	}
	total := func() int {
		n := 0
		for _, in := range ins {
			n += in.handledCount()
		}
		return n
	}
	wait.until(t, 2*time.Minute, "every update handled", func() bool { return total() >= chats*each })
	wait.until(t, 2*time.Minute, "every update answered", func() bool {
		for i := range chats {
			if len(srv.BotMessages(user(i))) < each {
				return false
			}
		}
		return true
	})
	times := map[int64]int{}
	for k, in := range ins {
		in.mu.Lock()
		t.Logf("instance %d handled %d updates", k+1, len(in.handled))
		for _, id := range in.handled {
			times[id]++
		}
		in.mu.Unlock()
	}
	if len(times) != chats*each || total() != chats*each {
		t.Errorf("%d handlings of %d updates, want %d updates handled once each", total(), len(times), chats*each)
	}
	for i := range chats {
		if got := len(srv.BotMessages(user(i))); got != each {
			t.Errorf("chat %d got %d answers, want %d", i+1, got, each)
		}
	}
	// A chat's updates were handled in order: the inbox's processed_at
	// rises with the update id in every chat.
	admin, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	rows, err := admin.Query("SELECT chat_id, update_id, processed_at FROM inbox_updates ORDER BY chat_id, update_id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	last := map[int64]time.Time{}
	for rows.Next() {
		var chat, id int64
		var at time.Time
		if err := rows.Scan(&chat, &id, &at); err != nil {
			t.Fatal(err)
		}
		if at.Before(last[chat]) {
			t.Errorf("chat %d: update %d handled at %s, before an earlier update of the chat (%s)", chat, id, at, last[chat])
		}
		last[chat] = at
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

// TestRemindersFromTwoInstances: both instances tick the reminders at the
// same moment, many times over; each branch's reminder is delivered once,
// sent by the leader within Telegram's limits.
func TestRemindersFromTwoInstances(t *testing.T) {
	url := newSharedDB(t)
	start := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) // 18:00 in Shanghai: no quiet hours
	clock := telegramtest.NewClock(start)
	srv := telegramtest.New(t, telegramtest.Options{Clock: clock.Now, EnforceLimits: true})
	const secretary, branches = 7301, 40
	srv.AddUser(telegramtest.User{ID: secretary, FirstName: "李书记"})
	open := func() *app.App {
		db, err := storage.Open(url, clock.Now)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		a, err := app.New(t.Context(), db, app.Config{Now: clock.Now,
			Bot: bot.Config{Token: srv.Token(), APIURL: srv.URL(), PollTimeout: time.Second}})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	a, b := open(), open()
	ctx := t.Context()
	due := start.Add(time.Hour)
	chat := func(i int) int64 { return int64(-4000000 - i) }
	for i := range branches {
		srv.AddGroup(chat(i), fmt.Sprintf("第%d支部", i+1))
		srv.JoinGroup(chat(i), secretary)
		srv.AddBot(chat(i), secretary)
		br, _, err := a.DB.CreateBranch(ctx, zhibu.Branch{ChatID: chat(i), Name: fmt.Sprintf("第%d支部", i+1),
			TimeZone: zhibu.DefaultTimeZone, Active: true},
			zhibu.Member{Name: "书记", Status: zhibu.StatusFull, Role: zhibu.RoleSecretary}, zhibu.Change{Action: "test"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.DB.CreateReminder(ctx, zhibu.Reminder{BranchID: br.ID, Text: "交党费", Once: due}); err != nil {
			t.Fatal(err)
		}
	}
	before := make([]int, branches)
	for i := range branches {
		before[i] = len(srv.BotMessages(chat(i)))
	}
	clock.Set(due)
	var wg sync.WaitGroup
	for range 3 {
		for _, in := range []*app.App{a, b} {
			wg.Go(func() {
				if err := in.Engine.Tick(ctx); err != nil {
					t.Errorf("Tick: %v", err)
				}
			})
		}
	}
	wg.Wait()
	for range 600 { // 60 simulated seconds
		if _, _, err := a.Sender.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		clock.Advance(100 * time.Millisecond)
	}
	for i := range branches {
		msgs := srv.BotMessages(chat(i))[before[i]:]
		if len(msgs) != 1 || !strings.Contains(msgs[0].Text, "交党费") {
			t.Errorf("branch %d got %d messages after the reminder was due, want the reminder once", i+1, len(msgs))
		}
	}
	if n := srv.Count429(); n != 0 {
		t.Errorf("Telegram answered 429 %d times, want 0", n)
	}
}
