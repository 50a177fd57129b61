package zhibu

import (
	"context"
	"fmt"
)

// CloseMeeting closes a meeting that has started: everyone expected without
// check-in or accepted leave becomes 缺席, and the records are frozen. It
// returns the closed meeting's view. A meeting nobody is present at is not
// closed: ErrNobodyPresent, for the officer to confirm with
// CloseEmptyMeeting.
func (ms *Meetings) CloseMeeting(ctx context.Context, chatID int64, p Person, number int) (MeetingView, error) {
	return ms.closeMeeting(ctx, chatID, p, number, false)
}

// CloseEmptyMeeting closes a meeting as CloseMeeting does, also when nobody
// is present: the officer has confirmed it.
func (ms *Meetings) CloseEmptyMeeting(ctx context.Context, chatID int64, p Person, number int) (MeetingView, error) {
	return ms.closeMeeting(ctx, chatID, p, number, true)
}

func (ms *Meetings) closeMeeting(ctx context.Context, chatID int64, p Person, number int, empty bool) (MeetingView, error) {
	b, actor, m, err := ms.open(ctx, chatID, p, number)
	if err != nil {
		return MeetingView{}, err
	}
	if err := mayConvene(actor, ActManageAttendance, m.Type, m.Group); err != nil {
		return MeetingView{}, err
	}
	now := ms.now()
	if !m.Started(now) {
		return MeetingView{}, ErrNotStarted
	}
	roster, err := ms.svc.store.Members(ctx, b.ID)
	if err != nil {
		return MeetingView{}, err
	}
	rs, err := ms.store.Attendance(ctx, m.ID)
	if err != nil {
		return MeetingView{}, err
	}
	frozen := Close(m, SortRoster(roster), rs)
	m.State, m.ClosedAt, m.ClosedBy, m.UpdatedAt = MeetingClosed, now, actor.ID, now
	tally := Count(m.Type, frozen, statuses(roster))
	if tally.Present == 0 && !empty {
		return MeetingView{}, ErrNobodyPresent
	}
	c := ms.svc.change(b.ID, p, actor.Name, "meeting.close", fmt.Sprint(m.Number), "",
		fmt.Sprintf("expected=%d present=%d leave=%d absent=%d late=%d", tally.Expected, tally.Present, tally.Leave, tally.Absent, tally.Late))
	if err := ms.store.CloseMeeting(ctx, m, frozen, c); err != nil {
		return MeetingView{}, err
	}
	return ms.viewWith(ctx, b, m, roster)
}

// Correct changes a member's outcome at a closed meeting. Only officers may,
// and the audit log keeps who, when, before and after. It returns the
// officer and the record before and after.
func (ms *Meetings) Correct(ctx context.Context, chatID int64, p Person, number int, name string, to Outcome) (Member, Attendance, Attendance, error) {
	b, actor, m, err := ms.Meeting(ctx, chatID, p, number)
	if err != nil {
		return actor, Attendance{}, Attendance{}, err
	}
	if err := Authorize(actor, ActManageAttendance); err != nil {
		return actor, Attendance{}, Attendance{}, err
	}
	if m.State != MeetingClosed {
		return actor, Attendance{}, Attendance{}, ErrMeetingNotClosed
	}
	if !correctable(to) {
		return actor, Attendance{}, Attendance{}, &ValidationError{Field: "outcome", Problem: ProblemUnknown, Value: string(to)}
	}
	rs, err := ms.store.Attendance(ctx, m.ID)
	if err != nil {
		return actor, Attendance{}, Attendance{}, err
	}
	for _, a := range rs {
		if a.Name != name || !a.Expected {
			continue
		}
		before := a
		a.Outcome, a.Late = to, to == OutcomeLate
		if (to == OutcomePresent || to == OutcomeLate) && !a.CheckedIn() {
			a.CheckedInAt, a.CheckedInBy = ms.now(), actor.ID
		}
		c := ms.svc.change(b.ID, p, actor.Name, "attendance.correct", name, string(before.Outcome), string(to))
		after, err := ms.store.SaveAttendance(ctx, a, &c)
		return actor, before, after, err
	}
	return actor, Attendance{}, Attendance{}, ErrNotExpected
}

func correctable(o Outcome) bool {
	for _, x := range CorrectableOutcomes {
		if x == o {
			return true
		}
	}
	return false
}
