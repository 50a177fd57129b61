package scheduler_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/zhibu/zhibu"
)

// yearRules are the recurring reminders of each branch: a daily 09:00 nag,
// a weekly Sunday 23:00 reminder (held by quiet hours until Monday 07:30)
// and a monthly one on the last day at 20:00 whose deadline is midnight.
func yearRules(branches int, loc *time.Location) []rule {
	var rs []rule
	for b := int64(1); b <= int64(branches); b++ {
		rs = append(rs,
			rule{name: "daily", branch: b, policy: zhibu.PolicyRecurring, next: daily(9, 0, loc)},
			rule{name: "weekly", branch: b, policy: zhibu.PolicyRecurring, next: weekly(time.Sunday, 23, 0, loc)},
			rule{name: "monthly", branch: b, policy: zhibu.PolicyDeadline, expires: 28 * time.Hour,
				next: lastOfMonth(20, 0, loc)})
	}
	return rs
}

// yearEvents are n one-off meeting reminders at random minutes of the year
// (not its last day: quiet hours would hold some past its end),
// each 24 hours before its meeting; every fifth is urgent.
func yearEvents(n, branches int, start time.Time) []zhibu.Occurrence {
	r := rand.New(rand.NewPCG(1, 2))
	var out []zhibu.Occurrence
	for i := range n {
		at := start.Add(time.Duration(r.IntN(364*24*60)) * time.Minute)
		out = append(out, zhibu.Occurrence{Key: fmt.Sprintf("event:%d", i), Branch: branchView(int64(1 + i%branches)),
			FireAt: at, Policy: zhibu.PolicyEvent, Expires: at.Add(24 * time.Hour), Urgent: i%5 == 0,
			Kind: "meeting_24h"})
	}
	return out
}

// simulateYear drives env through a year from its clock's time, jumping to
// the next occurrence or the end of the quiet hours, whichever comes first,
// and restarting the engine and its store at half time. It returns the
// number of ticks.
func simulateYear(t testing.TB, env *testEnv) int {
	t.Helper()
	ctx := context.Background()
	start := env.clock.Now()
	end, half := start.AddDate(1, 0, 0), start.AddDate(0, 6, 0)
	restarted := false
	ticks := 0
	for {
		now := env.clock.Now()
		next := now.Add(24 * time.Hour)
		if at, err := env.engine.NextAt(ctx, 24*time.Hour); err != nil {
			t.Fatalf("NextAt() at %s = %v", now, err)
		} else if !at.IsZero() && at.Before(next) {
			next = at
		}
		if q := branchView(1).QuietEnd(now); q.Before(next) {
			next = q
		}
		if !next.Before(end) {
			return ticks
		}
		if !restarted && next.After(half) {
			env.restart(t)
			restarted = true
		}
		env.clock.Set(next)
		env.mustTick(t)
		ticks++
	}
}

func TestYearSimulation(t *testing.T) {
	const branches = 3
	sh := shanghai
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, sh)
	env := newTestEnv(t, start)
	env.src.rules = yearRules(branches, sh)
	env.src.once = yearEvents(50, branches, start)
	expected, err := env.src.Occurrences(context.Background(), start.Add(time.Nanosecond), start.AddDate(1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}

	began := time.Now()
	ticks := simulateYear(t, env)
	elapsed := time.Since(began)
	t.Logf("a simulated year: %d occurrences in %d ticks, %s", len(expected), ticks, elapsed)

	deliveries, outbox := env.outcomes(t)
	for _, o := range expected {
		if got := deliveries[o.Key]; got != "sent" {
			t.Errorf("%s (fires %s): outcome %q, want sent", o.Key, o.FireAt.In(sh).Format(time.DateTime), got)
		}
		if n := outbox["msg:"+o.Key]; n != 1 {
			t.Errorf("%s: %d outbox rows, want 1", o.Key, n)
		}
	}
	if len(deliveries) != len(expected) || len(outbox) != len(expected) {
		t.Errorf("%d deliveries and %d outbox keys, want %d", len(deliveries), len(outbox), len(expected))
	}
	for k, n := range env.render.rendered {
		if n != 1 {
			t.Errorf("%s rendered %d times, want 1", k, n)
		}
	}
	// Generous: a few seconds on a laptop, more under -race on a busy CI.
	if elapsed > time.Minute {
		t.Errorf("a simulated year took %s, want a few seconds", elapsed)
	}
}
