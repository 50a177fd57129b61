package zhibu

import (
	"context"
	"sort"

	"github.com/zhibu/zhibu/cntime"
)

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
