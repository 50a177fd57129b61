package scheduler

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/zhibu/zhibu"
)

// DeliveryStore records which occurrences were delivered and, in the same
// transaction, queues their messages in the outbox (*storage.DB).
type DeliveryStore interface {
	// Delivered reports which of the keys already have a delivery record.
	Delivered(ctx context.Context, keys []string) (map[string]bool, error)
	// Deliver records the deliveries at at and puts their messages in the
	// outbox, in one immediate transaction, and reports which were new. A
	// delivery whose key is already recorded is skipped whole, its messages
	// too: this is what makes several processes ticking at once safe.
	Deliver(ctx context.Context, at time.Time, ds []zhibu.Delivery) (added []bool, err error)
	// Watermark returns the time of the last completed tick, zero when none.
	Watermark(ctx context.Context) (time.Time, error)
	// SetWatermark stores the time of a completed tick; it never moves the
	// stored time backwards.
	SetWatermark(ctx context.Context, t time.Time) error
}

// Engine defaults.
const (
	DefaultLookback  = 36 * time.Hour
	DefaultLateAfter = 10 * time.Minute
)

// EngineOptions configures an Engine.
type EngineOptions struct {
	Now func() time.Time // required
	// Lookback is how far back each tick looks for undelivered occurrences
	// (default 36h); after a longer downtime the watermark extends it.
	Lookback time.Duration
	// LateAfter: an occurrence found more than this after its FireAt is
	// Late (default 10 min).
	LateAfter time.Duration
	Log       *slog.Logger // nil: discard
	// Wake is called after a tick queued messages (cmd wires Sender.Wake);
	// nil: nothing.
	Wake func()
	// OnDelivered is called for each occurrence a tick rendered and queued,
	// with its kind and how long after its FireAt the tick did so (the
	// program's metrics); nil: nothing.
	OnDelivered func(kind zhibu.OccurrenceKind, lateness time.Duration)
	// OnTick is called after each tick with how long it took on the
	// engine's clock; nil: nothing.
	OnTick func(d time.Duration)
}

// Engine turns the occurrences of its Sources into outbox messages exactly
// once. Several Engines, in one process or several, may tick on one store.
type Engine struct {
	store     DeliveryStore
	sources   []Source
	compose   Composer
	render    Renderer
	now       func() time.Time
	lookback  time.Duration
	lateAfter time.Duration
	log       *slog.Logger
	wake      func()
	delivered func(kind zhibu.OccurrenceKind, lateness time.Duration)
	ticked    func(d time.Duration)
}

// NewEngine returns an Engine over store: the sources say what is due, c
// what each occurrence says and to whom, r its words. o.Now is required: it
// panics without it.
func NewEngine(store DeliveryStore, sources []Source, c Composer, r Renderer, o EngineOptions) *Engine {
	if o.Now == nil {
		panic("scheduler: NewEngine without a clock (EngineOptions.Now)")
	}
	e := &Engine{store: store, sources: sources, compose: c, render: r, now: o.Now,
		lookback: o.Lookback, lateAfter: o.LateAfter, log: o.Log, wake: o.Wake,
		delivered: o.OnDelivered, ticked: o.OnTick}
	if e.lookback <= 0 {
		e.lookback = DefaultLookback
	}
	if e.lateAfter <= 0 {
		e.lateAfter = DefaultLateAfter
	}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	return e
}

// Run ticks at once and then every minute of real time until ctx ends. The
// decisions of each tick use the engine's clock. Errors are logged.
func (e *Engine) Run(ctx context.Context) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		if err := e.Tick(ctx); err != nil && ctx.Err() == nil {
			e.log.Error("scheduler tick", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Upcoming lists the next n occurrences of a branch after Now() and within
// horizon that are not delivered yet, by the time they will be sent then
// Key (n <= 0: all). A non-urgent occurrence due in quiet hours is shown at
// the end of the quiet period, when it will be sent; one that would then be
// past its Expires is left out, since it would be dropped.
func (e *Engine) Upcoming(ctx context.Context, branchID int64, n int, horizon time.Duration) ([]zhibu.Occurrence, error) {
	now := e.now()
	all, err := e.list(ctx, now, horizon)
	if err != nil {
		return nil, fmt.Errorf("scheduler: upcoming of branch %d: %w", branchID, err)
	}
	var occs []zhibu.Occurrence
	for _, o := range all {
		if o.Branch.ID == branchID {
			occs = append(occs, o)
		}
	}
	if occs, err = e.undelivered(ctx, occs); err != nil {
		return nil, fmt.Errorf("scheduler: upcoming of branch %d: %w", branchID, err)
	}
	out := occs[:0]
	for _, o := range occs {
		o.FireAt = o.SendAt()
		if !o.ExpiredAt(o.FireAt) {
			out = append(out, o)
		}
	}
	zhibu.SortOccurrences(out)
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out, nil
}

// NextAt returns the earliest FireAt after Now() and within horizon over all
// sources, zero when there is none. The run loop of a simulation jumps to it.
func (e *Engine) NextAt(ctx context.Context, horizon time.Duration) (time.Time, error) {
	occs, err := e.list(ctx, e.now(), horizon)
	if err != nil {
		return time.Time{}, fmt.Errorf("scheduler: next occurrence: %w", err)
	}
	var next time.Time
	for _, o := range occs {
		if next.IsZero() || o.FireAt.Before(next) {
			next = o.FireAt
		}
	}
	return next, nil
}

// list returns the occurrences of every source due in (now, now+horizon].
// Sources list [from, to): one nanosecond moves both ends.
func (e *Engine) list(ctx context.Context, now time.Time, horizon time.Duration) ([]zhibu.Occurrence, error) {
	var out []zhibu.Occurrence
	for _, s := range e.sources {
		occs, err := s.Occurrences(ctx, now.Add(time.Nanosecond), now.Add(horizon+time.Nanosecond))
		if err != nil {
			return nil, err
		}
		out = append(out, occs...)
	}
	return out, nil
}

// undelivered returns the occurrences that have no delivery record.
func (e *Engine) undelivered(ctx context.Context, occs []zhibu.Occurrence) ([]zhibu.Occurrence, error) {
	if len(occs) == 0 {
		return occs, nil
	}
	keys := make([]string, len(occs))
	for i, o := range occs {
		keys[i] = o.Key
	}
	done, err := e.store.Delivered(ctx, keys)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(occs, func(o zhibu.Occurrence) bool { return done[o.Key] }), nil
}
