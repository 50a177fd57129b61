package storage

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
)

// mustCall creates a call of branch b.
func mustCall(t *testing.T, db *DB, b zhibu.Branch, text string, deadline time.Time) zhibu.PledgeCall {
	t.Helper()
	c, err := db.CreateCall(context.Background(), zhibu.PledgeCall{BranchID: b.ID, Text: text, Deadline: deadline,
		CreatedBy: 1, CreatedAt: t0})
	if err != nil {
		t.Fatalf("CreateCall(%q) = %v", text, err)
	}
	return c
}

func TestCreateCall(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, founder := mustBranch(t, db, -1001)
		other, _ := mustBranch(t, db, -1002)
		deadline := time.Date(2026, 4, 1, 18, 0, 0, 0, shanghai)
		in := zhibu.PledgeCall{ID: 9, BranchID: b.ID, Number: 9, Text: "请围绕岗位作出承诺", Deadline: deadline,
			MessageID: 0, CreatedBy: founder.ID}
		got, err := db.CreateCall(ctx, in)
		if err != nil {
			t.Fatalf("CreateCall() = %v", err)
		}
		want := in
		want.ID, want.Number, want.Deadline, want.CreatedAt = got.ID, 1, deadline.UTC(), t0.UTC()
		if diff := cmp.Diff(want, got); diff != "" || got.ID == 0 {
			t.Errorf("CreateCall() (-want +got):\n%s", diff)
		}
		if stored, err := db.CallByNumber(ctx, b.ID, 1); err != nil || !cmp.Equal(want, stored) {
			t.Errorf("CallByNumber(1) = %+v, %v; want %+v", stored, err, want)
		}
		if c := mustCall(t, db, b, "第二次", time.Time{}); c.Number != 2 || !c.Deadline.IsZero() {
			t.Errorf("second call = %+v, want number 2 without deadline", c)
		}
		if c := mustCall(t, db, other, "他支部", time.Time{}); c.Number != 1 {
			t.Errorf("first call of another branch = number %d, want 1", c.Number)
		}
		if _, err := db.CreateCall(ctx, zhibu.PledgeCall{BranchID: 999, Text: "x"}); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("CreateCall(unknown branch) = %v, want ErrNotFound", err)
		}
		for _, n := range []int{3, 0} {
			if _, err := db.CallByNumber(ctx, b.ID, n); !errors.Is(err, zhibu.ErrNotFound) {
				t.Errorf("CallByNumber(%d) = %v, want ErrNotFound", n, err)
			}
		}
	})
}

func TestUpdateCallAndCallByMessage(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, _ := mustBranch(t, db, -1001)
		other, _ := mustBranch(t, db, -1002)
		c := mustCall(t, db, b, "号召", time.Time{})
		unposted := mustCall(t, db, b, "未发出", time.Time{})

		// Only the message id and the closed flag change.
		upd := c
		upd.MessageID, upd.Closed, upd.Text, upd.CreatedBy = 555, true, "改了", 9
		if err := db.UpdateCall(ctx, upd); err != nil {
			t.Fatalf("UpdateCall() = %v", err)
		}
		want := c
		want.MessageID, want.Closed = 555, true
		got, err := db.CallByMessage(ctx, b.ID, 555)
		if err != nil {
			t.Fatalf("CallByMessage(555) = %v", err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("CallByMessage(555) (-want +got):\n%s", diff)
		}
		for _, tt := range []struct {
			name    string
			branch  int64
			message int
		}{
			{"unknown message", b.ID, 556},
			{"message of another branch", other.ID, 555},
			{"unposted call", b.ID, unposted.MessageID},
		} {
			t.Run(tt.name, func(t *testing.T) {
				if _, err := db.CallByMessage(ctx, tt.branch, tt.message); !errors.Is(err, zhibu.ErrNotFound) {
					t.Errorf("CallByMessage(%d, %d) = %v, want ErrNotFound", tt.branch, tt.message, err)
				}
			})
		}
		for _, tt := range []struct {
			name string
			c    zhibu.PledgeCall
		}{
			{"unknown call", zhibu.PledgeCall{ID: 999, BranchID: b.ID}},
			{"call of another branch", zhibu.PledgeCall{ID: c.ID, BranchID: other.ID}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				if err := db.UpdateCall(ctx, tt.c); !errors.Is(err, zhibu.ErrNotFound) {
					t.Errorf("UpdateCall(%d in branch %d) = %v, want ErrNotFound", tt.c.ID, tt.c.BranchID, err)
				}
			})
		}
	})
}

func TestCalls(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, _ := mustBranch(t, db, -1001)
		other, _ := mustBranch(t, db, -1002)
		// A past deadline does not close a call here; the domain judges it.
		past := mustCall(t, db, b, "已过期", time.Date(2020, 1, 1, 0, 0, 0, 0, shanghai))
		closed := mustCall(t, db, b, "已结束", time.Time{})
		closed.Closed = true
		if err := db.UpdateCall(ctx, closed); err != nil {
			t.Fatal(err)
		}
		open := mustCall(t, db, b, "进行中", time.Time{})
		otherCall := mustCall(t, db, other, "他支部", time.Time{})
		for _, tt := range []struct {
			openOnly bool
			want     []zhibu.PledgeCall
		}{
			{false, []zhibu.PledgeCall{open, closed, past}},
			{true, []zhibu.PledgeCall{open, past}},
		} {
			got, err := db.Calls(ctx, b.ID, tt.openOnly)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Calls(openOnly %v) (-want +got):\n%s", tt.openOnly, diff)
			}
		}
		// Every branch's calls, newest first, for the reminder engine.
		for _, tt := range []struct {
			openOnly bool
			want     []zhibu.PledgeCall
		}{
			{false, []zhibu.PledgeCall{otherCall, open, closed, past}},
			{true, []zhibu.PledgeCall{otherCall, open, past}},
		} {
			got, err := db.Calls(ctx, 0, tt.openOnly)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Calls(0, openOnly %v) (-want +got):\n%s", tt.openOnly, diff)
			}
		}
		if got, err := db.Calls(ctx, 999, false); err != nil || len(got) != 0 {
			t.Errorf("Calls(unknown branch) = %v, %v; want none", got, err)
		}
	})
}
