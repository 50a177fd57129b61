package zhibu

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zhibu/zhibu/cntime"
)

// Meetings holds the use cases of meetings and attendance.
type Meetings struct {
	svc   *Service
	store MeetingStore
	now   func() time.Time
}

// NewMeetings returns the meeting use cases over the roster service and a
// meeting store.
func NewMeetings(svc *Service, store MeetingStore) *Meetings {
	return &Meetings{svc: svc, store: store, now: svc.now}
}

// Draft is a meeting as an officer describes it, before it is stored.
type Draft struct {
	Type     MeetingType
	Group    string
	Start    time.Time
	End      time.Time
	Place    string
	Topic    string
	Host     string // name on the roster; empty means the 书记
	Recorder string // name on the roster; optional
	Lecturer string
	Backfill bool // 补录: held offline in the past
	// Reading is the reading taken of a time phrase that allowed several
	// (明天三点 as 15:00), and ReadHour the hour as written: the draft
	// echoes both, with the way to write the other.
	Reading  cntime.Choice `json:",omitempty"`
	ReadHour int           `json:",omitempty"`
	// Tomorrow: the phrase said 明天 between midnight and 05:00, when
	// people still mean the coming morning; the draft says which day it is.
	Tomorrow bool `json:",omitempty"`
}

// Planned is a validated draft with who will be expected, the branch it
// is planned in and the branch's roster.
type Planned struct {
	Branch   Branch
	Meeting  Meeting
	Expected int
	Host     Member
	Recorder Member
	Roster   []Member
}

// View is the meeting, once scheduled, as its announcement first shows it:
// no one has answered yet, so it needs no read.
func (pl Planned) View() MeetingView { return newView(pl.Branch, pl.Meeting, pl.Roster, nil) }

// checkText validates a free-text field: trimmed, within limit, required or
// not, without a hidden character (HiddenChar).
func checkText(field, s string, limit int, required bool) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" && required {
		return "", &ValidationError{Field: field, Problem: ProblemEmpty}
	}
	if err := checkHidden(field, s); err != nil {
		return "", err
	}
	if utf8.RuneCountInString(s) > limit {
		return "", &ValidationError{Field: field, Problem: ProblemTooLong, Value: s, Limit: limit}
	}
	return s, nil
}

// mayConvene reports whether m may schedule or manage meeting type t of group:
// officers always; a 党小组长 for the 党小组会 of their own group.
func mayConvene(m Member, a Action, t MeetingType, group string) error {
	if m.Role == RoleGroupLeader && t == MeetingGroup && group != "" && group == m.Group && !m.Removed {
		return nil
	}
	return Authorize(m, a)
}

// Plan validates a draft for the chat's branch without storing it, so the
// bot can echo what it understood and ask to confirm.
func (ms *Meetings) Plan(ctx context.Context, chatID int64, p Person, d Draft) (Planned, error) {
	b, actor, err := ms.svc.Actor(ctx, chatID, p)
	if err != nil {
		return Planned{}, err
	}
	if d.Type == MeetingGroup && d.Group == "" && actor.Role == RoleGroupLeader {
		d.Group = actor.Group
	}
	if err := mayConvene(actor, ActScheduleMeeting, d.Type, d.Group); err != nil {
		return Planned{}, err
	}
	roster, err := ms.svc.store.Members(ctx, b.ID)
	if err != nil {
		return Planned{}, err
	}
	m, err := ms.check(d, b, roster)
	if err != nil {
		return Planned{}, err
	}
	pl := Planned{Branch: b, Meeting: m, Roster: roster}
	for _, mem := range roster {
		if Expected(m.Type, m.Group, mem) {
			pl.Expected++
		}
		if mem.ID == m.HostID {
			pl.Host = mem
		}
		if mem.ID == m.RecorderID { // the host may keep the minutes too
			pl.Recorder = mem
		}
	}
	pl.Meeting.CreatedBy = actor.ID
	return pl, nil
}

