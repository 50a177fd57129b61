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

var _ zhibu.PledgeStore = (*DB)(nil)

// pledgeRow is a row of the pledges table.
type pledgeRow struct {
	ID            int64 `gorm:"primaryKey"`
	BranchID      int64
	Number        int
	MemberID      int64
	Content       string
	Category      string
	Deadline      sql.NullTime
	State         string
	CallID        int64
	Grade         string
	Comment       string
	DoneAt        sql.NullTime
	PendingChange string
	CreatedAt     time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt     time.Time `gorm:"autoUpdateTime:false"`
}

func (pledgeRow) TableName() string { return "pledges" }

func (db *DB) pledgeRow(p zhibu.Pledge) pledgeRow {
	if p.State == "" {
		p.State = zhibu.PledgePending
	}
	return pledgeRow{ID: p.ID, BranchID: p.BranchID, Number: p.Number, MemberID: p.MemberID, Content: p.Content,
		Category: string(p.Category), Deadline: nullTime(p.Deadline), State: string(p.State), CallID: p.CallID,
		Grade: string(p.Grade), Comment: p.Comment, DoneAt: nullTime(p.DoneAt), PendingChange: p.Pending,
		CreatedAt: db.stamp(p.CreatedAt), UpdatedAt: db.stamp(p.UpdatedAt)}
}

func (r pledgeRow) pledge() zhibu.Pledge {
	return zhibu.Pledge{ID: r.ID, BranchID: r.BranchID, Number: r.Number, MemberID: r.MemberID, Content: r.Content,
		Category: zhibu.Category(r.Category), Deadline: fromNull(r.Deadline), State: zhibu.PledgeState(r.State),
		CallID: r.CallID, Grade: zhibu.Grade(r.Grade), Comment: r.Comment, DoneAt: fromNull(r.DoneAt),
		Pending: r.PendingChange, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

// CreatePledge stores a new pledge (待审 unless p.State says otherwise) with
// the next number of its branch, and its first event e with e's evidence,
// in one transaction. p.ID, p.Number, e.ID and e.PledgeID are ignored. It
// returns the pledge as stored; an unknown branch gives zhibu.ErrNotFound.
func (db *DB) CreatePledge(ctx context.Context, p zhibu.Pledge, e zhibu.PledgeEvent) (zhibu.Pledge, error) {
	r := db.pledgeRow(p)
	r.ID = 0
	// The immediate transaction holds the write lock from MAX to INSERT, so
	// two calls cannot take one number; UNIQUE (branch_id, number) would
	// refuse a duplicate anyway.
	err := db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		if err := insertNumbered(tx, &pledgeRow{}, r.BranchID, &r.Number, &r); err != nil {
			return err
		}
		e.PledgeID = r.ID
		return db.addPledgeEvent(tx, e)
	})
	if err != nil {
		return zhibu.Pledge{}, fmt.Errorf("storage: create pledge of member %d: %w", p.MemberID, err)
	}
	return r.pledge(), nil
}

// PledgeByNumber finds a branch's pledge by 编号, or zhibu.ErrNotFound.
func (db *DB) PledgeByNumber(ctx context.Context, branchID int64, number int) (zhibu.Pledge, error) {
	var r pledgeRow
	err := db.conn(ctx).Where("branch_id = ? AND number = ?", branchID, number).Take(&r).Error
	if err != nil {
		return zhibu.Pledge{}, fmt.Errorf("storage: pledge %d of branch %d: %w", number, branchID, notFound(err))
	}
	return r.pledge(), nil
}

// UpdatePledge saves every mutable field of a pledge and appends the event
// e (with its evidence) to its history, in one transaction, provided the
// stored state is still from: a compare and set, so that of two officers
// acting on one pledge at once, the second gets zhibu.ErrPledgeState and
// writes nothing. The branch, number, member, call and creation time never
// change. An unknown pledge, or one of another branch, gives
// zhibu.ErrNotFound. It returns the pledge as stored.
func (db *DB) UpdatePledge(ctx context.Context, p zhibu.Pledge, from zhibu.PledgeState, e zhibu.PledgeEvent) (zhibu.Pledge, error) {
	var out pledgeRow
	err := db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		if err := db.updatePledge(tx, p, from); err != nil {
			return err
		}
		if err := tx.Where("id = ?", p.ID).Take(&out).Error; err != nil {
			return err
		}
		e.PledgeID = p.ID
		return db.addPledgeEvent(tx, e)
	})
	if err != nil {
		return zhibu.Pledge{}, fmt.Errorf("storage: update pledge %d: %w", p.ID, err)
	}
	return out.pledge(), nil
}

