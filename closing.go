package zhibu

import (
	"context"
	"fmt"
	"sort"

	"github.com/zhibu/zhibu/cntime"
)

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

// CloseMeeting closes a meeting that has started: everyone expected without
// check-in or accepted leave becomes 缺席, and the records are frozen.
func (ms *Meetings) CloseMeeting(ctx context.Context, chatID int64, p Person, number int) (Result, error) {
	b, actor, m, err := ms.open(ctx, chatID, p, number)
	if err != nil {
		return Result{}, err
	}
	if err := mayConvene(actor, ActManageAttendance, m.Type, m.Group); err != nil {
		return Result{}, err
	}
	now := ms.now()
	if !m.Started(now) {
		return Result{}, ErrNotStarted
	}
	roster, err := ms.svc.store.Members(ctx, b.ID)
	if err != nil {
		return Result{}, err
	}
	rs, err := ms.store.Attendance(ctx, m.ID)
	if err != nil {
		return Result{}, err
	}
	frozen := Close(m, SortRoster(roster), rs)
	m.State, m.ClosedAt, m.ClosedBy, m.UpdatedAt = MeetingClosed, now, actor.ID, now
	tally := Count(m.Type, frozen, statuses(roster))
	c := ms.svc.change(b.ID, p, actor.Name, "meeting.close", fmt.Sprint(m.Number), "",
		fmt.Sprintf("expected=%d present=%d leave=%d absent=%d late=%d", tally.Expected, tally.Present, tally.Leave, tally.Absent, tally.Late))
	if err := ms.store.CloseMeeting(ctx, m, frozen, c); err != nil {
		return Result{}, err
	}
	return ms.result(ctx, m)
}

// Correct changes a member's outcome at a closed meeting. Only officers may,
// and the audit log keeps who, when, before and after.
func (ms *Meetings) Correct(ctx context.Context, chatID int64, p Person, number int, name string, to Outcome) (Attendance, Attendance, error) {
	b, actor, m, err := ms.Meeting(ctx, chatID, p, number)
	if err != nil {
		return Attendance{}, Attendance{}, err
	}
	if err := Authorize(actor, ActManageAttendance); err != nil {
		return Attendance{}, Attendance{}, err
	}
	if m.State != MeetingClosed {
		return Attendance{}, Attendance{}, ErrMeetingNotClosed
	}
	if !correctable(to) {
		return Attendance{}, Attendance{}, &ValidationError{Field: "outcome", Problem: ProblemUnknown, Value: string(to)}
	}
	rs, err := ms.store.Attendance(ctx, m.ID)
	if err != nil {
		return Attendance{}, Attendance{}, err
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
		return before, after, err
	}
	return Attendance{}, Attendance{}, ErrNotExpected
}

func correctable(o Outcome) bool {
	for _, x := range CorrectableOutcomes {
		if x == o {
			return true
		}
	}
	return false
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

// AddMinutes stores a new version of a meeting's minutes. Officers and the
// meeting's 记录人 may; earlier versions are kept.
func (ms *Meetings) AddMinutes(ctx context.Context, chatID int64, p Person, number int, text string) (Minutes, error) {
	b, actor, m, err := ms.Meeting(ctx, chatID, p, number)
	if err != nil {
		return Minutes{}, err
	}
	if m.RecorderID != actor.ID {
		if err := Authorize(actor, ActWriteMinutes); err != nil {
			return Minutes{}, err
		}
	}
	if m.State == MeetingCancelled {
		return Minutes{}, ErrMeetingCancelled
	}
	if text, err = checkText(FieldMinutes, text, MaxMinutesLen, true); err != nil {
		return Minutes{}, err
	}
	v := Minutes{MeetingID: m.ID, Text: text, AuthorID: actor.ID, CreatedAt: ms.now()}
	c := ms.svc.change(b.ID, p, actor.Name, "minutes.add", fmt.Sprint(m.Number), "", fmt.Sprintf("%d chars", len([]rune(text))))
	return ms.store.AddMinutes(ctx, v, c)
}

// Record is a meeting's 会议记录: the header fields of DOMAIN.md §4 with the
// result, the minutes' versions and names of the host and recorder.
type Record struct {
	Result
	Host, Recorder string
	Minutes        []Minutes
}

// Record assembles the 会议记录 of a meeting, for officers.
func (ms *Meetings) Record(ctx context.Context, chatID int64, p Person, number int) (Record, error) {
	_, actor, m, err := ms.Meeting(ctx, chatID, p, number)
	if err != nil {
		return Record{}, err
	}
	if m.RecorderID != actor.ID {
		if err := Authorize(actor, ActViewAttendance); err != nil {
			return Record{}, err
		}
	}
	return ms.record2(ctx, m)
}

func (ms *Meetings) record2(ctx context.Context, m Meeting) (Record, error) {
	r, err := ms.result(ctx, m)
	if err != nil {
		return Record{}, err
	}
	roster, err := ms.svc.store.Members(ctx, m.BranchID)
	if err != nil {
		return Record{}, err
	}
	rec := Record{Result: r}
	for _, mem := range roster {
		if mem.ID == m.HostID {
			rec.Host = mem.Name
		}
		if mem.ID == m.RecorderID {
			rec.Recorder = mem.Name
		}
	}
	rec.Minutes, err = ms.store.MinutesOf(ctx, m.ID)
	return rec, err
}

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

// Stats is an attendance table over a period.
type Stats struct {
	Branch  Branch
	Period  cntime.Period
	Type    MeetingType
	Rows    []MemberStats // worst first
	Private bool          // the asker's own row only
}

// Attendance returns attendance statistics: every member's for officers,
// one's own (self) for anyone. A name asks for one member (officers only).
func (ms *Meetings) Attendance(ctx context.Context, chatID int64, p Person, period cntime.Period, t MeetingType, name string, self bool) (Stats, error) {
	b, actor, err := ms.svc.Actor(ctx, chatID, p)
	if err != nil {
		return Stats{}, err
	}
	f := StatsFilter{BranchID: b.ID, From: period.From, To: period.To, Type: t}
	switch {
	case self:
		f.MemberID = actor.ID
	case name != "":
		if err := Authorize(actor, ActViewAttendance); err != nil {
			return Stats{}, err
		}
		mem, err := ms.svc.store.MemberByName(ctx, b.ID, name)
		if err != nil {
			return Stats{}, err
		}
		f.MemberID = mem.ID
	case !Can(actor.Role, ActViewAttendance):
		self, f.MemberID = true, actor.ID // members see their own figures only
	}
	rows, err := ms.store.AttendanceStats(ctx, f)
	if err != nil {
		return Stats{}, err
	}
	if self && len(rows) == 0 {
		rows = []MemberStats{{MemberID: actor.ID, Name: actor.Name}}
	}
	SortWorstFirst(rows)
	return Stats{Branch: b, Period: period, Type: t, Rows: rows, Private: self}, nil
}

// SortWorstFirst orders statistics by attendance rate, lowest first, then
// by absences, most first, then by name.
func SortWorstFirst(rows []MemberStats) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.Rate() != b.Rate() {
			return a.Rate() < b.Rate()
		}
		if a.Absent != b.Absent {
			return a.Absent > b.Absent
		}
		return a.Name < b.Name
	})
}

