package scheduler_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/scheduler"
	"github.com/zhibu/zhibu/storage"
)

// fakeClock is a clock that moves only when told to.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock(t time.Time) *fakeClock { return &fakeClock{t: t} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// rule is a recurring reminder of a fakeSource: next returns its first fire
// time at or after t.
type rule struct {
	name    string
	branch  int64
	policy  zhibu.Policy
	urgent  bool
	expires time.Duration // after the fire time; 0: never
	next    func(t time.Time) time.Time
}

func (r rule) occurrence(at time.Time) zhibu.Occurrence {
	o := zhibu.Occurrence{Key: fmt.Sprintf("%s:%d:%s", r.name, r.branch, at.UTC().Format(time.RFC3339)),
		Branch: branchView(r.branch), FireAt: at, Policy: r.policy, Urgent: r.urgent, Kind: zhibu.OccurrenceKind(r.name),
		Series: fmt.Sprintf("%s:%d", r.name, r.branch)}
	if r.expires > 0 {
		o.Expires = at.Add(r.expires)
	}
	return o
}

// daily fires every day at hh:mm in loc.
func daily(hh, mm int, loc *time.Location) func(time.Time) time.Time {
	return func(t time.Time) time.Time {
		l := t.In(loc)
		f := time.Date(l.Year(), l.Month(), l.Day(), hh, mm, 0, 0, loc)
		if f.Before(t) {
			f = time.Date(l.Year(), l.Month(), l.Day()+1, hh, mm, 0, 0, loc)
		}
		return f
	}
}

// weekly fires every wd at hh:mm in loc.
func weekly(wd time.Weekday, hh, mm int, loc *time.Location) func(time.Time) time.Time {
	day := daily(hh, mm, loc)
	return func(t time.Time) time.Time {
		f := day(t)
		for f.Weekday() != wd {
			f = day(f.Add(time.Second))
		}
		return f
	}
}

// lastOfMonth fires on the last day of every month at hh:mm in loc.
func lastOfMonth(hh, mm int, loc *time.Location) func(time.Time) time.Time {
	return func(t time.Time) time.Time {
		l := t.In(loc)
		for m := 1; ; m++ {
			f := time.Date(l.Year(), l.Month()+time.Month(m), 0, hh, mm, 0, 0, loc)
			if !f.Before(t) {
				return f
			}
		}
	}
}

// fakeSource lists one-off occurrences and the occurrences of rules since
// the rules were made.
type fakeSource struct {
	mu    sync.Mutex
	once  []zhibu.Occurrence
	rules []rule
	since time.Time
	err   error
}

func (s *fakeSource) Occurrences(_ context.Context, from, to time.Time) ([]zhibu.Occurrence, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return nil, s.err
	}
	var out []zhibu.Occurrence
	for _, o := range s.once {
		if !o.FireAt.Before(from) && o.FireAt.Before(to) {
			out = append(out, o)
		}
	}
	if from.Before(s.since) {
		from = s.since
	}
	for _, r := range s.rules {
		for at := r.next(from); at.Before(to); at = r.next(at.Add(time.Second)) {
			out = append(out, r.occurrence(at))
		}
	}
	return out, nil
}

func (s *fakeSource) setErr(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.err = err
}

// shanghai is the zone of every test branch.
var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// branchView is a test branch: chat -1000-id, the default settings (quiet
// hours 22:00–07:30) in Asia/Shanghai.
func branchView(id int64) *zhibu.BranchView {
	return &zhibu.BranchView{Branch: zhibu.Branch{ID: id, ChatID: -1000 - id, TimeZone: "Asia/Shanghai", Loc: shanghai},
		Settings: zhibu.DefaultSettings()}
}

// fakeRenderer composes a notice per occurrence and writes one message per
// notice, keyed by the occurrence; it fails for the keys in fail.
type fakeRenderer struct {
	mu       sync.Mutex
	fail     map[string]bool
	rendered map[string]int
	late     map[string]bool
	wait     map[string]bool // composed with Wait
}

