package app_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/cmd/zhibu/app"
	"github.com/zhibu/zhibu/storage"
)

// BenchmarkTick measures one reminder tick of many branches, each with
// upcoming meetings every evening, at 18:00 when every branch's next
// meeting is an hour away; the ticks before it delivered everything
// earlier. The engine lists, triages, composes, renders and records one
// reminder per branch. It reports the SQL statements of a tick, which must
// not grow with the number of meetings or members.
func BenchmarkTick(b *testing.B) {
	for _, c := range []struct{ branches, meetings, members int }{
		{2000, 10, 5}, {2000, 20, 20}, {200, 10, 5},
	} {
		b.Run(fmt.Sprintf("branches=%d/meetings=%d/members=%d", c.branches, c.meetings, c.members), func(b *testing.B) {
			day := time.Date(2026, 11, 18, 0, 0, 0, 0, shanghai) // a Wednesday, away from month ends
			w := newWorld(b, day)
			for i := range c.branches {
				br := w.branch(b, i, c.members)
				for d := range c.meetings {
					w.meeting(b, br, day.AddDate(0, 0, d).Add(19*time.Hour))
				}
			}
			ctx := context.Background()
			w.clock.Set(day.Add(18*time.Hour - time.Minute))
			if err := w.app.Engine.Tick(ctx); err != nil {
				b.Fatal(err)
			}
			w.clock.Set(day.Add(18 * time.Hour))
			var stmts int64
			for b.Loop() {
				b.StopTimer()
				w.forget(b)
				before := w.stmts.Load()
				b.StartTimer()
				if err := w.app.Engine.Tick(ctx); err != nil {
					b.Fatal(err)
				}
				stmts = w.stmts.Load() - before
			}
			b.ReportMetric(float64(stmts), "stmts/tick")
			if n := w.count(b, "SELECT count(*) FROM outbox WHERE key LIKE 'meeting:%:lead:60:%'"); n != c.branches {
				b.Fatalf("a tick queued %d one-hour meeting reminders, want %d", n, c.branches)
			}
		})
	}
}

// BenchmarkYear100Branches simulates a year of 100 branches through the
// real agenda, SQL and renderer: three recurring reminders each (daily,
// weekly, month-end), 500 meetings at random minutes of the year, and every
// branch's calendar (compliance checks, absence checks, overdue digests).
// The clock jumps to the next occurrence or the end of the quiet hours,
// whichever comes first, and the engine and its database restart at half
// time; nothing is sent. It reports the wall time of a simulated year.
func BenchmarkYear100Branches(b *testing.B) {
	const branches = 100
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, shanghai)
	for b.Loop() {
		b.StopTimer()
		w := newWorld(b, start)
		r := rand.New(rand.NewPCG(1, 2))
		var brs []zhibu.Branch
		for i := range branches {
			br := w.branch(b, i, 5)
			brs = append(brs, br)
			for _, spec := range []string{"每天 9点", "每周五 15点", "每月最后一天 10点"} {
				if _, err := w.db.CreateReminder(b.Context(), zhibu.Reminder{BranchID: br.ID, Text: spec, Spec: spec,
					CreatedAt: start}); err != nil {
					b.Fatal(err)
				}
			}
		}
		for range 500 {
			at := start.Add(time.Duration(r.IntN(364*24*60)) * time.Minute)
			w.meeting(b, brs[r.IntN(branches)], at)
		}
		b.StartTimer()
		ticks := w.simulateYear(b, start)
		b.ReportMetric(float64(ticks), "ticks")
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/simyear")
}

// simulateYear ticks through a year from start and returns the number of
// ticks.
func (w *world) simulateYear(b *testing.B, start time.Time) int {
	ctx := context.Background()
	end, half := start.AddDate(1, 0, 0), start.AddDate(0, 6, 0)
	quiet := &zhibu.BranchView{Branch: zhibu.Branch{Loc: shanghai}, Settings: zhibu.DefaultSettings()}
	restarted, ticks := false, 0
	for {
		now := w.clock.Now()
		next := now.Add(24 * time.Hour)
		if at, err := w.app.Engine.NextAt(ctx, 24*time.Hour); err != nil {
			b.Fatal(err)
		} else if !at.IsZero() && at.Before(next) {
			next = at
		}
		if q := quiet.QuietEnd(now); q.Before(next) {
			next = q
		}
		if !next.Before(end) {
			return ticks
		}
		if !restarted && next.After(half) {
			w.restart(b)
			restarted = true
		}
		w.clock.Set(next)
		if err := w.app.Engine.Tick(ctx); err != nil {
			b.Fatal(err)
		}
		ticks++
	}
}

// restart opens the database again and wires a new app on it, as a
// restarted process would.
func (w *world) restart(b *testing.B) {
	b.Helper()
	if err := w.db.Close(); err != nil {
		b.Fatal(err)
	}
	db, err := storage.Open(w.path, w.clock.Now, storage.WithStatementCount(&w.stmts))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	w.db = db
	if w.app, err = app.New(b.Context(), db, app.Config{Now: w.clock.Now, Registration: zhibu.RegistrationPolicy{Mode: zhibu.RegistrationOpen}, Bot: w.botConfig}); err != nil {
		b.Fatal(err)
	}
}
