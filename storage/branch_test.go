package storage

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
)

func TestCreateBranch(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, m := mustBranch(t, db, -1001)
		if b.ID == 0 || m.ID == 0 || m.BranchID != b.ID {
			t.Fatalf("CreateBranch() = %+v, %+v; want ids filled in", b, m)
		}
		got, err := db.BranchByChat(ctx, -1001)
		if err != nil {
			t.Fatal(err)
		}
		shanghai, _ := time.LoadLocation(zhibu.DefaultTimeZone)
		want := zhibu.Branch{ID: b.ID, ChatID: -1001, Name: "第-1001支部", TimeZone: zhibu.DefaultTimeZone, Loc: shanghai,
			Active: true, CreatedAt: t0.UTC(), UpdatedAt: t0.UTC()}
		if diff := cmp.Diff(want, got, zoneByName); diff != "" {
			t.Errorf("BranchByChat() (-want +got):\n%s", diff)
		}
		if again, _ := db.BranchByChat(ctx, -1001); again.Loc != got.Loc {
			t.Errorf("BranchByChat() loaded the zone again: %p, then %p; want it loaded once", got.Loc, again.Loc)
		}
		if diff := cmp.Diff(b, got, zoneByName); diff != "" {
			t.Errorf("CreateBranch() returned (-stored +returned):\n%s", diff)
		}
		if got.CreatedAt.Location() != time.UTC {
			t.Errorf("CreatedAt location = %v, want UTC", got.CreatedAt.Location())
		}
		founder, err := db.MemberByTelegram(ctx, b.ID, 1000-1001)
		if err != nil || !cmp.Equal(founder, m) {
			t.Errorf("MemberByTelegram(founder) = %+v, %v; want %+v", founder, err, m)
		}
		cs, err := db.Changes(ctx, b.ID, 10)
		if err != nil || len(cs) != 1 || cs[0].BranchID != b.ID || cs[0].Action != "branch.create" {
			t.Errorf("Changes() = %+v, %v; want the branch.create change", cs, err)
		}
	})
}

func TestCreateBranchTwice(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		first, _ := mustBranch(t, db, -1001)
		_, _, err := db.CreateBranch(ctx, zhibu.Branch{ChatID: -1001, Name: "又一个"},
			zhibu.Member{Name: "王五", Status: zhibu.StatusFull}, zhibu.Change{Action: "branch.create"})
		if !errors.Is(err, zhibu.ErrConflict) {
			t.Fatalf("second CreateBranch() = %v, want ErrConflict", err)
		}
		b, err := db.BranchByChat(ctx, -1001)
		if err != nil || b.ID != first.ID || b.Name != first.Name {
			t.Errorf("BranchByChat() = %+v, %v; want the first branch", b, err)
		}
		if _, err := db.MemberByName(ctx, b.ID, "王五"); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("founder of failed branch: MemberByName() = %v, want ErrNotFound", err)
		}
	})
}

func TestBranchByChatNotFound(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		if _, err := db.BranchByChat(context.Background(), 42); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("BranchByChat(42) = %v, want ErrNotFound", err)
		}
	})
}

func TestUpdateBranch(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, _ := mustBranch(t, db, -1001)
		later := t0.Add(time.Hour)
		b.Name, b.TimeZone, b.Active, b.UpdatedAt = "新名字", "Asia/Urumqi", false, later
		if err := db.UpdateBranch(ctx, b, zhibu.Change{Action: "branch.rename", At: later}); err != nil {
			t.Fatalf("UpdateBranch() = %v", err)
		}
		got, err := db.BranchByChat(ctx, -1001)
		if err != nil {
			t.Fatal(err)
		}
		b.UpdatedAt = later.UTC()
		b.Loc, _ = time.LoadLocation("Asia/Urumqi") // read with its new zone
		if diff := cmp.Diff(b, got, zoneByName); diff != "" {
			t.Errorf("after UpdateBranch (-want +got):\n%s", diff)
		}
		if cs, _ := db.Changes(ctx, b.ID, 1); len(cs) != 1 || cs[0].Action != "branch.rename" || cs[0].BranchID != b.ID {
			t.Errorf("Changes() = %+v, want branch.rename first", cs)
		}

		b.ID = 999
		if err := db.UpdateBranch(ctx, b, zhibu.Change{Action: "x"}); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("UpdateBranch(unknown) = %v, want ErrNotFound", err)
		}
	})
}

func TestActiveBranches(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		if got, err := db.ActiveBranches(ctx); err != nil || len(got) != 0 {
			t.Errorf("ActiveBranches() on an empty database = %v, %v; want none", got, err)
		}
		b1, _ := mustBranch(t, db, -1001)
		b2, _ := mustBranch(t, db, -1002)
		b3, _ := mustBranch(t, db, -1003)
		b2.Active = false
		if err := db.UpdateBranch(ctx, b2, zhibu.Change{Action: "branch.deactivate"}); err != nil {
			t.Fatal(err)
		}
		got, err := db.ActiveBranches(ctx)
		if err != nil {
			t.Fatalf("ActiveBranches() = %v", err)
		}
		if diff := cmp.Diff([]zhibu.Branch{b1, b3}, got, zoneByName); diff != "" {
			t.Errorf("ActiveBranches() (-want +got):\n%s", diff)
		}
	})
}

func TestMoveBranch(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, _ := mustBranch(t, db, -1)
		mustBranch(t, db, -2)
		if err := db.MoveBranch(ctx, -1, -1001); err != nil {
			t.Fatalf("MoveBranch(-1, -1001) = %v", err)
		}
		if got, err := db.BranchByChat(ctx, -1001); err != nil || got.ID != b.ID {
			t.Errorf("BranchByChat(-1001) = %+v, %v; want branch %d", got, err, b.ID)
		}
		if _, err := db.BranchByChat(ctx, -1); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("BranchByChat(-1) after move = %v, want ErrNotFound", err)
		}
		if err := db.MoveBranch(ctx, -1, -5); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("MoveBranch(no branch) = %v, want ErrNotFound", err)
		}
		err := db.MoveBranch(ctx, -2, -1001)
		if err == nil || errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("MoveBranch(onto a branch) = %v, want a chat-taken error", err)
		}
	})
}

// TestNoCascade checks that foreign keys are on and never delete rows: a
// branch with members cannot be deleted.
func TestNoCascade(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		b, _ := mustBranch(t, db, -1001)
		if err := db.gorm.Exec("DELETE FROM branches WHERE id = ?", b.ID).Error; !foreignKeyViolation(err) {
			t.Errorf("DELETE branch with members = %v, want a foreign key violation", err)
		}
		if ms, err := db.Members(context.Background(), b.ID); err != nil || len(ms) != 1 {
			t.Errorf("Members() = %d, %v; want the founder", len(ms), err)
		}
	})
}

// zoneByName compares time zones by name: a *time.Location has unexported
// fields.
var zoneByName = cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() })
