package storage

import (
	"context"
	"fmt"
	"time"
)

// What is forgotten after the retention period (docs/operations.md), and
// what stays because exactly-once needs it:
//
//   - a handled update keeps its row (update_id, times): a redelivery of its
//     id is skipped and marking it again is refused, as before. Its payload,
//     which holds what the person wrote (a leave reason typed in private),
//     and its chat id are cleared. Pending updates and updates whose handler
//     failed are kept whole.
//   - a settled outbox message (sent, given up or dropped) keeps its row
//     (key, chat, kind, state, error, times): a key is never queued twice,
//     and /branch counts what was given up. Its text, buttons, fallback,
//     extra and document are cleared. Pending messages are kept whole.
//
// Both run as one statement on the rows not yet cleared; neither table has
// an index for it: an hourly scan of small rows.

// PruneUpdates clears the payload and chat id of the updates handled
// without failure before before, and returns how many it cleared.
func (db *DB) PruneUpdates(ctx context.Context, before time.Time) (int, error) {
	res := db.conn(ctx).Model(&inboxRow{}).
		Where("processed_at IS NOT NULL AND processed_at < ? AND failure = '' AND length(payload) > 0", db.bound(before)).
		Updates(map[string]any{"payload": []byte{}, "chat_id": 0})
	if res.Error != nil {
		return 0, fmt.Errorf("storage: prune updates: %w", res.Error)
	}
	return int(res.RowsAffected), nil
}

// PruneMessages clears the text, buttons, fallback, extra and document of
// the outbox messages settled and created before before, and returns how
// many it cleared.
func (db *DB) PruneMessages(ctx context.Context, before time.Time) (int, error) {
	res := db.conn(ctx).Model(&outboxRow{}).
		Where("state IN ? AND created_at < ? AND (text <> '' OR buttons IS NOT NULL OR fallback IS NOT NULL OR extra IS NOT NULL OR document IS NOT NULL)",
			[]string{outboxSent, outboxFailed, outboxDropped}, db.bound(before)).
		Updates(map[string]any{"text": "", "buttons": nil, "fallback": nil, "extra": nil, "document": nil})
	if res.Error != nil {
		return 0, fmt.Errorf("storage: prune messages: %w", res.Error)
	}
	return int(res.RowsAffected), nil
}
