package storage

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
)

func mustJoinRequest(t *testing.T, db *DB, b zhibu.Branch, telegramID int64, name string) zhibu.JoinRequest {
	t.Helper()
	r, err := db.CreateJoinRequest(context.Background(), zhibu.JoinRequest{BranchID: b.ID, TelegramID: telegramID,
		Username: "u", DisplayName: "显示名", Name: name, State: zhibu.JoinPending, CreatedAt: t0})
	if err != nil {
		t.Fatalf("CreateJoinRequest(%s) = %v", name, err)
	}
	return r
}

func TestJoinRequests(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, _ := mustBranch(t, db, -1001)
		r := mustJoinRequest(t, db, b, 33, "孙八")
		want := zhibu.JoinRequest{ID: r.ID, BranchID: b.ID, TelegramID: 33, Username: "u", DisplayName: "显示名",
			Name: "孙八", State: zhibu.JoinPending, CreatedAt: t0.UTC()}
		if diff := cmp.Diff(want, r); diff != "" {
			t.Errorf("CreateJoinRequest() (-want +got):\n%s", diff)
		}
		if got, err := db.JoinRequest(ctx, r.ID); err != nil || !cmp.Equal(got, want) {
			t.Errorf("JoinRequest(%d) = %+v, %v", r.ID, got, err)
		}
		if got, err := db.PendingJoin(ctx, b.ID, 33); err != nil || !cmp.Equal(got, want) {
			t.Errorf("PendingJoin() = %+v, %v", got, err)
		}
		_, err := db.CreateJoinRequest(ctx, zhibu.JoinRequest{BranchID: b.ID, TelegramID: 33, Name: "又来"})
		if !errors.Is(err, zhibu.ErrJoinPending) {
			t.Errorf("second CreateJoinRequest() = %v, want ErrJoinPending", err)
		}
		_, err = db.CreateJoinRequest(ctx, zhibu.JoinRequest{BranchID: 999, TelegramID: 33, Name: "x"})
		if !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("CreateJoinRequest(unknown branch) = %v, want ErrNotFound", err)
		}
		if _, err := db.JoinRequest(ctx, 999); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("JoinRequest(999) = %v, want ErrNotFound", err)
		}
		if _, err := db.PendingJoin(ctx, b.ID, 44); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("PendingJoin(44) = %v, want ErrNotFound", err)
		}
	})
}

func TestDecideJoinApprove(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, founder := mustBranch(t, db, -1001)
		r := mustJoinRequest(t, db, b, 33, "孙八")
		decided := time.Date(2026, 3, 2, 9, 0, 0, 0, shanghai)
		r.State, r.Status, r.DecidedBy, r.DecidedAt = zhibu.JoinApproved, zhibu.StatusProbationary, founder.TelegramID, decided
		m := zhibu.Member{BranchID: b.ID, Name: r.Name, Status: r.Status, TelegramID: 33, CreatedAt: decided, UpdatedAt: decided}
		c := zhibu.Change{ActorID: founder.TelegramID, Action: "join.approve", Subject: r.Name, At: decided}
		got, err := db.DecideJoin(ctx, r, &m, c)
		if err != nil {
			t.Fatalf("DecideJoin() = %v", err)
		}
		if got.ID == 0 || got.Name != "孙八" || got.BranchID != b.ID {
			t.Errorf("DecideJoin() = %+v, want the new member with an id", got)
		}
		stored, err := db.JoinRequest(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		r.DecidedAt = decided.UTC()
		if diff := cmp.Diff(r, stored); diff != "" {
			t.Errorf("request after DecideJoin (-want +got):\n%s", diff)
		}
		if _, err := db.PendingJoin(ctx, b.ID, 33); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("PendingJoin() after approval = %v, want ErrNotFound", err)
		}
		if cs, _ := db.Changes(ctx, b.ID, 1); len(cs) != 1 || cs[0].Action != "join.approve" || cs[0].BranchID != b.ID {
			t.Errorf("Changes() = %+v, want join.approve with the branch id", cs)
		}

		// A second press, approve or reject, changes nothing.
		r.State = zhibu.JoinRejected
		m2 := zhibu.Member{BranchID: b.ID, Name: "另一个", Status: zhibu.StatusFull}
		if _, err := db.DecideJoin(ctx, r, &m2, c); !errors.Is(err, zhibu.ErrAlreadyDecided) {
			t.Errorf("second DecideJoin() = %v, want ErrAlreadyDecided", err)
		}
		if _, err := db.MemberByName(ctx, b.ID, "另一个"); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("member of second decision: %v, want ErrNotFound", err)
		}
		if again, _ := db.JoinRequest(ctx, r.ID); again.State != zhibu.JoinApproved {
			t.Errorf("state after second decision = %q, want approved", again.State)
		}
	})
}

