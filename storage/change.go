package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/zhibu/zhibu"
)

// changeRow is a row of the changes table, the audit log.
type changeRow struct {
	ID        int64 `gorm:"primaryKey"`
	BranchID  int64
	ActorID   int64
	ActorName string
	Action    string
	Subject   string
	Before    string
	After     string
	At        time.Time
}

func (changeRow) TableName() string { return "changes" }

func (db *DB) changeRow(c zhibu.Change) changeRow {
	return changeRow{BranchID: c.BranchID, ActorID: c.ActorID, ActorName: c.ActorName, Action: c.Action,
		Subject: c.Subject, Before: c.Before, After: c.After, At: db.stamp(c.At)}
}

func (r changeRow) change() zhibu.Change {
	return zhibu.Change{BranchID: r.BranchID, ActorID: r.ActorID, ActorName: r.ActorName, Action: r.Action,
		Subject: r.Subject, Before: r.Before, After: r.After, At: r.At.UTC()}
}

// addChanges appends changes to the audit log within tx. A change at the
// zero time is stamped with the current time.
func (db *DB) addChanges(tx *gorm.DB, cs []zhibu.Change) error {
	if len(cs) == 0 {
		return nil
	}
	rows := make([]changeRow, len(cs))
	for i, c := range cs {
		rows[i] = db.changeRow(c)
	}
	if err := tx.Create(&rows).Error; err != nil {
		if foreignKeyViolation(err) {
			return fmt.Errorf("add changes: branch: %w", zhibu.ErrNotFound)
		}
		return fmt.Errorf("add changes: %w", err)
	}
	return nil
}

// Changes lists a branch's audit log, newest first, at most limit entries;
// limit <= 0 means all of them.
func (db *DB) Changes(ctx context.Context, branchID int64, limit int) ([]zhibu.Change, error) {
	if limit <= 0 {
		limit = -1 // gorm: no LIMIT clause
	}
	var rows []changeRow
	err := db.conn(ctx).Where("branch_id = ?", branchID).
		Order("at DESC").Order("id DESC").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: changes of branch %d: %w", branchID, err)
	}
	out := make([]zhibu.Change, len(rows))
	for i, r := range rows {
		out[i] = r.change()
	}
	return out, nil
}
