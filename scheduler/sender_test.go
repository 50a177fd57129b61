package scheduler_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/scheduler"
	"github.com/zhibu/zhibu/storage"
)

// simClock is the senders' fake clock: it moves only when told to.
type simClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *simClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *simClock) Advance(d time.Duration) { c.Set(c.Now().Add(d)) }

func (c *simClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// syncBuffer is a log destination safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// sendT0 is when the senders' clock starts.
var sendT0 = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

// senderEnv is a Sender over a real database with a fake clock and
// transport, recording its callbacks.
type senderEnv struct {
	path      string
	limits    scheduler.Limits
	clock     *simClock
	db        *storage.DB
	tr        *fakeTransport
	s         *scheduler.Sender
	log       *syncBuffer
	mu        sync.Mutex
	forbidden []int64
	migrated  [][2]int64
}

func newSenderEnv(t testing.TB, l scheduler.Limits, strict bool) *senderEnv {
	t.Helper()
	clock := &simClock{t: sendT0}
	env := &senderEnv{path: filepath.Join(t.TempDir(), "zhibu.db"), limits: l, clock: clock,
		tr: newFakeTransport(clock.Now, strict), log: &syncBuffer{}}
	env.restart(t)
	return env
}

// restart opens the database anew under a new Sender, as after a crash.
func (env *senderEnv) restart(t testing.TB) {
	t.Helper()
	db, err := storage.Open(env.path, env.clock.Now)
	if err != nil {
		t.Fatalf("Open(%q) = %v", env.path, err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("Migrate() = %v", err)
	}
	env.db = db
	env.s = scheduler.NewSender(db, env.tr, scheduler.Options{Limits: env.limits, Now: env.clock.Now,
		Log: slog.New(slog.NewTextHandler(env.log, nil)),
		OnForbidden: func(_ context.Context, chatID int64) {
			env.mu.Lock()
			defer env.mu.Unlock()
			env.forbidden = append(env.forbidden, chatID)
		},
		OnMigrated: func(_ context.Context, from, to int64) {
			env.mu.Lock()
			defer env.mu.Unlock()
			env.migrated = append(env.migrated, [2]int64{from, to})
		},
	})
}

func (env *senderEnv) flush(t testing.TB) (int, time.Time) {
	t.Helper()
	n, next, err := env.s.Flush(context.Background())
	if err != nil {
		t.Fatalf("Flush() at %s = %v", env.clock.Now(), err)
	}
	return n, next
}

// drain flushes, moving the clock to each next Flush names, until the
// outbox is empty or the clock passes limit.
func (env *senderEnv) drain(t testing.TB, limit time.Time) {
	t.Helper()
	for env.clock.Now().Before(limit) {
		_, next := env.flush(t)
		if next.IsZero() {
			return
		}
		if next.After(env.clock.Now()) {
			env.clock.Set(next)
		}
	}
}

func (env *senderEnv) enqueue(t testing.TB, ms ...zhibu.Message) {
	t.Helper()
	if err := env.s.Enqueue(context.Background(), ms); err != nil {
		t.Fatalf("Enqueue() = %v", err)
	}
}

// reply returns an urgent message to chatID keyed key, as a command's
// answer is queued.
func reply(chatID int64, private bool, key string) zhibu.Message {
	return zhibu.Message{ChatID: chatID, Private: private, Text: "收到", Key: key, Urgent: true, Kind: "reply"}
}

// sentAt returns when the message keyed key was delivered, and whether it
// was.
func sentAt(ds []delivery, key string) (time.Time, bool) {
	for _, d := range ds {
		if d.m.Key == key {
			return d.at, true
		}
	}
	return time.Time{}, false
}

// messages returns n messages to chatID keyed prefix:0 … prefix:n-1.
func messages(chatID int64, private bool, prefix string, n int) []zhibu.Message {
	ms := make([]zhibu.Message, n)
	for i := range ms {
		ms[i] = zhibu.Message{ChatID: chatID, Private: private, Text: "提醒", Key: fmt.Sprintf("%s:%d", prefix, i)}
	}
	return ms
}

func keys(ds []delivery) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.m.Key)
	}
	return out
}

