package storage

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/zhibu/zhibu"
)

// Several instances of zhibu may share one PostgreSQL database (README,
// "Several instances"). Whatever one instance does that another must not
// do at the same time, it claims in the row first: an inbox update before
// handling it, an outbox message before sending it. A claim names the
// instance and lapses at claim_until, so that the work of an instance that
// died is taken up by another. The effects stay exactly-once without the
// claims (MarkProcessed is conditional, delivery keys are unique); the
// claims keep a chat's updates and messages in order and keep two
// instances from doing the same work.
//
// A SQLite file belongs to one process: there the claims are not checked,
// and a claim left by a process that died is no obstacle to its successor.

// Shared reports whether several instances may share the database:
// PostgreSQL. A SQLite file belongs to one process.
func (db *DB) Shared() bool { return db.postgres }

// Instance names this process's claims: random, new at every Open.
func (db *DB) Instance() string { return db.instance }

func newInstance() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// UpdateClaim is how long a claim on an inbox update lasts: longer than an
// update's handling may take (bot's handlerTimeout, 30 s), so that only an
// instance that stopped loses it.
const UpdateClaim = time.Minute

// ClaimUpdate claims a pending update for this instance until now +
// UpdateClaim, if it is its chat's earliest pending update and no other
// instance holds a live claim on it. It reports whether this instance may
// handle it now. On SQLite it always may, and nothing is written.
func (db *DB) ClaimUpdate(ctx context.Context, it zhibu.InboxItem, now time.Time) (bool, error) {
	if !db.postgres {
		return true, nil
	}
	now = now.UTC()
	res := db.conn(ctx).Exec(`UPDATE inbox_updates SET claimed_by = ?, claim_until = ?
		WHERE update_id = ? AND processed_at IS NULL
			AND (claim_until IS NULL OR claim_until <= ? OR claimed_by = ?)
			AND NOT EXISTS (SELECT 1 FROM inbox_updates e
				WHERE e.chat_id = ? AND e.processed_at IS NULL AND e.update_id < ?)`,
		db.instance, db.bound(now.Add(UpdateClaim)), it.UpdateID, db.bound(now), db.instance, it.ChatID, it.UpdateID)
	if res.Error != nil {
		return false, fmt.Errorf("storage: claim update %d: %w", it.UpdateID, res.Error)
	}
	return res.RowsAffected > 0, nil
}

// SendClaim is how long a claim on an outbox message lasts: longer than a
// send may take (the sender bounds one at 30 s), so that a message another
// instance is sending is not sent again meanwhile, and one whose sender
// died goes after at most this long.
const SendClaim = 40 * time.Second

// RecentSends lists the attempts since since made by other instances (or
// an earlier process), oldest first: a sender that begins counts them
// against Telegram's budgets, which are the bot's, not an instance's.
func (db *DB) RecentSends(ctx context.Context, since time.Time) ([]zhibu.SendAttempt, error) {
	var rows []struct {
		ChatID    int64
		Private   bool
		SendingAt time.Time
	}
	err := db.conn(ctx).Model(&outboxRow{}).Select("chat_id", "private", "sending_at").
		Where("sending_at >= ? AND claimed_by <> ?", db.bound(since), db.instance).
		Order("sending_at").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: recent sends: %w", err)
	}
	out := make([]zhibu.SendAttempt, len(rows))
	for i, r := range rows {
		out[i] = zhibu.SendAttempt{ChatID: r.ChatID, Private: r.Private, At: r.SendingAt.UTC()}
	}
	return out, nil
}
