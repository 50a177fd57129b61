package storage

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"gorm.io/gorm"

	"github.com/zhibu/zhibu"
)

// outcomes gives each member's outcome at a meeting; a name starting with
// "列席" is an observer.
type outcomes map[string]zhibu.Outcome

// mustClosedMeeting creates a meeting of branch b and closes it with one
// record per entry of records. ids maps names to member ids (observers
// without an entry get member id 0).
func mustClosedMeeting(t *testing.T, db *DB, b zhibu.Branch, typ zhibu.MeetingType, start time.Time,
	ids map[string]int64, records outcomes) zhibu.Meeting {
	t.Helper()
	m := mustMeeting(t, db, b, typ, start)
	m.State, m.ClosedAt = zhibu.MeetingClosed, start.Add(2*time.Hour)
	var rs []zhibu.Attendance
	for name, o := range records {
		obs := o == zhibu.OutcomeObserver
		rs = append(rs, zhibu.Attendance{MemberID: ids[name], Name: name, Expected: !obs, Observer: obs, Outcome: o})
	}
	if err := db.CloseMeeting(context.Background(), m, rs, zhibu.Change{Action: "meeting.close"}); err != nil {
		t.Fatalf("CloseMeeting(%s at %v) = %v", typ, start, err)
	}
	return m
}

func TestAttendanceStats(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, _ := mustBranch(t, db, -1001)
		other, _ := mustBranch(t, db, -1002)
		ids := map[string]int64{}
		for i, name := range []string{"甲", "乙", "丙", "戊"} {
			ids[name] = mustMember(t, db, b, name, int64(i+1)).ID
		}
		const (
			present = zhibu.OutcomePresent
			late    = zhibu.OutcomeLate
			leave   = zhibu.OutcomeLeave
			absent  = zhibu.OutcomeAbsent
			watch   = zhibu.OutcomeObserver
		)
		general, group := zhibu.MeetingGeneral, zhibu.MeetingGroup
		// The year 2026 in Shanghai: [2025-12-31 16:00 UTC, 2026-12-31 16:00 UTC).
		from := time.Date(2026, 1, 1, 0, 0, 0, 0, shanghai)
		to := time.Date(2027, 1, 1, 0, 0, 0, 0, shanghai)
		day := func(m, d int) time.Time { return time.Date(2026, time.Month(m), d, 19, 0, 0, 0, shanghai) }

		// In the period: at its first instant, and two more; 丁 has no roster
		// entry and 戊 is a member who came without being expected.
		mustClosedMeeting(t, db, b, general, from, ids, outcomes{"甲": present, "乙": absent, "丙": late})
		mustClosedMeeting(t, db, b, general, day(2, 1), ids, outcomes{"甲": present, "乙": late, "丙": leave, "丁": watch, "戊": watch})
		mustClosedMeeting(t, db, b, group, day(3, 1), ids, outcomes{"甲": absent, "乙": present})
		// Not counted: before and at the end of the period, cancelled, still
		// open, of another branch.
		mustClosedMeeting(t, db, b, general, from.Add(-time.Second), ids, outcomes{"甲": absent})
		mustClosedMeeting(t, db, b, general, to, ids, outcomes{"甲": present})
		cancelled := mustMeeting(t, db, b, general, day(4, 1))
		cancelled.State, cancelled.CancelReason = zhibu.MeetingCancelled, "改期"
		if err := db.UpdateMeeting(ctx, cancelled, zhibu.Change{Action: "meeting.cancel"}); err != nil {
			t.Fatal(err)
		}
		open := mustMeeting(t, db, b, general, day(5, 1))
		for _, m := range []zhibu.Meeting{cancelled, open} {
			mustAttendance(t, db, zhibu.Attendance{MeetingID: m.ID, MemberID: ids["甲"], Name: "甲", Expected: true, Outcome: absent})
		}
		mustClosedMeeting(t, db, other, general, day(2, 1), ids, outcomes{"甲": absent})

		row := func(name string, typ zhibu.MeetingType, exp, pres, lt, lv, abs int) zhibu.MemberStats {
			return zhibu.MemberStats{MemberID: ids[name], Name: name, Type: typ, Expected: exp, Present: pres,
				Late: lt, Leave: lv, Absent: abs}
		}
		for _, tt := range []struct {
			name string
			f    zhibu.StatsFilter
			want []zhibu.MemberStats
		}{
			{"per member", zhibu.StatsFilter{From: from, To: to}, []zhibu.MemberStats{
				row("甲", "", 3, 2, 0, 0, 1),
				row("乙", "", 3, 2, 1, 0, 1),
				row("丙", "", 2, 1, 1, 1, 0),
			}},
			{"by type", zhibu.StatsFilter{From: from, To: to, ByType: true}, []zhibu.MemberStats{
				row("甲", general, 2, 2, 0, 0, 0),
				row("甲", group, 1, 0, 0, 0, 1),
				row("乙", general, 2, 1, 1, 0, 1),
				row("乙", group, 1, 1, 0, 0, 0),
				row("丙", general, 2, 1, 1, 1, 0),
			}},
			{"one type", zhibu.StatsFilter{From: from, To: to, Type: group}, []zhibu.MemberStats{
				row("甲", "", 1, 0, 0, 0, 1),
				row("乙", "", 1, 1, 0, 0, 0),
			}},
			{"one member", zhibu.StatsFilter{From: from, To: to, MemberID: ids["乙"]}, []zhibu.MemberStats{
				row("乙", "", 3, 2, 1, 0, 1),
			}},
			{"one member by type", zhibu.StatsFilter{From: from, To: to, MemberID: ids["丙"], ByType: true}, []zhibu.MemberStats{
				row("丙", general, 2, 1, 1, 1, 0),
			}},
			{"open bounds", zhibu.StatsFilter{MemberID: ids["甲"]}, []zhibu.MemberStats{
				row("甲", "", 5, 3, 0, 0, 2),
			}},
			{"observer only", zhibu.StatsFilter{From: from, To: to, MemberID: ids["戊"]}, []zhibu.MemberStats{}},
			{"next period", zhibu.StatsFilter{From: to, To: to.AddDate(1, 0, 0)}, []zhibu.MemberStats{
				row("甲", "", 1, 1, 0, 0, 0),
			}},
			{"empty period", zhibu.StatsFilter{From: to.AddDate(1, 0, 0), To: to.AddDate(2, 0, 0)}, []zhibu.MemberStats{}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				tt.f.BranchID = b.ID
				got, err := db.AttendanceStats(ctx, tt.f)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("AttendanceStats(%+v) (-want +got):\n%s", tt.f, diff)
				}
			})
		}
	})
}