// queued lists the pending messages due by at.
func (env *senderEnv) queued(t testing.TB, at time.Time) []zhibu.Queued {
	t.Helper()
	qs, err := env.db.Due(context.Background(), at, 1000)
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

// TestRetryAfter: a 429 holds only its chat: its later messages, urgent
// replies too, wait until retry_after while other chats go on; it is not a
// failed attempt.
func TestRetryAfter(t *testing.T) {
	env := newSenderEnv(t, scheduler.Limits{}, false)
	env.tr.fail = func(m zhibu.Message, attempt int) error {
		if m.Key == "a:0" && attempt == 1 {
			return &zhibu.RetryAfterError{After: 30 * time.Second}
		}
		return nil
	}
	env.enqueue(t, append(messages(-1, false, "a", 2), messages(-2, false, "b", 1)...)...)
	if n, next := env.flush(t); n != 1 || !next.Equal(sendT0.Add(30*time.Second)) {
		t.Errorf("Flush() = %d, next %s; want 1 (b), next at +30s", n, next.Sub(sendT0))
	}
	qs := env.queued(t, sendT0.Add(time.Hour))
	if len(qs) != 2 || qs[0].Message.Key != "a:0" || qs[0].Attempts != 0 || !qs[0].NotBefore.Equal(sendT0.Add(30*time.Second)) {
		t.Errorf("queued after 429 = %+v; want a:0 at +30s with 0 attempts, then a:1", qs)
	}

	// Replies queued meanwhile: the one to the held chat waits, the other
	// goes at once.
	env.clock.Advance(time.Second)
	env.enqueue(t, reply(-1, false, "reply:a"), reply(-2, false, "reply:b"))
	if n, next := env.flush(t); n != 1 || !next.Equal(sendT0.Add(30*time.Second)) {
		t.Errorf("Flush() with replies = %d, next %s; want 1 (reply:b), next at +30s", n, next.Sub(sendT0))
	}
	env.clock.Set(sendT0.Add(30*time.Second - time.Millisecond))
	if n, _ := env.flush(t); n != 0 {
		t.Errorf("Flush() just before +30s = %d; want 0, chat -1 still held", n)
	}
	env.drain(t, sendT0.Add(time.Hour))
	ds := env.tr.deliveries()
	if want := []string{"b:0", "reply:b", "reply:a", "a:0", "a:1"}; !cmp.Equal(keys(ds), want) {
		t.Errorf("deliveries %v; want %v", keys(ds), want)
	}
	if at, _ := sentAt(ds, "reply:b"); !at.Equal(sendT0.Add(time.Second)) {
		t.Errorf("reply:b sent at %s; want at once, +1s", at.Sub(sendT0))
	}
	for _, k := range []string{"reply:a", "a:0", "a:1"} {
		if at, ok := sentAt(ds, k); !ok || at.Before(sendT0.Add(30*time.Second)) {
			t.Errorf("%s sent at %s; want not before +30s", k, at.Sub(sendT0))
		}
	}
}

func TestForbiddenFallback(t *testing.T) {
	env := newSenderEnv(t, scheduler.Limits{}, false)
	env.tr.fail = func(m zhibu.Message, _ int) error {
		if m.ChatID == 11 {
			return zhibu.ErrForbidden
		}
		return nil
	}
	fb := &zhibu.Message{ChatID: -100, Text: "张三，请先私聊我", Key: "x",
		Buttons: [][]zhibu.Button{{{Text: "开始私聊", URL: "https://t.me/zhibu_bot?start=1"}}}}
	env.enqueue(t, zhibu.Message{ChatID: 11, Private: true, Text: "明天开会", Key: "m:11", BranchID: 3,
		Kind: "meeting_24h", Fallback: fb},
		zhibu.Message{ChatID: 11, Private: true, Key: "plain:11"},
		zhibu.Message{ChatID: 11, Private: true, Key: "m2:11", Fallback: fb})
	if n, next := env.flush(t); n != 1 || !next.Equal(sendT0) {
		t.Errorf("Flush() = %d, next %s; want the fallback sent, m2:11 to try at once", n, next)
	}
	env.drain(t, sendT0.Add(time.Hour))
	ds := env.tr.deliveries()
	if len(ds) != 2 || ds[0].m.Key != "m:11:fallback" || ds[0].m.ChatID != -100 || ds[0].m.BranchID != 3 ||
		ds[0].m.Kind != "meeting_24h" || len(ds[0].m.Buttons) != 1 || ds[1].m.Key != "m2:11:fallback" {
		t.Errorf("deliveries = %+v; want the fallbacks of m:11 and m2:11 to -100", ds)
	}
	if n := env.tr.attempts["plain:11"]; n != 0 {
		t.Errorf("plain:11 tried %d times; want dropped untried (no fallback)", n)
	}
	if !cmp.Equal(env.forbidden, []int64{11, 11}) {
		t.Errorf("OnForbidden calls = %v; want [11 11], once per 403", env.forbidden)
	}
}

// TestForbiddenDropsChat: a 403, to a reminder or a reply, drops the
// chat's pending messages but those with a fallback, which falls back.
func TestForbiddenDropsChat(t *testing.T) {
	env := newSenderEnv(t, scheduler.Limits{}, false)
	env.tr.fail = func(m zhibu.Message, _ int) error {
		if m.ChatID == -5 || m.ChatID == 21 {
			return fmt.Errorf("send: %w", zhibu.ErrForbidden)
		}
		return nil
	}
	env.enqueue(t, append(messages(-5, false, "f", 3), messages(-6, false, "ok", 1)...)...)
	if n, next := env.flush(t); n != 1 || !next.IsZero() {
		t.Errorf("Flush() = %d, next %s; want 1 sent (ok:0) and the outbox empty", n, next)
	}
	if got := env.tr.attempts["f:1"] + env.tr.attempts["f:2"]; got != 0 {
		t.Errorf("f:1 and f:2 tried %d times; want dropped untried", got)
	}
	if !cmp.Equal(env.forbidden, []int64{-5}) {
		t.Errorf("OnForbidden calls = %v; want once for -5", env.forbidden)
	}

	// A reply to a person who blocked the bot: it goes first and meets the
	// 403; their reminders are dropped untried, but the one with a fallback
	// falls back to the group.
	fb := &zhibu.Message{ChatID: -100, Text: "李四，请先私聊我", Key: "x"}
	env.enqueue(t, zhibu.Message{ChatID: 21, Private: true, Key: "p:0"},
		zhibu.Message{ChatID: 21, Private: true, Key: "p:1", Fallback: fb})
	env.enqueue(t, reply(21, true, "reply:21"))
	env.drain(t, sendT0.Add(time.Hour))
	if got := env.tr.attempts["reply:21"]; got != 1 {
		t.Errorf("reply:21 tried %d times; want once", got)
	}
	if got := env.tr.attempts["p:0"]; got != 0 {
		t.Errorf("p:0 tried %d times; want dropped untried (no fallback)", got)
	}
	if ds := env.tr.deliveries(); !cmp.Equal(keys(ds), []string{"ok:0", "p:1:fallback"}) || ds[1].m.ChatID != -100 {
		t.Errorf("deliveries = %+v; want ok:0, then p:1's fallback to -100", ds)
	}
	if qs := env.queued(t, env.clock.Now().Add(time.Hour)); len(qs) != 0 {
		t.Errorf("queued after the 403s = %+v; want none", qs)
	}
	if !cmp.Equal(env.forbidden, []int64{-5, 21, 21}) {
		t.Errorf("OnForbidden calls = %v; want [-5 21 21], once per 403", env.forbidden)
	}
}

func TestMigrated(t *testing.T) {
	env := newSenderEnv(t, scheduler.Limits{}, false)
	env.tr.fail = func(m zhibu.Message, _ int) error {
		if m.ChatID == -7 {
			return &zhibu.MigratedError{To: -1007}
		}
		return nil
	}
	env.enqueue(t, messages(-7, false, "m", 2)...)
	if n, _ := env.flush(t); n != 2 {
		t.Errorf("Flush() = %d; want both sent to the new chat at once", n)
	}
	ds := env.tr.deliveries()
	if !cmp.Equal(keys(ds), []string{"m:0", "m:1"}) || ds[0].m.ChatID != -1007 || ds[1].m.ChatID != -1007 {
		t.Errorf("deliveries = %+v; want m:0, m:1 to -1007", ds)
	}
	if !cmp.Equal(env.migrated, [][2]int64{{-7, -1007}}) {
		t.Errorf("OnMigrated calls = %v; want once, -7 to -1007", env.migrated)
	}
}

// TestBackoffGivesUp: other errors retry after 2 s, 4 s, 8 s … and the
// message is given up with an error line after MaxAttempts.
func TestBackoffGivesUp(t *testing.T) {
	env := newSenderEnv(t, scheduler.Limits{}, false)
	var tries []time.Duration
	env.tr.fail = func(m zhibu.Message, _ int) error {
		if m.Key == "bad:0" {
			tries = append(tries, env.clock.Now().Sub(sendT0))
			return errors.New("502 bad gateway")
		}
		return nil
	}
	env.enqueue(t, append(messages(-9, false, "bad", 1), messages(-8, false, "ok", 1)...)...)
	env.drain(t, sendT0.Add(time.Hour))
	s := time.Second
	want := []time.Duration{0, 2 * s, 6 * s, 14 * s, 30 * s, 62 * s, 126 * s, 254 * s}
	if !cmp.Equal(tries, want) {
		t.Errorf("attempts at %v; want %v", tries, want)
	}
	if ds := env.tr.deliveries(); !cmp.Equal(keys(ds), []string{"ok:0"}) {
		t.Errorf("deliveries = %v; want only ok:0", keys(ds))
	}
	log := env.log.String()
	for _, want := range []string{"level=ERROR", "chat_id=-9", "key=bad:0", `err="502 bad gateway"`} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %s:\n%s", want, log)
		}
	}
}

