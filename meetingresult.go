package zhibu

import "context"

// Result is a closed (or previewed) meeting with its records and tally.
type Result struct {
	Meeting Meeting
	Records []Attendance // expected members first, by name order of the roster; observers last
	Tally   Tally
}

// result computes the live or frozen result of a meeting.
func (ms *Meetings) result(ctx context.Context, m Meeting) (Result, error) {
	rs, err := ms.store.Attendance(ctx, m.ID)
	if err != nil {
		return Result{}, err
	}
	roster, err := ms.svc.store.Members(ctx, m.BranchID)
	if err != nil {
		return Result{}, err
	}
	if m.State != MeetingClosed {
		rs = Preview(m, SortRoster(roster), rs)
	}
	return Result{Meeting: m, Records: rs, Tally: Count(m.Type, rs, statuses(roster))}, nil
}

func statuses(roster []Member) map[int64]Status {
	out := make(map[int64]Status, len(roster))
	for _, m := range roster {
		out[m.ID] = m.Status
	}
	return out
}

// Result returns a meeting's result: live counts while open, frozen once
// closed. Details (who answered what, leave reasons) are for officers; the
// bot shows members the counts only.
func (ms *Meetings) Result(ctx context.Context, chatID int64, p Person, number int) (Result, bool, error) {
	_, actor, m, err := ms.Meeting(ctx, chatID, p, number)
	if err != nil {
		return Result{}, false, err
	}
	r, err := ms.result(ctx, m)
	return r, Can(actor.Role, ActViewAttendance), err
}

// ResultOf is Result for a meeting already in hand (announcement refresh).
func (ms *Meetings) ResultOf(ctx context.Context, m Meeting) (Result, error) {
	return ms.result(ctx, m)
}