func (ms *Meetings) check(d Draft, b Branch, roster []Member) (Meeting, error) {
	if _, err := ParseMeetingType(string(d.Type)); err != nil {
		return Meeting{}, err
	}
	m := Meeting{BranchID: b.ID, Type: d.Type, Start: d.Start, End: d.End, State: MeetingScheduled, Backfilled: d.Backfill}
	var err error
	if m.Place, err = checkText(FieldPlace, d.Place, MaxPlaceLen, true); err != nil {
		return Meeting{}, err
	}
	if m.Topic, err = checkText(FieldTopic, d.Topic, MaxTopicLen, false); err != nil {
		return Meeting{}, err
	}
	if m.Lecturer, err = checkText(FieldLecturer, d.Lecturer, MaxLecturerLen, false); err != nil {
		return Meeting{}, err
	}
	if err := ms.checkTimes(d); err != nil {
		return Meeting{}, err
	}
	if d.Type == MeetingGroup {
		if m.Group, err = ms.checkGroup(d.Group, roster); err != nil {
			return Meeting{}, err
		}
	}
	if m.HostID, err = pick(roster, d.Host, true); err != nil {
		return Meeting{}, err
	}
	if d.Host == "" && m.Type == MeetingGroup {
		// A 党小组会 is chaired by its 党小组长 unless another is named.
		for _, mem := range roster {
			if !mem.Removed && mem.Role == RoleGroupLeader && mem.Group == m.Group {
				m.HostID = mem.ID
				break
			}
		}
	}
	if m.RecorderID, err = pick(roster, d.Recorder, false); err != nil {
		return Meeting{}, err
	}
	return m, nil
}

func (ms *Meetings) checkTimes(d Draft) error {
	now := ms.now()
	switch {
	case d.Start.IsZero():
		return &ValidationError{Field: FieldStart, Problem: ProblemEmpty}
	case !d.End.IsZero() && !d.End.After(d.Start):
		return &ValidationError{Field: FieldEnd, Problem: ProblemInvalid}
	case !d.Backfill && d.Start.Before(now):
		return ErrInPast
	case d.Backfill && d.Start.After(now):
		return ErrBackfillFuture
	}
	return nil
}

func (ms *Meetings) checkGroup(group string, roster []Member) (string, error) {
	if group == "" {
		return "", ErrNoGroup
	}
	for _, m := range roster {
		if !m.Removed && m.Group == group {
			return group, nil
		}
	}
	return "", &ValidationError{Field: FieldGroup, Problem: ProblemUnknown, Value: group}
}

// pick finds a roster member by name; an empty name gives the 书记 when
// secretary is set, else 0.
func pick(roster []Member, name string, secretary bool) (int64, error) {
	for _, m := range roster {
		if m.Removed {
			continue
		}
		if (name == "" && secretary && m.Role == RoleSecretary) || (name != "" && m.Name == name) {
			return m.ID, nil
		}
	}
	if name == "" {
		return 0, nil
	}
	return 0, &ValidationError{Field: FieldHost, Problem: ProblemUnknown, Value: name}
}

// Schedule validates and stores a meeting.
func (ms *Meetings) Schedule(ctx context.Context, chatID int64, p Person, d Draft) (Planned, error) {
	pl, err := ms.Plan(ctx, chatID, p, d)
	if err != nil {
		return Planned{}, err
	}
	now := ms.now()
	pl.Meeting.CreatedAt, pl.Meeting.UpdatedAt = now, now
	c := ms.svc.change(pl.Meeting.BranchID, p, "", "meeting.create", string(pl.Meeting.Type), "", describeMeeting(pl.Meeting))
	pl.Meeting, err = ms.store.CreateMeeting(ctx, pl.Meeting, c)
	return pl, err
}

