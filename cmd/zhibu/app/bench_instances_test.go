package app_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver, to count rows
	_ "github.com/mattn/go-sqlite3"    // the "sqlite3" driver, to count rows

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/bot"
	"github.com/zhibu/zhibu/bot/telegramtest"
	"github.com/zhibu/zhibu/cmd/zhibu/app"
	"github.com/zhibu/zhibu/storage"
	"github.com/zhibu/zhibu/storage/storagetest"
)

// The benchmarks of this file compare one instance on SQLite with several
// instances sharing one PostgreSQL schema (issue 13, item 6). Each
// instance is app.New over its own storage.Open handle, as `zhibu run`
// makes it; what is measured is run by hand (Bot.Handle, Engine.Tick,
// Sender.Flush), so that no leader lease is involved.

// benchPGs numbers the test databases of the benchmarks: each benchmark
// function makes its own and drops it at its end.
var benchPGs atomic.Int64

// benchPostgres starts a test database on the development server for one
// benchmark function.
func benchPostgres(b *testing.B) *storagetest.Postgres {
	b.Helper()
	pg, err := storagetest.Start(fmt.Sprintf("appbench%d", benchPGs.Add(1)))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		if err := pg.Stop(); err != nil {
			b.Error(err)
		}
	})
	return pg
}

// migratedSchema returns the URL of an empty migrated schema. The test
// schemas turn synchronous_commit off; it is put back to the server's
// default (on), so that PostgreSQL commits reach the disk as SQLite's do
// (synchronous=FULL) and the figures compare like with like.
func migratedSchema(b *testing.B, pg *storagetest.Postgres) string {
	b.Helper()
	setting := pg.Migrated(b, func(setting string) error {
		db, err := storage.Open(setting, time.Now)
		if err != nil {
			return err
		}
		defer db.Close()
		_, err = db.Migrate(context.Background())
		return err
	})
	u, err := url.Parse(setting)
	if err != nil {
		b.Fatal(err)
	}
	q := u.Query()
	q.Del("synchronous_commit")
	u.RawQuery = q.Encode()
	return u.String()
}

// instances is n apps on one database (n = 1 on SQLite), on one emulator
// and clock, each counting the updates it handled.
type instances struct {
	setting string // the database: a SQLite path or a PostgreSQL URL
	clock   *telegramtest.Clock
	srv     *telegramtest.Server
	dbs     []*storage.DB
	apps    []*app.App
	handled []atomic.Int64 // per instance
	stmts   atomic.Int64   // SQL statements of every instance
	log     *warnings      // what the instances logged at warning level or above

	mu      sync.Mutex
	times   map[int64]int // update → how many times it was handled
	total   int
	want    int
	allDone chan struct{} // closed when total reaches want
}

// newInstances opens the database n times and builds an app on each
// handle. The database must be migrated. Every instance looks in the
// inbox every rescan for updates it was not told of (on PostgreSQL).
func newInstances(b *testing.B, setting string, n int, clock *telegramtest.Clock, srv *telegramtest.Server, rescan time.Duration) *instances {
	b.Helper()
	in := &instances{setting: setting, clock: clock, srv: srv, handled: make([]atomic.Int64, n), times: map[int64]int{},
		log: &warnings{counts: map[string]int{}}}
	for i := range n {
		db, err := storage.Open(setting, clock.Now, storage.WithStatementCount(&in.stmts))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		a, err := app.New(context.Background(), db, app.Config{Now: clock.Now, Log: slog.New(in.log),
			Registration: zhibu.RegistrationPolicy{Mode: zhibu.RegistrationOpen},
			Bot: bot.Config{Token: srv.Token(), APIURL: srv.URL(), InboxRescan: rescan,
				OnProcessed: func(id int64) { in.processed(i, id) }}})
		if err != nil {
			b.Fatal(err)
		}
		in.dbs, in.apps = append(in.dbs, db), append(in.apps, a)
	}
	return in
}

