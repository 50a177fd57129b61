package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/zhibu/zhibu"
)

// inboxRow is a row of the inbox_updates table.
type inboxRow struct {
	// The platform's update id, not generated here.
	UpdateID    int64 `gorm:"primaryKey;autoIncrement:false"`
	ChatID      int64
	Payload     []byte
	ReceivedAt  time.Time
	ProcessedAt sql.NullTime
	Failure     string
}

func (inboxRow) TableName() string { return "inbox_updates" }

func (db *DB) inboxRow(it zhibu.InboxItem) inboxRow {
	p := it.Payload
	if p == nil {
		p = []byte{} // the column is NOT NULL; a nil slice would be NULL
	}
	return inboxRow{UpdateID: it.UpdateID, ChatID: it.ChatID, Payload: p, ReceivedAt: db.stamp(it.ReceivedAt),
		ProcessedAt: nullTime(it.ProcessedAt), Failure: it.Failure}
}

func (r inboxRow) item() zhibu.InboxItem {
	return zhibu.InboxItem{UpdateID: r.UpdateID, ChatID: r.ChatID, Payload: r.Payload,
		ReceivedAt: r.ReceivedAt.UTC(), ProcessedAt: fromNull(r.ProcessedAt), Failure: r.Failure}
}

// offsetKey is the bot_state key of the polling offset.
const offsetKey = "inbox_offset"

// StoreUpdates saves the items whose UpdateID was not seen before and raises
// the stored offset to nextOffset (it never lowers it), in one transaction.
// It returns how many items were new.
func (db *DB) StoreUpdates(ctx context.Context, items []zhibu.InboxItem, nextOffset int64) (int, error) {
	var added int64
	err := db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		if len(items) > 0 {
			rows := make([]inboxRow, len(items))
			for i, it := range items {
				rows[i] = db.inboxRow(it)
			}
			// A redelivered update (same update_id) is skipped, not an error.
			res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&rows)
			if res.Error != nil {
				return res.Error
			}
			added = res.RowsAffected
		}
		// Portable upsert (SQLite 3.24+, PostgreSQL 9.5+); the WHERE keeps a
		// late or repeated call from moving the offset back.
		return tx.Exec(`INSERT INTO bot_state (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value
			WHERE bot_state.value < excluded.value`, offsetKey, nextOffset).Error
	})
	if err != nil {
		return 0, fmt.Errorf("storage: store updates: %w", err)
	}
	return int(added), nil
}

// InboxOffset returns the stored polling offset, 0 when none.
func (db *DB) InboxOffset(ctx context.Context) (int64, error) {
	var v int64
	err := db.conn(ctx).Raw("SELECT value FROM bot_state WHERE key = ?", offsetKey).Row().Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("storage: inbox offset: %w", err)
	}
	return v, nil
}

// PendingUpdates returns up to limit unprocessed items by UpdateID; limit
// <= 0 means all of them. On a shared database it leaves out the chats
// another instance holds.
func (db *DB) PendingUpdates(ctx context.Context, limit int) ([]zhibu.InboxItem, error) {
	if limit <= 0 {
		limit = -1 // gorm: no LIMIT clause
	}
	var rows []inboxRow
	q := db.conn(ctx).Where("processed_at IS NULL")
	if db.postgres {
		// Not the chats another instance holds (claims.go).
		q = q.Where("chat_id NOT IN (SELECT chat_id FROM chat_claims WHERE claim_until > ? AND claimed_by <> ?)",
			db.bound(db.stamp(time.Time{})), db.instance)
	}
	err := q.Order("update_id").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: pending updates: %w", err)
	}
	out := make([]zhibu.InboxItem, len(rows))
	for i, r := range rows {
		out[i] = r.item()
	}
	return out, nil
}

// MarkProcessed records that an update was handled at at, with a failure
// note or "". It returns zhibu.ErrProcessed when the update was already
// marked (its unit of work must then roll back), zhibu.ErrNotFound for an
// unknown update.
func (db *DB) MarkProcessed(ctx context.Context, updateID int64, at time.Time, failure string) error {
	res := db.conn(ctx).Model(&inboxRow{}).Where("update_id = ? AND processed_at IS NULL", updateID).
		Updates(map[string]any{"processed_at": db.stamp(at), "failure": failure})
	if res.Error != nil {
		return fmt.Errorf("storage: mark update %d processed: %w", updateID, res.Error)
	}
	if res.RowsAffected > 0 {
		return nil
	}
	var n int64
	if err := db.conn(ctx).Model(&inboxRow{}).Where("update_id = ?", updateID).Count(&n).Error; err != nil {
		return fmt.Errorf("storage: mark update %d processed: %w", updateID, err)
	}
	if n == 0 {
		return fmt.Errorf("storage: mark update %d processed: %w", updateID, zhibu.ErrNotFound)
	}
	return fmt.Errorf("storage: mark update %d processed: %w", updateID, zhibu.ErrProcessed)
}
