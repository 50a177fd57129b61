package scheduler_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/scheduler"
)

// slowSource lets the clock run d while it lists occurrences.
type slowSource struct {
	scheduler.Source
	clock *fakeClock
	d     time.Duration
}

func (s slowSource) Occurrences(ctx context.Context, from, to time.Time) ([]zhibu.Occurrence, error) {
	s.clock.Advance(s.d)
	return s.Source.Occurrences(ctx, from, to)
}

// TestTickObserved: OnDelivered hears of each occurrence queued, once, with
// how late the tick was for it; OnTick of each tick's duration on the
// engine's clock.
func TestTickObserved(t *testing.T) {
	sh := shanghai
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, sh)
	env := newTestEnv(t, start)
	env.src.rules = []rule{{name: "daily", branch: 1, policy: zhibu.PolicyRecurring, next: daily(9, 0, sh)}}
	env.src.once = []zhibu.Occurrence{{Key: "meeting:1", Kind: zhibu.KindMeetingLead, Branch: branchView(1),
		FireAt: start.Add(30 * time.Minute), Policy: zhibu.PolicyEvent, Expires: start.Add(24 * time.Hour)}}
	late := map[zhibu.OccurrenceKind][]time.Duration{}
	var ticks []time.Duration
	e := scheduler.NewEngine(env.db, []scheduler.Source{slowSource{env.src, env.clock, 2 * time.Second}},
		env.render, env.render, scheduler.EngineOptions{Now: env.clock.Now,
			OnDelivered: func(k zhibu.OccurrenceKind, d time.Duration) { late[k] = append(late[k], d) },
			OnTick:      func(d time.Duration) { ticks = append(ticks, d) }})
	ctx := context.Background()
	for _, at := range []time.Time{start, time.Date(2026, 3, 2, 9, 0, 10, 0, sh), time.Date(2026, 3, 2, 9, 1, 0, 0, sh)} {
		env.clock.Set(at)
		if err := e.Tick(ctx); err != nil {
			t.Fatal(err)
		}
	}
	want := map[zhibu.OccurrenceKind][]time.Duration{
		zhibu.KindMeetingLead: {30*time.Minute + 10*time.Second},
		"daily":               {10 * time.Second},
	}
	if diff := cmp.Diff(want, late); diff != "" {
		t.Errorf("OnDelivered (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]time.Duration{2 * time.Second, 2 * time.Second, 2 * time.Second}, ticks); diff != "" {
		t.Errorf("OnTick (-want +got):\n%s", diff)
	}
}
