package scheduler

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/zhibu/zhibu"
)

// Tick delivers every occurrence that is due and not delivered yet:
//
//   - it looks back from min(watermark, now-Lookback) to now (with no
//     watermark yet, Lookback only);
//   - zhibu.TriageAt applies the catch-up policies and quiet hours: the
//     older occurrences of a recurring series are recorded skipped, those
//     past their Expires dropped, with no message unless Missed (then
//     composed, rendered and recorded dropped with their note); those held
//     by quiet hours are left for a later tick;
//   - the others are composed into notices in one batch, rendered, and
//     recorded sent with their messages; a notice that says to Wait is
//     left for a later tick.
//
// The decisions are recorded in one transaction (docs/reminders.md),
// composing and rendering done before it. An error of one source, one
// Render or one delivery is logged and that occurrence is retried at the
// next tick; the others go on. A failing source also keeps the watermark
// where it was, so that nothing it would have listed is lost to a long
// outage; a failing occurrence does not, so that one malformed row cannot
// make every later tick look further back. Occurrences held by quiet hours,
// or whose notice says to Wait, keep the watermark at their time: a later
// tick must still find them, however long the bot was down before. Tick
// returns an error when the store or the composer fails, or when some
// deliveries failed.
func (e *Engine) Tick(ctx context.Context) error {
	now := e.now()
	if e.ticked != nil {
		defer func() { e.ticked(e.now().Sub(now)) }()
	}
	from, err := e.from(ctx, now)
	if err != nil {
		return err
	}
	occs, complete := e.gather(ctx, from, now)
	occs, err = e.undelivered(ctx, occs)
	if err != nil {
		return fmt.Errorf("scheduler: tick: delivered: %w", err)
	}
	t := zhibu.TriageAt(occs, now, e.lateAfter)
	ds := make([]zhibu.Delivery, 0, len(occs))
	for _, o := range t.Skip {
		ds = append(ds, zhibu.Delivery{Key: o.Key, BranchID: o.Branch.ID, Outcome: zhibu.DeliverySkipped})
	}
	compose := slices.Clip(t.Send)
	for _, o := range t.Drop {
		if o.Missed {
			compose = append(compose, o)
			continue
		}
		ds = append(ds, zhibu.Delivery{Key: o.Key, BranchID: o.Branch.ID, Outcome: zhibu.DeliveryDropped})
	}
	sent, waiting, composeErr := e.send(ctx, now, compose)
	ds = append(ds, sent...)
	added, failed := e.deliver(ctx, now, ds)
	if anyMessages(added) && e.wake != nil {
		e.wake()
	}
	e.observe(now, t.Send, added)
	if complete {
		if err := e.store.SetWatermark(ctx, pending(now, t.Held, waiting)); err != nil {
			return fmt.Errorf("scheduler: tick: %w", err)
		}
	}
	if composeErr != nil {
		return fmt.Errorf("scheduler: tick at %s: %w", now.UTC().Format(time.RFC3339), composeErr)
	}
	if failed > 0 {
		return fmt.Errorf("scheduler: tick at %s: %d deliveries failed", now.UTC().Format(time.RFC3339), failed)
	}
	return nil
}

// send composes the occurrences to send (and the Missed ones to tell of)
// into notices, renders each and returns their deliveries: sent, or
// dropped for a Missed one. An occurrence whose rendering fails is logged
// and left out, to be tried again at the next tick; so is one whose notice
// says to Wait, returned in waiting. When composing fails, all are.
func (e *Engine) send(ctx context.Context, now time.Time, occs []zhibu.Occurrence) (out []zhibu.Delivery, waiting []zhibu.Occurrence, err error) {
	if len(occs) == 0 {
		return nil, nil, nil
	}
	ns, err := e.compose.Notices(ctx, now, occs)
	if err != nil {
		return nil, nil, fmt.Errorf("compose %d occurrences: %w", len(occs), err)
	}
	if len(ns) != len(occs) {
		return nil, nil, fmt.Errorf("compose %d occurrences: %d notices", len(occs), len(ns))
	}
	out = make([]zhibu.Delivery, 0, len(ns))
	for _, n := range ns {
		if n.Wait {
			waiting = append(waiting, n.Occurrence)
			continue
		}
		msgs, err := e.render.Render(n)
		if err != nil {
			e.log.Error("scheduler: render", "key", n.Key, "kind", n.Kind, "branch_id", n.Branch.ID, "err", err)
			continue
		}
		outcome := zhibu.DeliverySent
		if n.Missed {
			outcome = zhibu.DeliveryDropped
		}
		out = append(out, zhibu.Delivery{Key: n.Key, BranchID: n.Branch.ID, Outcome: outcome,
			Messages: fillMessages(n.Occurrence, msgs)})
	}
	return out, waiting, nil
}

