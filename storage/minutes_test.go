package storage

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
)

func TestMinutes(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, founder := mustBranch(t, db, -1001)
		start := time.Date(2026, 3, 10, 19, 0, 0, 0, shanghai)
		m := mustMeeting(t, db, b, zhibu.MeetingGeneral, start)
		other := mustMeeting(t, db, b, zhibu.MeetingLecture, start)
		later := start.Add(3 * time.Hour)
		var want []zhibu.Minutes
		for i, v := range []zhibu.Minutes{
			{ID: 77, MeetingID: m.ID, Version: 9, Text: "第一稿", AuthorID: founder.ID, CreatedAt: later},
			{MeetingID: m.ID, Text: "第二稿：补充决议", AuthorID: 5},
		} {
			got, err := db.AddMinutes(ctx, v, zhibu.Change{Action: "minutes.add"})
			if err != nil {
				t.Fatalf("AddMinutes(%q) = %v", v.Text, err)
			}
			v.ID, v.Version, v.CreatedAt = got.ID, i+1, db.stamp(v.CreatedAt)
			if diff := cmp.Diff(v, got); diff != "" || got.ID == 0 {
				t.Errorf("AddMinutes(%q) (-want +got):\n%s", v.Text, diff)
			}
			want = append(want, v)
		}
		if got, err := db.AddMinutes(ctx, zhibu.Minutes{MeetingID: other.ID, Text: "另一会"}, zhibu.Change{}); err != nil || got.Version != 1 {
			t.Errorf("AddMinutes(other meeting) = %+v, %v; want version 1", got, err)
		}
		got, err := db.MinutesOf(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("MinutesOf() (-want +got):\n%s", diff)
		}
		if cs, _ := db.Changes(ctx, b.ID, 0); len(cs) != 6 || cs[0].BranchID != b.ID {
			t.Errorf("Changes() = %+v, want branch, 2 meetings and 3 minutes", cs)
		}
		before, _ := db.Changes(ctx, b.ID, 0)
		if _, err := db.AddMinutes(ctx, zhibu.Minutes{MeetingID: 999, Text: "x"}, zhibu.Change{BranchID: b.ID}); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("AddMinutes(unknown meeting) = %v, want ErrNotFound", err)
		}
		if cs, _ := db.Changes(ctx, b.ID, 0); len(cs) != len(before) {
			t.Errorf("AddMinutes(unknown meeting) logged a change")
		}
		if got, err := db.MinutesOf(ctx, 999); err != nil || len(got) != 0 {
			t.Errorf("MinutesOf(999) = %v, %v; want none", got, err)
		}
	})
}

func TestMinutesOfAll(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, _ := mustBranch(t, db, -1001)
		start := time.Date(2026, 3, 10, 19, 0, 0, 0, shanghai)
		m1 := mustMeeting(t, db, b, zhibu.MeetingGeneral, start)
		m2 := mustMeeting(t, db, b, zhibu.MeetingLecture, start)
		m3 := mustMeeting(t, db, b, zhibu.MeetingOther, start)
		for _, v := range []zhibu.Minutes{{MeetingID: m2.ID, Text: "乙1"}, {MeetingID: m1.ID, Text: "甲1"}, {MeetingID: m2.ID, Text: "乙2"}, {MeetingID: m3.ID, Text: "丙1"}} {
			if _, err := db.AddMinutes(ctx, v, zhibu.Change{}); err != nil {
				t.Fatal(err)
			}
		}
		got, err := db.MinutesOfAll(ctx, []int64{m2.ID, m1.ID, m2.ID, 999})
		if err != nil {
			t.Fatal(err)
		}
		var texts []string
		for _, v := range got {
			texts = append(texts, v.Text)
		}
		if diff := cmp.Diff([]string{"甲1", "乙1", "乙2"}, texts); diff != "" {
			t.Errorf("MinutesOfAll() texts (-want +got):\n%s", diff)
		}
	})
}