// warnings is a log handler that counts the records at warning level or
// above by message and error (a transaction that waited too long for the write lock
// is logged, and its update waits for a later pass).
type warnings struct {
	mu     sync.Mutex
	counts map[string]int
}

func (w *warnings) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelWarn }
func (w *warnings) WithAttrs([]slog.Attr) slog.Handler           { return w }
func (w *warnings) WithGroup(string) slog.Handler                { return w }
func (w *warnings) Handle(_ context.Context, r slog.Record) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	key := r.Message
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "err" {
			key += ": " + a.Value.String()
		}
		return true
	})
	w.counts[key]++
	return nil
}

// report reports how many warnings were logged, and logs them by message.
func (w *warnings) report(b *testing.B) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for msg, c := range w.counts {
		n += c
		b.Logf("logged %d× %q", c, msg)
	}
	b.ReportMetric(float64(n), "warnings")
}

// processed counts an update handled by instance i.
func (in *instances) processed(i int, id int64) {
	in.handled[i].Add(1)
	in.mu.Lock()
	defer in.mu.Unlock()
	in.times[id]++
	in.total++
	if in.total == in.want && in.allDone != nil {
		close(in.allDone)
	}
}

// dups is how many handlings were of an update handled before.
func (in *instances) dups() int {
	in.mu.Lock()
	defer in.mu.Unlock()
	d := 0
	for _, n := range in.times {
		d += n - 1
	}
	return d
}

// count runs a counting query on the database.
func (in *instances) count(b *testing.B, q string) int {
	b.Helper()
	driver := "sqlite3"
	if storage.IsPostgres(in.setting) {
		driver = "pgx"
	}
	db, err := sql.Open(driver, in.setting)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(q).Scan(&n); err != nil {
		b.Fatal(err)
	}
	return n
}

// inboxLoad is the shape of the updates of BenchmarkInboxInstances: so
// many group chats, each a branch with so many members, every member
// sending at most perMember updates (within the default flood budget of
// 10, as the clock stands still); update k comes from chat k % chats, so
// that each chat's updates are spread over the whole inbox.
const (
	loadChats   = 100
	loadMembers = 5
	loadUpdates = 300 // at most 1 per member
)

// seedInbox registers the branches and stores the updates, each a group
// message from a roster member: text(k) is the k-th message's text.
func (in *instances) seedInbox(b *testing.B, text func(k int) string) {
	b.Helper()
	ctx := context.Background()
	w := &world{db: in.dbs[0]}
	for i := range loadChats {
		w.branch(b, i, loadMembers)
	}
	var items []zhibu.InboxItem
	for k := range loadUpdates {
		i, j := k%loadChats, (k/loadChats)%loadMembers
		chat, from := int64(-5000000-i), int64(1e6+i*100+j)
		upd := models.Update{ID: int64(k + 1), Message: &models.Message{ID: k + 1, Date: int(in.clock.Now().Unix()),
			Chat: models.Chat{ID: chat, Type: models.ChatTypeSupergroup, Title: fmt.Sprintf("第%d支部", i)},
			From: &models.User{ID: from, FirstName: fmt.Sprintf("党员%d", j)}, Text: text(k)}}
		payload, err := json.Marshal(upd)
		if err != nil {
			b.Fatal(err)
		}
		items = append(items, zhibu.InboxItem{UpdateID: upd.ID, ChatID: chat, Payload: payload, ReceivedAt: in.clock.Now()})
		if len(items) == 500 || k == loadUpdates-1 {
			if _, err := in.dbs[0].StoreUpdates(ctx, items, upd.ID+1); err != nil {
				b.Fatal(err)
			}
			items = items[:0]
		}
	}
}

