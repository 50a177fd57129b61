package zhibu

import (
	"context"
	"fmt"
)

// CheckIn records the sender's presence while the check-in window is open;
// after start + 10 minutes it counts as 迟到. Checking in twice keeps the first.
func (ms *Meetings) CheckIn(ctx context.Context, chatID int64, p Person, number int) (Marked, error) {
	b, actor, m, err := ms.open(ctx, chatID, p, number)
	if err != nil {
		return Marked{}, err
	}
	now := ms.now()
	if !m.CheckInOpen(now) {
		return Marked{}, ErrCheckInClosed
	}
	a, err := ms.record(ctx, m, actor)
	if err != nil {
		return Marked{}, err
	}
	mk := Marked{Branch: b, Meeting: m, Actor: actor, Member: actor, Record: a}
	if a.CheckedIn() {
		return mk, nil
	}
	a.CheckedInAt, a.CheckedInBy, a.Late = now, actor.ID, m.IsLate(now)
	a.Observer = !ms.expected(ctx, m, actor)
	mk.Record, err = ms.store.SaveAttendance(ctx, a, nil)
	return mk, err
}

func (ms *Meetings) expected(_ context.Context, m Meeting, mem Member) bool {
	return Expected(m.Type, m.Group, mem)
}

// SignIn is 代签 (during the meeting) and 补签 (after it): an officer, or the
// 党小组长 at their group's meeting, signs a member in by name. late marks
// the arrival as 迟到; during the meeting lateness also follows the clock.
// The record keeps who signed and when.
func (ms *Meetings) SignIn(ctx context.Context, chatID int64, p Person, number int, name string, late bool) (Marked, error) {
	b, actor, m, err := ms.open(ctx, chatID, p, number)
	if err != nil {
		return Marked{}, err
	}
	if err := mayConvene(actor, ActManageAttendance, m.Type, m.Group); err != nil {
		return Marked{}, err
	}
	now := ms.now()
	if now.Before(m.Start.Add(-CheckInOpensBefore)) {
		return Marked{}, ErrCheckInClosed
	}
	mem, err := ms.svc.activeByName(ctx, b.ID, name)
	if err != nil {
		return Marked{}, err
	}
	a, err := ms.record(ctx, m, mem)
	if err != nil {
		return Marked{}, err
	}
	before := describeAttendance(a)
	a.CheckedInAt, a.CheckedInBy = now, actor.ID
	a.Late = late || (m.CheckInOpen(now) && m.IsLate(now))
	a.Observer = !ms.expected(ctx, m, mem)
	c := ms.svc.change(b.ID, p, actor.Name, "attendance.sign_in", mem.Name, before, describeAttendance(a))
	a, err = ms.store.SaveAttendance(ctx, a, &c)
	return Marked{Branch: b, Meeting: m, Actor: actor, Member: mem, Record: a}, err
}

func describeAttendance(a Attendance) string {
	return fmt.Sprintf("answer=%s leave=%q rejected=%v checked_in=%s by=%d late=%v observer=%v outcome=%s",
		a.Answer, a.LeaveReason, a.LeaveRejected, fmtTime(a.CheckedInAt), a.CheckedInBy, a.Late, a.Observer, a.Outcome)
}

// AddObserver records a 列席 attendee by name: someone on the roster who is
// not expected at this meeting, or a guest with no roster entry.
func (ms *Meetings) AddObserver(ctx context.Context, chatID int64, p Person, number int, name string) (Marked, error) {
	b, actor, m, err := ms.open(ctx, chatID, p, number)
	if err != nil {
		return Marked{}, err
	}
	if err := mayConvene(actor, ActManageAttendance, m.Type, m.Group); err != nil {
		return Marked{}, err
	}
	if name, err = CleanName(FieldName, name, MaxNameLen); err != nil {
		return Marked{}, err
	}
	mk := Marked{Branch: b, Meeting: m, Actor: actor}
	a := Attendance{MeetingID: m.ID, Name: name, Observer: true}
	if mem, err := ms.svc.activeByName(ctx, b.ID, name); err == nil {
		if ms.expected(ctx, m, mem) {
			return Marked{}, ErrConflict
		}
		if a, err = ms.record(ctx, m, mem); err != nil {
			return Marked{}, err
		}
		a.Observer, mk.Member = true, mem
	}
	now := ms.now()
	a.CheckedInAt, a.CheckedInBy = now, actor.ID
	c := ms.svc.change(b.ID, p, actor.Name, "attendance.observer", name, "", "observer")
	mk.Record, err = ms.store.SaveAttendance(ctx, a, &c)
	return mk, err
}
