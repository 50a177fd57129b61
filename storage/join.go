package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/zhibu/zhibu"
)

// joinRow is a row of the join_requests table.
type joinRow struct {
	ID          int64 `gorm:"primaryKey"`
	BranchID    int64
	TelegramID  int64
	Username    string
	DisplayName string
	Name        string
	State       string
	Status      string
	DecidedBy   int64
	DecidedAt   sql.NullTime
	CreatedAt   time.Time `gorm:"autoCreateTime:false"`
}

func (joinRow) TableName() string { return "join_requests" }

func (db *DB) joinRow(r zhibu.JoinRequest) joinRow {
	if r.State == "" {
		r.State = zhibu.JoinPending
	}
	return joinRow{ID: r.ID, BranchID: r.BranchID, TelegramID: r.TelegramID, Username: r.Username,
		DisplayName: r.DisplayName, Name: r.Name, State: string(r.State), Status: string(r.Status),
		DecidedBy: r.DecidedBy, DecidedAt: nullTime(r.DecidedAt), CreatedAt: db.stamp(r.CreatedAt)}
}

func (r joinRow) request() zhibu.JoinRequest {
	return zhibu.JoinRequest{ID: r.ID, BranchID: r.BranchID, TelegramID: r.TelegramID, Username: r.Username,
		DisplayName: r.DisplayName, Name: r.Name, State: zhibu.JoinState(r.State), Status: zhibu.Status(r.Status),
		DecidedBy: r.DecidedBy, DecidedAt: fromNull(r.DecidedAt), CreatedAt: r.CreatedAt.UTC()}
}

// CreateJoinRequest stores a new join request (pending unless r.State says
// otherwise) and returns it with its id. A second pending request of the
// same account in the same branch gives zhibu.ErrJoinPending.
func (db *DB) CreateJoinRequest(ctx context.Context, r zhibu.JoinRequest) (zhibu.JoinRequest, error) {
	row := db.joinRow(r)
	row.ID = 0
	err := db.mayRefuse(ctx, func(tx *gorm.DB) error { return tx.Create(&row).Error })
	switch {
	case uniqueViolation(err, "join_requests.telegram_id"):
		err = zhibu.ErrJoinPending
	case foreignKeyViolation(err):
		err = fmt.Errorf("branch %d: %w", r.BranchID, zhibu.ErrNotFound)
	}
	if err != nil {
		return zhibu.JoinRequest{}, fmt.Errorf("storage: create join request: %w", err)
	}
	return row.request(), nil
}

// JoinRequest returns a request by id, or zhibu.ErrNotFound.
func (db *DB) JoinRequest(ctx context.Context, id int64) (zhibu.JoinRequest, error) {
	var row joinRow
	if err := db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return zhibu.JoinRequest{}, fmt.Errorf("storage: join request %d: %w", id, notFound(err))
	}
	return row.request(), nil
}

// PendingJoin returns the pending request of an account in a branch, or
// zhibu.ErrNotFound.
func (db *DB) PendingJoin(ctx context.Context, branchID, telegramID int64) (zhibu.JoinRequest, error) {
	var row joinRow
	err := db.conn(ctx).Where("branch_id = ? AND telegram_id = ? AND state = ?",
		branchID, telegramID, string(zhibu.JoinPending)).Order("id DESC").Take(&row).Error
	if err != nil {
		return zhibu.JoinRequest{}, fmt.Errorf("storage: pending join of %d: %w", telegramID, notFound(err))
	}
	return row.request(), nil
}

// JoinRequestsSince counts the requests of an account to a branch created at
// or after since, in any state (the join_requests_account index narrows it
// to the account).
func (db *DB) JoinRequestsSince(ctx context.Context, branchID, telegramID int64, since time.Time) (int, error) {
	var n int64
	// Times are stored as UTC text: a bound in UTC compares as an instant.
	err := db.conn(ctx).Model(&joinRow{}).Where("branch_id = ? AND telegram_id = ? AND created_at >= ?",
		branchID, telegramID, db.bound(since)).Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("storage: join requests of %d since %s: %w", telegramID, since.UTC().Format(time.RFC3339), err)
	}
	return int(n), nil
}

// DecideJoin records the decision in r (State, Status, DecidedBy, DecidedAt)
// on a request that is still pending, saves m when it is not nil (insert or
// update, as SaveMembers) and adds the change, in one transaction. It returns
// the saved member, or the zero Member when m is nil. When the request was
// decided before it returns zhibu.ErrAlreadyDecided and saves nothing.
func (db *DB) DecideJoin(ctx context.Context, r zhibu.JoinRequest, m *zhibu.Member, c zhibu.Change) (zhibu.Member, error) {
	var saved zhibu.Member
	err := db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		if err := db.decide(tx, r); err != nil {
			return err
		}
		if m != nil {
			if m.BranchID == 0 {
				m.BranchID = r.BranchID
			}
			row, err := db.saveMember(tx, *m)
			if err != nil {
				return err
			}
			saved = row.member()
		}
		if c.BranchID == 0 {
			c.BranchID = r.BranchID
		}
		return db.addChanges(tx, []zhibu.Change{c})
	})
	if err != nil {
		return zhibu.Member{}, fmt.Errorf("storage: decide join request %d: %w", r.ID, err)
	}
	return saved, nil
}

// decide is a compare-and-set on the request's state: only one of two
// officers pressing buttons at once wins.
func (db *DB) decide(tx *gorm.DB, r zhibu.JoinRequest) error {
	if r.State != zhibu.JoinApproved && r.State != zhibu.JoinRejected {
		return fmt.Errorf("state %q: %w", r.State, errNotDecided)
	}
	res := tx.Model(&joinRow{}).Where("id = ? AND state = ?", r.ID, string(zhibu.JoinPending)).
		Updates(map[string]any{
			"state": string(r.State), "status": string(r.Status),
			"decided_by": r.DecidedBy, "decided_at": db.stamp(r.DecidedAt),
		})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 1 {
		return nil
	}
	var n int64
	if err := tx.Model(&joinRow{}).Where("id = ?", r.ID).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return zhibu.ErrNotFound
	}
	return zhibu.ErrAlreadyDecided
}

// errNotDecided is returned when DecideJoin is asked to leave a request pending.
var errNotDecided = errors.New("decision must approve or reject")
