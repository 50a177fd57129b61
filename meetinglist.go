package zhibu

import (
	"context"
	"sort"
)

// Listing is what /meetings shows: upcoming meetings and the last few held,
// each with its live counts, and the branch whose zone they are shown in.
type Listing struct {
	Branch   Branch
	Upcoming []Result
	Recent   []Result
}

// List returns the chat branch's upcoming meetings, soonest first, and the
// meetings held: every one not closed yet and the last few closed, newest
// first.
func (ms *Meetings) List(ctx context.Context, chatID int64, p Person, recent int) (Listing, error) {
	b, _, err := ms.svc.Actor(ctx, chatID, p)
	if err != nil {
		return Listing{}, err
	}
	now := ms.now()
	up, err := ms.store.Meetings(ctx, MeetingFilter{BranchID: b.ID, States: []MeetingState{MeetingScheduled}})
	if err != nil {
		return Listing{}, err
	}
	past, err := ms.store.Meetings(ctx, MeetingFilter{BranchID: b.ID, States: []MeetingState{MeetingClosed}, Desc: true, Limit: recent})
	if err != nil {
		return Listing{}, err
	}
	l := Listing{Branch: b}
	if len(up)+len(past) == 0 {
		return l, nil
	}
	roster, err := ms.svc.store.Members(ctx, b.ID)
	if err != nil {
		return Listing{}, err
	}
	for _, m := range up {
		v, err := ms.viewWith(ctx, b, m, roster)
		if err != nil {
			return Listing{}, err
		}
		if m.Start.Before(now.Add(-CheckInClosesAfter)) {
			l.Recent = append(l.Recent, v.Result) // held but not closed yet
			continue
		}
		l.Upcoming = append(l.Upcoming, v.Result)
	}
	for _, m := range past {
		v, err := ms.viewWith(ctx, b, m, roster)
		if err != nil {
			return Listing{}, err
		}
		l.Recent = append(l.Recent, v.Result)
	}
	// Held meetings not closed yet (a 补录 among them may be old) and closed
	// ones come from two queries: one order, newest first.
	sort.SliceStable(l.Recent, func(i, j int) bool { return l.Recent[i].Meeting.Start.After(l.Recent[j].Meeting.Start) })
	return l, nil
}