func newFakeRenderer() *fakeRenderer {
	return &fakeRenderer{fail: map[string]bool{}, rendered: map[string]int{}, late: map[string]bool{}, wait: map[string]bool{}}
}

func (r *fakeRenderer) Notices(_ context.Context, now time.Time, occs []zhibu.Occurrence) ([]zhibu.Notice, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ns := make([]zhibu.Notice, len(occs))
	for i, o := range occs {
		ns[i] = zhibu.Notice{Occurrence: o, Now: now, Group: true, Wait: r.wait[o.Key]}
	}
	return ns, nil
}

func (r *fakeRenderer) setWait(key string, wait bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.wait[key] = wait
}

func (r *fakeRenderer) Render(n zhibu.Notice) ([]zhibu.Message, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail[n.Key] {
		return nil, errors.New("render: broken row")
	}
	r.rendered[n.Key]++
	r.late[n.Key] = n.Late
	return []zhibu.Message{{ChatID: n.Branch.ChatID, Text: string(n.Kind), Key: "msg:" + n.Key,
		BranchID: n.Branch.ID, Kind: string(n.Kind)}}, nil
}

func (r *fakeRenderer) setFail(key string, fail bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fail[key] = fail
}

func (r *fakeRenderer) wasLate(key string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.late[key]
}

// newTestStore opens and migrates the database at path, closed at cleanup.
func newTestStore(t testing.TB, path string, clock *fakeClock) *storage.DB {
	t.Helper()
	db, err := storage.Open(path, clock.Now)
	if err != nil {
		t.Fatalf("Open(%q) = %v", path, err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("Migrate() = %v", err)
	}
	return db
}

// testEnv is an engine over a real database with fake parts.
type testEnv struct {
	path   string
	clock  *fakeClock
	src    *fakeSource
	render *fakeRenderer
	loc    *time.Location
	db     *storage.DB
	engine *scheduler.Engine
	wakes  atomic.Int32
}

func newTestEnv(t testing.TB, start time.Time) *testEnv {
	t.Helper()
	env := &testEnv{path: filepath.Join(t.TempDir(), "zhibu.db"), clock: newFakeClock(start),
		src: &fakeSource{since: start}, render: newFakeRenderer(), loc: shanghai}
	env.restart(t)
	return env
}

// restart opens a new store handle and a new engine on the same file, as a
// restarted process would.
func (env *testEnv) restart(t testing.TB) {
	t.Helper()
	env.db = newTestStore(t, env.path, env.clock)
	env.engine = env.newEngine(env.db)
}

func (env *testEnv) newEngine(db *storage.DB) *scheduler.Engine {
	return scheduler.NewEngine(db, []scheduler.Source{env.src}, env.render, env.render,
		scheduler.EngineOptions{Now: env.clock.Now, Wake: func() { env.wakes.Add(1) }})
}

func (env *testEnv) mustTick(t testing.TB) {
	t.Helper()
	if err := env.engine.Tick(context.Background()); err != nil {
		t.Fatalf("Tick() at %s = %v", env.clock.Now(), err)
	}
}

// rawDB opens the database file directly, to count what the store wrote.
func rawDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// outcomes returns each delivered key's outcome and how many outbox rows
// each message key has.
func (env *testEnv) outcomes(t testing.TB) (deliveries map[string]string, outbox map[string]int) {
	t.Helper()
	db := rawDB(t, env.path)
	deliveries, outbox = map[string]string{}, map[string]int{}
	scan(t, db, "SELECT key, outcome FROM deliveries", func(k, v string) { deliveries[k] = v })
	scan(t, db, "SELECT key, count(*) FROM outbox GROUP BY key", func(k, v string) {
		var n int
		fmt.Sscan(v, &n)
		outbox[k] = n
	})
	return deliveries, outbox
}

func scan(t testing.TB, db *sql.DB, q string, f func(a, b string)) {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	for rows.Next() {
		var a, b string
		if err := rows.Scan(&a, &b); err != nil {
			t.Fatal(err)
		}
		f(a, b)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}
