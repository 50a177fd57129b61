package zhibu

import (
	"context"
	"fmt"
	"time"
)

// Per-member limits: what one person may ask of the branch at once, so that
// nobody fills the officers' queues or the group alone. Each is checked in
// the same unit of work as the write it guards (Store.Atomically): two
// requests at once cannot both pass.
const (
	// MaxOpenPledges is how many pledges a member may have open (under
	// review, sent back, published or waiting for confirmation) at once.
	// Branches ask for a few pledges a year (often one per call, 2–5 in
	// all); ten leaves room for several calls overlapping, while each
	// pledge under review waits in the officers' queue, so more is noise.
	MaxOpenPledges = 10
	// MaxJoinRequestsPerDay is how many join requests one Telegram account
	// may make to one branch in a day of the branch's calendar, rejected
	// ones included: each posts a card to the group for the officers.
	MaxJoinRequestsPerDay = 3
	// MaxProgressNotes is how many progress notes (践诺) one pledge keeps.
	// A note a month for four years; the pledge's history, shown whole by
	// /pledge N and in the ledger, stays readable.
	MaxProgressNotes = 50
	// MaxRegistrationsPerDay is how many requests to register a branch
	// one group may make in a day (Asia/Shanghai, or the zone asked for),
	// refused ones included: each sends every operator a private notice,
	// and a refused group may add the bot again and ask again.
	MaxRegistrationsPerDay = 3
)

// Limit names a per-member limit.
type Limit string

// Limits.
const (
	LimitOpenPledges   Limit = "open_pledges"
	LimitJoinRequests  Limit = "join_requests"
	LimitProgress      Limit = "progress_notes" // of one pledge
	LimitRegistrations Limit = "registrations"  // of one group, a day
)

// LimitError means a request was refused because the sender reached a
// per-member limit: Max of Limit. Nothing was stored.
type LimitError struct {
	Limit  Limit
	Max    int
	Number int // the pledge's 编号, for a limit of one pledge
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("limit %s reached (at most %d)", e.Limit, e.Max)
}

// atMost refuses with a LimitError when n already reaches max.
func atMost(l Limit, n, max int) error {
	if n >= max {
		return &LimitError{Limit: l, Max: max}
	}
	return nil
}

// dayStart is the first moment of t's day in loc.
func dayStart(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

// atomically runs fn in one unit of work of the store, so that a limit
// counted in fn still holds when fn writes.
func (s *Service) atomically(ctx context.Context, fn func(ctx context.Context) error) error {
	return s.store.Atomically(ctx, fn)
}