// updatePledge writes p's mutable fields within tx if its stored state is
// from.
func (db *DB) updatePledge(tx *gorm.DB, p zhibu.Pledge, from zhibu.PledgeState) error {
	r := db.pledgeRow(p)
	res := tx.Model(&pledgeRow{}).Where("id = ? AND branch_id = ? AND state = ?", r.ID, r.BranchID, string(from)).
		Updates(map[string]any{
			"content": r.Content, "category": r.Category, "deadline": r.Deadline, "state": r.State,
			"grade": r.Grade, "comment": r.Comment, "done_at": r.DoneAt, "pending_change": r.PendingChange,
			"updated_at": r.UpdatedAt,
		})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected > 0 {
		return nil
	}
	var stored pledgeRow
	err := tx.Select("state").Where("id = ? AND branch_id = ?", r.ID, r.BranchID).Take(&stored).Error
	if err != nil {
		return fmt.Errorf("id %d in branch %d: %w", r.ID, r.BranchID, notFound(err))
	}
	return fmt.Errorf("state %s, not %s: %w", stored.State, from, zhibu.ErrPledgeState)
}

// Pledges lists a branch's pledges (every branch's when f.BranchID is 0)
// of member f.MemberID, in one of f.States, answering call f.CallID and due
// in [f.DeadlineFrom, f.DeadlineTo) when those are set, by branch, member
// then number. A deadline bound leaves out the pledges without a deadline.
func (db *DB) Pledges(ctx context.Context, f zhibu.PledgeFilter) ([]zhibu.Pledge, error) {
	// One id list is split into IN lists of inChunk.
	list := &f.BranchIDs
	switch {
	case len(f.IDs) > 0:
		list = &f.IDs
	case len(f.CallIDs) > 0:
		list = &f.CallIDs
	}
	out, err := inParts(*list, func(ids []int64) ([]zhibu.Pledge, error) {
		*list = ids
		return db.pledges(ctx, f)
	}, func(a, b zhibu.Pledge) int {
		return cmp.Or(cmp.Compare(a.BranchID, b.BranchID), cmp.Compare(a.MemberID, b.MemberID), cmp.Compare(a.Number, b.Number))
	})
	if err != nil {
		return nil, fmt.Errorf("storage: pledges of branch %d: %w", f.BranchID, err)
	}
	return out, nil
}

func (db *DB) pledges(ctx context.Context, f zhibu.PledgeFilter) ([]zhibu.Pledge, error) {
	q := db.conn(ctx).Table("pledges").Select(pledgeColumns)
	if f.BranchID != 0 {
		q = q.Where("branch_id = ?", f.BranchID)
	}
	if len(f.BranchIDs) > 0 {
		q = q.Where("branch_id IN ?", f.BranchIDs)
	}
	if len(f.IDs) > 0 {
		q = q.Where("id IN ?", f.IDs)
	}
	if len(f.CallIDs) > 0 {
		q = q.Where("call_id IN ?", f.CallIDs)
	}
	if f.MemberID != 0 {
		q = q.Where("member_id = ?", f.MemberID)
	}
	if len(f.States) > 0 {
		states := make([]string, len(f.States))
		for i, s := range f.States {
			states[i] = string(s)
		}
		q = q.Where("state IN ?", states)
	}
	if f.CallID != 0 {
		q = q.Where("call_id = ?", f.CallID)
	}
	// Deadlines are stored in UTC text; bounds in UTC compare as instants.
	if !f.DeadlineFrom.IsZero() {
		q = q.Where("deadline >= ?", db.bound(f.DeadlineFrom))
	}
	if !f.DeadlineTo.IsZero() {
		q = q.Where("deadline < ?", db.bound(f.DeadlineTo))
	}
	// Within one branch this is member then number; member ids are unique
	// across branches, so branch first only groups the all-branch listing.
	return scanPledges(q.Order("branch_id, member_id, number"))
}

// pledgeColumns are read by scanPledges, in its Scan order.
const pledgeColumns = `id, branch_id, number, member_id, content, category, deadline, state, call_id,
	grade, comment, done_at, pending_change, created_at, updated_at`

// scanPledges runs q, which selects pledgeColumns, with plain row scans: the
// ledger reads thousands of pledges, where gorm's reflection per row costs
// more than the query.
func scanPledges(q *gorm.DB) ([]zhibu.Pledge, error) {
	return scanAll(q, func(rows *sql.Rows) (zhibu.Pledge, error) {
		var r pledgeRow
		if err := rows.Scan(&r.ID, &r.BranchID, &r.Number, &r.MemberID, &r.Content, &r.Category, &r.Deadline,
			&r.State, &r.CallID, &r.Grade, &r.Comment, &r.DoneAt, &r.PendingChange, &r.CreatedAt,
			&r.UpdatedAt); err != nil {
			return zhibu.Pledge{}, err
		}
		return r.pledge(), nil
	})
}
