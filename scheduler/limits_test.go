package scheduler_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/scheduler"
)

func TestFlushGroupLimit(t *testing.T) {
	env := newSenderEnv(t, scheduler.Limits{}, true)
	env.enqueue(t, messages(-100, false, "g", 100)...)
	if n, next := env.flush(t); n != 2 || !next.After(sendT0) {
		t.Fatalf("first Flush() = %d, next %s; want 2 (the burst less one kept for replies), later", n, next)
	}
	// One millisecond before the next token, nothing goes.
	_, next := env.flush(t)
	env.clock.Set(next.Add(-time.Millisecond))
	if n, _ := env.flush(t); n != 0 {
		t.Errorf("Flush() just before %s = %d; want 0", next, n)
	}
	env.drain(t, sendT0.Add(time.Hour))
	ds := env.tr.deliveries()
	if want := keys(messagesDeliveries(messages(-100, false, "g", 100))); !cmp.Equal(keys(ds), want) {
		t.Fatalf("delivered %d messages, %v; want all 100 in order", len(ds), keys(ds))
	}
	// The group's bucket refills 17 a minute: message k (k >= 1) goes
	// at (k-1)·60/17 s, never earlier.
	for k, d := range ds[1:] {
		if earliest := sendT0.Add(time.Duration(k) * time.Minute / 17); d.at.Before(earliest) {
			t.Errorf("message %d sent at %s; not before %s", k+1, d.at.Sub(sendT0), earliest.Sub(sendT0))
		}
	}
	if most := maxInWindow(ds, time.Minute); most > 20 || env.tr.tooMany > 0 {
		t.Errorf("most in a minute = %d, 429s = %d; want at most 20 and none", most, env.tr.tooMany)
	}
}

func messagesDeliveries(ms []zhibu.Message) []delivery {
	ds := make([]delivery, len(ms))
	for i, m := range ms {
		ds[i].m = m
	}
	return ds
}

func TestFlushGlobalLimit(t *testing.T) {
	env := newSenderEnv(t, scheduler.Limits{}, true)
	var ms []zhibu.Message
	for i := range 300 {
		ms = append(ms, zhibu.Message{ChatID: int64(1000 + i), Private: true, Key: fmt.Sprintf("p:%d", i)})
	}
	env.enqueue(t, ms...)
	if n, _ := env.flush(t); n != 3 {
		t.Errorf("first Flush() = %d; want 3 (the global burst 5 less the reserve 2)", n)
	}
	for env.clock.Now().Before(sendT0.Add(time.Minute)) {
		env.clock.Advance(100 * time.Millisecond)
		env.flush(t)
	}
	ds := env.tr.deliveries()
	if len(ds) != 300 || env.tr.tooMany > 0 {
		t.Fatalf("delivered %d, 429s %d; want 300 and none", len(ds), env.tr.tooMany)
	}
	// At most 3 + 25 in any second (Telegram allows 30); 25 a second on
	// average: the last goes after (300-3)/25 s.
	if most := maxInWindow(ds, time.Second); most > 28 {
		t.Errorf("most in a second = %d; want at most 28", most)
	}
	if last, earliest := ds[299].at, sendT0.Add(297*time.Second/25); last.Before(earliest) {
		t.Errorf("last sent at %s; not before %s", last.Sub(sendT0), earliest.Sub(sendT0))
	}
}

