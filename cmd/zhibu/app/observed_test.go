package app_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/bot"
	"github.com/zhibu/zhibu/bot/telegramtest"
	"github.com/zhibu/zhibu/cmd/zhibu/app"
	"github.com/zhibu/zhibu/scheduler"
	"github.com/zhibu/zhibu/storage"
)

// Accounts of the health and metrics tests: ids long enough that finding
// one in the metrics cannot be a coincidence.
const (
	obsGroup     = -1004242424299
	obsSecretary = 4242424201 // group admin, sets the branch up
	obsMember    = 4242424202
)

// panicky is the real store whose BranchByChat panics while on: a handler
// that panics.
type panicky struct {
	*storage.DB
	on *atomic.Bool
}

func (d panicky) BranchByChat(ctx context.Context, chatID int64) (zhibu.Branch, error) {
	if d.on.Load() {
		panic("boom")
	}
	return d.DB.BranchByChat(ctx, chatID)
}

// observed is the whole program over the emulator, driven step by step, with
// its /healthz and /metrics.
type observed struct {
	t      *testing.T
	srv    *telegramtest.Server
	clock  *telegramtest.Clock
	db     *storage.DB
	app    *app.App
	http   http.Handler
	panics atomic.Bool // the store panics in BranchByChat
}

// newObserved builds it; configure, when set, changes the bot's settings.
func newObserved(t *testing.T, configure func(*bot.Config)) *observed {
	t.Helper()
	o := &observed{t: t, clock: telegramtest.NewClock(time.Date(2026, 11, 18, 9, 0, 0, 0, shanghai))}
	o.srv = telegramtest.New(t, telegramtest.Options{Clock: o.clock.Now})
	o.srv.AddGroup(obsGroup, "第一党支部群")
	for _, u := range []telegramtest.User{{ID: obsSecretary, FirstName: "李书记"}, {ID: obsMember, FirstName: "赵强"}} {
		o.srv.AddUser(u)
		o.srv.JoinGroup(obsGroup, u.ID)
	}
	o.srv.SetAdmin(obsGroup, obsSecretary, true)
	o.srv.AddBot(obsGroup, obsSecretary)
	db, err := storage.Open(filepath.Join(t.TempDir(), "zhibu.db"), o.clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	o.db = db
	store := panicky{DB: db, on: &o.panics}
	cfg := bot.Config{Token: o.srv.Token(), APIURL: o.srv.URL(), PollTimeout: time.Second,
		Service: zhibu.NewService(store, o.clock.Now)}
	if configure != nil {
		configure(&cfg)
	}
	o.app, err = app.New(t.Context(), db, app.Config{Now: o.clock.Now, Registration: zhibu.RegistrationPolicy{Mode: zhibu.RegistrationOpen}, Bot: cfg,
		Limits: scheduler.Limits{Global: 1000, GlobalBurst: 1000, GroupPerMin: 100000, GroupBurst: 10000, PrivatePerSec: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	o.http = o.app.HTTPHandler()
	return o
}

// receive fetches, stores and handles what is pending, sending nothing.
func (o *observed) receive() {
	o.t.Helper()
	if _, err := o.app.Bot.PollOnce(context.Background()); err != nil {
		o.t.Fatalf("PollOnce: %v", err)
	}
	if err := o.app.Bot.ProcessPending(context.Background()); err != nil {
		o.t.Fatalf("ProcessPending: %v", err)
	}
}

// flush sends what the outbox holds and the limits allow now.
func (o *observed) flush() {
	o.t.Helper()
	if _, _, err := o.app.Sender.Flush(context.Background()); err != nil {
		o.t.Fatalf("Flush: %v", err)
	}
}

// get answers GET path: the status and the body.
func (o *observed) get(path string) (int, string) {
	o.t.Helper()
	rec := httptest.NewRecorder()
	o.http.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(body)
}

// TestHealth: /healthz fails, naming the problem, while getUpdates has not
// answered for 2 minutes, while a message has waited in the outbox for 10
// minutes, and when the database does not answer; ok otherwise.
func TestHealth(t *testing.T) {
	o := newObserved(t, nil)
	check := func(step string, wantCode int, wantBody string) {
		t.Helper()
		if code, body := o.get("/healthz"); code != wantCode || body != wantBody {
			t.Errorf("%s: /healthz = %d %q; want %d %q", step, code, body, wantCode, wantBody)
		}
	}
	check("at start", 200, "ok\n")
	o.clock.Advance(2 * time.Minute)
	check("2 minutes without a poll", 200, "ok\n")
	o.clock.Advance(time.Second)
	check("no poll since the start", 503, "getUpdates: no success since the start 2m1s ago\n")
	o.receive()
	o.flush() // the greeting of the group that added the bot
	check("after a poll", 200, "ok\n")
	o.clock.Advance(3*time.Minute + 10*time.Second)
	check("stale poll", 503, "getUpdates: last success 3m10s ago\n")
	o.receive()
	check("after another poll", 200, "ok\n")

	if _, err := o.db.Enqueue(t.Context(), []zhibu.Message{{ChatID: obsGroup, Text: "测试", Key: "health"}}, o.clock.Now()); err != nil {
		t.Fatal(err)
	}
	o.clock.Advance(10 * time.Minute)
	o.receive()
	check("a message waiting 10 minutes", 200, "ok\n")
	o.clock.Advance(time.Second)
	check("a message waiting longer", 503, "outbox: the oldest pending message has waited 10m1s (1 pending)\n")
	o.clock.Advance(2 * time.Minute)
	check("both", 503, "getUpdates: last success 2m1s ago\noutbox: the oldest pending message has waited 12m1s (1 pending)\n")
	o.receive()
	o.flush()
	check("the message sent", 200, "ok\n")

	o.db.Close()
	if code, body := o.get("/healthz"); code != 503 || body != "database: not answering: sql: database is closed\n" {
		t.Errorf("database closed: /healthz = %d %q; want 503 naming the database", code, body)
	}
}
