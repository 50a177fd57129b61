package app_test

import (
	"context"
	"testing"
	"time"
)

// TestTickStatementsDoNotGrow: a reminder tick reads each kind of data with
// one query, so its SQL statements do not grow with the number of
// branches, meetings or members it reminds of.
func TestTickStatementsDoNotGrow(t *testing.T) {
	day := time.Date(2026, 11, 18, 0, 0, 0, 0, shanghai) // a Wednesday, away from month ends
	statements := func(branches, meetings, members int) int64 {
		w := newWorld(t, day)
		for i := range branches {
			br := w.branch(t, i, members)
			for d := range meetings {
				w.meeting(t, br, day.AddDate(0, 0, d+1).Add(19*time.Hour))
			}
		}
		ctx := context.Background()
		w.clock.Set(day.Add(19*time.Hour - time.Minute))
		if err := w.app.Engine.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		w.clock.Set(day.Add(19 * time.Hour))
		before := w.stmts.Load()
		if err := w.app.Engine.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		n := w.stmts.Load() - before
		if got := w.count(t, "SELECT count(*) FROM outbox WHERE key LIKE 'meeting:%:lead:1440:%'"); got != branches {
			t.Fatalf("%d branches: the tick queued %d 24-hour reminders, want %d", branches, got, branches)
		}
		return n
	}
	small, large := statements(2, 2, 2), statements(30, 6, 12)
	if small != large {
		t.Errorf("a tick ran %d SQL statements for 2 branches × 2 meetings × 2 members, %d for 30 × 6 × 12; want the same", small, large)
	}
	t.Logf("a tick reminding of a meeting in every branch: %d statements", small)
}
