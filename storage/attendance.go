package storage

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"gorm.io/gorm"

	"github.com/zhibu/zhibu"
)

// attendanceRow is a row of the attendance table.
type attendanceRow struct {
	ID              int64 `gorm:"primaryKey"`
	MeetingID       int64
	MemberID        int64
	Name            string
	Expected        bool
	Observer        bool
	Answer          string
	AnsweredAt      sql.NullTime
	LeaveReason     string
	LeaveRejected   bool
	LeaveRejectedBy int64
	CheckedInAt     sql.NullTime
	CheckedInBy     int64
	Late            bool
	Outcome         string
}

func (attendanceRow) TableName() string { return "attendance" }

func attendanceRowOf(a zhibu.Attendance) attendanceRow {
	return attendanceRow{ID: a.ID, MeetingID: a.MeetingID, MemberID: a.MemberID, Name: a.Name,
		Expected: a.Expected, Observer: a.Observer, Answer: string(a.Answer), AnsweredAt: nullTime(a.AnsweredAt),
		LeaveReason: a.LeaveReason, LeaveRejected: a.LeaveRejected, LeaveRejectedBy: a.LeaveRejectedBy,
		CheckedInAt: nullTime(a.CheckedInAt), CheckedInBy: a.CheckedInBy, Late: a.Late, Outcome: string(a.Outcome)}
}

func (r attendanceRow) attendance() zhibu.Attendance {
	return zhibu.Attendance{ID: r.ID, MeetingID: r.MeetingID, MemberID: r.MemberID, Name: r.Name,
		Expected: r.Expected, Observer: r.Observer, Answer: zhibu.Answer(r.Answer), AnsweredAt: fromNull(r.AnsweredAt),
		LeaveReason: r.LeaveReason, LeaveRejected: r.LeaveRejected, LeaveRejectedBy: r.LeaveRejectedBy,
		CheckedInAt: fromNull(r.CheckedInAt), CheckedInBy: r.CheckedInBy, Late: r.Late,
		Outcome: zhibu.Outcome(r.Outcome)}
}

func attendanceOf(rows []attendanceRow) []zhibu.Attendance {
	out := make([]zhibu.Attendance, len(rows))
	for i, r := range rows {
		out[i] = r.attendance()
	}
	return out
}

// inChunk bounds the values of one IN list. The SQLite built into
// mattn/go-sqlite3 allows 32,766 parameters per statement and PostgreSQL
// 65,535: a batch of this size is one statement for a few thousand
// branches or meetings, and the rest of the statement keeps its room.
const inChunk = 10000

// inParts runs query once for ids, or once per inChunk of them when there
// are more, and joins the parts in the order cmp gives.
func inParts[T any](ids []int64, query func(ids []int64) ([]T, error), cmp func(a, b T) int) ([]T, error) {
	if len(ids) <= inChunk {
		return query(ids)
	}
	var out []T
	for part := range slices.Chunk(ids, inChunk) {
		rows, err := query(part)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	slices.SortStableFunc(out, cmp)
	return out, nil
}

// Attendance lists a meeting's records by id.
func (db *DB) Attendance(ctx context.Context, meetingID int64) ([]zhibu.Attendance, error) {
	var rows []attendanceRow
	if err := db.conn(ctx).Where("meeting_id = ?", meetingID).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: attendance of meeting %d: %w", meetingID, err)
	}
	return attendanceOf(rows), nil
}

// AttendanceOf lists the records of several meetings, by meeting then id.
// Unknown and repeated ids are ignored.
func (db *DB) AttendanceOf(ctx context.Context, meetingIDs []int64) ([]zhibu.Attendance, error) {
	// Sorted chunks select increasing ranges of meeting ids, so appending
	// each chunk's ordered rows keeps the whole list in order.
	ids := slices.Compact(slices.Sorted(slices.Values(meetingIDs)))
	var out []zhibu.Attendance
	for chunk := range slices.Chunk(ids, inChunk) {
		part, err := db.scanAttendance(ctx, chunk)
		if err != nil {
			return nil, fmt.Errorf("storage: attendance of %d meetings: %w", len(ids), err)
		}
		out = append(out, part...)
	}
	return out, nil
}

// attendanceColumns are read by scanAttendance, in its Scan order.
const attendanceColumns = `id, meeting_id, member_id, name, expected, observer, answer, answered_at,
	leave_reason, leave_rejected, leave_rejected_by, checked_in_at, checked_in_by, late, outcome`

