package scheduler_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/scheduler"
)

// keyAt is the key of a rule's occurrence at a Shanghai wall time.
func keyAt(name string, branch int64, at time.Time) string {
	return fmt.Sprintf("%s:%d:%s", name, branch, at.UTC().Format(time.RFC3339))
}

func TestTickDeliversOnce(t *testing.T) {
	sh := shanghai
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, sh)
	env := newTestEnv(t, start)
	env.src.rules = []rule{{name: "daily", branch: 1, policy: zhibu.PolicyRecurring, next: daily(9, 0, sh)}}
	env.src.once = []zhibu.Occurrence{{Key: "meeting:1", Branch: branchView(1), FireAt: start.Add(30 * time.Minute),
		Policy: zhibu.PolicyEvent, Expires: start.Add(24 * time.Hour)}}

	env.mustTick(t) // 08:00: nothing due
	env.clock.Set(time.Date(2026, 3, 2, 9, 0, 0, 0, sh))
	env.mustTick(t)
	env.mustTick(t)
	env.restart(t)
	env.mustTick(t)
	env.clock.Advance(time.Minute)
	env.mustTick(t)

	dailyKey := keyAt("daily", 1, time.Date(2026, 3, 2, 9, 0, 0, 0, sh))
	deliveries, outbox := env.outcomes(t)
	if diff := cmp.Diff(map[string]string{"meeting:1": "sent", dailyKey: "sent"}, deliveries); diff != "" {
		t.Errorf("deliveries (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"msg:meeting:1": 1, "msg:" + dailyKey: 1}, outbox); diff != "" {
		t.Errorf("outbox rows per key (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"meeting:1": 1, dailyKey: 1}, env.render.rendered); diff != "" {
		t.Errorf("renders (-want +got):\n%s", diff)
	}
	if !env.render.wasLate("meeting:1") || env.render.wasLate(dailyKey) {
		t.Errorf("Late: meeting:1 %v, daily %v; want true (found 30 min late), false",
			env.render.wasLate("meeting:1"), env.render.wasLate(dailyKey))
	}
	if got := env.wakes.Load(); got != 1 {
		t.Errorf("Wake called %d times, want 1 (only the tick that queued)", got)
	}
}

// TestTickConcurrentEngines ticks three engines, each with its own database
// handle as separate processes would have, at the same instants.
func TestTickConcurrentEngines(t *testing.T) {
	sh := shanghai
	env := newTestEnv(t, time.Date(2026, 3, 2, 8, 0, 0, 0, sh))
	for b := int64(1); b <= 5; b++ {
		for h := 9; h <= 17; h++ {
			env.src.rules = append(env.src.rules, rule{name: fmt.Sprintf("h%d", h), branch: b,
				policy: zhibu.PolicyDeadline, next: daily(h, 0, sh)})
		}
	}
	engines := []*scheduler.Engine{env.engine,
		env.newEngine(newTestStore(t, env.path, env.clock)), env.newEngine(newTestStore(t, env.path, env.clock))}
	for range 10 {
		env.clock.Advance(time.Hour)
		var wg sync.WaitGroup
		errs := make([]error, len(engines))
		for i, e := range engines {
			wg.Go(func() { errs[i] = e.Tick(context.Background()) })
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatalf("Tick() at %s = %v", env.clock.Now(), err)
		}
	}
	deliveries, outbox := env.outcomes(t)
	if len(deliveries) != 5*9 || len(outbox) != 5*9 {
		t.Errorf("got %d deliveries and %d outbox keys, want %d", len(deliveries), len(outbox), 5*9)
	}
	for k, n := range outbox {
		if n != 1 {
			t.Errorf("outbox has %d rows for %s, want 1", n, k)
		}
	}
}

func TestTickCatchUpAfterDowntime(t *testing.T) {
	sh := shanghai
	day := func(d, h int) time.Time { return time.Date(2026, 3, d, h, 0, 0, 0, sh) }
	env := newTestEnv(t, day(2, 10))
	env.src.rules = []rule{{name: "nag", branch: 1, policy: zhibu.PolicyRecurring, next: daily(9, 0, sh)}}
	env.src.once = []zhibu.Occurrence{
		{Key: "meeting", Branch: branchView(1), FireAt: day(3, 20), Policy: zhibu.PolicyEvent, Expires: day(4, 19)},
		{Key: "pledge-due", Branch: branchView(1), FireAt: day(3, 12), Policy: zhibu.PolicyDeadline, Expires: day(6, 0)},
		{Key: "pledge-past", Branch: branchView(1), FireAt: day(3, 12), Policy: zhibu.PolicyDeadline, Expires: day(4, 12)},
	}
	env.mustTick(t) // the last tick before the downtime sets the watermark
	env.restart(t)
	env.clock.Advance(3 * 24 * time.Hour)
	env.mustTick(t)
	env.clock.Advance(time.Minute)
	env.mustTick(t)

	// nag on the 3rd is 49 hours old, beyond the 36-hour lookback: the
	// watermark is what finds it.
	deliveries, outbox := env.outcomes(t)
	want := map[string]string{"meeting": "dropped", "pledge-due": "sent", "pledge-past": "dropped",
		keyAt("nag", 1, day(3, 9)): "skipped", keyAt("nag", 1, day(4, 9)): "skipped", keyAt("nag", 1, day(5, 9)): "sent"}
	if diff := cmp.Diff(want, deliveries); diff != "" {
		t.Errorf("deliveries (-want +got):\n%s", diff)
	}
	wantOutbox := map[string]int{"msg:pledge-due": 1, "msg:" + keyAt("nag", 1, day(5, 9)): 1}
	if diff := cmp.Diff(wantOutbox, outbox); diff != "" {
		t.Errorf("outbox rows per key (-want +got):\n%s", diff)
	}
	if !env.render.wasLate("pledge-due") || !env.render.wasLate(keyAt("nag", 1, day(5, 9))) {
		t.Errorf("Late = %v, want true for what was sent after the downtime", env.render.late)
	}
}

// TestTickMissedOneOff: a one-off found late within its grace is sent,
// late; one found after it is dropped, and its note to whoever set it is
// queued with the drop, once, without the occurrence's expiry as its bound.
func TestTickMissedOneOff(t *testing.T) {
	sh := shanghai
	day := func(d, h int) time.Time { return time.Date(2026, 3, d, h, 0, 0, 0, sh) }
	env := newTestEnv(t, day(2, 10))
	env.src.once = []zhibu.Occurrence{
		{Key: "once-late", Branch: branchView(1), FireAt: day(3, 12), Policy: zhibu.PolicyOnce, Expires: day(10, 12)},
		{Key: "once-missed", Branch: branchView(1), FireAt: day(3, 12), Policy: zhibu.PolicyOnce, Expires: day(4, 12)},
		{Key: "deadline-past", Branch: branchView(1), FireAt: day(3, 12), Policy: zhibu.PolicyDeadline, Expires: day(4, 12)},
	}
	env.mustTick(t)
	env.restart(t)
	env.clock.Set(day(5, 10))
	env.mustTick(t)
	env.restart(t)
	env.clock.Advance(time.Minute)
	env.mustTick(t)

	deliveries, outbox := env.outcomes(t)
	want := map[string]string{"once-late": "sent", "once-missed": "dropped", "deadline-past": "dropped"}
	if diff := cmp.Diff(want, deliveries); diff != "" {
		t.Errorf("deliveries (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"msg:once-late": 1, "msg:once-missed": 1}, outbox); diff != "" {
		t.Errorf("outbox rows per key (-want +got):\n%s", diff)
	}
	if !env.render.wasLate("once-late") {
		t.Errorf("once-late not marked late")
	}
	var bound string
	scan(t, rawDB(t, env.path), "SELECT key, coalesce(not_after, '') FROM outbox WHERE key = 'msg:once-missed'",
		func(_, b string) { bound = b })
	if bound != "" {
		t.Errorf("the missed note is given up at %s, want no bound of its own", bound)
	}
}

// TestTickHeldAfterLongDowntime: restarted in quiet hours after days down,
// the occurrences they hold are still found when they end, beyond the
// lookback: the watermark waits for them.
func TestTickHeldAfterLongDowntime(t *testing.T) {
	at := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, shanghai) }
	env := newTestEnv(t, at(2, 10, 0))
	env.src.once = []zhibu.Occurrence{
		{Key: "pledge-due", Branch: branchView(1), FireAt: at(3, 9, 0), Policy: zhibu.PolicyDeadline, Expires: at(9, 0, 0)},
		{Key: "once-missed", Branch: branchView(1), FireAt: at(3, 12, 0), Policy: zhibu.PolicyOnce, Expires: at(4, 12, 0)},
	}
	env.mustTick(t)
	env.clock.Set(at(6, 3, 0)) // three days later, in quiet hours
	env.restart(t)
	env.mustTick(t)
	if deliveries, _ := env.outcomes(t); len(deliveries) != 0 {
		t.Errorf("deliveries in quiet hours = %v, want none", deliveries)
	}
	env.clock.Set(at(6, 7, 30))
	env.mustTick(t)
	deliveries, _ := env.outcomes(t)
	if diff := cmp.Diff(map[string]string{"pledge-due": "sent", "once-missed": "dropped"}, deliveries); diff != "" {
		t.Errorf("deliveries when quiet hours end (-want +got):\n%s", diff)
	}
}

