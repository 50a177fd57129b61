package storage

import (
	"context"
	"errors"
	"testing"

	"github.com/zhibu/zhibu"
)

// members lists the names on a branch's roster, read outside any unit.
func memberNames(t *testing.T, db *DB, b zhibu.Branch) []string {
	t.Helper()
	ms, err := db.Members(context.Background(), b.ID)
	if err != nil {
		t.Fatalf("Members() = %v", err)
	}
	var names []string
	for _, m := range ms {
		names = append(names, m.Name)
	}
	return names
}

func addInUnit(ctx context.Context, db *DB, b zhibu.Branch, name string) error {
	_, err := db.SaveMembers(ctx, []zhibu.Member{{BranchID: b.ID, Name: name, Status: zhibu.StatusFull,
		CreatedAt: t0, UpdatedAt: t0}}, nil)
	return err
}

func TestAtomicallyCommitsAndSeesItsOwnWrites(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		b, _ := mustBranch(t, db, -1001)
		err := db.Atomically(context.Background(), func(ctx context.Context) error {
			if err := addInUnit(ctx, db, b, "王芳"); err != nil {
				return err
			}
			// A nested unit joins the outer one.
			if err := db.Atomically(ctx, func(ctx context.Context) error { return addInUnit(ctx, db, b, "赵强") }); err != nil {
				return err
			}
			ms, err := db.Members(ctx, b.ID)
			if err != nil {
				return err
			}
			if len(ms) != 3 {
				t.Errorf("inside the unit the roster has %d entries, want 3 (its own writes)", len(ms))
			}
			return nil
		})
		if err != nil {
			t.Fatalf("Atomically() = %v", err)
		}
		if got := memberNames(t, db, b); len(got) != 3 {
			t.Errorf("after commit the roster is %v, want 3 names", got)
		}
	})
}

func TestAtomicallyRollsBackOnError(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		b, _ := mustBranch(t, db, -1001)
		refused := errors.New("refused")
		err := db.Atomically(context.Background(), func(ctx context.Context) error {
			if err := addInUnit(ctx, db, b, "王芳"); err != nil {
				return err
			}
			return refused
		})
		if !errors.Is(err, refused) || errors.Is(err, zhibu.ErrUnavailable) {
			t.Errorf("Atomically() = %v, want the function's own error", err)
		}
		if got := memberNames(t, db, b); len(got) != 1 {
			t.Errorf("after rollback the roster is %v, want only the founder", got)
		}
	})
}

// A statement that fails for the database's own reason rolls the whole unit
// back even when the caller ignored the error and went on.
func TestAtomicallyRollsBackWhenTheDatabaseFailed(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		b, _ := mustBranch(t, db, -1001)
		err := db.Atomically(context.Background(), func(ctx context.Context) error {
			if err := addInUnit(ctx, db, b, "王芳"); err != nil {
				return err
			}
			_ = db.conn(ctx).Exec("UPDATE no_such_table SET x = 1").Error // ignored, as a careless handler would
			return addInUnit(ctx, db, b, "赵强")
		})
		if !errors.Is(err, zhibu.ErrUnavailable) {
			t.Errorf("Atomically() = %v, want ErrUnavailable", err)
		}
		if got := memberNames(t, db, b); len(got) != 1 {
			t.Errorf("after the failure the roster is %v, want only the founder", got)
		}
	})
}

// A constraint is an answer about the data, not a failure: the unit goes on.
func TestAtomicallyKeepsGoingAfterAConstraint(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		b, _ := mustBranch(t, db, -1001)
		err := db.Atomically(context.Background(), func(ctx context.Context) error {
			if err := addInUnit(ctx, db, b, "王芳"); err != nil {
				return err
			}
			if err := addInUnit(ctx, db, b, "王芳"); err == nil {
				t.Errorf("the same name twice was accepted")
			}
			return nil
		})
		if err != nil {
			t.Fatalf("Atomically() = %v", err)
		}
		if got := memberNames(t, db, b); len(got) != 2 {
			t.Errorf("roster %v, want the founder and 王芳", got)
		}
	})
}

// TestAtomicallyGoesOnAfterAConflict refuses writes inside a unit for
// reasons of the data (a duplicate name, a second pending join request, a
// chat taken, a second pending registration) and checks that the unit
// goes on and commits what it wrote: on PostgreSQL a failed statement would
// otherwise abort the whole transaction.
func TestAtomicallyGoesOnAfterAConflict(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		b, _ := mustBranch(t, db, -1001)
		mustBranch(t, db, -1002)
		join := zhibu.JoinRequest{BranchID: b.ID, TelegramID: 77, Name: "孙八", CreatedAt: t0}
		reg := zhibu.Registration{ChatID: -1003, Name: "第三支部", Requester: zhibu.Person{TelegramID: 5, DisplayName: "申请人"}, CreatedAt: t0}
		err := db.Atomically(context.Background(), func(ctx context.Context) error {
			if err := addInUnit(ctx, db, b, "王芳"); err != nil {
				return err
			}
			if err := addInUnit(ctx, db, b, "王芳"); !errors.Is(err, zhibu.ErrNameTaken) {
				t.Errorf("second 王芳 = %v, want ErrNameTaken", err)
			}
			if _, err := db.CreateJoinRequest(ctx, join); err != nil {
				return err
			}
			if _, err := db.CreateJoinRequest(ctx, join); !errors.Is(err, zhibu.ErrJoinPending) {
				t.Errorf("second join request = %v, want ErrJoinPending", err)
			}
			if err := db.MoveBranch(ctx, -1001, -1002); err == nil {
				t.Errorf("MoveBranch(to a taken chat) = nil, want an error")
			}
			if _, err := db.CreateRegistration(ctx, reg); err != nil {
				return err
			}
			if _, err := db.CreateRegistration(ctx, reg); !errors.Is(err, zhibu.ErrConflict) {
				t.Errorf("second registration = %v, want ErrConflict", err)
			}
			return addInUnit(ctx, db, b, "赵强")
		})
		if err != nil {
			t.Fatalf("Atomically() = %v", err)
		}
		if got := memberNames(t, db, b); len(got) != 3 {
			t.Errorf("after commit the roster is %v, want 3 names", got)
		}
	})
}
