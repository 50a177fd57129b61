package scheduler_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/scheduler"
)

// Telegram's limits as the fake transport enforces them, over sliding
// windows (t-window, t] on the simulated clock.
const (
	tgGlobalPerSec  = 30
	tgGroupPerMin   = 20
	tgPrivatePerSec = 1
)

// delivery is one message the fake transport accepted.
type delivery struct {
	at time.Time
	m  zhibu.Message
}

// fakeTransport records deliveries on the simulated clock. fail scripts
// errors (nil: success); with strict it answers 429, as Telegram would, to a
// message over Telegram's limits.
type fakeTransport struct {
	mu       sync.Mutex
	now      func() time.Time
	strict   bool
	fail     func(m zhibu.Message, attempt int) error
	attempts map[string]int
	sent     []delivery
	byChat   map[int64][]time.Time
	tooMany  int
	notify   chan delivery // if not nil, gets every delivery
}

func newFakeTransport(now func() time.Time, strict bool) *fakeTransport {
	return &fakeTransport{now: now, strict: strict, attempts: map[string]int{}, byChat: map[int64][]time.Time{}}
}

func (t *fakeTransport) Deliver(_ context.Context, m zhibu.Message) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	t.attempts[m.Key]++
	if t.fail != nil {
		if err := t.fail(m, t.attempts[m.Key]); err != nil {
			return 0, err
		}
	}
	if t.strict && t.overLimit(m, now) {
		t.tooMany++
		return 0, &zhibu.RetryAfterError{After: 5 * time.Second}
	}
	d := delivery{at: now, m: m}
	t.sent = append(t.sent, d)
	t.byChat[m.ChatID] = append(t.byChat[m.ChatID], now)
	if t.notify != nil {
		t.notify <- d
	}
	return len(t.sent), nil
}

// overLimit reports whether sending m at now would break Telegram's limits.
func (t *fakeTransport) overLimit(m zhibu.Message, now time.Time) bool {
	window, most := time.Minute, tgGroupPerMin
	if m.Private {
		window, most = time.Second, tgPrivatePerSec
	}
	if inWindow(t.byChat[m.ChatID], now, window) >= most {
		return true
	}
	var all []time.Time
	for i := len(t.sent) - 1; i >= 0 && t.sent[i].at.After(now.Add(-time.Second)); i-- {
		all = append(all, t.sent[i].at)
	}
	return len(all) >= tgGlobalPerSec
}

// inWindow counts the times in (now-window, now].
func inWindow(ts []time.Time, now time.Time, window time.Duration) int {
	n := 0
	for _, at := range ts {
		if at.After(now.Add(-window)) && !at.After(now) {
			n++
		}
	}
	return n
}

func (t *fakeTransport) deliveries() []delivery {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]delivery(nil), t.sent...)
}

// maxInWindow is the most deliveries in any window (t-window, t].
func maxInWindow(ds []delivery, window time.Duration) int {
	most := 0
	for i, d := range ds {
		n := 0
		for j := i; j >= 0 && ds[j].at.After(d.at.Add(-window)); j-- {
			n++
		}
		most = max(most, n)
	}
	return most
}

// BenchmarkSenderThroughput sends 2,000 messages to 2,000 groups, all due at
// once, through a transport enforcing Telegram's limits, stepping the clock
// by 100 ms. It reports messages per simulated second, 429s, duplicates and
// lost messages (the last three must be 0).
func BenchmarkSenderThroughput(b *testing.B) {
	const n = 2000
	var rate float64
	var tooMany, dups, lost int
	for b.Loop() {
		env := newSenderEnv(b, scheduler.Limits{}, true)
		ms := make([]zhibu.Message, n)
		for i := range ms {
			ms[i] = zhibu.Message{ChatID: -int64(i + 1), Text: "明天开会", Key: fmt.Sprintf("bench:%d", i)}
		}
		if err := env.s.Enqueue(context.Background(), ms); err != nil {
			b.Fatal(err)
		}
		start := env.clock.Now()
		for step := 0; step < 10*60*5; step++ {
			if _, next := env.flush(b); next.IsZero() {
				break
			}
			env.clock.Advance(100 * time.Millisecond)
		}
		ds := env.tr.deliveries()
		seen := map[string]bool{}
		for _, d := range ds {
			if seen[d.m.Key] {
				dups++
			}
			seen[d.m.Key] = true
		}
		lost += n - len(seen)
		tooMany += env.tr.tooMany
		if len(ds) > 0 {
			rate = float64(len(ds)) / ds[len(ds)-1].at.Sub(start).Seconds()
		}
	}
	b.ReportMetric(rate, "msgs/sim-s")
	b.ReportMetric(float64(tooMany), "429s")
	b.ReportMetric(float64(dups), "duplicates")
	b.ReportMetric(float64(lost), "lost")
	if tooMany+dups+lost > 0 {
		b.Errorf("429s %d, duplicates %d, lost %d; want none", tooMany, dups, lost)
	}
}
