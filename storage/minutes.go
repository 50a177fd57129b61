package storage

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"github.com/zhibu/zhibu"
)

// minutesRow is a row of the minutes table: one version of a meeting's
// minutes.
type minutesRow struct {
	ID        int64 `gorm:"primaryKey"`
	MeetingID int64
	Version   int
	Text      string
	AuthorID  int64
	CreatedAt time.Time `gorm:"autoCreateTime:false"`
}

func (minutesRow) TableName() string { return "minutes" }

func (db *DB) minutesRow(v zhibu.Minutes) minutesRow {
	return minutesRow{ID: v.ID, MeetingID: v.MeetingID, Version: v.Version, Text: v.Text, AuthorID: v.AuthorID,
		CreatedAt: db.stamp(v.CreatedAt)}
}

func (r minutesRow) minutes() zhibu.Minutes {
	return zhibu.Minutes{ID: r.ID, MeetingID: r.MeetingID, Version: r.Version, Text: r.Text, AuthorID: r.AuthorID,
		CreatedAt: r.CreatedAt.UTC()}
}

// AddMinutes stores v as the next version of its meeting's minutes (v.ID
// and v.Version are ignored) and adds the change to the meeting's branch, in
// one transaction. It returns the stored version; an unknown meeting gives
// zhibu.ErrNotFound.
func (db *DB) AddMinutes(ctx context.Context, v zhibu.Minutes, c zhibu.Change) (zhibu.Minutes, error) {
	r := db.minutesRow(v)
	r.ID = 0
	err := db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		branchID, err := meetingBranch(tx, r.MeetingID)
		if err != nil {
			return err
		}
		// The immediate transaction holds the write lock from MAX to INSERT.
		err = tx.Model(&minutesRow{}).Select("COALESCE(MAX(version), 0) + 1").
			Where("meeting_id = ?", r.MeetingID).Scan(&r.Version).Error
		if err != nil {
			return err
		}
		if err := tx.Create(&r).Error; err != nil {
			return err
		}
		c.BranchID = branchID
		return db.addChanges(tx, []zhibu.Change{c})
	})
	if err != nil {
		return zhibu.Minutes{}, fmt.Errorf("storage: add minutes of meeting %d: %w", v.MeetingID, err)
	}
	return r.minutes(), nil
}

// MinutesOf lists a meeting's minutes, oldest version first.
func (db *DB) MinutesOf(ctx context.Context, meetingID int64) ([]zhibu.Minutes, error) {
	var rows []minutesRow
	if err := db.conn(ctx).Where("meeting_id = ?", meetingID).Order("version").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: minutes of meeting %d: %w", meetingID, err)
	}
	out := make([]zhibu.Minutes, len(rows))
	for i, r := range rows {
		out[i] = r.minutes()
	}
	return out, nil
}

// MinutesOfAll lists the minutes of several meetings, by meeting then
// version: one query per 500 meetings instead of one per meeting.
func (db *DB) MinutesOfAll(ctx context.Context, meetingIDs []int64) ([]zhibu.Minutes, error) {
	ids := slices.Compact(slices.Sorted(slices.Values(meetingIDs)))
	var out []zhibu.Minutes
	for chunk := range slices.Chunk(ids, inChunk) {
		var rows []minutesRow
		err := db.conn(ctx).Where("meeting_id IN ?", chunk).Order("meeting_id, version").Find(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("storage: minutes of %d meetings: %w", len(ids), err)
		}
		for _, r := range rows {
			out = append(out, r.minutes())
		}
	}
	return out, nil
}
