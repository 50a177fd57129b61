package zhibu

import (
	"context"
	"fmt"
	"time"
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
		return Marked{}, &CheckInWindowError{Opens: m.Start.Add(-CheckInOpensBefore), Closes: m.Start.Add(CheckInClosesAfter), Now: now, Loc: b.Location()}
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
// The record keeps who signed; the audit log when.
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
		return Marked{}, &CheckInWindowError{Opens: m.Start.Add(-CheckInOpensBefore), Closes: m.Start.Add(CheckInClosesAfter), Now: now, Loc: b.Location()}
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
	a.CheckedInAt, a.CheckedInBy = signedAt(m, now), actor.ID
	a.Late = late || (m.CheckInOpen(now) && m.IsLate(now))
	a.Observer = !ms.expected(ctx, m, mem)
	c := ms.svc.change(b.ID, p, actor.Name, "attendance.sign_in", mem.Name, before, describeAttendance(a))
	a, err = ms.store.SaveAttendance(ctx, a, &c)
	return Marked{Branch: b, Meeting: m, Actor: actor, Member: mem, Record: a}, err
}

// signedAt is the time a sign-in by someone else records as the arrival:
// now while the meeting's check-in is open (代签), the meeting's start once
// it is over or when it was held offline (补签, 补录) — signing in today a
// meeting held last week does not date the presence today.
func signedAt(m Meeting, now time.Time) time.Time {
	if m.Backfilled || m.State == MeetingClosed || now.After(m.Start.Add(CheckInClosesAfter)) {
		return m.Start
	}
	return now
}

func describeAttendance(a Attendance) string {
	return fmt.Sprintf("answer=%s leave=%q rejected=%v checked_in=%s by=%d late=%v observer=%v outcome=%s",
		a.Answer, a.LeaveReason, a.LeaveRejected, fmtTime(a.CheckedInAt), a.CheckedInBy, a.Late, a.Observer, a.Outcome)
}

// AddObserver records a 列席 attendee by name: someone on the roster who is
// not expected at this meeting, or a guest with no roster entry. It may be
// done before the meeting is closed, and after, when it corrects the record
// (an officer, or the 党小组长 of the group, as for corrections). Recording
// the same person twice changes nothing.
func (ms *Meetings) AddObserver(ctx context.Context, chatID int64, p Person, number int, name string) (Marked, error) {
	b, actor, m, err := ms.amendable(ctx, chatID, p, number, ActManageAttendance)
	if err != nil {
		return Marked{}, err
	}
	if name, err = CleanName(FieldName, name, MaxNameLen); err != nil {
		return Marked{}, err
	}
	mk := Marked{Branch: b, Meeting: m, Actor: actor}
	a, found, err := ms.guest(ctx, m, name)
	if err != nil {
		return Marked{}, err
	}
	if !found {
		a = Attendance{MeetingID: m.ID, Name: name}
	}
	if mem, err := ms.svc.activeByName(ctx, b.ID, name); err == nil {
		if ms.expected(ctx, m, mem) {
			return Marked{}, ErrConflict
		}
		if a, err = ms.record(ctx, m, mem); err != nil {
			return Marked{}, err
		}
		mk.Member = mem
	}
	if a.Observer && a.CheckedIn() {
		mk.Record = a
		return mk, nil
	}
	before := describeAttendance(a)
	a.Observer, a.CheckedInAt, a.CheckedInBy = true, signedAt(m, ms.now()), actor.ID
	if m.State == MeetingClosed {
		a.Expected, a.Outcome = false, OutcomeObserver
	}
	c := ms.svc.change(b.ID, p, actor.Name, "attendance.observer", name, before, describeAttendance(a))
	mk.Record, err = ms.store.SaveAttendance(ctx, a, &c)
	return mk, err
}

// CheckInWindowError is a check-in outside its window: it says when the
// window opens and closes, so that the member can be told when to come
// back. It is ErrCheckInClosed.
type CheckInWindowError struct {
	Opens, Closes, Now time.Time
	Loc                *time.Location // the branch's zone
}

func (e *CheckInWindowError) Error() string {
	return fmt.Sprintf("check-in not open: opens %s, closes %s", e.Opens.Format(time.RFC3339), e.Closes.Format(time.RFC3339))
}

// Unwrap makes it ErrCheckInClosed.
func (e *CheckInWindowError) Unwrap() error { return ErrCheckInClosed }

// Early reports whether the window has not opened yet.
func (e *CheckInWindowError) Early() bool { return e.Now.Before(e.Opens) }
