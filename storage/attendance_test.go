package storage

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
)

// mustAttendance inserts a record.
func mustAttendance(t *testing.T, db *DB, a zhibu.Attendance) zhibu.Attendance {
	t.Helper()
	a, err := db.SaveAttendance(context.Background(), a, nil)
	if err != nil {
		t.Fatalf("SaveAttendance(%s at meeting %d) = %v", a.Name, a.MeetingID, err)
	}
	return a
}

func TestSaveAttendance(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, founder := mustBranch(t, db, -1001)
		start := time.Date(2026, 3, 10, 19, 0, 0, 0, shanghai)
		m := mustMeeting(t, db, b, zhibu.MeetingGeneral, start)
		other := mustMeeting(t, db, b, zhibu.MeetingGeneral, start.Add(24*time.Hour))

		in := zhibu.Attendance{ID: 0, MeetingID: m.ID, MemberID: founder.ID, Name: founder.Name, Expected: true,
			Answer: zhibu.AnswerLeave, AnsweredAt: start.Add(-time.Hour), LeaveReason: "出差"}
		c := &zhibu.Change{BranchID: 999, ActorID: founder.TelegramID, Action: "meeting.leave", Subject: founder.Name, At: t0}
		got, err := db.SaveAttendance(ctx, in, c)
		if err != nil {
			t.Fatalf("SaveAttendance(insert) = %v", err)
		}
		want := in
		want.ID, want.AnsweredAt = got.ID, in.AnsweredAt.UTC()
		if diff := cmp.Diff(want, got); diff != "" || got.ID == 0 {
			t.Errorf("SaveAttendance(insert) (-want +got):\n%s", diff)
		}
		cs, _ := db.Changes(ctx, b.ID, 1)
		if len(cs) != 1 || cs[0].Action != "meeting.leave" || cs[0].BranchID != b.ID {
			t.Errorf("Changes() = %+v, want meeting.leave in the meeting's branch", cs)
		}

		// Update every mutable field; a zero time is stored as NULL.
		upd := want
		upd.Name, upd.Expected, upd.Observer, upd.Answer, upd.AnsweredAt = "改名", false, true, zhibu.AnswerAttend, time.Time{}
		upd.LeaveReason, upd.LeaveRejected, upd.LeaveRejectedBy = "", true, 5
		upd.CheckedInAt, upd.CheckedInBy, upd.Late, upd.Outcome = start.Add(15*time.Minute), 6, true, zhibu.OutcomeLate
		got, err = db.SaveAttendance(ctx, upd, nil)
		if err != nil {
			t.Fatalf("SaveAttendance(update) = %v", err)
		}
		upd.CheckedInAt = upd.CheckedInAt.UTC()
		if diff := cmp.Diff(upd, got); diff != "" {
			t.Errorf("SaveAttendance(update) (-want +got):\n%s", diff)
		}
		guest := mustAttendance(t, db, zhibu.Attendance{MeetingID: m.ID, Name: "上级来宾", Observer: true,
			CheckedInAt: start, Outcome: zhibu.OutcomeObserver})
		stored, err := db.Attendance(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		guest.CheckedInAt = start.UTC()
		if diff := cmp.Diff([]zhibu.Attendance{upd, guest}, stored); diff != "" {
			t.Errorf("Attendance() (-want +got):\n%s", diff)
		}
		// branch.create, two meeting.create and the leave: none for a nil *Change.
		if cs, _ := db.Changes(ctx, b.ID, 0); len(cs) != 4 {
			t.Errorf("Changes() = %d entries, want 4", len(cs))
		}

		// The same person at another meeting is a new record, not a conflict.
		mustAttendance(t, db, zhibu.Attendance{MeetingID: other.ID, MemberID: founder.ID, Name: founder.Name})
		mustAttendance(t, db, zhibu.Attendance{MeetingID: other.ID, Name: "上级来宾", Observer: true})
		for _, tt := range []struct {
			name string
			a    zhibu.Attendance
			want error
		}{
			{"second record of a member", zhibu.Attendance{MeetingID: m.ID, MemberID: founder.ID, Name: "x"}, zhibu.ErrConflict},
			{"second guest of one name", zhibu.Attendance{MeetingID: m.ID, Name: "上级来宾", Observer: true}, zhibu.ErrConflict},
			{"unknown meeting", zhibu.Attendance{MeetingID: 999, MemberID: founder.ID}, zhibu.ErrNotFound},
			{"unknown record", zhibu.Attendance{ID: 999, MeetingID: m.ID, MemberID: founder.ID}, zhibu.ErrNotFound},
			{"record of another meeting", zhibu.Attendance{ID: upd.ID, MeetingID: other.ID, MemberID: founder.ID}, zhibu.ErrNotFound},
			{"record of another member", zhibu.Attendance{ID: upd.ID, MeetingID: m.ID, MemberID: 42}, zhibu.ErrNotFound},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := db.SaveAttendance(ctx, tt.a, &zhibu.Change{Action: "x"})
				if !errors.Is(err, tt.want) {
					t.Errorf("SaveAttendance(%+v) = %v, want %v", tt.a, err, tt.want)
				}
			})
		}
		// A guest renamed onto another guest's name conflicts.
		g2 := mustAttendance(t, db, zhibu.Attendance{MeetingID: m.ID, Name: "另一位", Observer: true})
		g2.Name = "上级来宾"
		if _, err := db.SaveAttendance(ctx, g2, nil); !errors.Is(err, zhibu.ErrConflict) {
			t.Errorf("SaveAttendance(rename guest onto a taken name) = %v, want ErrConflict", err)
		}
	})
}

