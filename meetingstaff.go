package zhibu

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Post is a meeting role held by a member of the roster.
type Post string

// Posts of a meeting.
const (
	PostHost     Post = "主持人"
	PostRecorder Post = "记录人"
)

// ErrNotCheckedIn means there is no check-in to undo.
var ErrNotCheckedIn = errors.New("not checked in")

// amendable returns a meeting that may still be amended: scheduled, or
// closed, whose record is then corrected; and the action that needs, which
// for a closed meeting is the one attendance corrections need.
func (ms *Meetings) amendable(ctx context.Context, chatID int64, p Person, number int, scheduled Action) (Branch, Member, Meeting, error) {
	b, actor, m, err := ms.Meeting(ctx, chatID, p, number)
	if err != nil {
		return b, actor, m, err
	}
	if m.State == MeetingCancelled {
		return b, actor, m, ErrMeetingCancelled
	}
	a := scheduled
	if m.State == MeetingClosed {
		a = ActManageAttendance
	}
	return b, actor, m, mayConvene(actor, a, m.Type, m.Group)
}

// SetPost names a meeting's 主持人 or 记录人 — a member on the roster; "无"
// clears the 记录人 — before the meeting or after it closed, when it corrects
// the record. The audit log keeps who changed whom for whom. It returns the
// name held before, and the view after; when the name does not change
// nothing is stored.
func (ms *Meetings) SetPost(ctx context.Context, chatID int64, p Person, number int, post Post, name string) (string, MeetingView, error) {
	b, actor, m, err := ms.amendable(ctx, chatID, p, number, ActScheduleMeeting)
	if err != nil {
		return "", MeetingView{}, err
	}
	roster, err := ms.svc.store.Members(ctx, b.ID)
	if err != nil {
		return "", MeetingView{}, err
	}
	id := &m.HostID
	if post == PostRecorder {
		id = &m.RecorderID
	}
	before := memberByID(roster, *id).Name
	switch {
	case post == PostRecorder && name == "无":
		*id = 0
	case name == "":
		return "", MeetingView{}, &ValidationError{Field: FieldHost, Problem: ProblemEmpty}
	default:
		if *id, err = pick(roster, name, false); err != nil {
			return "", MeetingView{}, err
		}
	}
	after := memberByID(roster, *id).Name
	if after != before {
		m.UpdatedAt = ms.now()
		action := map[Post]string{PostHost: "meeting.host", PostRecorder: "meeting.recorder"}[post]
		c := ms.svc.change(b.ID, p, actor.Name, action, fmt.Sprint(m.Number), before, after)
		if err := ms.store.UpdateMeeting(ctx, m, c); err != nil {
			return "", MeetingView{}, err
		}
	}
	v, err := ms.viewWith(ctx, b, m, roster)
	return before, v, err
}

// UndoCheckIn takes back a check-in (签到 or 代签) made by mistake, before
// the meeting is closed; after, a correction (Correct) changes the outcome
// instead. An officer, or the 党小组长 at their group's meeting, may; the
// audit log keeps the record before and after.
func (ms *Meetings) UndoCheckIn(ctx context.Context, chatID int64, p Person, number int, name string) (Marked, error) {
	b, actor, m, err := ms.open(ctx, chatID, p, number)
	if err != nil {
		return Marked{}, err
	}
	if err := mayConvene(actor, ActManageAttendance, m.Type, m.Group); err != nil {
		return Marked{}, err
	}
	a, mem, err := ms.recordNamed(ctx, b, m, name)
	if err != nil {
		return Marked{}, err
	}
	if !a.CheckedIn() {
		return Marked{}, ErrNotCheckedIn
	}
	before := describeAttendance(a)
	a.CheckedInAt, a.CheckedInBy, a.Late, a.Observer = time.Time{}, 0, false, false
	c := ms.svc.change(b.ID, p, actor.Name, "attendance.undo_check_in", a.Name, before, describeAttendance(a))
	a, err = ms.store.SaveAttendance(ctx, a, &c)
	return Marked{Branch: b, Meeting: m, Actor: actor, Member: mem, Record: a}, err
}

// recordNamed finds the record of a person at a meeting by name: a member
// on the roster, or a guest recorded as 列席. It is ErrNotCheckedIn when
// there is none.
func (ms *Meetings) recordNamed(ctx context.Context, b Branch, m Meeting, name string) (Attendance, Member, error) {
	if mem, err := ms.svc.activeByName(ctx, b.ID, name); err == nil {
		a, err := ms.record(ctx, m, mem)
		return a, mem, err
	} else if !errors.Is(err, ErrNotFound) {
		return Attendance{}, Member{}, err
	}
	a, ok, err := ms.guest(ctx, m, name)
	switch {
	case err != nil:
		return Attendance{}, Member{}, err
	case !ok:
		return Attendance{}, Member{}, ErrNotFound
	}
	return a, Member{}, nil
}

// guest finds the record of a guest (no roster entry) at a meeting by name.
func (ms *Meetings) guest(ctx context.Context, m Meeting, name string) (Attendance, bool, error) {
	rs, err := ms.store.Attendance(ctx, m.ID)
	if err != nil {
		return Attendance{}, false, err
	}
	for _, a := range rs {
		if a.MemberID == 0 && a.Name == name {
			return a, true, nil
		}
	}
	return Attendance{}, false, nil
}

// AttendingSince reports whether the sender answered 参加 or checked in at
// meeting number at or after t: a leave reason they were asked for before
// then is no longer what they mean.
func (ms *Meetings) AttendingSince(ctx context.Context, chatID int64, p Person, number int, t time.Time) (bool, error) {
	_, actor, m, err := ms.Meeting(ctx, chatID, p, number)
	if err != nil {
		return false, err
	}
	a, err := ms.record(ctx, m, actor)
	if err != nil {
		return false, err
	}
	attended := a.Answer == AnswerAttend && !a.AnsweredAt.Before(t)
	return attended || (a.CheckedIn() && !a.CheckedInAt.Before(t)), nil
}
