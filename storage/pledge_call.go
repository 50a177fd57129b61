package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/zhibu/zhibu"
)

// pledgeCallRow is a row of the pledge_calls table.
type pledgeCallRow struct {
	ID        int64 `gorm:"primaryKey"`
	BranchID  int64
	Number    int
	Text      string
	Deadline  sql.NullTime
	MessageID int
	Closed    bool
	CreatedBy int64
	CreatedAt time.Time `gorm:"autoCreateTime:false"`
}

func (pledgeCallRow) TableName() string { return "pledge_calls" }

func (db *DB) pledgeCallRow(c zhibu.PledgeCall) pledgeCallRow {
	return pledgeCallRow{ID: c.ID, BranchID: c.BranchID, Number: c.Number, Text: c.Text, Deadline: nullTime(c.Deadline),
		MessageID: c.MessageID, Closed: c.Closed, CreatedBy: c.CreatedBy, CreatedAt: db.stamp(c.CreatedAt)}
}

func (r pledgeCallRow) call() zhibu.PledgeCall {
	return zhibu.PledgeCall{ID: r.ID, BranchID: r.BranchID, Number: r.Number, Text: r.Text,
		Deadline: fromNull(r.Deadline), MessageID: r.MessageID, Closed: r.Closed, CreatedBy: r.CreatedBy,
		CreatedAt: r.CreatedAt.UTC()}
}

// CreateCall stores a new call for pledges with the next number of its
// branch, in one transaction. c.ID and c.Number are ignored. It returns the
// call as stored; an unknown branch gives zhibu.ErrNotFound.
func (db *DB) CreateCall(ctx context.Context, c zhibu.PledgeCall) (zhibu.PledgeCall, error) {
	r := db.pledgeCallRow(c)
	r.ID = 0
	// The immediate transaction holds the write lock from MAX to INSERT.
	err := db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		return insertNumbered(tx, &pledgeCallRow{}, r.BranchID, &r.Number, &r)
	})
	if err != nil {
		return zhibu.PledgeCall{}, fmt.Errorf("storage: create pledge call: %w", err)
	}
	return r.call(), nil
}

// UpdateCall saves a call's message id and closed flag; the rest never
// changes. An unknown call, or one of another branch, gives
// zhibu.ErrNotFound.
func (db *DB) UpdateCall(ctx context.Context, c zhibu.PledgeCall) error {
	res := db.conn(ctx).Model(&pledgeCallRow{}).Where("id = ? AND branch_id = ?", c.ID, c.BranchID).
		Updates(map[string]any{"message_id": c.MessageID, "closed": c.Closed})
	if res.Error != nil {
		return fmt.Errorf("storage: update pledge call %d: %w", c.ID, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("storage: update pledge call %d in branch %d: %w", c.ID, c.BranchID, zhibu.ErrNotFound)
	}
	return nil
}

// CallByMessage finds the call a branch posted as chat message messageID,
// or zhibu.ErrNotFound; message 0 (a call not yet posted) is never found.
// Should two calls name one message, the newest wins.
func (db *DB) CallByMessage(ctx context.Context, branchID int64, messageID int) (zhibu.PledgeCall, error) {
	if messageID == 0 {
		return zhibu.PledgeCall{}, fmt.Errorf("storage: pledge call of message 0: %w", zhibu.ErrNotFound)
	}
	var r pledgeCallRow
	err := db.conn(ctx).Where("branch_id = ? AND message_id = ?", branchID, messageID).
		Order("id DESC").Take(&r).Error
	if err != nil {
		return zhibu.PledgeCall{}, fmt.Errorf("storage: pledge call of message %d in branch %d: %w",
			messageID, branchID, notFound(err))
	}
	return r.call(), nil
}

// CallByNumber finds a branch's call by 编号, or zhibu.ErrNotFound.
func (db *DB) CallByNumber(ctx context.Context, branchID int64, number int) (zhibu.PledgeCall, error) {
	var r pledgeCallRow
	err := db.conn(ctx).Where("branch_id = ? AND number = ?", branchID, number).Take(&r).Error
	if err != nil {
		return zhibu.PledgeCall{}, fmt.Errorf("storage: pledge call %d of branch %d: %w", number, branchID, notFound(err))
	}
	return r.call(), nil
}

// Calls lists a branch's calls, newest (highest number) first, or every
// branch's, newest (highest id) first, when branchID is 0; only those not
// closed when openOnly. A deadline does not close a call here: the domain
// judges it (zhibu.PledgeCall.Open).
func (db *DB) Calls(ctx context.Context, branchID int64, openOnly bool) ([]zhibu.PledgeCall, error) {
	q := db.conn(ctx)
	order := "id DESC" // numbers restart in each branch; ids do not
	if branchID != 0 {
		q, order = q.Where("branch_id = ?", branchID), "number DESC"
	}
	if openOnly {
		q = q.Where("NOT closed")
	}
	var rows []pledgeCallRow
	if err := q.Order(order).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: pledge calls of branch %d: %w", branchID, err)
	}
	out := make([]zhibu.PledgeCall, len(rows))
	for i, r := range rows {
		out[i] = r.call()
	}
	return out, nil
}
