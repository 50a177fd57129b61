package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// OutboxBacklog returns how many messages wait in the outbox unsent and
// when the oldest of them was queued (zero when none wait), for the health
// check and the metrics. Messages waiting for a retry count: they have not
// arrived.
func (db *DB) OutboxBacklog(ctx context.Context) (pending int, oldest time.Time, err error) {
	var n int64
	if err := db.conn(ctx).Model(&outboxRow{}).Where("state = ?", outboxPending).Count(&n).Error; err != nil {
		return 0, time.Time{}, fmt.Errorf("storage: outbox backlog: %w", err)
	}
	if n == 0 {
		return 0, time.Time{}, nil
	}
	// ORDER BY … LIMIT 1 rather than MIN(): see NextDue.
	err = db.conn(ctx).Raw("SELECT created_at FROM outbox WHERE state = ? ORDER BY created_at LIMIT 1",
		outboxPending).Row().Scan(&oldest)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, time.Time{}, nil // sent between the two queries
	}
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("storage: outbox backlog: %w", err)
	}
	return int(n), oldest.UTC(), nil
}
