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

var (
	_ zhibu.Store        = (*DB)(nil)
	_ zhibu.ChangeStore  = (*DB)(nil)
	_ zhibu.BranchLister = (*DB)(nil)
	_ zhibu.AgendaStore  = (*DB)(nil)
)

// branchRow is a row of the branches table.
type branchRow struct {
	ID        int64 `gorm:"primaryKey"`
	ChatID    int64
	Name      string
	TimeZone  string
	Active    bool
	CreatedAt time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt time.Time `gorm:"autoUpdateTime:false"`
}

func (branchRow) TableName() string { return "branches" }

func (db *DB) branchRow(b zhibu.Branch) branchRow {
	return branchRow{ID: b.ID, ChatID: b.ChatID, Name: b.Name, TimeZone: b.TimeZone, Active: b.Active,
		CreatedAt: db.stamp(b.CreatedAt), UpdatedAt: db.stamp(b.UpdatedAt)}
}

// branch converts a row, with its time zone loaded once per name.
func (db *DB) branch(r branchRow) zhibu.Branch {
	return zhibu.Branch{ID: r.ID, ChatID: r.ChatID, Name: r.Name, TimeZone: r.TimeZone, Loc: db.zones.load(r.TimeZone),
		Active: r.Active, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

// BranchByChat returns the branch of a chat, or zhibu.ErrNotFound.
func (db *DB) BranchByChat(ctx context.Context, chatID int64) (zhibu.Branch, error) {
	var r branchRow
	if err := db.conn(ctx).Where("chat_id = ?", chatID).Take(&r).Error; err != nil {
		return zhibu.Branch{}, fmt.Errorf("storage: branch of chat %d: %w", chatID, notFound(err))
	}
	return db.branch(r), nil
}

// BranchByID returns a branch by its id, or zhibu.ErrNotFound.
func (db *DB) BranchByID(ctx context.Context, id int64) (zhibu.Branch, error) {
	var r branchRow
	if err := db.conn(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return zhibu.Branch{}, fmt.Errorf("storage: branch %d: %w", id, notFound(err))
	}
	return db.branch(r), nil
}

// ActiveBranches lists the active branches by id, with plain row scans:
// the reminder engine reads them every minute.
func (db *DB) ActiveBranches(ctx context.Context) ([]zhibu.Branch, error) {
	q := db.conn(ctx).Table("branches").
		Select("id, chat_id, name, time_zone, active, created_at, updated_at").Where("active").Order("id")
	out, err := scanAll(q, func(rows *sql.Rows) (zhibu.Branch, error) {
		var r branchRow
		err := rows.Scan(&r.ID, &r.ChatID, &r.Name, &r.TimeZone, &r.Active, &r.CreatedAt, &r.UpdatedAt)
		return db.branch(r), err
	})
	if err != nil {
		return nil, fmt.Errorf("storage: active branches: %w", err)
	}
	return out, nil
}

// CreateBranch stores a new branch, its founder and the change in one
// transaction, filling in their ids and branch ids. It fails when the chat
// already has a branch.
func (db *DB) CreateBranch(ctx context.Context, b zhibu.Branch, founder zhibu.Member, c zhibu.Change) (zhibu.Branch, zhibu.Member, error) {
	br := db.branchRow(b)
	br.ID = 0
	var mr memberRow
	err := db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&br).Error; err != nil {
			if uniqueViolation(err, "branches.chat_id") {
				return fmt.Errorf("chat %d already has a branch: %w", b.ChatID, zhibu.ErrConflict)
			}
			return err
		}
		founder.ID, founder.BranchID, c.BranchID = 0, br.ID, br.ID
		var err error
		if mr, err = db.saveMember(tx, founder); err != nil {
			return err
		}
		return db.addChanges(tx, []zhibu.Change{c})
	})
	if err != nil {
		return zhibu.Branch{}, zhibu.Member{}, fmt.Errorf("storage: create branch: %w", err)
	}
	return db.branch(br), mr.member(), nil
}

// UpdateBranch saves the name, time zone, active flag and update time of a
// branch and the change, in one transaction.
func (db *DB) UpdateBranch(ctx context.Context, b zhibu.Branch, c zhibu.Change) error {
	err := db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&branchRow{}).Where("id = ?", b.ID).Updates(map[string]any{
			"name": b.Name, "time_zone": b.TimeZone, "active": b.Active, "updated_at": db.stamp(b.UpdatedAt),
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("branch %d: %w", b.ID, zhibu.ErrNotFound)
		}
		c.BranchID = b.ID
		return db.addChanges(tx, []zhibu.Change{c})
	})
	if err != nil {
		return fmt.Errorf("storage: update branch: %w", err)
	}
	return nil
}

// errChatTaken is returned when a branch is moved to a chat that has one.
var errChatTaken = errors.New("chat already has a branch")

// MoveBranch moves the branch of chat from to chat to. It returns
// zhibu.ErrNotFound when from has no branch and an error when to has one.
func (db *DB) MoveBranch(ctx context.Context, from, to int64) error {
	var moved int64
	err := db.mayRefuse(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&branchRow{}).Where("chat_id = ?", from).
			Updates(map[string]any{"chat_id": to, "updated_at": db.now().UTC()})
		moved = res.RowsAffected
		return res.Error
	})
	switch {
	case uniqueViolation(err, "branches.chat_id"):
		return fmt.Errorf("storage: move branch from chat %d to %d: %w", from, to, errChatTaken)
	case err != nil:
		return fmt.Errorf("storage: move branch from chat %d to %d: %w", from, to, err)
	case moved == 0:
		return fmt.Errorf("storage: move branch from chat %d: %w", from, zhibu.ErrNotFound)
	}
	return nil
}