func TestDecideJoinReject(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, _ := mustBranch(t, db, -1001)
		r := mustJoinRequest(t, db, b, 33, "孙八")
		r.State, r.DecidedBy = zhibu.JoinRejected, 7
		got, err := db.DecideJoin(ctx, r, nil, zhibu.Change{Action: "join.reject"})
		if err != nil || got != (zhibu.Member{}) {
			t.Fatalf("DecideJoin(reject) = %+v, %v; want zero member", got, err)
		}
		stored, _ := db.JoinRequest(ctx, r.ID)
		if stored.State != zhibu.JoinRejected || !stored.DecidedAt.Equal(t0) {
			t.Errorf("stored = %+v, want rejected at the clock's time", stored)
		}
		// After a decision the account may ask again.
		mustJoinRequest(t, db, b, 33, "孙八")

		pending := mustJoinRequest(t, db, b, 44, "周九")
		if _, err := db.DecideJoin(ctx, pending, nil, zhibu.Change{}); err == nil {
			t.Errorf("DecideJoin(state pending) = nil error, want one")
		}
		r.ID = 999
		if _, err := db.DecideJoin(ctx, r, nil, zhibu.Change{}); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("DecideJoin(unknown) = %v, want ErrNotFound", err)
		}
	})
}

func TestDecideJoinRollsBack(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, founder := mustBranch(t, db, -1001)
		r := mustJoinRequest(t, db, b, founder.TelegramID, "张书记")
		r.State = zhibu.JoinApproved
		m := zhibu.Member{BranchID: b.ID, Name: "张书记", Status: zhibu.StatusFull} // name taken
		if _, err := db.DecideJoin(ctx, r, &m, zhibu.Change{Action: "join.approve"}); !errors.Is(err, zhibu.ErrNameTaken) {
			t.Fatalf("DecideJoin() = %v, want ErrNameTaken", err)
		}
		if got, _ := db.JoinRequest(ctx, r.ID); got.State != zhibu.JoinPending || !got.DecidedAt.IsZero() {
			t.Errorf("request after failed decision = %+v, want still pending", got)
		}
	})
}

func TestDecideJoinRace(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, _ := mustBranch(t, db, -1001)
		r := mustJoinRequest(t, db, b, 33, "孙八")
		r.State = zhibu.JoinApproved
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Go(func() {
				m := zhibu.Member{BranchID: b.ID, Name: "孙八", Status: zhibu.StatusFull, TelegramID: 33}
				_, errs[i] = db.DecideJoin(ctx, r, &m, zhibu.Change{Action: "join.approve"})
			})
		}
		wg.Wait()
		var won int
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, zhibu.ErrAlreadyDecided):
				t.Errorf("DecideJoin() = %v, want nil or ErrAlreadyDecided", err)
			}
		}
		if won != 1 {
			t.Errorf("%d decisions won, want exactly 1", won)
		}
	})
}

// TestJoinRequestsSince counts an account's requests in any state from a
// bound given in any zone.
func TestJoinRequestsSince(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, _ := mustBranch(t, db, -1001)
		other, _ := mustBranch(t, db, -1002)
		for i, at := range []time.Time{t0.Add(-time.Hour), t0, t0.Add(time.Hour)} {
			_, err := db.CreateJoinRequest(ctx, zhibu.JoinRequest{BranchID: b.ID, TelegramID: 33, Name: "孙八",
				State: zhibu.JoinRejected, CreatedAt: at})
			if err != nil {
				t.Fatalf("CreateJoinRequest(%d) = %v", i, err)
			}
		}
		mustJoinRequest(t, db, other, 33, "孙八")
		mustJoinRequest(t, db, b, 44, "周九")
		tests := []struct {
			name  string
			since time.Time
			want  int
		}{
			{"all", t0.Add(-2 * time.Hour), 3},
			{"from t0, in UTC", t0.UTC(), 2},
			{"after the last", t0.Add(2 * time.Hour), 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if got, err := db.JoinRequestsSince(ctx, b.ID, 33, tt.since); err != nil || got != tt.want {
					t.Errorf("JoinRequestsSince(%v) = %d, %v; want %d", tt.since, got, err, tt.want)
				}
			})
		}
	})
}