func describeMeeting(m Meeting) string {
	return fmt.Sprintf("type=%s group=%s start=%s end=%s place=%s topic=%s state=%s",
		m.Type, m.Group, m.Start.UTC().Format(time.RFC3339), fmtTime(m.End), m.Place, m.Topic, m.State)
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// SetAnnouncement records the chat message that announces a meeting.
func (ms *Meetings) SetAnnouncement(ctx context.Context, m Meeting, messageID int) error {
	m.AnnounceID, m.UpdatedAt = messageID, ms.now()
	c := Change{BranchID: m.BranchID, Action: "meeting.announce", Subject: fmt.Sprint(m.Number), After: fmt.Sprint(messageID), At: ms.now()}
	return ms.store.UpdateMeeting(ctx, m, c)
}

// Meeting returns a meeting of the chat's branch by 编号 for a member.
func (ms *Meetings) Meeting(ctx context.Context, chatID int64, p Person, number int) (Branch, Member, Meeting, error) {
	b, actor, err := ms.svc.Actor(ctx, chatID, p)
	if err != nil {
		return b, actor, Meeting{}, err
	}
	m, err := ms.store.MeetingByNumber(ctx, b.ID, number)
	return b, actor, m, err
}

// open returns a meeting that is still scheduled.
func (ms *Meetings) open(ctx context.Context, chatID int64, p Person, number int) (Branch, Member, Meeting, error) {
	b, actor, m, err := ms.Meeting(ctx, chatID, p, number)
	if err != nil {
		return b, actor, m, err
	}
	switch m.State {
	case MeetingCancelled:
		return b, actor, m, ErrMeetingCancelled
	case MeetingClosed:
		return b, actor, m, ErrMeetingClosed
	}
	return b, actor, m, nil
}

// Marked is what an attendance action (参加, 请假, 签到, 代签, 列席, 驳回请假)
// did: the meeting and its branch, who acted, whose record it is (the zero
// Member for a guest) and the record as saved.
type Marked struct {
	Branch  Branch
	Meeting Meeting
	Actor   Member
	Member  Member
	Record  Attendance
	// RejectedBy is, for a leave asked again after an officer rejected
	// one, that officer (member id), who should hear of it; 0 otherwise.
	RejectedBy int64
}

// record finds the attendance record of a member at a meeting, or a new one.
func (ms *Meetings) record(ctx context.Context, m Meeting, mem Member) (Attendance, error) {
	rs, err := ms.store.Attendance(ctx, m.ID)
	if err != nil {
		return Attendance{}, err
	}
	for _, a := range rs {
		if a.MemberID == mem.ID {
			a.Name = mem.Name
			return a, nil
		}
	}
	return Attendance{MeetingID: m.ID, MemberID: mem.ID, Name: mem.Name}, nil
}

// Answer records a member's 参加 or 请假 (with a reason). Answering again
// changes the answer; a new leave clears an earlier rejection.
func (ms *Meetings) Answer(ctx context.Context, chatID int64, p Person, number int, ans Answer, reason string) (Marked, error) {
	b, actor, m, err := ms.open(ctx, chatID, p, number)
	if err != nil {
		return Marked{}, err
	}
	if !Invited(m, actor) {
		return Marked{}, ErrNotInvited
	}
	if ans == AnswerLeave {
		if reason, err = checkText(FieldReason, reason, MaxReasonLen, true); err != nil {
			return Marked{}, err
		}
	} else {
		reason = ""
	}
	a, err := ms.record(ctx, m, actor)
	if err != nil {
		return Marked{}, err
	}
	var rejectedBy int64
	if ans == AnswerLeave && a.LeaveRejected {
		rejectedBy = a.LeaveRejectedBy
	}
	a.Answer, a.AnsweredAt, a.LeaveReason, a.LeaveRejected, a.LeaveRejectedBy = ans, ms.now(), reason, false, 0
	a, err = ms.store.SaveAttendance(ctx, a, nil)
	return Marked{Branch: b, Meeting: m, Actor: actor, Member: actor, Record: a, RejectedBy: rejectedBy}, err
}

// RejectLeave rejects a member's leave reason; the member counts as absent
// unless they check in.
func (ms *Meetings) RejectLeave(ctx context.Context, chatID int64, p Person, number int, name string) (Marked, error) {
	b, actor, m, err := ms.open(ctx, chatID, p, number)
	if err != nil {
		return Marked{}, err
	}
	if err := Authorize(actor, ActManageAttendance); err != nil {
		return Marked{}, err
	}
	mem, err := ms.svc.activeByName(ctx, b.ID, name)
	if err != nil {
		return Marked{}, err
	}
	a, err := ms.record(ctx, m, mem)
	if err != nil {
		return Marked{}, err
	}
	if a.Answer != AnswerLeave || a.LeaveRejected {
		return Marked{}, ErrNotAnswered
	}
	a.LeaveRejected, a.LeaveRejectedBy = true, actor.ID
	c := ms.svc.change(b.ID, p, actor.Name, "leave.reject", mem.Name, a.LeaveReason, "rejected")
	a, err = ms.store.SaveAttendance(ctx, a, &c)
	return Marked{Branch: b, Meeting: m, Actor: actor, Member: mem, Record: a}, err
}

// Lookup finds a meeting of the chat's branch by 编号, with the branch, and
// no rights check, for the adapter's own housekeeping (refreshing an
// announcement).
func (ms *Meetings) Lookup(ctx context.Context, chatID int64, number int) (Branch, Meeting, error) {
	b, err := ms.svc.Branch(ctx, chatID)
	if err != nil {
		return b, Meeting{}, err
	}
	m, err := ms.store.MeetingByNumber(ctx, b.ID, number)
	return b, m, err
}

// Between lists every branch's scheduled meetings starting in [from, to),
// for the reminder engine.
func (ms *Meetings) Between(ctx context.Context, from, to time.Time) ([]Meeting, error) {
	return ms.store.Meetings(ctx, MeetingFilter{From: from, To: to, States: []MeetingState{MeetingScheduled}})
}
