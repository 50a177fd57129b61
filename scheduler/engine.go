package scheduler

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"
)

// DeliveryStore records which occurrences were delivered and, in the same
// transaction, queues their messages in the outbox. *storage.DB implements it.
type DeliveryStore interface {
	// Delivered reports which of the keys already have a delivery record.
	Delivered(ctx context.Context, keys []string) (map[string]bool, error)
	// Deliver records the deliveries at at and puts their messages in the
	// outbox, in one immediate transaction, and reports which were new. A
	// delivery whose key is already recorded is skipped whole, its messages
	// too: this is what makes several processes ticking at once safe.
	Deliver(ctx context.Context, at time.Time, ds []Delivery) (added []bool, err error)
	// Watermark returns the time of the last completed tick, zero when none.
	Watermark(ctx context.Context) (time.Time, error)
	// SetWatermark stores the time of a completed tick; it never moves the
	// stored time backwards.
	SetWatermark(ctx context.Context, t time.Time) error
}

// Delivery is what became of one occurrence: its outcome and, when sent,
// the messages to queue (none is fine).
type Delivery struct {
	Key      string // the occurrence's
	BranchID int64
	Outcome  string // OutcomeSent, OutcomeDropped or OutcomeSkipped
	Messages []Message
}

// Delivery outcomes.
const (
	OutcomeSent    = "sent"    // rendered and queued in the outbox
	OutcomeDropped = "dropped" // found after its Expires: useless now
	OutcomeSkipped = "skipped" // an older occurrence of a recurring series found late
)

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
	// Wake is called after a tick queued messages (the bot wires
	// Sender.Wake); nil: nothing.
	Wake func()
}

// Engine turns the occurrences of its Sources into outbox messages exactly
// once. Several Engines, in one process or several, may tick on one store.
type Engine struct {
	store     DeliveryStore
	sources   []Source
	render    Renderer
	branches  Branches
	now       func() time.Time
	lookback  time.Duration
	lateAfter time.Duration
	log       *slog.Logger
	wake      func()
}

// NewEngine returns an Engine over store. o.Now is required: it panics
// without it.
func NewEngine(store DeliveryStore, sources []Source, r Renderer, b Branches, o EngineOptions) *Engine {
	if o.Now == nil {
		panic("scheduler: NewEngine without a clock (EngineOptions.Now)")
	}
	e := &Engine{store: store, sources: sources, render: r, branches: b, now: o.Now,
		lookback: o.Lookback, lateAfter: o.LateAfter, log: o.Log, wake: o.Wake}
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
// horizon that are not delivered yet, by FireAt then Key (n <= 0: all). A
// non-urgent occurrence due in quiet hours is shown at the end of the quiet
// period, when it will be sent; one that would then be past its Expires is
// left out, since it would be dropped.
func (e *Engine) Upcoming(ctx context.Context, branchID int64, n int, horizon time.Duration) ([]Occurrence, error) {
	now := e.now()
	all, err := e.list(ctx, now, horizon)
	if err != nil {
		return nil, fmt.Errorf("scheduler: upcoming of branch %d: %w", branchID, err)
	}
	var occs []Occurrence
	for _, o := range all {
		if o.BranchID == branchID {
			occs = append(occs, o)
		}
	}
	if occs, err = e.undelivered(ctx, occs); err != nil {
		return nil, fmt.Errorf("scheduler: upcoming of branch %d: %w", branchID, err)
	}
	q := e.newQuietCache()
	out := occs[:0]
	for _, o := range occs {
		if !o.Urgent {
			h, err := q.of(ctx, o.BranchID)
			if err != nil {
				return nil, fmt.Errorf("scheduler: upcoming of branch %d: %w", branchID, err)
			}
			o.FireAt = quietShift(o.FireAt, h.start, h.end, h.loc)
		}
		if !expired(o, o.FireAt) {
			out = append(out, o)
		}
	}
	sortOccurrences(out)
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
func (e *Engine) list(ctx context.Context, now time.Time, horizon time.Duration) ([]Occurrence, error) {
	var out []Occurrence
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
func (e *Engine) undelivered(ctx context.Context, occs []Occurrence) ([]Occurrence, error) {
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
	return slices.DeleteFunc(occs, func(o Occurrence) bool { return done[o.Key] }), nil
}

// expired reports whether o is past its Expires at t, so that sending it
// would be useless.
func expired(o Occurrence, t time.Time) bool {
	return !o.Expires.IsZero() && !o.Expires.After(t)
}

func sortOccurrences(occs []Occurrence) {
	slices.SortFunc(occs, func(a, b Occurrence) int {
		if c := a.FireAt.Compare(b.FireAt); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
}

// quietHours are the quiet hours of one branch.
type quietHours struct {
	start, end int
	loc        *time.Location
}

// quietCache asks Branches once per branch for the duration of one call.
type quietCache struct {
	b     Branches
	hours map[int64]quietHours
}

func (e *Engine) newQuietCache() *quietCache {
	return &quietCache{b: e.branches, hours: map[int64]quietHours{}}
}

func (q *quietCache) of(ctx context.Context, branchID int64) (quietHours, error) {
	if h, ok := q.hours[branchID]; ok {
		return h, nil
	}
	start, end, loc, err := q.b.Quiet(ctx, branchID)
	if err != nil {
		return quietHours{}, fmt.Errorf("quiet hours of branch %d: %w", branchID, err)
	}
	if loc == nil {
		return quietHours{}, fmt.Errorf("quiet hours of branch %d: no time zone", branchID)
	}
	h := quietHours{start: start, end: end, loc: loc}
	q.hours[branchID] = h
	return h, nil
}