// TestTickWait: a notice that says to Wait is not recorded, and is composed
// again at the next tick.
func TestTickWait(t *testing.T) {
	nine := time.Date(2026, 3, 2, 9, 0, 0, 0, shanghai)
	env := newTestEnv(t, nine)
	env.src.once = []zhibu.Occurrence{{Key: "custom", Branch: branchView(1), FireAt: nine, Policy: zhibu.PolicyOnce,
		Expires: nine.Add(7 * 24 * time.Hour), Urgent: true}}
	env.render.setWait("custom", true)
	env.mustTick(t)
	if deliveries, _ := env.outcomes(t); len(deliveries) != 0 {
		t.Errorf("deliveries while waiting = %v, want none", deliveries)
	}
	env.render.setWait("custom", false)
	env.clock.Advance(time.Minute)
	env.mustTick(t)
	if deliveries, _ := env.outcomes(t); deliveries["custom"] != "sent" {
		t.Errorf("deliveries after the wait = %v, want custom sent", deliveries)
	}
}

func TestTickQuietHours(t *testing.T) {
	sh := shanghai
	at := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, sh) }
	env := newTestEnv(t, at(2, 22, 30))
	env.src.once = []zhibu.Occurrence{
		{Key: "custom", Branch: branchView(1), FireAt: at(2, 23, 0), Policy: zhibu.PolicyDeadline},
		{Key: "stage-ends", Branch: branchView(1), FireAt: at(2, 23, 0), Policy: zhibu.PolicyDeadline, Urgent: true},
	}
	steps := []struct {
		at   time.Time
		sent []string
	}{
		{at(2, 23, 0), []string{"stage-ends"}},
		{at(3, 3, 0), []string{"stage-ends"}},
		{at(3, 7, 29), []string{"stage-ends"}},
		{at(3, 7, 30), []string{"custom", "stage-ends"}},
	}
	for _, s := range steps {
		env.clock.Set(s.at)
		env.mustTick(t)
		deliveries, _ := env.outcomes(t)
		var got []string
		for _, k := range []string{"custom", "stage-ends"} {
			if deliveries[k] == "sent" {
				got = append(got, k)
			}
		}
		if diff := cmp.Diff(s.sent, got); diff != "" {
			t.Errorf("sent after the tick at %s (-want +got):\n%s", s.at.Format("01-02 15:04"), diff)
		}
	}
	// Held by quiet hours, custom is on time when they end; not late.
	if env.render.wasLate("custom") || env.render.wasLate("stage-ends") {
		t.Errorf("Late = %v, want both on time", env.render.late)
	}
}