// BenchmarkAttendanceStatsYear measures one year's statistics of a branch
// of 50 members with 1,500 closed meetings (150 a year over ten years) and
// 75,000 attendance records.
func BenchmarkAttendanceStatsYear(b *testing.B) {
	db, branch := newBenchDB(b)
	ctx := context.Background()
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, shanghai)
	for _, f := range []zhibu.StatsFilter{
		{BranchID: branch, From: from, To: from.AddDate(1, 0, 0)},
		{BranchID: branch, From: from, To: from.AddDate(1, 0, 0), ByType: true},
		{BranchID: branch, From: from, To: from.AddDate(1, 0, 0), MemberID: 25},
	} {
		name := "members"
		switch {
		case f.ByType:
			name = "by_type"
		case f.MemberID != 0:
			name = "one_member"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				rows, err := db.AttendanceStats(ctx, f)
				if err != nil || len(rows) == 0 {
					b.Fatalf("AttendanceStats() = %d rows, %v", len(rows), err)
				}
			}
		})
	}
}

// benchData fills db with the benchmark's branch in one transaction and
// returns the branch id. Member ids are 1..50.
func benchData(tb testing.TB, db *DB) int64 {
	tb.Helper()
	const members, meetings, years = 50, 1500, 10
	spread := []zhibu.Outcome{zhibu.OutcomePresent, zhibu.OutcomePresent, zhibu.OutcomePresent,
		zhibu.OutcomePresent, zhibu.OutcomePresent, zhibu.OutcomePresent, zhibu.OutcomeLate, zhibu.OutcomeLeave,
		zhibu.OutcomeLeave, zhibu.OutcomeAbsent}
	first := time.Date(2026-years+1, 1, 1, 19, 0, 0, 0, time.UTC)
	step := time.Duration(years) * 365 * 24 * time.Hour / meetings
	br := db.branchRow(zhibu.Branch{ChatID: -1, Name: "基准支部", TimeZone: zhibu.DefaultTimeZone, Active: true})
	err := db.gorm.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&br).Error; err != nil {
			return err
		}
		ms := make([]memberRow, members)
		for i := range ms {
			ms[i] = db.memberRow(zhibu.Member{BranchID: br.ID, Name: fmt.Sprintf("党员%02d", i+1), Status: zhibu.StatusFull})
		}
		if err := tx.CreateInBatches(&ms, 100).Error; err != nil {
			return err
		}
		mr := make([]meetingRow, meetings)
		for i := range mr {
			mr[i] = db.meetingRow(zhibu.Meeting{BranchID: br.ID, Number: i + 1, Type: zhibu.MeetingTypes[i%5],
				Start: first.Add(time.Duration(i) * step), State: zhibu.MeetingClosed})
			if i%20 == 0 {
				mr[i].State = string(zhibu.MeetingCancelled)
			}
		}
		if err := tx.CreateInBatches(&mr, 100).Error; err != nil {
			return err
		}
		ar := make([]attendanceRow, 0, meetings*members)
		for i, m := range mr {
			for j, mem := range ms {
				ar = append(ar, attendanceRow{MeetingID: m.ID, MemberID: mem.ID, Name: mem.Name, Expected: true,
					Outcome: string(spread[(i*7+j)%len(spread)])})
			}
		}
		return tx.CreateInBatches(&ar, 500).Error
	})
	if err != nil {
		tb.Fatal(err)
	}
	return br.ID
}

// BenchmarkAttendanceOfAll loads every record of 1,500 meetings, as a
// five-year export does.
func BenchmarkAttendanceOfAll(b *testing.B) {
	db, branch := newBenchDB(b)
	ctx := context.Background()
	ms, err := db.Meetings(ctx, zhibu.MeetingFilter{BranchID: branch})
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	for b.Loop() {
		rs, err := db.AttendanceOf(ctx, ids)
		if err != nil || len(rs) != 75000 {
			b.Fatalf("AttendanceOf = %d, %v", len(rs), err)
		}
	}
}

// newBenchDB opens a migrated database filled by benchData.
func newBenchDB(b *testing.B) (*DB, int64) {
	b.Helper()
	db, err := Open(b.TempDir()+"/bench.db", func() time.Time { return t0 })
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	return db, benchData(b, db)
}
