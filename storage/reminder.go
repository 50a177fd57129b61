package storage

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/zhibu/zhibu"
)

var _ zhibu.ReminderStore = (*DB)(nil)

// reminderRow is a row of the reminders table.
type reminderRow struct {
	ID        int64 `gorm:"primaryKey"`
	BranchID  int64
	Number    int
	OwnerID   int64
	Private   bool
	Text      string
	OnceAt    sql.NullTime
	Spec      string
	Paused    bool
	Deleted   bool
	CreatedAt time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt time.Time `gorm:"autoUpdateTime:false"`
}

func (reminderRow) TableName() string { return "reminders" }

func (db *DB) reminderRow(r zhibu.Reminder) reminderRow {
	return reminderRow{ID: r.ID, BranchID: r.BranchID, Number: r.Number, OwnerID: r.OwnerID, Private: r.Private,
		Text: r.Text, OnceAt: nullTime(r.Once), Spec: r.Spec, Paused: r.Paused, Deleted: r.Deleted,
		CreatedAt: db.stamp(r.CreatedAt), UpdatedAt: db.stamp(r.UpdatedAt)}
}

func (r reminderRow) reminder() zhibu.Reminder {
	return zhibu.Reminder{ID: r.ID, BranchID: r.BranchID, Number: r.Number, OwnerID: r.OwnerID, Private: r.Private,
		Text: r.Text, Once: fromNull(r.OnceAt), Spec: r.Spec, Paused: r.Paused, Deleted: r.Deleted,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

// CreateReminder stores a new reminder with the next number of its branch,
// in one transaction. r.ID and r.Number are ignored; numbers of deleted
// reminders are never reused. It does not enforce
// zhibu.MaxRemindersPerBranch: the domain counts first. It returns the
// reminder as stored; an unknown branch gives zhibu.ErrNotFound.
func (db *DB) CreateReminder(ctx context.Context, r zhibu.Reminder) (zhibu.Reminder, error) {
	row := db.reminderRow(r)
	row.ID = 0
	err := db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		return insertNumbered(tx, &reminderRow{}, row.BranchID, &row.Number, &row)
	})
	if err != nil {
		return zhibu.Reminder{}, fmt.Errorf("storage: create reminder: %w", err)
	}
	return row.reminder(), nil
}

// ReminderByNumber finds a branch's reminder by 编号, deleted or not, or
// zhibu.ErrNotFound.
func (db *DB) ReminderByNumber(ctx context.Context, branchID int64, n int) (zhibu.Reminder, error) {
	var r reminderRow
	err := db.conn(ctx).Where("branch_id = ? AND number = ?", branchID, n).Take(&r).Error
	if err != nil {
		return zhibu.Reminder{}, fmt.Errorf("storage: reminder %d of branch %d: %w", n, branchID, notFound(err))
	}
	return r.reminder(), nil
}

// UpdateReminder saves a reminder's text, time, spec, paused and deleted
// flags and update time (now when zero); the branch, number, owner, privacy
// and creation time never change. An unknown reminder, or one of another
// branch, gives zhibu.ErrNotFound.
func (db *DB) UpdateReminder(ctx context.Context, r zhibu.Reminder) error {
	row := db.reminderRow(r)
	res := db.conn(ctx).Model(&reminderRow{}).Where("id = ? AND branch_id = ?", row.ID, row.BranchID).
		Updates(map[string]any{"text": row.Text, "once_at": row.OnceAt, "spec": row.Spec, "paused": row.Paused,
			"deleted": row.Deleted, "updated_at": row.UpdatedAt})
	if res.Error != nil {
		return fmt.Errorf("storage: update reminder %d: %w", r.ID, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("storage: update reminder %d in branch %d: %w", r.ID, r.BranchID, zhibu.ErrNotFound)
	}
	return nil
}

// Reminders lists a branch's reminders that are not deleted, paused ones
// included, by number; branchID 0 lists those of every branch, by branch
// then number.
func (db *DB) Reminders(ctx context.Context, branchID int64) ([]zhibu.Reminder, error) {
	q := db.conn(ctx).Table("reminders").Select(reminderColumns).Where("NOT deleted")
	if branchID != 0 {
		q = q.Where("branch_id = ?", branchID)
	}
	out, err := scanReminders(q.Order("branch_id, number"))
	if err != nil {
		return nil, fmt.Errorf("storage: reminders of branch %d: %w", branchID, err)
	}
	return out, nil
}

// CountReminders counts a branch's reminders that are not deleted, paused
// ones included.
func (db *DB) CountReminders(ctx context.Context, branchID int64) (int, error) {
	var n int64
	err := db.conn(ctx).Model(&reminderRow{}).Where("branch_id = ? AND NOT deleted", branchID).Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("storage: count reminders of branch %d: %w", branchID, err)
	}
	return int(n), nil
}

// reminderColumns are read by scanReminders, in its Scan order.
const reminderColumns = `id, branch_id, number, owner_id, private, text, once_at, spec, paused, deleted,
	created_at, updated_at`

// scanReminders runs q, which selects reminderColumns, with plain row scans:
// the scheduler reads the reminders of every branch.
func scanReminders(q *gorm.DB) ([]zhibu.Reminder, error) {
	return scanAll(q, func(rows *sql.Rows) (zhibu.Reminder, error) {
		var r reminderRow
		if err := rows.Scan(&r.ID, &r.BranchID, &r.Number, &r.OwnerID, &r.Private, &r.Text, &r.OnceAt, &r.Spec,
			&r.Paused, &r.Deleted, &r.CreatedAt, &r.UpdatedAt); err != nil {
			return zhibu.Reminder{}, err
		}
		return r.reminder(), nil
	})
}

// RemindersOf returns reminders by id, deleted ones included, by branch
// then number.
func (db *DB) RemindersOf(ctx context.Context, ids []int64) ([]zhibu.Reminder, error) {
	out, err := inParts(ids, func(ids []int64) ([]zhibu.Reminder, error) {
		return scanReminders(db.conn(ctx).Table("reminders").Select(reminderColumns).Where("id IN ?", ids).
			Order("branch_id, number"))
	}, func(a, b zhibu.Reminder) int {
		return cmp.Or(cmp.Compare(a.BranchID, b.BranchID), cmp.Compare(a.Number, b.Number))
	})
	if err != nil {
		return nil, fmt.Errorf("storage: %d reminders: %w", len(ids), err)
	}
	return out, nil
}