// pending is the watermark of a tick at now that left occurrences for
// later: the earliest of their times, or now.
func pending(now time.Time, later ...[]zhibu.Occurrence) time.Time {
	mark := now
	for _, occs := range later {
		for _, o := range occs {
			if o.FireAt.Before(mark) {
				mark = o.FireAt
			}
		}
	}
	return mark
}

// deliver records ds at at in one transaction or, should that fail, one by
// one, so that a bad delivery does not hold back the others. It returns the
// deliveries that were new, and how many failed (logged).
func (e *Engine) deliver(ctx context.Context, at time.Time, ds []zhibu.Delivery) (added []zhibu.Delivery, failed int) {
	if len(ds) == 0 {
		return nil, 0
	}
	ok, err := e.store.Deliver(ctx, at, ds)
	if err == nil {
		return newOnes(ds, ok), 0
	}
	if len(ds) == 1 || ctx.Err() != nil {
		e.log.Error("scheduler: deliver", "deliveries", len(ds), "err", err)
		return nil, len(ds)
	}
	for _, d := range ds {
		one := []zhibu.Delivery{d}
		ok, err := e.store.Deliver(ctx, at, one)
		if err != nil {
			e.log.Error("scheduler: deliver", "key", d.Key, "branch_id", d.BranchID, "err", err)
			failed++
			continue
		}
		added = append(added, newOnes(one, ok)...)
	}
	return added, failed
}

// newOnes returns the deliveries the store reported new.
func newOnes(ds []zhibu.Delivery, added []bool) []zhibu.Delivery {
	var out []zhibu.Delivery
	for i, d := range ds {
		if i < len(added) && added[i] {
			out = append(out, d)
		}
	}
	return out
}

// anyMessages reports whether deliveries queued messages.
func anyMessages(ds []zhibu.Delivery) bool {
	for _, d := range ds {
		if len(d.Messages) > 0 {
			return true
		}
	}
	return false
}

// observe tells OnDelivered of the occurrences sent whose deliveries were
// new, with how late the tick at now was for them.
func (e *Engine) observe(now time.Time, sent []zhibu.Occurrence, added []zhibu.Delivery) {
	if e.delivered == nil || len(added) == 0 {
		return
	}
	occ := make(map[string]zhibu.Occurrence, len(sent))
	for _, o := range sent {
		occ[o.Key] = o
	}
	for _, d := range added {
		if o, ok := occ[d.Key]; ok && d.Outcome == zhibu.DeliverySent {
			e.delivered(o.Kind, max(now.Sub(o.FireAt), 0))
		}
	}
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
func (e *Engine) gather(ctx context.Context, from, now time.Time) ([]zhibu.Occurrence, bool) {
	var out []zhibu.Occurrence
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
			if o.Key == "" || o.Branch == nil {
				e.log.Error("scheduler: occurrence without a key or branch", "source", i, "kind", o.Kind, "key", o.Key)
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

// fillMessages completes what a Renderer may leave out: a message without a
// key gets one derived from the occurrence's, and one without a bound is
// given up once the occurrence has expired (a meeting reminder held back by
// rate limits is useless after the meeting began) — but for the note that
// an occurrence was Missed, which is news after it expired.
func fillMessages(o zhibu.Occurrence, msgs []zhibu.Message) []zhibu.Message {
	for i := range msgs {
		m := &msgs[i]
		if m.Key == "" {
			m.Key = fmt.Sprintf("%s#%d", o.Key, i)
		}
		if m.BranchID == 0 {
			m.BranchID = o.Branch.ID
		}
		if m.Kind == "" {
			m.Kind = string(o.Kind)
		}
		if m.NotAfter.IsZero() && !o.Missed {
			m.NotAfter = o.Expires
		}
	}
	return msgs
}