func TestTickSurvivesFailures(t *testing.T) {
	sh := shanghai
	nine := time.Date(2026, 3, 2, 9, 0, 0, 0, sh)
	env := newTestEnv(t, nine)
	env.src.once = []zhibu.Occurrence{
		{Key: "broken", Branch: branchView(1), FireAt: nine, Policy: zhibu.PolicyDeadline},
		{Key: "fine", Branch: branchView(1), FireAt: nine, Policy: zhibu.PolicyDeadline},
	}
	failing := &fakeSource{err: errors.New("source down")}
	failing.once = []zhibu.Occurrence{{Key: "other", Branch: branchView(2), FireAt: nine, Policy: zhibu.PolicyDeadline}}
	env.engine = scheduler.NewEngine(env.db, []scheduler.Source{failing, env.src}, env.render, env.render,
		scheduler.EngineOptions{Now: env.clock.Now})
	env.render.setFail("broken", true)
	env.mustTick(t)

	deliveries, _ := env.outcomes(t)
	if diff := cmp.Diff(map[string]string{"fine": "sent"}, deliveries); diff != "" {
		t.Errorf("deliveries with a failing render and source (-want +got):\n%s", diff)
	}
	if wm, err := env.db.Watermark(context.Background()); err != nil || !wm.IsZero() {
		t.Errorf("Watermark() = %s, %v; want zero: a source failed", wm, err)
	}

	env.render.setFail("broken", false)
	failing.setErr(nil)
	env.clock.Advance(time.Minute)
	env.mustTick(t)
	deliveries, _ = env.outcomes(t)
	want := map[string]string{"fine": "sent", "broken": "sent", "other": "sent"}
	if diff := cmp.Diff(want, deliveries); diff != "" {
		t.Errorf("deliveries after recovery (-want +got):\n%s", diff)
	}
	if wm, err := env.db.Watermark(context.Background()); err != nil || !wm.Equal(env.clock.Now()) {
		t.Errorf("Watermark() = %s, %v; want %s", wm, err, env.clock.Now())
	}
}

