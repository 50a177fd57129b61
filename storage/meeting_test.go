package storage

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
)

// mustMeeting creates a scheduled meeting of type typ in branch b at start.
func mustMeeting(t testing.TB, db *DB, b zhibu.Branch, typ zhibu.MeetingType, start time.Time) zhibu.Meeting {
	t.Helper()
	m := zhibu.Meeting{BranchID: b.ID, Type: typ, Start: start, Place: "会议室", Topic: "学习", CreatedBy: 1,
		CreatedAt: t0, UpdatedAt: t0}
	m, err := db.CreateMeeting(context.Background(), m, zhibu.Change{Action: "meeting.create"})
	if err != nil {
		t.Fatalf("CreateMeeting(%s at %v) = %v", typ, start, err)
	}
	return m
}

func TestCreateMeeting(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, founder := mustBranch(t, db, -1001)
		start := time.Date(2026, 3, 10, 19, 0, 0, 0, shanghai)
		in := zhibu.Meeting{ID: 99, BranchID: b.ID, Number: 42, Type: zhibu.MeetingLecture, Start: start,
			End: start.Add(time.Hour), Place: "三楼会议室", Topic: "党章学习", HostID: founder.ID, RecorderID: 7,
			Lecturer: "王教授", Backfilled: true, AnnounceID: 321, CreatedBy: founder.ID, CreatedAt: t0}
		c := zhibu.Change{BranchID: 999, ActorID: founder.TelegramID, Action: "meeting.create", Subject: "党课", At: t0}
		got, err := db.CreateMeeting(ctx, in, c)
		if err != nil {
			t.Fatalf("CreateMeeting() = %v", err)
		}
		want := in
		want.ID, want.Number, want.State = got.ID, 1, zhibu.MeetingScheduled
		want.Start, want.End, want.CreatedAt, want.UpdatedAt = start.UTC(), start.Add(time.Hour).UTC(), t0.UTC(), t0.UTC()
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("CreateMeeting() (-want +got):\n%s", diff)
		}
		if got.ID == 0 {
			t.Errorf("CreateMeeting() ID = 0, want one assigned")
		}
		// cmp compares times with Equal; the location is checked apart.
		if got.Start.Location() != time.UTC || got.CreatedAt.Location() != time.UTC {
			t.Errorf("CreateMeeting() times in %v, %v; want UTC", got.Start.Location(), got.CreatedAt.Location())
		}
		stored, err := db.MeetingByNumber(ctx, b.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, stored); diff != "" {
			t.Errorf("MeetingByNumber(1) (-want +got):\n%s", diff)
		}
		if stored.Start.Location() != time.UTC || stored.End.Location() != time.UTC {
			t.Errorf("MeetingByNumber(1) times in %v, %v; want UTC", stored.Start.Location(), stored.End.Location())
		}
		cs, _ := db.Changes(ctx, b.ID, 1)
		c.BranchID, c.At = b.ID, t0.UTC()
		if diff := cmp.Diff([]zhibu.Change{c}, cs); diff != "" {
			t.Errorf("Changes() (-want +got):\n%s", diff)
		}

		if _, err := db.CreateMeeting(ctx, zhibu.Meeting{BranchID: 999, Type: zhibu.MeetingGeneral, Start: start}, c); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("CreateMeeting(unknown branch) = %v, want ErrNotFound", err)
		}
	})
}

func TestMeetingNumbersPerBranch(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		a, _ := mustBranch(t, db, -1001)
		b, _ := mustBranch(t, db, -1002)
		start := time.Date(2026, 3, 10, 19, 0, 0, 0, shanghai)
		var got []int
		for _, br := range []zhibu.Branch{a, b, a, a, b} {
			got = append(got, mustMeeting(t, db, br, zhibu.MeetingGeneral, start).Number)
		}
		if want := []int{1, 1, 2, 3, 2}; !slices.Equal(got, want) {
			t.Errorf("numbers = %v, want %v", got, want)
		}
		for _, tt := range []struct {
			branch zhibu.Branch
			number int
			found  bool
		}{
			{a, 3, true}, {b, 2, true}, {b, 3, false}, {a, 0, false}, {zhibu.Branch{ID: 999}, 1, false},
		} {
			m, err := db.MeetingByNumber(ctx, tt.branch.ID, tt.number)
			switch {
			case tt.found && (err != nil || m.Number != tt.number || m.BranchID != tt.branch.ID):
				t.Errorf("MeetingByNumber(%d, %d) = %+v, %v", tt.branch.ID, tt.number, m, err)
			case !tt.found && !errors.Is(err, zhibu.ErrNotFound):
				t.Errorf("MeetingByNumber(%d, %d) = %v, want ErrNotFound", tt.branch.ID, tt.number, err)
			}
		}
	})
}

