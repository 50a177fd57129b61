package storage

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/zhibu/zhibu"
)

// Several instances of zhibu may share one PostgreSQL database (README,
// "Several instances"). Whatever one instance does that another must not
// do at the same time, it claims first: a chat before handling its
// updates, an outbox message before sending it. A claim names the
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

// ChatClaim is how long a claim on a chat lasts unless renewed: an
// instance renews the claims of the chats it has work in well before they
// lapse, and gives back those it has none in, so that only the chats of an
// instance that stopped wait, and for at most this long.
const ChatClaim = 20 * time.Second

// ClaimChats claims the chats for this instance until now + ChatClaim, or
// renews its claims, except those another instance holds. It returns the
// chats this instance now holds, with when each claim lapses. On SQLite
// every chat is this process's, and nothing is written.
func (db *DB) ClaimChats(ctx context.Context, chats []int64, now time.Time) (map[int64]time.Time, error) {
	until := now.Add(ChatClaim).UTC()
	out := make(map[int64]time.Time, len(chats))
	if !db.postgres {
		for _, c := range chats {
			out[c] = until
		}
		return out, nil
	}
	for chunk := range slices.Chunk(chats, inChunk) {
		var sb strings.Builder
		sb.WriteString("INSERT INTO chat_claims (chat_id, claimed_by, claim_until) VALUES ")
		args := make([]any, 0, 3*len(chunk)+1)
		for i, c := range chunk {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(?, ?, ?)")
			args = append(args, c, db.instance, db.bound(until))
		}
		sb.WriteString(` ON CONFLICT (chat_id) DO UPDATE SET claimed_by = excluded.claimed_by,
			claim_until = excluded.claim_until
			WHERE chat_claims.claim_until <= ? OR chat_claims.claimed_by = excluded.claimed_by
			RETURNING chat_id`)
		args = append(args, db.bound(now))
		var got []int64
		if err := db.conn(ctx).Raw(sb.String(), args...).Scan(&got).Error; err != nil {
			return nil, fmt.Errorf("storage: claim %d chats: %w", len(chats), err)
		}
		for _, c := range got {
			out[c] = until
		}
	}
	return out, nil
}

// ReleaseChats gives back this instance's claims on the chats, so that
// another instance may take their next updates at once.
func (db *DB) ReleaseChats(ctx context.Context, chats []int64) error {
	if !db.postgres || len(chats) == 0 {
		return nil
	}
	for chunk := range slices.Chunk(chats, inChunk) {
		err := db.conn(ctx).Exec("DELETE FROM chat_claims WHERE claimed_by = ? AND chat_id IN ?", db.instance, chunk).Error
		if err != nil {
			return fmt.Errorf("storage: release %d chats: %w", len(chats), err)
		}
	}
	return nil
}

// SendClaim is how long a claim on an outbox message lasts: longer than a
// send may take (the bot's HTTP client gives up on a send after 20 s), so
// that a message another instance is sending is not sent again meanwhile,
// and one whose sender died goes after at most this long.
const SendClaim = 25 * time.Second

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
