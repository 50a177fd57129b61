package storage

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/zhibu/zhibu"
)

var _ zhibu.ContactStore = (*DB)(nil)

// SetReachable records whether the bot may write to telegramID privately,
// as learnt at at (the clock's time when zero). A fact older than the one
// stored is ignored, so a late retry cannot undo a newer start or block.
func (db *DB) SetReachable(ctx context.Context, telegramID int64, ok bool, at time.Time) error {
	err := db.gorm.WithContext(ctx).Exec(`INSERT INTO contacts (telegram_id, reachable, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (telegram_id) DO UPDATE SET reachable = excluded.reachable, updated_at = excluded.updated_at
		WHERE excluded.updated_at >= contacts.updated_at`, telegramID, ok, db.stamp(at)).Error
	if err != nil {
		return fmt.Errorf("storage: set reachable %d: %w", telegramID, err)
	}
	return nil
}

// Reachable returns, among telegramIDs, those known reachable, each mapped
// to true; unknown and blocked accounts are absent.
func (db *DB) Reachable(ctx context.Context, telegramIDs []int64) (map[int64]bool, error) {
	out := make(map[int64]bool)
	for chunk := range slices.Chunk(telegramIDs, inChunk) {
		var ids []int64
		err := db.gorm.WithContext(ctx).Table("contacts").Where("telegram_id IN ? AND reachable", chunk).
			Pluck("telegram_id", &ids).Error
		if err != nil {
			return nil, fmt.Errorf("storage: reachable of %d accounts: %w", len(telegramIDs), err)
		}
		for _, id := range ids {
			out[id] = true
		}
	}
	return out, nil
}