// handleAll runs every instance's Bot.Handle until they handled every
// stored update, and returns how long it took; it fails after 5 minutes.
func (in *instances) handleAll(b *testing.B) time.Duration {
	b.Helper()
	in.mu.Lock()
	in.want, in.allDone = loadUpdates, make(chan struct{})
	done := in.allDone
	in.mu.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	start := time.Now()
	for _, a := range in.apps {
		wg.Add(1)
		go func() { defer wg.Done(); a.Bot.Handle(ctx) }()
	}
	timeout := time.NewTimer(5 * time.Minute)
	defer timeout.Stop()
	var took time.Duration
	select {
	case <-done:
		took = time.Since(start)
	case <-timeout.C:
	}
	cancel()
	wg.Wait()
	if took == 0 {
		in.mu.Lock()
		defer in.mu.Unlock()
		b.Fatalf("handled %d of %d updates within 5 minutes", in.total, loadUpdates)
	}
	return took
}

// benchRescan is the instances' inbox rescan in the benchmarks: the
// default (250 ms) would add up to a quarter second at the start, when
// an instance is told of no update, to a run of a few seconds.
const benchRescan = 20 * time.Millisecond

// BenchmarkInboxInstances measures updates handled per second through the
// inbox, the updates stored beforehand (only the handling is timed): one
// instance on SQLite, and one, two and three instances on one PostgreSQL
// schema, all handling the shared inbox at once. "noreply" is a plain
// group message (the bot reads it and marks it handled, nothing else);
// "write" is /pledge from a roster member (a pledge row, its number, an
// answer in the outbox). It reports updates/s, how many each instance
// handled (i1, i2, i3) and how many were handled twice (dups, must be 0).
func BenchmarkInboxInstances(b *testing.B) {
	pg := benchPostgres(b)
	texts := map[string]func(k int) string{
		"noreply": func(k int) string { return fmt.Sprintf("今天学习了党章第%d条。", k) },
		"write":   func(k int) string { return fmt.Sprintf("/pledge 学习党章第%d条", k) },
	}
	cases := []struct {
		db        string
		instances int
	}{{"sqlite", 1}, {"postgres", 1}, {"postgres", 2}, {"postgres", 3}}
	for _, c := range cases {
		for _, kind := range []string{"noreply", "write"} {
			b.Run(fmt.Sprintf("%s/%d/%s", c.db, c.instances, kind), func(b *testing.B) {
				var took time.Duration
				var stmts int64
				var in *instances
				for range b.N {
					b.StopTimer()
					clock := telegramtest.NewClock(time.Date(2026, 11, 18, 10, 0, 0, 0, shanghai))
					srv := telegramtest.New(b, telegramtest.Options{Clock: clock.Now})
					setting := filepath.Join(b.TempDir(), "zhibu.db")
					if c.db == "postgres" {
						setting = migratedSchema(b, pg)
					} else {
						db, err := storage.Open(setting, clock.Now)
						if err != nil {
							b.Fatal(err)
						}
						if _, err := db.Migrate(context.Background()); err != nil {
							b.Fatal(err)
						}
						db.Close()
					}
					in = newInstances(b, setting, c.instances, clock, srv, benchRescan)
					in.seedInbox(b, texts[kind])
					before := in.stmts.Load()
					b.StartTimer()
					took += in.handleAll(b)
					b.StopTimer()
					stmts += in.stmts.Load() - before
				}
				b.StopTimer()
				if n := in.count(b, "SELECT count(*) FROM inbox_updates WHERE processed_at IS NULL"); n != 0 {
					b.Errorf("%d updates left pending", n)
				}
				if n := in.count(b, "SELECT count(*) FROM inbox_updates WHERE failure <> ''"); n != 0 {
					b.Errorf("%d updates failed", n)
				}
				if kind == "write" {
					if n := in.count(b, "SELECT count(*) FROM pledges"); n != loadUpdates {
						b.Errorf("%d pledges made, want %d", n, loadUpdates)
					}
				}
				b.ReportMetric(float64(loadUpdates*b.N)/took.Seconds(), "updates/s")
				b.ReportMetric(float64(stmts)/float64(loadUpdates*b.N), "stmts/update")
				for i := range in.handled {
					b.ReportMetric(float64(in.handled[i].Load()), fmt.Sprintf("i%d", i+1))
				}
				in.log.report(b)
				d := in.dups()
				b.ReportMetric(float64(d), "dups")
				if d != 0 {
					b.Errorf("%d updates handled twice", d)
				}
			})
		}
	}
}

