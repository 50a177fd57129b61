package storage

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
)

func TestChanges(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, _ := mustBranch(t, db, -1001)
		other, _ := mustBranch(t, db, -1002)
		var cs []zhibu.Change
		for i, subject := range []string{"一", "二", "三"} {
			cs = append(cs, zhibu.Change{BranchID: b.ID, ActorID: 5, ActorName: "张", Action: "member.add",
				Subject: subject, Before: "b", After: "a", At: t0.Add(time.Duration(i+1) * time.Minute)})
		}
		if _, err := db.SaveMembers(ctx, nil, cs); err != nil {
			t.Fatal(err)
		}
		got, err := db.Changes(ctx, b.ID, 2)
		if err != nil {
			t.Fatal(err)
		}
		want := []zhibu.Change{cs[2], cs[1]}
		for i := range want {
			want[i].At = want[i].At.UTC()
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Changes(limit 2) (-want +got):\n%s", diff)
		}
		if all, _ := db.Changes(ctx, b.ID, 0); len(all) != 4 || all[3].Action != "branch.create" {
			t.Errorf("Changes(all) = %d entries, want 4 ending with branch.create", len(all))
		}
		if got, _ := db.Changes(ctx, other.ID, 0); len(got) != 1 {
			t.Errorf("Changes(other branch) = %d entries, want 1", len(got))
		}
	})
}

// TestTimesUTC writes times with a +08:00 offset around midnight UTC, where
// text written in mixed offsets would sort in the wrong order, and checks
// that they come back in UTC and in time order.
func TestTimesUTC(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, _ := mustBranch(t, db, -1001)
		early := time.Date(2026, 3, 2, 7, 30, 0, 0, shanghai) // 2026-03-01 23:30 UTC
		late := time.Date(2026, 3, 2, 0, 30, 0, 0, time.UTC)  // an hour after early
		cs := []zhibu.Change{
			{BranchID: b.ID, Action: "late", At: late},
			{BranchID: b.ID, Action: "early", At: early},
		}
		if _, err := db.SaveMembers(ctx, nil, cs); err != nil {
			t.Fatal(err)
		}
		got, err := db.Changes(ctx, b.ID, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Action != "late" || got[1].Action != "early" {
			t.Fatalf("Changes() = %+v, want late then early", got)
		}
		for _, c := range got {
			if c.At.Location() != time.UTC {
				t.Errorf("%s: At = %v, want UTC", c.Action, c.At)
			}
		}
		if !got[1].At.Equal(early) {
			t.Errorf("early At = %v, want %v", got[1].At, early)
		}

		// A range query with a UTC bound finds exactly the changes after it.
		var n int64
		bound := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
		if err := db.gorm.Model(&changeRow{}).Where("branch_id = ? AND at > ?", b.ID, bound).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("changes after %v = %d, want 1", bound, n)
		}
		var raw string
		if err := db.gorm.Raw("SELECT CAST(at AS TEXT) FROM changes WHERE action = 'early'").Row().Scan(&raw); err != nil {
			t.Fatal(err)
		}
		want := "2026-03-01 23:30:00+00:00" // mattn writes the offset
		if db.postgres {
			want = "2026-03-01 23:30:00" // TIMESTAMP, in UTC
		}
		if raw != want {
			t.Errorf("stored text = %q, want %q", raw, want)
		}
	})
}
