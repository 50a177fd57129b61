package bot_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/bot/telegramtest"
)

// BenchmarkRemindersBurst2000 measures the sending path under load: 2,000
// branches each have a reminder due at the same minute; the engine queues
// them and the sender drains the outbox through the emulator enforcing
// Telegram's limits, the clock stepping 100 ms at a time. It reports
// messages per simulated second, 429 answers, duplicates and losses.
func BenchmarkRemindersBurst2000(b *testing.B) {
	const branches = 2000
	for range b.N {
		b.StopTimer()
		h := &harness{t: b, clock: telegramtest.NewClock(testStart), path: b.TempDir() + "/zhibu.db"}
		h.srv = telegramtest.New(b, telegramtest.Options{Clock: h.clock.Now, EnforceLimits: true})
		h.srv.AddUser(telegramtest.User{ID: secretaryID, FirstName: "李书记"})
		h.start()
		ctx := context.Background()
		due := testStart.Add(time.Hour)
		for i := range branches {
			chat := int64(-3000000 - i)
			h.srv.AddGroup(chat, fmt.Sprintf("第%d支部", i))
			h.srv.JoinGroup(chat, secretaryID)
			h.srv.AddBot(chat, secretaryID)
			br, _, err := h.db.CreateBranch(ctx, zhibu.Branch{ChatID: chat, Name: fmt.Sprintf("第%d支部", i), TimeZone: zhibu.DefaultTimeZone, Active: true},
				zhibu.Member{Name: "书记", Status: zhibu.StatusFull, Role: zhibu.RoleSecretary}, zhibu.Change{Action: "bench"})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := h.db.CreateReminder(ctx, zhibu.Reminder{BranchID: br.ID, Text: "交党费", Once: due}); err != nil {
				b.Fatal(err)
			}
		}
		h.clock.Set(due)
		b.StartTimer()
		if err := h.engine.Tick(ctx); err != nil {
			b.Fatal(err)
		}
		sent, steps := 0, 0
		for sent < branches && steps < 10000 {
			n, _, err := h.sender.Flush(ctx)
			if err != nil {
				b.Fatal(err)
			}
			sent += n
			h.clock.Advance(100 * time.Millisecond)
			steps++
		}
		b.StopTimer()
		simulated := h.clock.Now().Sub(due).Seconds()
		dups, lost := 0, 0
		for i := range branches {
			switch n := len(h.srv.BotMessages(int64(-3000000 - i))); {
			case n > 1:
				dups += n - 1
			case n == 0:
				lost++
			}
		}
		b.ReportMetric(float64(branches)/simulated, "msgs/sim-s")
		b.ReportMetric(float64(h.srv.Count429()), "429s")
		b.ReportMetric(float64(dups), "dups")
		b.ReportMetric(float64(lost), "lost")
	}
}