// failingStore fails every Deliver that includes the key fail.
type failingStore struct {
	scheduler.DeliveryStore
	fail string
}

func (s failingStore) Deliver(ctx context.Context, at time.Time, ds []zhibu.Delivery) ([]bool, error) {
	for _, d := range ds {
		if d.Key == s.fail {
			return nil, errors.New("constraint failed")
		}
	}
	return s.DeliveryStore.Deliver(ctx, at, ds)
}

// TestTickIsolatesFailedDelivery: when the tick's one transaction fails, the
// deliveries are retried one by one and only the bad one is left out.
func TestTickIsolatesFailedDelivery(t *testing.T) {
	sh := shanghai
	nine := time.Date(2026, 3, 2, 9, 0, 0, 0, sh)
	env := newTestEnv(t, nine)
	for _, k := range []string{"a", "bad", "c"} {
		env.src.once = append(env.src.once, zhibu.Occurrence{Key: k, Branch: branchView(1), FireAt: nine,
			Policy: zhibu.PolicyDeadline})
	}
	e := scheduler.NewEngine(failingStore{env.db, "bad"}, []scheduler.Source{env.src}, env.render,
		env.render, scheduler.EngineOptions{Now: env.clock.Now})
	if err := e.Tick(context.Background()); err == nil {
		t.Errorf("Tick() = nil, want an error: a delivery failed")
	}
	deliveries, outbox := env.outcomes(t)
	if diff := cmp.Diff(map[string]string{"a": "sent", "c": "sent"}, deliveries); diff != "" {
		t.Errorf("deliveries (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"msg:a": 1, "msg:c": 1}, outbox); diff != "" {
		t.Errorf("outbox rows per key (-want +got):\n%s", diff)
	}
	// One bad occurrence does not hold the watermark back: it is retried
	// while within the lookback.
	if wm, err := env.db.Watermark(context.Background()); err != nil || !wm.Equal(nine) {
		t.Errorf("Watermark() = %s, %v; want %s", wm, err, nine)
	}
}
