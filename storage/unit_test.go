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
