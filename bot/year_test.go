package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/cntime"
	"github.com/zhibu/zhibu/scheduler"
)

// TestYearOfReminders runs a year of simulated time through the real bot,
// engine and sender, with a restart in the middle, and checks that every
// occurrence of each custom reminder was sent exactly once.
func TestYearOfReminders(t *testing.T) {
	h := newHarness(t)
	h.setup()
	specs := map[string]string{
		"每日学习":  "每天 9点",
		"交党费":   "每月最后一天 10点",
		"工作日打卡": "工作日每天8点半",
		"周例会":   "cron 0 15 * * 5",
	}
	for text, spec := range specs {
		h.say(groupID, secretaryID, "/remind "+spec+" "+text)
	}
	ctx := context.Background()
	loc := testStart.Location()
	from := h.clock.Now()
	end := from.AddDate(1, 0, 0)
	// The run loop ticks every minute, the first one now; the sender
	// drains the outbox as the group's sending budget refills.
	h.remind()
	h.clock.Set(h.clock.Now().Add(time.Minute))
	h.remind()
	restarted := false
	for steps := 0; h.clock.Now().Before(end) && steps < 20000; steps++ {
		if !restarted && h.clock.Now().After(from.AddDate(0, 6, 0)) {
			h.restart()
			restarted = true
		}
		next, err := h.engine.NextAt(ctx, 48*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if next.IsZero() || next.After(end) {
			next = h.clock.Now().Add(24 * time.Hour)
		}
		if !next.After(h.clock.Now()) { // due now: tick, then move on
			h.remind()
			next = h.clock.Now().Add(time.Minute)
		}
		h.clock.Set(next)
		h.remind()
	}
	counts := map[string]int{}
	for _, m := range h.srv.BotMessages(groupID) {
		if text, ok := strings.CutPrefix(m.Plain, "⏰ "); ok {
			counts[text]++
		}
	}
	for text, spec := range specs {
		var next zhibu.NextFunc
		if c, ok := strings.CutPrefix(spec, "cron "); ok {
			next, _ = scheduler.ParseCron(c, loc)
		} else {
			rec, err := cntime.ParseRecurrence(spec)
			if err != nil {
				t.Fatal(err)
			}
			next = func(t time.Time) time.Time { return rec.Next(t.In(loc)) }
		}
		want := 0
		for at := next(from.Add(-time.Second)); !at.After(h.clock.Now()); at = next(at) {
			want++
		}
		if counts[text] != want {
			t.Errorf("%s (%s): sent %d times, want %d", text, spec, counts[text], want)
		}
	}
	if !restarted {
		t.Error("the simulation never restarted")
	}
}
