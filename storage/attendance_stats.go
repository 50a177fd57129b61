package storage

import (
	"context"
	"fmt"

	"github.com/zhibu/zhibu"
)

// statsRow is one row of the attendance statistics query.
type statsRow struct {
	MemberID int64
	Name     string
	Type     string
	Expected int
	Present  int
	Late     int
	Leave    int
	Absent   int
}

func (r statsRow) stats() zhibu.MemberStats {
	return zhibu.MemberStats{MemberID: r.MemberID, Name: r.Name, Type: zhibu.MeetingType(r.Type),
		Expected: r.Expected, Present: r.Present, Late: r.Late, Leave: r.Leave, Absent: r.Absent}
}

// statsColumns counts a group's records by outcome. Its parameters are the
// outcomes 出席 and 迟到 (present, late included, as in zhibu.Count), then
// 迟到, 请假 and 缺席.
const statsColumns = `a.member_id AS member_id, MAX(a.name) AS name, COUNT(*) AS expected,
	SUM(CASE WHEN a.outcome IN (?, ?) THEN 1 ELSE 0 END) AS present,
	SUM(CASE WHEN a.outcome = ? THEN 1 ELSE 0 END) AS late,
	SUM(CASE WHEN a.outcome = ? THEN 1 ELSE 0 END) AS leave,
	SUM(CASE WHEN a.outcome = ? THEN 1 ELSE 0 END) AS absent`

// AttendanceStats counts, in one aggregate query, the expected records of
// the closed meetings of f.BranchID that start in [f.From, f.To) (a zero
// bound is open), of type f.Type and member f.MemberID when those are set:
// one row per member, or per member and type when f.ByType, ordered by
// member id (then type). Observers and cancelled or open meetings do not
// count. Name is the name on the member's records.
func (db *DB) AttendanceStats(ctx context.Context, f zhibu.StatsFilter) ([]zhibu.MemberStats, error) {
	cols, group := statsColumns, "a.member_id"
	if f.ByType {
		cols, group = statsColumns+", m.type AS type", "a.member_id, m.type"
	}
	q := db.conn(ctx).Table("attendance AS a").
		Select(cols, string(zhibu.OutcomePresent), string(zhibu.OutcomeLate),
			string(zhibu.OutcomeLate), string(zhibu.OutcomeLeave), string(zhibu.OutcomeAbsent)).
		Joins("JOIN meetings AS m ON m.id = a.meeting_id").
		Where("m.branch_id = ? AND m.state = ?", f.BranchID, string(zhibu.MeetingClosed)).
		Where("a.expected AND NOT a.observer")
	if !f.From.IsZero() {
		q = q.Where("m.start_at >= ?", db.bound(f.From))
	}
	if !f.To.IsZero() {
		q = q.Where("m.start_at < ?", db.bound(f.To))
	}
	if f.Type != "" {
		q = q.Where("m.type = ?", string(f.Type))
	}
	if f.MemberID != 0 {
		q = q.Where("a.member_id = ?", f.MemberID)
	}
	var rows []statsRow
	if err := q.Group(group).Order(group).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: attendance stats of branch %d: %w", f.BranchID, err)
	}
	out := make([]zhibu.MemberStats, len(rows))
	for i, r := range rows {
		out[i] = r.stats()
	}
	return out, nil
}