// Ledger is everything an attendance export holds for a period.
type Ledger struct {
	Branch   Branch
	Period   cntime.Period
	Summary  []MemberStats // per member and type
	Meetings []Record      // closed meetings in the period, by start
}

// Ledger gathers the attendance ledger (台账) of a period, for officers.
func (ms *Meetings) Ledger(ctx context.Context, chatID int64, p Person, period cntime.Period) (Ledger, error) {
	b, _, err := ms.svc.authorized(ctx, chatID, p, ActExport)
	if err != nil {
		return Ledger{}, err
	}
	summary, err := ms.store.AttendanceStats(ctx, StatsFilter{BranchID: b.ID, From: period.From, To: period.To, ByType: true})
	if err != nil {
		return Ledger{}, err
	}
	meetings, err := ms.store.Meetings(ctx, MeetingFilter{BranchID: b.ID, From: period.From, To: period.To, States: []MeetingState{MeetingClosed}})
	if err != nil {
		return Ledger{}, err
	}
	l := Ledger{Branch: b, Period: period, Summary: summary}
	if err := ms.fillLedger(ctx, &l, meetings); err != nil {
		return Ledger{}, err
	}
	return l, nil
}

// fillLedger loads records, minutes and names for many meetings with a
// fixed number of queries (never one per member).
func (ms *Meetings) fillLedger(ctx context.Context, l *Ledger, meetings []Meeting) error {
	ids := make([]int64, len(meetings))
	for i, m := range meetings {
		ids[i] = m.ID
	}
	rs, err := ms.store.AttendanceOf(ctx, ids)
	if err != nil {
		return err
	}
	roster, err := ms.svc.store.Members(ctx, l.Branch.ID)
	if err != nil {
		return err
	}
	names, sts := map[int64]string{}, statuses(roster)
	for _, m := range roster {
		names[m.ID] = m.Name
	}
	byMeeting := map[int64][]Attendance{}
	for _, a := range rs {
		byMeeting[a.MeetingID] = append(byMeeting[a.MeetingID], a)
	}
	for _, m := range meetings {
		recs := byMeeting[m.ID]
		l.Meetings = append(l.Meetings, Record{
			Result: Result{Meeting: m, Records: recs, Tally: Count(m.Type, recs, sts)},
			Host:   names[m.HostID], Recorder: names[m.RecorderID],
		})
	}
	return ms.fillMinutes(ctx, l, ids)
}

func (ms *Meetings) fillMinutes(ctx context.Context, l *Ledger, ids []int64) error {
	vs, err := ms.store.MinutesOfAll(ctx, ids)
	if err != nil {
		return err
	}
	byMeeting := map[int64][]Minutes{}
	for _, v := range vs {
		byMeeting[v.MeetingID] = append(byMeeting[v.MeetingID], v)
	}
	for i := range l.Meetings {
		l.Meetings[i].Minutes = byMeeting[l.Meetings[i].Meeting.ID]
	}
	return nil
}
