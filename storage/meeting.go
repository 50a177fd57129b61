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

var (
	_ zhibu.MeetingStore = (*DB)(nil)
)

// meetingRow is a row of the meetings table.
type meetingRow struct {
	ID           int64 `gorm:"primaryKey"`
	BranchID     int64
	Number       int
	Type         string
	Group        string `gorm:"column:grp"` // GROUP is an SQL keyword
	StartAt      time.Time
	EndAt        sql.NullTime
	Place        string
	Topic        string
	HostID       int64
	RecorderID   int64
	Lecturer     string
	State        string
	Backfilled   bool
	CancelReason string
	AnnounceID   int
	CreatedBy    int64
	ClosedBy     int64
	ClosedAt     sql.NullTime
	CreatedAt    time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt    time.Time `gorm:"autoUpdateTime:false"`
}

func (meetingRow) TableName() string { return "meetings" }

func (db *DB) meetingRow(m zhibu.Meeting) meetingRow {
	if m.State == "" {
		m.State = zhibu.MeetingScheduled
	}
	return meetingRow{ID: m.ID, BranchID: m.BranchID, Number: m.Number, Type: string(m.Type), Group: m.Group,
		StartAt: m.Start.UTC(), EndAt: nullTime(m.End), Place: m.Place, Topic: m.Topic, HostID: m.HostID,
		RecorderID: m.RecorderID, Lecturer: m.Lecturer, State: string(m.State), Backfilled: m.Backfilled,
		CancelReason: m.CancelReason, AnnounceID: m.AnnounceID, CreatedBy: m.CreatedBy, ClosedBy: m.ClosedBy,
		ClosedAt: nullTime(m.ClosedAt), CreatedAt: db.stamp(m.CreatedAt), UpdatedAt: db.stamp(m.UpdatedAt)}
}

func (r meetingRow) meeting() zhibu.Meeting {
	return zhibu.Meeting{ID: r.ID, BranchID: r.BranchID, Number: r.Number, Type: zhibu.MeetingType(r.Type),
		Group: r.Group, Start: r.StartAt.UTC(), End: fromNull(r.EndAt), Place: r.Place, Topic: r.Topic,
		HostID: r.HostID, RecorderID: r.RecorderID, Lecturer: r.Lecturer, State: zhibu.MeetingState(r.State),
		Backfilled: r.Backfilled, CancelReason: r.CancelReason, AnnounceID: r.AnnounceID, CreatedBy: r.CreatedBy,
		ClosedBy: r.ClosedBy, ClosedAt: fromNull(r.ClosedAt), CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

// CreateMeeting stores a new meeting (scheduled unless m.State says
// otherwise) with the next number of its branch and adds the change, in one
// transaction. m.ID and m.Number are ignored. It returns the meeting as
// stored; an unknown branch gives zhibu.ErrNotFound.
func (db *DB) CreateMeeting(ctx context.Context, m zhibu.Meeting, c zhibu.Change) (zhibu.Meeting, error) {
	r := db.meetingRow(m)
	r.ID = 0
	// The transaction begins immediate (see pragmas): it holds the write
	// lock from the MAX to the INSERT, so two calls cannot take one number.
	// UNIQUE (branch_id, number) would refuse a duplicate anyway.
	err := db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		if err := insertNumbered(tx, &meetingRow{}, r.BranchID, &r.Number, &r); err != nil {
			return err
		}
		c.BranchID = r.BranchID
		return db.addChanges(tx, []zhibu.Change{c})
	})
	if err != nil {
		return zhibu.Meeting{}, fmt.Errorf("storage: create meeting: %w", err)
	}
	return r.meeting(), nil
}

// MeetingByNumber finds a branch's meeting by 编号, or zhibu.ErrNotFound.
func (db *DB) MeetingByNumber(ctx context.Context, branchID int64, number int) (zhibu.Meeting, error) {
	var r meetingRow
	err := db.conn(ctx).Where("branch_id = ? AND number = ?", branchID, number).Take(&r).Error
	if err != nil {
		return zhibu.Meeting{}, fmt.Errorf("storage: meeting %d of branch %d: %w", number, branchID, notFound(err))
	}
	return r.meeting(), nil
}

// UpdateMeeting saves every mutable field of a meeting and adds the change,
// in one transaction. The branch, number, creator and creation time never
// change. An unknown meeting, or one of another branch, gives
// zhibu.ErrNotFound.
func (db *DB) UpdateMeeting(ctx context.Context, m zhibu.Meeting, c zhibu.Change) error {
	err := db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		if err := db.updateMeeting(tx, m); err != nil {
			return err
		}
		c.BranchID = m.BranchID
		return db.addChanges(tx, []zhibu.Change{c})
	})
	if err != nil {
		return fmt.Errorf("storage: update meeting %d: %w", m.ID, err)
	}
	return nil
}