func TestAttendanceOf(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, _ := mustBranch(t, db, -1001)
		// Meetings with ids far apart, so that the ids asked for fall in
		// different chunks of the IN list.
		for _, id := range []int64{1, 700, 1400} {
			r := db.meetingRow(zhibu.Meeting{ID: id, BranchID: b.ID, Number: int(id), Type: zhibu.MeetingGeneral, Start: t0})
			if err := db.gorm.Create(&r).Error; err != nil {
				t.Fatal(err)
			}
		}
		var want []zhibu.Attendance
		for _, id := range []int64{1400, 700, 1} {
			for _, name := range []string{"乙", "甲"} {
				want = append(want, mustAttendance(t, db, zhibu.Attendance{MeetingID: id, Name: name, Observer: true}))
			}
		}
		// By meeting then id: meeting 1's records were inserted last.
		want = slices.Concat(want[4:6], want[2:4], want[0:2])
		ids := []int64{1400, 1, 700, 1} // repeated
		for id := int64(2); id < 1400; id++ {
			ids = append(ids, id) // unknown
		}
		got, err := db.AttendanceOf(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("AttendanceOf(%d ids) (-want +got):\n%s", len(ids), diff)
		}
		if got, err := db.AttendanceOf(ctx, nil); err != nil || len(got) != 0 {
			t.Errorf("AttendanceOf(nil) = %v, %v; want none", got, err)
		}
		if got, err := db.Attendance(ctx, 999); err != nil || len(got) != 0 {
			t.Errorf("Attendance(999) = %v, %v; want none", got, err)
		}
	})
}

// closingFixture is a meeting with three open records: an answer, a leave
// and a check-in.
func closingFixture(t *testing.T, db *DB) (zhibu.Meeting, []zhibu.Attendance) {
	t.Helper()
	b, founder := mustBranch(t, db, -1001)
	li := mustMember(t, db, b, "李四", 0)
	wang := mustMember(t, db, b, "王五", 0)
	start := time.Date(2026, 3, 10, 19, 0, 0, 0, shanghai)
	m := mustMeeting(t, db, b, zhibu.MeetingGeneral, start)
	open := []zhibu.Attendance{
		{MeetingID: m.ID, MemberID: founder.ID, Name: founder.Name, Answer: zhibu.AnswerAttend,
			AnsweredAt: start.Add(-time.Hour), CheckedInAt: start.Add(20 * time.Minute), CheckedInBy: founder.ID, Late: true},
		{MeetingID: m.ID, MemberID: li.ID, Name: li.Name, Answer: zhibu.AnswerLeave,
			AnsweredAt: start.Add(-2 * time.Hour), LeaveReason: "出差"},
		{MeetingID: m.ID, MemberID: wang.ID, Name: wang.Name, Answer: zhibu.AnswerLeave, LeaveReason: "有事",
			LeaveRejected: true, LeaveRejectedBy: founder.ID},
	}
	for i, a := range open {
		open[i] = mustAttendance(t, db, a)
	}
	return m, open
}