// TestUrgentPriority: with the outbox full of reminders to many chats, a
// reply goes in the same Flush, ahead of them, even to a group whose burst
// the reminders would use up: they leave the reserve to urgent messages.
func TestUrgentPriority(t *testing.T) {
	env := newSenderEnv(t, scheduler.Limits{}, true)
	ms := messages(-100, false, "g", 50)
	for i := range 200 {
		ms = append(ms, zhibu.Message{ChatID: int64(1000 + i), Private: true, Key: fmt.Sprintf("p:%d", i)})
	}
	env.enqueue(t, ms...)
	// The global burst less the reserve, 3, twice: by then the group is
	// down to the token its reminders leave, the global budget to 2.
	for range 2 {
		if n, _ := env.flush(t); n != 3 {
			t.Fatalf("Flush() at %s = %d; want 3", env.clock.Now().Sub(sendT0), n)
		}
		env.clock.Advance(200 * time.Millisecond)
	}
	env.clock.Advance(-200 * time.Millisecond)
	if n, _ := env.flush(t); n != 0 {
		t.Fatalf("third Flush() = %d; want 0: reminders leave the reserve", n)
	}
	env.enqueue(t, reply(-100, false, "reply:g"), reply(7, true, "reply:p"))
	if n, _ := env.flush(t); n != 2 {
		t.Errorf("Flush() after the replies = %d; want 2 (the reserve is theirs)", n)
	}
	got := slices.Sorted(slices.Values(keys(env.tr.deliveries())))
	if want := []string{"g:0", "g:1", "p:0", "p:1", "p:2", "p:3", "reply:g", "reply:p"}; !cmp.Equal(got, want) {
		t.Errorf("deliveries = %v; want %v", got, want)
	}

	// Ten seconds of replies, a private one every 100 ms and one to the
	// flooded group every 4 s (the group's reserve refills in 60/17 s),
	// beside the reminders: each goes at once.
	queued := map[string]time.Time{}
	for i := range 100 {
		env.clock.Advance(100 * time.Millisecond)
		rs := []zhibu.Message{reply(int64(5000+i), true, fmt.Sprintf("reply:p:%d", i))}
		if i%40 == 39 {
			rs = append(rs, reply(-100, false, fmt.Sprintf("reply:g:%d", i)))
		}
		env.enqueue(t, rs...)
		for _, r := range rs {
			queued[r.Key] = env.clock.Now()
		}
		env.flush(t)
	}
	ds := env.tr.deliveries()
	for k, at := range queued {
		if sent, ok := sentAt(ds, k); !ok || !sent.Equal(at) {
			t.Errorf("%s queued at %s, sent at %s (%v); want in the same Flush", k, at.Sub(sendT0), sent.Sub(sendT0), ok)
		}
	}
	if reminders := len(ds) - len(queued) - 2; reminders < 100 || env.tr.tooMany > 0 {
		t.Errorf("outbox sent %d reminders in 10 s beside the replies, 429s %d; want at least 100 and none",
			reminders, env.tr.tooMany)
	}
}

// TestUrgentKeepsChatLimits: the reserve is not a way past a chat's own
// budget: a second reply to a private chat goes a second and a tenth later
// (Telegram's one a second with a margin), a group gets at most its burst
// at once.
func TestUrgentKeepsChatLimits(t *testing.T) {
	env := newSenderEnv(t, scheduler.Limits{}, true)
	env.enqueue(t, reply(7, true, "p:0"), reply(7, true, "p:1"),
		reply(-100, false, "g:0"), reply(-100, false, "g:1"), reply(-100, false, "g:2"), reply(-100, false, "g:3"))
	private := 1112 * time.Millisecond // 1/0.9 s, as readyAt rounds it up
	if n, next := env.flush(t); n != 4 || next.Sub(sendT0) > private || next.Sub(sendT0) < time.Second {
		t.Errorf("Flush() = %d, next %s; want 4 (p:0 and the group's burst of 3), next at +%s", n, next.Sub(sendT0), private)
	}
	env.drain(t, sendT0.Add(time.Minute))
	ds := env.tr.deliveries()
	wants := map[string]time.Duration{"p:0": 0, "p:1": private, "g:0": 0, "g:1": 0, "g:2": 0,
		"g:3": time.Minute / 17}
	for k, want := range wants {
		if at, ok := sentAt(ds, k); !ok || at.Sub(sendT0) < want || at.Sub(sendT0) > want+time.Millisecond {
			t.Errorf("%s sent at %s (%v); want at %s (to the millisecond, never early)", k, at.Sub(sendT0), ok, want)
		}
	}
	if env.tr.tooMany > 0 {
		t.Errorf("429s = %d; want none", env.tr.tooMany)
	}
}

// TestHoldOutlivesIdle: forgetting idle chats keeps one held by a 429: a
// reply to it still waits.
func TestHoldOutlivesIdle(t *testing.T) {
	env := newSenderEnv(t, scheduler.Limits{}, false)
	env.tr.fail = func(m zhibu.Message, attempt int) error {
		if m.Key == "h:0" && attempt == 1 {
			return &zhibu.RetryAfterError{After: 2 * time.Hour}
		}
		return nil
	}
	env.enqueue(t, messages(-1, false, "h", 1)...)
	env.flush(t)
	env.clock.Advance(90 * time.Minute) // chat -1 idle for longer than idleChat
	env.enqueue(t, reply(-2, false, "reply:-2"), reply(-1, false, "reply:-1"))
	if n, next := env.flush(t); n != 1 || !next.Equal(sendT0.Add(2*time.Hour)) {
		t.Errorf("Flush() at +90m = %d, next %s; want 1 (reply:-2), next at +2h", n, next.Sub(sendT0))
	}
	env.drain(t, sendT0.Add(3*time.Hour))
	ds := env.tr.deliveries()
	if !cmp.Equal(keys(ds), []string{"reply:-2", "reply:-1", "h:0"}) {
		t.Errorf("deliveries = %v; want reply:-2, reply:-1, h:0", keys(ds))
	}
	if at, _ := sentAt(ds, "reply:-1"); at.Before(sendT0.Add(2 * time.Hour)) {
		t.Errorf("reply:-1 sent at %s; want not before +2h", at.Sub(sendT0))
	}
}