// TestExpired: a message not sent by its NotAfter, or a day after it was
// queued (here held by a long 429), is given up with a warning.
func TestExpired(t *testing.T) {
	env := newSenderEnv(t, scheduler.Limits{}, false)
	env.tr.fail = func(m zhibu.Message, attempt int) error {
		if m.Key == "old" && attempt == 1 {
			return &zhibu.RetryAfterError{After: 25 * time.Hour}
		}
		return nil
	}
	env.enqueue(t, zhibu.Message{ChatID: -1, Key: "soon", NotAfter: sendT0.Add(time.Minute)},
		zhibu.Message{ChatID: -2, Key: "default"})
	env.clock.Set(sendT0.Add(2 * time.Minute))
	if n, _ := env.flush(t); n != 1 {
		t.Errorf("Flush() at +2m = %d; want 1 (default)", n)
	}
	env.enqueue(t, zhibu.Message{ChatID: -3, Key: "old"})
	if n, next := env.flush(t); n != 0 || !next.Equal(env.clock.Now().Add(25*time.Hour)) {
		t.Errorf("Flush() of old = %d, next %s; want the 429, next 25 h later", n, next)
	}
	env.clock.Advance(25 * time.Hour)
	if n, next := env.flush(t); n != 0 || !next.IsZero() {
		t.Errorf("Flush() 25 h later = %d, next %s; want nothing sent, nothing left", n, next)
	}
	if ds := env.tr.deliveries(); !cmp.Equal(keys(ds), []string{"default"}) {
		t.Errorf("deliveries = %v; want only default", keys(ds))
	}
	if log := env.log.String(); strings.Count(log, "expired") != 2 {
		t.Errorf("log should name both expired messages:\n%s", log)
	}
}