func TestCloseMeeting(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		m, open := closingFixture(t, db)
		closedAt := m.Start.Add(2 * time.Hour)
		m.State, m.ClosedBy, m.ClosedAt, m.UpdatedAt = zhibu.MeetingClosed, open[0].MemberID, closedAt, closedAt
		frozen := slices.Clone(open)
		frozen[0].Outcome, frozen[1].Outcome, frozen[2].Outcome = zhibu.OutcomeLate, zhibu.OutcomeLeave, zhibu.OutcomeAbsent
		for i := range frozen {
			frozen[i].Expected = true
		}
		frozen = append(frozen, zhibu.Attendance{ID: 555, MeetingID: 999, Name: "来宾", Observer: true,
			CheckedInAt: m.Start, Outcome: zhibu.OutcomeObserver})
		c := zhibu.Change{Action: "meeting.close", Subject: "1"}
		if err := db.CloseMeeting(ctx, m, frozen, c); err != nil {
			t.Fatalf("CloseMeeting() = %v", err)
		}
		got, err := db.Attendance(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := make([]zhibu.Attendance, len(frozen))
		for i, a := range frozen {
			a.ID, a.MeetingID = got[i].ID, m.ID
			want[i] = a
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Attendance() after CloseMeeting (-want +got):\n%s", diff)
		}
		for i := range open {
			if got[i].ID == open[i].ID {
				t.Errorf("record %d kept id %d: the old records should have been replaced", i, open[i].ID)
			}
		}
		stored, err := db.MeetingByNumber(ctx, m.BranchID, m.Number)
		if err != nil || stored.State != zhibu.MeetingClosed || !stored.ClosedAt.Equal(closedAt) || stored.ClosedBy != m.ClosedBy {
			t.Errorf("meeting after CloseMeeting = %+v, %v", stored, err)
		}
		if cs, _ := db.Changes(ctx, m.BranchID, 1); len(cs) != 1 || cs[0].Action != "meeting.close" || cs[0].BranchID != m.BranchID {
			t.Errorf("Changes() = %+v, want meeting.close", cs)
		}
	})
}

func TestCloseMeetingRollsBack(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		m, open := closingFixture(t, db)
		before, _ := db.Changes(ctx, m.BranchID, 0)
		closed := m
		closed.State, closed.ClosedAt = zhibu.MeetingClosed, m.Start.Add(time.Hour)
		for _, tt := range []struct {
			name    string
			m       zhibu.Meeting
			records []zhibu.Attendance
			want    error
		}{
			{"duplicate member", closed, []zhibu.Attendance{open[0], open[1], open[0]}, zhibu.ErrConflict},
			{"duplicate guest", closed, []zhibu.Attendance{{Name: "来宾", Observer: true}, {Name: "来宾", Observer: true}}, zhibu.ErrConflict},
			{"unknown meeting", zhibu.Meeting{ID: 999, BranchID: m.BranchID, State: zhibu.MeetingClosed}, open, zhibu.ErrNotFound},
		} {
			t.Run(tt.name, func(t *testing.T) {
				err := db.CloseMeeting(ctx, tt.m, tt.records, zhibu.Change{Action: "meeting.close"})
				if !errors.Is(err, tt.want) {
					t.Fatalf("CloseMeeting() = %v, want %v", err, tt.want)
				}
				if got, _ := db.Attendance(ctx, m.ID); !cmp.Equal(got, open) {
					t.Errorf("records after failed close = %+v, want the open ones unchanged", got)
				}
				if got, _ := db.MeetingByNumber(ctx, m.BranchID, m.Number); got.State != zhibu.MeetingScheduled || !got.ClosedAt.IsZero() {
					t.Errorf("meeting after failed close = %+v, want still scheduled", got)
				}
				if cs, _ := db.Changes(ctx, m.BranchID, 0); len(cs) != len(before) {
					t.Errorf("changes after failed close = %d, want %d", len(cs), len(before))
				}
			})
		}
	})
}