func TestCreateMeetingConcurrent(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		a, _ := mustBranch(t, db, -1001)
		b, _ := mustBranch(t, db, -1002)
		const workers, rounds = 8, 10
		numbers := make([][]int, workers)
		errs := make([]error, workers)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				br := a
				if w%4 == 3 {
					br = b // one worker in four competes in the other branch
				}
				for range rounds {
					m := zhibu.Meeting{BranchID: br.ID, Type: zhibu.MeetingGeneral, Start: t0}
					m, err := db.CreateMeeting(ctx, m, zhibu.Change{Action: "meeting.create"})
					if err != nil {
						errs[w] = err
						return
					}
					numbers[w] = append(numbers[w], m.Number)
				}
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatalf("CreateMeeting() = %v", err)
			}
		}
		for _, br := range []zhibu.Branch{a, b} {
			ms, err := db.Meetings(ctx, zhibu.MeetingFilter{BranchID: br.ID})
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, m := range ms {
				got = append(got, m.Number)
			}
			slices.Sort(got)
			want := make([]int, len(ms))
			for i := range want {
				want[i] = i + 1
			}
			if !slices.Equal(got, want) {
				t.Errorf("branch %d numbers = %v, want 1..%d without gaps or repeats", br.ID, got, len(ms))
			}
		}
	})
}

func TestUpdateMeeting(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, _ := mustBranch(t, db, -1001)
		other, _ := mustBranch(t, db, -1002)
		start := time.Date(2026, 3, 10, 19, 0, 0, 0, shanghai)
		m := mustMeeting(t, db, b, zhibu.MeetingGeneral, start)
		m.End = start.Add(90 * time.Minute)
		closed := time.Date(2026, 3, 10, 21, 0, 0, 0, shanghai)
		updated := m
		updated.Type, updated.Group, updated.Start, updated.End = zhibu.MeetingGroup, "一组", start.Add(time.Hour), time.Time{}
		updated.Place, updated.Topic, updated.HostID, updated.RecorderID = "线上", "改题", 5, 6
		updated.Lecturer, updated.State, updated.Backfilled, updated.CancelReason = "李老师", zhibu.MeetingClosed, true, "无"
		updated.AnnounceID, updated.ClosedBy, updated.ClosedAt, updated.UpdatedAt = 777, 5, closed, closed
		// Fields that never change, whatever the caller passes.
		sent := updated
		sent.Number, sent.CreatedBy, sent.CreatedAt = 9, 99, closed
		c := zhibu.Change{Action: "meeting.set", Subject: "1", After: "closed"}
		if err := db.UpdateMeeting(ctx, sent, c); err != nil {
			t.Fatalf("UpdateMeeting() = %v", err)
		}
		got, err := db.MeetingByNumber(ctx, b.ID, m.Number)
		if err != nil {
			t.Fatal(err)
		}
		want := updated
		want.Start, want.ClosedAt, want.UpdatedAt = updated.Start.UTC(), closed.UTC(), closed.UTC()
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("meeting after UpdateMeeting (-want +got):\n%s", diff)
		}
		if cs, _ := db.Changes(ctx, b.ID, 1); len(cs) != 1 || cs[0].Action != "meeting.set" || cs[0].BranchID != b.ID {
			t.Errorf("Changes() = %+v, want meeting.set in the branch", cs)
		}

		for name, bad := range map[string]zhibu.Meeting{
			"unknown id":   {ID: 999, BranchID: b.ID, Type: zhibu.MeetingGeneral},
			"other branch": {ID: m.ID, BranchID: other.ID, Type: zhibu.MeetingGeneral},
		} {
			if err := db.UpdateMeeting(ctx, bad, zhibu.Change{Action: "bad"}); !errors.Is(err, zhibu.ErrNotFound) {
				t.Errorf("UpdateMeeting(%s) = %v, want ErrNotFound", name, err)
			}
		}
		if cs, _ := db.Changes(ctx, other.ID, 0); len(cs) != 1 { // branch.create only
			t.Errorf("Changes(other) = %+v, want no change from a failed update", cs)
		}
	})
}

