package storage

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
)

// mustReminder creates a recurring reminder of branch b.
func mustReminder(t *testing.T, db *DB, b zhibu.Branch, text string) zhibu.Reminder {
	t.Helper()
	r, err := db.CreateReminder(context.Background(), zhibu.Reminder{BranchID: b.ID, OwnerID: 1, Text: text,
		Spec: "每周一 9:00", CreatedAt: t0, UpdatedAt: t0})
	if err != nil {
		t.Fatalf("CreateReminder(%q) = %v", text, err)
	}
	return r
}

// onceIsNull reports whether reminder id's once_at is NULL in the table.
func onceIsNull(t *testing.T, db *DB, id int64) bool {
	t.Helper()
	var null bool
	if err := db.gorm.Raw("SELECT once_at IS NULL FROM reminders WHERE id = ?", id).Row().Scan(&null); err != nil {
		t.Fatal(err)
	}
	return null
}

func TestCreateReminder(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, founder := mustBranch(t, db, -1001)
		other, _ := mustBranch(t, db, -1002)
		once := time.Date(2026, 3, 5, 19, 0, 0, 0, shanghai)
		in := zhibu.Reminder{ID: 9, BranchID: b.ID, Number: 9, OwnerID: founder.ID, Private: true, Text: "交党费",
			Once: once, Paused: true, CreatedAt: t0}
		got, err := db.CreateReminder(ctx, in)
		if err != nil {
			t.Fatalf("CreateReminder() = %v", err)
		}
		want := in
		want.ID, want.Number, want.Once, want.CreatedAt, want.UpdatedAt = got.ID, 1, once.UTC(), t0.UTC(), t0.UTC()
		if diff := cmp.Diff(want, got); diff != "" || got.ID == 0 {
			t.Errorf("CreateReminder() (-want +got):\n%s", diff)
		}
		stored, err := db.ReminderByNumber(ctx, b.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, stored); diff != "" {
			t.Errorf("ReminderByNumber(1) (-want +got):\n%s", diff)
		}
		if stored.Once.Location() != time.UTC {
			t.Errorf("ReminderByNumber(1) Once in %v, want UTC", stored.Once.Location())
		}

		// A recurring reminder: a zero Once is NULL and reads back zero.
		rec := mustReminder(t, db, b, "学习强国")
		if rec.Number != 2 || !rec.Once.IsZero() || !onceIsNull(t, db, rec.ID) {
			t.Errorf("recurring reminder = %+v, want number 2 with a NULL once_at", rec)
		}
		if stored, err := db.ReminderByNumber(ctx, b.ID, 2); err != nil || !cmp.Equal(rec, stored) {
			t.Errorf("ReminderByNumber(2) = %+v, %v; want %+v", stored, err, rec)
		}
		if r := mustReminder(t, db, other, "他支部"); r.Number != 1 {
			t.Errorf("first reminder of another branch = number %d, want 1", r.Number)
		}
		if _, err := db.CreateReminder(ctx, zhibu.Reminder{BranchID: 999, Text: "x"}); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("CreateReminder(unknown branch) = %v, want ErrNotFound", err)
		}
		for _, n := range []int{3, 0} {
			if _, err := db.ReminderByNumber(ctx, b.ID, n); !errors.Is(err, zhibu.ErrNotFound) {
				t.Errorf("ReminderByNumber(%d) = %v, want ErrNotFound", n, err)
			}
		}
	})
}

