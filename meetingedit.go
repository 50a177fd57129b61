package zhibu

import (
	"context"
	"fmt"
	"time"
)

// Edit is a change to a scheduled meeting.
type Edit struct {
	Start, End   time.Time // reschedule when Start is set
	Place, Topic string    // change when not empty
	Cancel       bool
	CancelReason string
}

// Change applies an edit (reschedule, place, topic or cancel) and returns
// the meeting before, the view of it after, and the records of those who
// answered, so they can be told.
func (ms *Meetings) Change(ctx context.Context, chatID int64, p Person, number int, e Edit) (Meeting, MeetingView, []Attendance, error) {
	b, actor, m, err := ms.open(ctx, chatID, p, number)
	if err != nil {
		return m, MeetingView{}, nil, err
	}
	if err := mayConvene(actor, ActScheduleMeeting, m.Type, m.Group); err != nil {
		return m, MeetingView{}, nil, err
	}
	after, action, err := ms.apply(m, e)
	if err != nil {
		return m, MeetingView{}, nil, err
	}
	after.UpdatedAt = ms.now()
	c := ms.svc.change(b.ID, p, actor.Name, action, fmt.Sprint(m.Number), describeMeeting(m), describeMeeting(after))
	if err := ms.store.UpdateMeeting(ctx, after, c); err != nil {
		return m, MeetingView{}, nil, err
	}
	roster, err := ms.svc.store.Members(ctx, b.ID)
	if err != nil {
		return m, MeetingView{}, nil, err
	}
	rs, err := ms.store.Attendance(ctx, m.ID)
	if err != nil {
		return m, MeetingView{}, nil, err
	}
	var answered []Attendance
	for _, a := range rs {
		if a.Answer != AnswerNone && a.MemberID != 0 {
			answered = append(answered, a)
		}
	}
	return m, newView(b, after, roster, rs), answered, nil
}

func (ms *Meetings) apply(m Meeting, e Edit) (Meeting, string, error) {
	var err error
	switch {
	case e.Cancel:
		if m.CancelReason, err = checkText(FieldCancelReason, e.CancelReason, MaxReasonLen, true); err != nil {
			return m, "", err
		}
		m.State = MeetingCancelled
		return m, "meeting.cancel", nil
	case !e.Start.IsZero():
		if err := ms.checkTimes(Draft{Start: e.Start, End: e.End, Backfill: m.Backfilled}); err != nil {
			return m, "", err
		}
		if e.End.IsZero() && !m.End.IsZero() {
			e.End = e.Start.Add(m.End.Sub(m.Start))
		}
		m.Start, m.End = e.Start, e.End
		return m, "meeting.reschedule", nil
	case e.Place != "":
		m.Place, err = checkText(FieldPlace, e.Place, MaxPlaceLen, true)
		return m, "meeting.place", err
	case e.Topic != "":
		m.Topic, err = checkText(FieldTopic, e.Topic, MaxTopicLen, true)
		return m, "meeting.topic", err
	}
	return m, "", &ValidationError{Field: FieldMeeting, Problem: ProblemEmpty}
}