func TestMeetingsFilter(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, _ := mustBranch(t, db, -1001)
		other, _ := mustBranch(t, db, -1002)
		day := func(d int) time.Time { return time.Date(2026, 4, d, 19, 0, 0, 0, shanghai) }
		m1 := mustMeeting(t, db, b, zhibu.MeetingGeneral, day(3))
		m2 := mustMeeting(t, db, b, zhibu.MeetingLecture, day(1))
		m3 := mustMeeting(t, db, b, zhibu.MeetingGeneral, day(2))
		mustMeeting(t, db, b, zhibu.MeetingGeneral, day(2)) // same start as m3: ordered by id
		mustMeeting(t, db, other, zhibu.MeetingGeneral, day(2))
		m3.State = zhibu.MeetingCancelled
		m1.State = zhibu.MeetingClosed
		for _, m := range []zhibu.Meeting{m1, m3} {
			if err := db.UpdateMeeting(ctx, m, zhibu.Change{Action: "meeting.set"}); err != nil {
				t.Fatal(err)
			}
		}
		midnight := func(d int) time.Time { return time.Date(2026, 4, d, 0, 0, 0, 0, shanghai) }
		for _, tt := range []struct {
			name string
			f    zhibu.MeetingFilter
			want []int // numbers
		}{
			{"all", zhibu.MeetingFilter{}, []int{2, 3, 4, 1}},
			{"desc", zhibu.MeetingFilter{Desc: true}, []int{1, 4, 3, 2}},
			{"from", zhibu.MeetingFilter{From: midnight(2)}, []int{3, 4, 1}},
			// 18:00 in Shanghai is before day(1) 19:00 as an instant, though
			// after its 11:00 UTC as text: bounds must be compared in UTC.
			{"from in another offset", zhibu.MeetingFilter{From: day(1).Add(-time.Hour)}, []int{2, 3, 4, 1}},
			{"from is inclusive", zhibu.MeetingFilter{From: day(2)}, []int{3, 4, 1}},
			{"to is exclusive", zhibu.MeetingFilter{To: day(2)}, []int{2}},
			{"period", zhibu.MeetingFilter{From: midnight(2), To: midnight(3)}, []int{3, 4}},
			{"scheduled", zhibu.MeetingFilter{States: []zhibu.MeetingState{zhibu.MeetingScheduled}}, []int{2, 4}},
			{"closed or cancelled", zhibu.MeetingFilter{States: []zhibu.MeetingState{zhibu.MeetingClosed, zhibu.MeetingCancelled}}, []int{3, 1}},
			{"type", zhibu.MeetingFilter{Type: zhibu.MeetingGeneral}, []int{3, 4, 1}},
			{"type and state", zhibu.MeetingFilter{Type: zhibu.MeetingGeneral, States: []zhibu.MeetingState{zhibu.MeetingScheduled}}, []int{4}},
			{"limit", zhibu.MeetingFilter{Limit: 2}, []int{2, 3}},
			{"newest scheduled", zhibu.MeetingFilter{Desc: true, Limit: 1, States: []zhibu.MeetingState{zhibu.MeetingScheduled}}, []int{4}},
			{"next after", zhibu.MeetingFilter{From: day(2).Add(time.Second), Limit: 1}, []int{1}},
			{"nothing", zhibu.MeetingFilter{Type: zhibu.MeetingAppraisal}, nil},
		} {
			t.Run(tt.name, func(t *testing.T) {
				tt.f.BranchID = b.ID
				ms, err := db.Meetings(ctx, tt.f)
				if err != nil {
					t.Fatal(err)
				}
				var got []int
				for _, m := range ms {
					got = append(got, m.Number)
				}
				if !slices.Equal(got, tt.want) {
					t.Errorf("Meetings(%+v) = %v, want %v", tt.f, got, tt.want)
				}
			})
		}
		ms, err := db.Meetings(ctx, zhibu.MeetingFilter{BranchID: b.ID, Type: zhibu.MeetingLecture})
		if err != nil || len(ms) != 1 || !cmp.Equal(ms[0], m2) {
			t.Errorf("Meetings(lecture) = %+v, %v; want [%+v]", ms, err, m2)
		}
	})
}

