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

// memberRow is a row of the members table.
type memberRow struct {
	ID         int64 `gorm:"primaryKey"`
	BranchID   int64
	Name       string
	Status     string
	Group      string `gorm:"column:grp"` // GROUP is an SQL keyword
	Role       string
	Exempt     string
	TelegramID int64
	Username   string
	Removed    bool
	CreatedAt  time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt  time.Time `gorm:"autoUpdateTime:false"`
}

func (memberRow) TableName() string { return "members" }

func (db *DB) memberRow(m zhibu.Member) memberRow {
	return memberRow{ID: m.ID, BranchID: m.BranchID, Name: m.Name, Status: string(m.Status), Group: m.Group,
		Role: string(m.Role), Exempt: m.Exempt, TelegramID: m.TelegramID, Username: m.Username,
		Removed: m.Removed, CreatedAt: db.stamp(m.CreatedAt), UpdatedAt: db.stamp(m.UpdatedAt)}
}

func (r memberRow) member() zhibu.Member {
	return zhibu.Member{ID: r.ID, BranchID: r.BranchID, Name: r.Name, Status: zhibu.Status(r.Status),
		Group: r.Group, Role: zhibu.Role(r.Role), Exempt: r.Exempt, TelegramID: r.TelegramID,
		Username: r.Username, Removed: r.Removed, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

// Members lists a branch's roster, removed entries included, by id.
func (db *DB) Members(ctx context.Context, branchID int64) ([]zhibu.Member, error) {
	var rows []memberRow
	if err := db.conn(ctx).Where("branch_id = ?", branchID).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: members of branch %d: %w", branchID, err)
	}
	out := make([]zhibu.Member, len(rows))
	for i, r := range rows {
		out[i] = r.member()
	}
	return out, nil
}

// MemberByTelegram finds the entry linked to a Telegram account, or
// zhibu.ErrNotFound. Telegram id 0 (not linked) is never found.
func (db *DB) MemberByTelegram(ctx context.Context, branchID, telegramID int64) (zhibu.Member, error) {
	var r memberRow
	err := db.conn(ctx).
		Where("branch_id = ? AND telegram_id = ? AND telegram_id <> 0", branchID, telegramID).Take(&r).Error
	if err != nil {
		return zhibu.Member{}, fmt.Errorf("storage: member with telegram id %d: %w", telegramID, notFound(err))
	}
	return r.member(), nil
}

// MemberByName finds an entry by exact name, or zhibu.ErrNotFound.
func (db *DB) MemberByName(ctx context.Context, branchID int64, name string) (zhibu.Member, error) {
	var r memberRow
	if err := db.conn(ctx).Where("branch_id = ? AND name = ?", branchID, name).Take(&r).Error; err != nil {
		return zhibu.Member{}, fmt.Errorf("storage: member %q: %w", name, notFound(err))
	}
	return r.member(), nil
}

// SaveMembers inserts the members with ID 0, updates the others and adds the
// changes, all in one transaction: on any error nothing is saved. It returns
// the members as saved, with their ids. A name already on the roster gives
// zhibu.ErrNameTaken, an account already linked zhibu.ErrAlreadyMember, an
// unknown member id or branch zhibu.ErrNotFound.
func (db *DB) SaveMembers(ctx context.Context, ms []zhibu.Member, cs []zhibu.Change) ([]zhibu.Member, error) {
	out := make([]zhibu.Member, 0, len(ms))
	err := db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		for _, m := range ms {
			r, err := db.saveMember(tx, m)
			if err != nil {
				return err
			}
			out = append(out, r.member())
		}
		return db.addChanges(tx, cs)
	})
	if err != nil {
		return nil, fmt.Errorf("storage: save members: %w", err)
	}
	return out, nil
}

// saveMember inserts (ID 0) or updates one member within tx. An update never
// moves a member to another branch or changes when it was created.
func (db *DB) saveMember(tx *gorm.DB, m zhibu.Member) (memberRow, error) {
	r := db.memberRow(m)
	var err error
	if r.ID == 0 {
		err = tx.Create(&r).Error
	} else {
		err = db.updateMember(tx, &r)
	}
	switch {
	case err == nil:
		return r, nil
	case uniqueViolation(err, "members.name"):
		return r, fmt.Errorf("member %q: %w", m.Name, zhibu.ErrNameTaken)
	case uniqueViolation(err, "members.telegram_id"):
		return r, fmt.Errorf("member %q with telegram id %d: %w", m.Name, m.TelegramID, zhibu.ErrAlreadyMember)
	case foreignKeyViolation(err):
		return r, fmt.Errorf("member %q: branch %d: %w", m.Name, m.BranchID, zhibu.ErrNotFound)
	}
	return r, fmt.Errorf("member %q: %w", m.Name, err)
}

func (db *DB) updateMember(tx *gorm.DB, r *memberRow) error {
	res := tx.Model(&memberRow{}).Where("id = ? AND branch_id = ?", r.ID, r.BranchID).Updates(map[string]any{
		"name": r.Name, "status": r.Status, "grp": r.Group, "role": r.Role, "exempt": r.Exempt,
		"telegram_id": r.TelegramID, "username": r.Username, "removed": r.Removed, "updated_at": r.UpdatedAt,
	})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("id %d in branch %d: %w", r.ID, r.BranchID, zhibu.ErrNotFound)
	}
	// Return the stored creation time, not whatever the caller passed.
	return tx.Model(&memberRow{}).Select("created_at").Where("id = ?", r.ID).Scan(&r.CreatedAt).Error
}

// MembersOf lists the rosters of several branches, removed entries
// included, by id.
func (db *DB) MembersOf(ctx context.Context, branchIDs []int64) ([]zhibu.Member, error) {
	out, err := inParts(branchIDs, func(ids []int64) ([]zhibu.Member, error) {
		return scanMembers(db.conn(ctx).Table("members").Select(memberColumns).
			Where("branch_id IN ?", ids).Order("id"))
	}, func(a, b zhibu.Member) int { return cmp.Compare(a.ID, b.ID) })
	if err != nil {
		return nil, fmt.Errorf("storage: members of %d branches: %w", len(branchIDs), err)
	}
	return out, nil
}

// memberColumns are read by scanMembers, in its Scan order.
const memberColumns = "id, branch_id, name, status, grp, role, exempt, telegram_id, username, removed, created_at, updated_at"

// scanMembers runs q, which selects memberColumns, with plain row scans: the
// reminder engine reads the rosters of many branches at once.
func scanMembers(q *gorm.DB) ([]zhibu.Member, error) {
	return scanAll(q, func(rows *sql.Rows) (zhibu.Member, error) {
		var r memberRow
		if err := rows.Scan(&r.ID, &r.BranchID, &r.Name, &r.Status, &r.Group, &r.Role, &r.Exempt, &r.TelegramID,
			&r.Username, &r.Removed, &r.CreatedAt, &r.UpdatedAt); err != nil {
			return zhibu.Member{}, err
		}
		return r.member(), nil
	})
}