// TestIdempotentRestart: a key is queued once, and a new Sender on the same
// database goes on where the old one stopped, never sending twice.
func TestIdempotentRestart(t *testing.T) {
	env := newSenderEnv(t, scheduler.Limits{}, false)
	env.enqueue(t, messages(-1, false, "k", 10)...)
	env.enqueue(t, messages(-1, false, "k", 10)...)
	if n, _ := env.flush(t); n != 2 {
		t.Fatalf("Flush() = %d; want 2", n)
	}
	env.restart(t)
	env.enqueue(t, messages(-1, false, "k", 10)...)
	env.drain(t, sendT0.Add(time.Hour))
	if got, want := keys(env.tr.deliveries()), keys(messagesDeliveries(messages(-1, false, "k", 10))); !cmp.Equal(got, want) {
		t.Errorf("deliveries = %v; want each of %v once, in order", got, want)
	}
}

// TestRunWake: Run sends what Enqueue queued, replies queued concurrently
// too, and returns when its context ends.
func TestRunWake(t *testing.T) {
	env := newSenderEnv(t, scheduler.Limits{}, false)
	env.tr.notify = make(chan delivery, 10)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		env.s.Run(ctx)
		close(done)
	}()
	var wg sync.WaitGroup
	for i := range 2 { // within the reserve: the fake clock stands still
		wg.Go(func() {
			if err := env.s.Enqueue(ctx, []zhibu.Message{reply(int64(100+i), true, fmt.Sprintf("reply:%d", i))}); err != nil {
				t.Errorf("Enqueue(reply:%d) = %v", i, err)
			}
		})
	}
	env.enqueue(t, messages(-1, false, "r", 1)...)
	wg.Wait()
	got := map[string]bool{}
	for range 3 {
		got[(<-env.tr.notify).m.Key] = true
	}
	if want := map[string]bool{"r:0": true, "reply:0": true, "reply:1": true}; !cmp.Equal(got, want) {
		t.Errorf("Run delivered %v; want %v", got, want)
	}
	cancel()
	<-done
}