// scanAttendance reads the records of some meetings with plain row scans:
// an export reads tens of thousands of rows, where gorm's reflection per
// row costs more than the query.
func (db *DB) scanAttendance(ctx context.Context, meetingIDs []int64) ([]zhibu.Attendance, error) {
	rows, err := db.conn(ctx).Raw("SELECT "+attendanceColumns+
		" FROM attendance WHERE meeting_id IN ? ORDER BY meeting_id, id", meetingIDs).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []zhibu.Attendance
	for rows.Next() {
		var r attendanceRow
		if err := rows.Scan(&r.ID, &r.MeetingID, &r.MemberID, &r.Name, &r.Expected, &r.Observer, &r.Answer,
			&r.AnsweredAt, &r.LeaveReason, &r.LeaveRejected, &r.LeaveRejectedBy, &r.CheckedInAt, &r.CheckedInBy,
			&r.Late, &r.Outcome); err != nil {
			return nil, err
		}
		out = append(out, r.attendance())
	}
	return out, rows.Err()
}

// SaveAttendance inserts (ID 0) or updates one record and, when c is not
// nil, adds the change to the audit log of the meeting's branch, in one
// transaction. An update never moves a record to another meeting or member.
// A second record for the same meeting and member, or observer name without
// a member, gives zhibu.ErrConflict; an unknown meeting or record
// zhibu.ErrNotFound.
func (db *DB) SaveAttendance(ctx context.Context, a zhibu.Attendance, c *zhibu.Change) (zhibu.Attendance, error) {
	r := attendanceRowOf(a)
	err := db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		if err := saveAttendance(tx, &r); err != nil {
			return err
		}
		if c == nil {
			return nil
		}
		branchID, err := meetingBranch(tx, r.MeetingID)
		if err != nil {
			return err
		}
		ch := *c
		ch.BranchID = branchID
		return db.addChanges(tx, []zhibu.Change{ch})
	})
	if err != nil {
		return zhibu.Attendance{}, fmt.Errorf("storage: save attendance of %q at meeting %d: %w", a.Name, a.MeetingID, err)
	}
	return r.attendance(), nil
}

func saveAttendance(tx *gorm.DB, r *attendanceRow) error {
	var err error
	if r.ID == 0 {
		err = tx.Create(r).Error
	} else {
		err = updateAttendance(tx, r)
	}
	return attendanceError(err, r.MeetingID)
}

func updateAttendance(tx *gorm.DB, r *attendanceRow) error {
	res := tx.Model(&attendanceRow{}).Where("id = ? AND meeting_id = ? AND member_id = ?", r.ID, r.MeetingID, r.MemberID).
		Updates(map[string]any{
			"name": r.Name, "expected": r.Expected, "observer": r.Observer, "answer": r.Answer,
			"answered_at": r.AnsweredAt, "leave_reason": r.LeaveReason, "leave_rejected": r.LeaveRejected,
			"leave_rejected_by": r.LeaveRejectedBy, "checked_in_at": r.CheckedInAt,
			"checked_in_by": r.CheckedInBy, "late": r.Late, "outcome": r.Outcome,
		})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("record %d of member %d: %w", r.ID, r.MemberID, zhibu.ErrNotFound)
	}
	return nil
}

// attendanceError maps constraint violations of attendance writes to domain
// errors.
func attendanceError(err error, meetingID int64) error {
	switch {
	case uniqueViolation(err, "attendance."):
		return fmt.Errorf("%w: %w", zhibu.ErrConflict, err)
	case foreignKeyViolation(err):
		return fmt.Errorf("meeting %d: %w", meetingID, zhibu.ErrNotFound)
	}
	return err
}

// meetingBranch returns the branch of a meeting, or zhibu.ErrNotFound.
func meetingBranch(tx *gorm.DB, meetingID int64) (int64, error) {
	var r meetingRow
	if err := tx.Select("branch_id").Where("id = ?", meetingID).Take(&r).Error; err != nil {
		return 0, fmt.Errorf("meeting %d: %w", meetingID, notFound(err))
	}
	return r.BranchID, nil
}

// CloseMeeting saves the meeting as UpdateMeeting does, replaces all its
// attendance records with records (their ids and meeting ids are ignored:
// the records get new ids) and adds the change, in one transaction: on any
// error nothing changes. Two records for one member or observer name give
// zhibu.ErrConflict.
func (db *DB) CloseMeeting(ctx context.Context, m zhibu.Meeting, records []zhibu.Attendance, c zhibu.Change) error {
	err := db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		if err := db.updateMeeting(tx, m); err != nil {
			return err
		}
		if err := tx.Where("meeting_id = ?", m.ID).Delete(&attendanceRow{}).Error; err != nil {
			return err
		}
		if len(records) > 0 {
			rows := make([]attendanceRow, len(records))
			for i, a := range records {
				rows[i] = attendanceRowOf(a)
				rows[i].ID, rows[i].MeetingID = 0, m.ID
			}
			if err := attendanceError(tx.CreateInBatches(&rows, 100).Error, m.ID); err != nil {
				return err
			}
		}
		c.BranchID = m.BranchID
		return db.addChanges(tx, []zhibu.Change{c})
	})
	if err != nil {
		return fmt.Errorf("storage: close meeting %d: %w", m.ID, err)
	}
	return nil
}