// TestMeetingsAllBranches lists every branch's meetings, as the reminder
// engine does, in one order by start time then id.
func TestMeetingsAllBranches(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, _ := mustBranch(t, db, -1001)
		other, _ := mustBranch(t, db, -1002)
		day := func(d int) time.Time { return time.Date(2026, 4, d, 19, 0, 0, 0, shanghai) }
		m1 := mustMeeting(t, db, b, zhibu.MeetingGeneral, day(3))
		m2 := mustMeeting(t, db, other, zhibu.MeetingGeneral, day(1))
		m3 := mustMeeting(t, db, b, zhibu.MeetingLecture, day(2))
		m4 := mustMeeting(t, db, other, zhibu.MeetingLecture, day(2)) // same start as m3: ordered by id
		m5 := mustMeeting(t, db, other, zhibu.MeetingGeneral, day(4))
		for _, tt := range []struct {
			name string
			f    zhibu.MeetingFilter
			want []zhibu.Meeting
		}{
			{"all", zhibu.MeetingFilter{}, []zhibu.Meeting{m2, m3, m4, m1, m5}},
			{"window", zhibu.MeetingFilter{From: day(2), To: day(4)}, []zhibu.Meeting{m3, m4, m1}},
			{"type", zhibu.MeetingFilter{Type: zhibu.MeetingLecture}, []zhibu.Meeting{m3, m4}},
			{"desc with limit", zhibu.MeetingFilter{Desc: true, Limit: 2}, []zhibu.Meeting{m5, m1}},
			{"one branch still", zhibu.MeetingFilter{BranchID: other.ID, From: day(2)}, []zhibu.Meeting{m4, m5}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				got, err := db.Meetings(ctx, tt.f)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("Meetings(%+v) (-want +got):\n%s", tt.f, diff)
				}
			})
		}
	})
}

// A few meetings asked for by id among more branches than one IN list holds:
// the branch list is the one split, and every asked meeting comes back once.
func TestMeetingsShortIDsLongBranchList(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		b, _ := mustBranch(t, db, -1001)
		other, _ := mustBranch(t, db, -1002)
		start := time.Date(2026, 3, 10, 19, 0, 0, 0, shanghai)
		m1 := mustMeeting(t, db, b, zhibu.MeetingGeneral, start)
		m2 := mustMeeting(t, db, other, zhibu.MeetingGeneral, start.Add(time.Hour))
		mustMeeting(t, db, other, zhibu.MeetingLecture, start.Add(2*time.Hour))
		branches := make([]int64, 0, 4*inChunk+2)
		for id := int64(1000); len(branches) < 4*inChunk; id++ { // more than SQLite's 32766 variables
			branches = append(branches, id)
		}
		branches = append(branches, b.ID, other.ID)
		got, err := db.Meetings(context.Background(), zhibu.MeetingFilter{BranchIDs: branches, IDs: []int64{m2.ID, m1.ID}})
		if err != nil {
			t.Fatalf("Meetings() = %v", err)
		}
		var ids []int64
		for _, m := range got {
			ids = append(ids, m.ID)
		}
		if want := []int64{m1.ID, m2.ID}; !slices.Equal(ids, want) {
			t.Errorf("Meetings(%d branches, 2 ids) = %v, want %v", len(branches), ids, want)
		}
	})
}