func TestUpdateReminder(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, _ := mustBranch(t, db, -1001)
		other, _ := mustBranch(t, db, -1002)
		r := mustReminder(t, db, b, "学习")

		// Recurring to one-off: the mutable fields change, the rest does not.
		once := time.Date(2026, 3, 5, 19, 0, 0, 0, shanghai)
		later := t0.Add(time.Hour)
		upd := r
		upd.Text, upd.Once, upd.Spec, upd.Paused, upd.UpdatedAt = "改为一次", once, "", true, later
		upd.OwnerID, upd.Private, upd.Number, upd.CreatedAt = 77, true, 9, later
		if err := db.UpdateReminder(ctx, upd); err != nil {
			t.Fatalf("UpdateReminder() = %v", err)
		}
		want := r
		want.Text, want.Once, want.Spec, want.Paused, want.UpdatedAt = "改为一次", once.UTC(), "", true, later.UTC()
		if got, err := db.ReminderByNumber(ctx, b.ID, r.Number); err != nil || !cmp.Equal(want, got) {
			t.Errorf("ReminderByNumber() after update = %+v, %v; want %+v", got, err, want)
		}

		// Back to recurring: Once zero is NULL again. A zero UpdatedAt is now.
		upd = want
		upd.Once, upd.Spec, upd.Paused, upd.UpdatedAt = time.Time{}, "cron 0 9 * * 1", false, time.Time{}
		if err := db.UpdateReminder(ctx, upd); err != nil {
			t.Fatalf("UpdateReminder(recurring) = %v", err)
		}
		want.Once, want.Spec, want.Paused, want.UpdatedAt = time.Time{}, "cron 0 9 * * 1", false, t0.UTC()
		if got, err := db.ReminderByNumber(ctx, b.ID, r.Number); err != nil || !cmp.Equal(want, got) {
			t.Errorf("ReminderByNumber() after second update = %+v, %v; want %+v", got, err, want)
		}
		if !onceIsNull(t, db, r.ID) {
			t.Errorf("once_at after clearing Once is not NULL")
		}

		for _, tt := range []struct {
			name string
			r    zhibu.Reminder
		}{
			{"unknown reminder", zhibu.Reminder{ID: 999, BranchID: b.ID}},
			{"reminder of another branch", zhibu.Reminder{ID: r.ID, BranchID: other.ID, Text: "偷改"}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				if err := db.UpdateReminder(ctx, tt.r); !errors.Is(err, zhibu.ErrNotFound) {
					t.Errorf("UpdateReminder(%d in branch %d) = %v, want ErrNotFound", tt.r.ID, tt.r.BranchID, err)
				}
			})
		}
	})
}

func TestReminders(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		a, _ := mustBranch(t, db, -1001)
		b, _ := mustBranch(t, db, -1002)
		// Created across branches out of order: listings sort by branch, number.
		b1 := mustReminder(t, db, b, "b1")
		a1 := mustReminder(t, db, a, "a1")
		a2 := mustReminder(t, db, a, "a2")
		a3 := mustReminder(t, db, a, "a3")
		a2.Paused = true
		a3.Deleted = true
		for _, r := range []zhibu.Reminder{a2, a3} {
			if err := db.UpdateReminder(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		// A deleted reminder keeps its number: the next one takes 4.
		a4 := mustReminder(t, db, a, "a4")
		if a4.Number != 4 {
			t.Errorf("reminder after a deleted one = number %d, want 4", a4.Number)
		}
		for _, tt := range []struct {
			name   string
			branch int64
			want   []zhibu.Reminder
		}{
			{"one branch", a.ID, []zhibu.Reminder{a1, a2, a4}},
			{"other branch", b.ID, []zhibu.Reminder{b1}},
			{"every branch", 0, []zhibu.Reminder{a1, a2, a4, b1}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				got, err := db.Reminders(ctx, tt.branch)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("Reminders(%d) (-want +got):\n%s", tt.branch, diff)
				}
				if tt.branch == 0 {
					return
				}
				if n, err := db.CountReminders(ctx, tt.branch); err != nil || n != len(tt.want) {
					t.Errorf("CountReminders(%d) = %d, %v; want %d", tt.branch, n, err, len(tt.want))
				}
			})
		}
		if rs, err := db.Reminders(ctx, 999); err != nil || len(rs) != 0 {
			t.Errorf("Reminders(unknown branch) = %v, %v; want none", rs, err)
		}
		if n, err := db.CountReminders(ctx, 999); err != nil || n != 0 {
			t.Errorf("CountReminders(unknown branch) = %d, %v; want 0", n, err)
		}
		// A deleted reminder is still found by number.
		if got, err := db.ReminderByNumber(ctx, a.ID, 3); err != nil || !got.Deleted {
			t.Errorf("ReminderByNumber(deleted) = %+v, %v; want it, deleted", got, err)
		}
	})
}