// BenchmarkRemindersTwoInstances: 2,000 branches on one PostgreSQL schema
// each have a reminder due at the same minute; two instances' engines
// tick at that minute at once, then the first instance (the leader)
// drains the outbox through the emulator enforcing Telegram's limits, the
// clock stepping 100 ms at a time (BenchmarkRemindersBurst2000 in bot/,
// with two instances). It reports messages per simulated second, 429
// answers, limit violations, duplicates and losses (both must be 0), and
// the wall time of the two ticks.
func BenchmarkRemindersTwoInstances(b *testing.B) {
	const branches = 2000
	const secretaryID = 7001
	pg := benchPostgres(b)
	start := time.Date(2026, 11, 18, 10, 0, 0, 0, shanghai)
	for range b.N {
		b.StopTimer()
		clock := telegramtest.NewClock(start)
		srv := telegramtest.New(b, telegramtest.Options{Clock: clock.Now, EnforceLimits: true})
		srv.AddUser(telegramtest.User{ID: secretaryID, FirstName: "李书记"})
		in := newInstances(b, migratedSchema(b, pg), 2, clock, srv, 0)
		ctx := context.Background()
		due := start.Add(time.Hour)
		for i := range branches {
			chat := int64(-3000000 - i)
			srv.AddGroup(chat, fmt.Sprintf("第%d支部", i))
			srv.JoinGroup(chat, secretaryID)
			srv.AddBot(chat, secretaryID)
			br, _, err := in.dbs[0].CreateBranch(ctx, zhibu.Branch{ChatID: chat, Name: fmt.Sprintf("第%d支部", i),
				TimeZone: zhibu.DefaultTimeZone, Active: true},
				zhibu.Member{Name: "书记", Status: zhibu.StatusFull, Role: zhibu.RoleSecretary}, zhibu.Change{Action: "bench"})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := in.dbs[0].CreateReminder(ctx, zhibu.Reminder{BranchID: br.ID, Text: "交党费", Once: due}); err != nil {
				b.Fatal(err)
			}
		}
		clock.Set(due)
		b.StartTimer()
		t0 := time.Now()
		errs := make([]error, len(in.apps))
		var wg sync.WaitGroup
		for i, a := range in.apps {
			wg.Add(1)
			go func() { defer wg.Done(); errs[i] = a.Engine.Tick(ctx) }()
		}
		wg.Wait()
		ticks := time.Since(t0)
		for i, err := range errs {
			if err != nil {
				b.Errorf("instance %d's tick: %v", i+1, err)
			}
		}
		queued := in.count(b, "SELECT count(*) FROM outbox")
		sent, steps := 0, 0
		for sent < queued && steps < 20000 {
			n, _, err := in.apps[0].Sender.Flush(ctx)
			if err != nil {
				b.Fatal(err)
			}
			sent += n
			clock.Advance(100 * time.Millisecond)
			steps++
		}
		b.StopTimer()
		simulated := clock.Now().Sub(due).Seconds()
		dups, lost := 0, 0
		for i := range branches {
			switch n := len(srv.BotMessages(int64(-3000000 - i))); {
			case n > 1:
				dups += n - 1
			case n == 0:
				lost++
			}
		}
		b.ReportMetric(float64(branches)/simulated, "msgs/sim-s")
		b.ReportMetric(float64(srv.Count429()), "429s")
		b.ReportMetric(float64(len(srv.Violations())), "violations")
		b.ReportMetric(float64(dups), "dups")
		b.ReportMetric(float64(lost), "lost")
		b.ReportMetric(float64(queued), "queued")
		b.ReportMetric(float64(ticks.Milliseconds()), "ticks-ms")
		in.log.report(b)
		if dups != 0 || lost != 0 || queued != branches {
			b.Fatalf("%d reminders queued for %d branches, %d sent twice, %d lost", queued, branches, dups, lost)
		}
	}
}
