package scheduler_test

import (
	"context"
	"errors"
	"fmt"
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

// TestAdmitPriority: with a full outbox, interactive replies never wait.
func TestAdmitPriority(t *testing.T) {
	env := newSenderEnv(t, scheduler.Limits{}, true)
	var ms []zhibu.Message
	for i := range 200 {
		ms = append(ms, zhibu.Message{ChatID: int64(1000 + i), Private: true, Key: fmt.Sprintf("p:%d", i)})
	}
	env.enqueue(t, append(ms, messages(-100, false, "g", 50)...)...)
	env.flush(t)
	env.admit(t, 7, true)
	env.admit(t, -100, false)
	if n, _ := env.flush(t); n != 0 {
		t.Errorf("Flush() after the replies = %d; want 0 (the reserve is theirs)", n)
	}
	for i := range 100 {
		env.clock.Advance(100 * time.Millisecond)
		env.flush(t)
		env.admit(t, int64(5000+i), true)
		if i%40 == 0 {
			env.admit(t, -100, false)
		}
	}
	if w := env.waits(); len(w) != 0 {
		t.Errorf("Admit waited %v; want never", w)
	}
	if sent := len(env.tr.deliveries()); sent < 100 {
		t.Errorf("outbox sent %d in 10 s beside the replies; want at least 100", sent)
	}
}

// TestAdmitWaits: past its budget a chat's reply waits, and a context that
// cannot wait so long fails at once.
func TestAdmitWaits(t *testing.T) {
	env := newSenderEnv(t, scheduler.Limits{}, false)
	env.admit(t, 7, true)
	env.admit(t, 7, true)
	if w := env.waits(); !cmp.Equal(w, []time.Duration{time.Second}) {
		t.Errorf("second Admit to a private chat waited %v; want [1s]", w)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	if err := env.s.Admit(ctx, 7, true); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Admit(short deadline) = %v; want DeadlineExceeded", err)
	}
}

// TestHoldOutlivesIdle: forgetting idle chats keeps one held by a 429.
func TestHoldOutlivesIdle(t *testing.T) {
	env := newSenderEnv(t, scheduler.Limits{}, false)
	env.s.Report(context.Background(), -1, &zhibu.RetryAfterError{After: 2 * time.Hour})
	env.clock.Advance(90 * time.Minute)
	env.admit(t, -2, false) // sweeps idle chats
	env.admit(t, -1, false)
	if w := env.waits(); !cmp.Equal(w, []time.Duration{30 * time.Minute}) {
		t.Errorf("Admit waits = %v; want [30m] for the held chat", w)
	}
}