// updateMeeting writes m's mutable fields within tx.
func (db *DB) updateMeeting(tx *gorm.DB, m zhibu.Meeting) error {
	r := db.meetingRow(m)
	res := tx.Model(&meetingRow{}).Where("id = ? AND branch_id = ?", r.ID, r.BranchID).Updates(map[string]any{
		"type": r.Type, "grp": r.Group, "start_at": r.StartAt, "end_at": r.EndAt, "place": r.Place,
		"topic": r.Topic, "host_id": r.HostID, "recorder_id": r.RecorderID, "lecturer": r.Lecturer,
		"state": r.State, "backfilled": r.Backfilled, "cancel_reason": r.CancelReason,
		"announce_id": r.AnnounceID, "closed_by": r.ClosedBy, "closed_at": r.ClosedAt, "updated_at": r.UpdatedAt,
	})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("id %d in branch %d: %w", r.ID, r.BranchID, zhibu.ErrNotFound)
	}
	return nil
}

// Meetings lists a branch's meetings (every branch's when f.BranchID is 0,
// those of f.BranchIDs when set) that start in [f.From, f.To) (a zero bound
// is open), are among f.IDs, in one of f.States and of type f.Type when
// those are set, by start time then id, newest first when f.Desc, at most
// f.Limit when it is positive.
func (db *DB) Meetings(ctx context.Context, f zhibu.MeetingFilter) ([]zhibu.Meeting, error) {
	// The longer of the id lists is split into IN lists of inChunk.
	list := &f.IDs
	if len(f.BranchIDs) > len(f.IDs) {
		list = &f.BranchIDs
	}
	out, err := inParts(*list, func(ids []int64) ([]zhibu.Meeting, error) {
		*list = ids
		return db.meetings(ctx, f)
	}, func(a, b zhibu.Meeting) int {
		c := cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.ID, b.ID))
		if f.Desc {
			return -c
		}
		return c
	})
	if err != nil {
		return nil, fmt.Errorf("storage: meetings of branch %d: %w", f.BranchID, err)
	}
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

func (db *DB) meetings(ctx context.Context, f zhibu.MeetingFilter) ([]zhibu.Meeting, error) {
	q := db.conn(ctx).Table("meetings").Select(meetingColumns)
	if f.BranchID != 0 {
		q = q.Where("branch_id = ?", f.BranchID)
	}
	if len(f.BranchIDs) > 0 {
		q = q.Where("branch_id IN ?", f.BranchIDs)
	}
	if len(f.IDs) > 0 {
		q = q.Where("id IN ?", f.IDs)
	}
	if !f.From.IsZero() {
		q = q.Where("start_at >= ?", db.bound(f.From))
	}
	if !f.To.IsZero() {
		q = q.Where("start_at < ?", db.bound(f.To))
	}
	if len(f.States) > 0 {
		states := make([]string, len(f.States))
		for i, s := range f.States {
			states[i] = string(s)
		}
		q = q.Where("state IN ?", states)
	}
	if f.Type != "" {
		q = q.Where("type = ?", string(f.Type))
	}
	order := "start_at, id"
	if f.Desc {
		order = "start_at DESC, id DESC"
	}
	limit := f.Limit
	if limit <= 0 {
		limit = -1 // gorm: no LIMIT clause
	}
	return scanMeetings(q.Order(order).Limit(limit))
}

// meetingColumns are read by scanMeetings, in its Scan order.
const meetingColumns = `id, branch_id, number, type, grp, start_at, end_at, place, topic, host_id, recorder_id,
	lecturer, state, backfilled, cancel_reason, announce_id, created_by, closed_by, closed_at, created_at, updated_at`

// scanMeetings runs q, which selects meetingColumns, with plain row scans:
// the reminder engine reads the meetings of every branch each minute,
// where gorm's reflection per row costs more than the query.
func scanMeetings(q *gorm.DB) ([]zhibu.Meeting, error) {
	return scanAll(q, func(rows *sql.Rows) (zhibu.Meeting, error) {
		var r meetingRow
		if err := rows.Scan(&r.ID, &r.BranchID, &r.Number, &r.Type, &r.Group, &r.StartAt, &r.EndAt, &r.Place,
			&r.Topic, &r.HostID, &r.RecorderID, &r.Lecturer, &r.State, &r.Backfilled, &r.CancelReason,
			&r.AnnounceID, &r.CreatedBy, &r.ClosedBy, &r.ClosedAt, &r.CreatedAt, &r.UpdatedAt); err != nil {
			return zhibu.Meeting{}, err
		}
		return r.meeting(), nil
	})
}
