package scheduler

import (
	"context"
	"fmt"
	"time"
)

// Tick delivers every occurrence that is due and not delivered yet:
//
//   - it looks back from min(watermark, now-Lookback) to now (with no
//     watermark yet, Lookback only);
//   - of each recurring Series only the latest is delivered, the older ones
//     are recorded skipped;
//   - an occurrence past its Expires is recorded dropped, with no message;
//   - a non-urgent occurrence while its branch is in quiet hours is left for
//     a later tick;
//   - any other is marked Late when found more than LateAfter after its
//     FireAt, rendered, and recorded sent with its messages.
//
// The decisions are recorded in one transaction (DESIGN.md §5), rendering
// done before it. An error of one source, one Render or one delivery is
// logged and that occurrence is retried at the next tick; the others go on.
// A failing source also keeps the watermark where it was, so that nothing it
// would have listed is lost to a long outage; a failing occurrence does not,
// so that one malformed row cannot make every later tick look further back.
// Tick returns an error when the store fails, or when some deliveries failed.
func (e *Engine) Tick(ctx context.Context) error {
	now := e.now()
	from, err := e.from(ctx, now)
	if err != nil {
		return err
	}
	occs, complete := e.gather(ctx, from, now)
	occs, err = e.undelivered(ctx, occs)
	if err != nil {
		return fmt.Errorf("scheduler: tick: delivered: %w", err)
	}
	due, older := latestOfSeries(occs)
	ds := make([]Delivery, 0, len(occs))
	for _, o := range older {
		ds = append(ds, Delivery{Key: o.Key, BranchID: o.BranchID, Outcome: OutcomeSkipped})
	}
	q := e.newQuietCache()
	for _, o := range due {
		if d, ok := e.decide(ctx, now, o, q); ok {
			ds = append(ds, d)
		}
	}
	queued, failed := e.deliver(ctx, now, ds)
	if queued && e.wake != nil {
		e.wake()
	}
	if complete {
		if err := e.store.SetWatermark(ctx, now); err != nil {
			return fmt.Errorf("scheduler: tick: %w", err)
		}
	}
	if failed > 0 {
		return fmt.Errorf("scheduler: tick at %s: %d deliveries failed", now.UTC().Format(time.RFC3339), failed)
	}
	return nil
}

// deliver records ds at at in one transaction or, should that fail, one by
// one, so that a bad delivery does not hold back the others. It reports
// whether messages were queued and how many deliveries failed (logged).
func (e *Engine) deliver(ctx context.Context, at time.Time, ds []Delivery) (queued bool, failed int) {
	if len(ds) == 0 {
		return false, 0
	}
	added, err := e.store.Deliver(ctx, at, ds)
	if err == nil {
		return anyQueued(ds, added), 0
	}
	if len(ds) == 1 || ctx.Err() != nil {
		e.log.Error("scheduler: deliver", "deliveries", len(ds), "err", err)
		return false, len(ds)
	}
	for _, d := range ds {
		one := []Delivery{d}
		added, err := e.store.Deliver(ctx, at, one)
		if err != nil {
			e.log.Error("scheduler: deliver", "key", d.Key, "branch_id", d.BranchID, "err", err)
			failed++
			continue
		}
		queued = queued || anyQueued(one, added)
	}
	return queued, failed
}

func anyQueued(ds []Delivery, added []bool) bool {
	for i, d := range ds {
		if i < len(added) && added[i] && len(d.Messages) > 0 {
			return true
		}
	}
	return false
}

// from returns where a tick at now starts looking.
func (e *Engine) from(ctx context.Context, now time.Time) (time.Time, error) {
	from := now.Add(-e.lookback)
	wm, err := e.store.Watermark(ctx)
	if err != nil {
		return time.Time{}, fmt.Errorf("scheduler: tick: %w", err)
	}
	if !wm.IsZero() && wm.Before(from) {
		from = wm
	}
	return from, nil
}

// gather returns the occurrences of every source due in [from, now], each
// key once, and whether every source answered. Errors are logged.
func (e *Engine) gather(ctx context.Context, from, now time.Time) ([]Occurrence, bool) {
	var out []Occurrence
	seen := map[string]bool{}
	complete := true
	for i, s := range e.sources {
		occs, err := s.Occurrences(ctx, from, now.Add(time.Nanosecond))
		if err != nil {
			e.log.Error("scheduler: source", "source", i, "err", err)
			complete = false
			continue
		}
		for _, o := range occs {
			if o.Key == "" {
				e.log.Error("scheduler: occurrence without a key", "source", i, "kind", o.Kind, "branch_id", o.BranchID)
				continue
			}
			if !seen[o.Key] {
				seen[o.Key] = true
				out = append(out, o)
			}
		}
	}
	return out, complete
}

// latestOfSeries splits occs into those to deliver, by FireAt then Key, and
// the older occurrences of recurring series, which only the latest of each
// series represents.
func latestOfSeries(occs []Occurrence) (due, older []Occurrence) {
	latest := map[string]Occurrence{}
	for _, o := range occs {
		if o.Policy != PolicyRecurring || o.Series == "" {
			due = append(due, o)
			continue
		}
		l, ok := latest[o.Series]
		if !ok {
			latest[o.Series] = o
			continue
		}
		if o.FireAt.After(l.FireAt) || o.FireAt.Equal(l.FireAt) && o.Key > l.Key {
			latest[o.Series], o = o, l
		}
		older = append(older, o)
	}
	for _, o := range latest {
		due = append(due, o)
	}
	sortOccurrences(due)
	sortOccurrences(older)
	return due, older
}

// decide returns what to record of a due occurrence at now, or false to
// leave it for a later tick: quiet hours hold it back, or its branch or
// Render failed (logged).
func (e *Engine) decide(ctx context.Context, now time.Time, o Occurrence, q *quietCache) (Delivery, bool) {
	d := Delivery{Key: o.Key, BranchID: o.BranchID, Outcome: OutcomeDropped}
	if expired(o, now) {
		return d, true
	}
	if !o.Urgent {
		h, err := q.of(ctx, o.BranchID)
		if err != nil {
			e.log.Error("scheduler: quiet hours", "key", o.Key, "branch_id", o.BranchID, "err", err)
			return d, false
		}
		if InQuiet(now, h.start, h.end, h.loc) {
			return d, false
		}
	}
	o.Late = now.Sub(o.FireAt) > e.lateAfter
	msgs, err := e.render.Render(ctx, o)
	if err != nil {
		e.log.Error("scheduler: render", "key", o.Key, "kind", o.Kind, "branch_id", o.BranchID, "err", err)
		return d, false
	}
	d.Outcome, d.Messages = OutcomeSent, fillMessages(o, msgs)
	return d, true
}

// fillMessages completes what a Renderer may leave out: a message without a
// key gets one derived from the occurrence's, and one without a bound is
// given up once the occurrence has expired (a meeting reminder held back by
// rate limits is useless after the meeting began).
func fillMessages(o Occurrence, msgs []Message) []Message {
	for i := range msgs {
		m := &msgs[i]
		if m.Key == "" {
			m.Key = fmt.Sprintf("%s#%d", o.Key, i)
		}
		if m.BranchID == 0 {
			m.BranchID = o.BranchID
		}
		if m.Kind == "" {
			m.Kind = o.Kind
		}
		if m.NotAfter.IsZero() {
			m.NotAfter = o.Expires
		}
	}
	return msgs
}
