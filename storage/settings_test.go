package storage

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
)

func TestSettingsDefaults(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, _ := mustBranch(t, db, -1001)
		for _, id := range []int64{b.ID, 999} {
			got, err := db.Settings(ctx, id)
			if err != nil {
				t.Fatalf("Settings(%d) = %v", id, err)
			}
			if diff := cmp.Diff(zhibu.DefaultSettings(), got); diff != "" {
				t.Errorf("Settings(%d) of a branch that saved none (-want +got):\n%s", id, diff)
			}
		}
	})
}

func TestSaveSettings(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, founder := mustBranch(t, db, -1001)
		other, _ := mustBranch(t, db, -1002)
		s := zhibu.Settings{
			Rules: []zhibu.Rule{
				{Type: zhibu.MeetingGeneral, Cadence: zhibu.CadenceMonth},
				{Type: zhibu.MeetingGroup, Cadence: zhibu.CadenceNone},
			},
			QuietStart: 21*60 + 30, QuietEnd: 8 * 60,
			LeadTimes: []time.Duration{48 * time.Hour, 30 * time.Minute},
		}
		c := zhibu.Change{BranchID: 999, ActorID: founder.TelegramID, ActorName: founder.Name, Action: "settings.set",
			Subject: "提醒", After: "21:30-08:00"}
		if err := db.SaveSettings(ctx, b.ID, s, c); err != nil {
			t.Fatalf("SaveSettings() = %v", err)
		}
		if got, err := db.Settings(ctx, b.ID); err != nil || !cmp.Equal(s, got) {
			t.Errorf("Settings() = %+v, %v; want %+v", got, err, s)
		}
		if got, err := db.Settings(ctx, other.ID); err != nil || !cmp.Equal(zhibu.DefaultSettings(), got) {
			t.Errorf("Settings(other branch) = %+v, %v; want the defaults", got, err)
		}

		// A second save replaces the first whole. Lead times keep whole
		// seconds; empty lists read back nil.
		s2 := zhibu.Settings{QuietStart: 0, QuietEnd: 0, LeadTimes: []time.Duration{1500 * time.Millisecond}}
		c2 := zhibu.Change{ActorID: founder.TelegramID, Action: "settings.set", At: t0.Add(time.Hour)}
		if err := db.SaveSettings(ctx, b.ID, s2, c2); err != nil {
			t.Fatalf("SaveSettings(again) = %v", err)
		}
		want2 := zhibu.Settings{LeadTimes: []time.Duration{time.Second}}
		if got, err := db.Settings(ctx, b.ID); err != nil || !cmp.Equal(want2, got) {
			t.Errorf("Settings() after second save = %+v, %v; want %+v", got, err, want2)
		}
		var rows, updated int64
		if err := db.gorm.Raw("SELECT count(*) FROM branch_settings").Row().Scan(&rows); err != nil || rows != 1 {
			t.Errorf("branch_settings rows = %d, %v; want 1", rows, err)
		}

		cs, err := db.Changes(ctx, b.ID, 2) // the newest two; branch.create comes before
		if err != nil {
			t.Fatal(err)
		}
		c.BranchID, c.At = b.ID, t0.UTC()
		c2.BranchID, c2.At = b.ID, c2.At.UTC()
		if diff := cmp.Diff([]zhibu.Change{c2, c}, cs); diff != "" {
			t.Errorf("Changes() (-want +got):\n%s", diff)
		}
		err = db.gorm.Raw("SELECT count(*) FROM branch_settings WHERE updated_at = ?", c2.At).Row().Scan(&updated)
		if err != nil || updated != 1 {
			t.Errorf("branch_settings updated at %v = %d rows, %v; want 1", c2.At, updated, err)
		}

		if err := db.SaveSettings(ctx, 999, s, c); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("SaveSettings(unknown branch) = %v, want ErrNotFound", err)
		}
	})
}
