package zhibu

import "context"

// Listing is what /meetings shows: upcoming meetings and the last few held,
// each with its live counts.
type Listing struct {
	Upcoming []Result
	Recent   []Result
}

// List returns the chat branch's upcoming meetings and the last few held.
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
	var l Listing
	for _, m := range up {
		r, err := ms.result(ctx, m)
		if err != nil {
			return Listing{}, err
		}
		if m.Start.Before(now.Add(-CheckInClosesAfter)) {
			l.Recent = append(l.Recent, r) // held but not closed yet
			continue
		}
		l.Upcoming = append(l.Upcoming, r)
	}
	for _, m := range past {
		r, err := ms.result(ctx, m)
		if err != nil {
			return Listing{}, err
		}
		l.Recent = append(l.Recent, r)
	}
	return l, nil
}