// TestRestartCountsRecentSends: Telegram's budgets are the bot's, not a
// process's. A sender that starts right after another (a restart, or
// another instance taking over) counts what that one sent: a person who
// was just sent a message waits a second for the next, a group that had
// its minute's messages waits for the minute, and Telegram never answers
// 429.
func TestRestartCountsRecentSends(t *testing.T) {
	env := newSenderEnv(t, scheduler.Limits{}, true)
	env.enqueue(t, messages(-1, false, "g", 30)...)
	env.flush(t)
	env.clock.Advance(30 * time.Second)
	env.enqueue(t, messages(7, true, "p", 1)...)
	env.flush(t)
	before := len(env.tr.deliveries())
	env.restart(t)
	env.enqueue(t, messages(7, true, "q", 1)...)
	env.clock.Set(sendT0.Add(30 * time.Second)) // the same moment
	env.flush(t)
	if got := len(env.tr.deliveries()); got != before {
		t.Errorf("%d messages went at once after the restart, want none: the budgets are spent", got-before)
	}
	env.drain(t, sendT0.Add(5*time.Minute))
	ds := env.tr.deliveries()
	if len(ds) != 32 {
		t.Errorf("%d of 32 messages went, want all", len(ds))
	}
	if env.tr.tooMany != 0 {
		t.Errorf("Telegram answered 429 %d times after the restart, want 0", env.tr.tooMany)
	}
	if most := maxInWindow(ds, time.Minute); most > tgGroupPerMin+1 {
		t.Errorf("%d messages in one minute, want at most %d to the group and 1 private", most, tgGroupPerMin)
	}
}
