package zhibu

import (
	"context"

	"github.com/zhibu/zhibu/cntime"
)

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
