package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm/clause"

	"github.com/zhibu/zhibu"
)

// promptRow is a row of the prompts table.
type promptRow struct {
	// The question's chat and message, given by Telegram.
	ChatID    int64 `gorm:"primaryKey;autoIncrement:false"`
	MessageID int   `gorm:"primaryKey;autoIncrement:false"`
	UserID    int64
	Kind      string
	Data      string
	ExpiresAt time.Time
	CreatedAt time.Time `gorm:"autoCreateTime:false"`
}

func (promptRow) TableName() string { return "prompts" }

func (db *DB) promptRow(p zhibu.Prompt) promptRow {
	return promptRow{ChatID: p.ChatID, MessageID: p.MessageID, UserID: p.UserID, Kind: p.Kind, Data: p.Data,
		ExpiresAt: p.ExpiresAt.UTC(), CreatedAt: db.stamp(p.CreatedAt)}
}

func (r promptRow) prompt() zhibu.Prompt {
	return zhibu.Prompt{ChatID: r.ChatID, MessageID: r.MessageID, UserID: r.UserID, Kind: r.Kind, Data: r.Data,
		ExpiresAt: r.ExpiresAt.UTC(), CreatedAt: r.CreatedAt.UTC()}
}

func promptsOf(rows []promptRow) []zhibu.Prompt {
	out := make([]zhibu.Prompt, len(rows))
	for i, r := range rows {
		out[i] = r.prompt()
	}
	return out
}

// errNoExpiry is returned for a prompt without ExpiresAt: it would never be
// swept away.
var errNoExpiry = errors.New("prompt without expiry")

// SavePrompt stores a prompt, replacing the user, kind, data and expiry of
// the prompt of the same message if there is one (its creation time is
// kept). A zero ExpiresAt is an error.
func (db *DB) SavePrompt(ctx context.Context, p zhibu.Prompt) error {
	if p.ExpiresAt.IsZero() {
		return fmt.Errorf("storage: save prompt %d in chat %d: %w", p.MessageID, p.ChatID, errNoExpiry)
	}
	r := db.promptRow(p)
	err := db.conn(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "chat_id"}, {Name: "message_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"user_id", "kind", "data", "expires_at"}),
	}).Create(&r).Error
	if err != nil {
		return fmt.Errorf("storage: save prompt %d in chat %d: %w", p.MessageID, p.ChatID, err)
	}
	return nil
}

// Prompt returns the prompt asked by a message, or zhibu.ErrNotFound.
func (db *DB) Prompt(ctx context.Context, chatID int64, messageID int) (zhibu.Prompt, error) {
	var r promptRow
	err := db.conn(ctx).Where("chat_id = ? AND message_id = ?", chatID, messageID).Take(&r).Error
	if err != nil {
		return zhibu.Prompt{}, fmt.Errorf("storage: prompt %d in chat %d: %w", messageID, chatID, notFound(err))
	}
	return r.prompt(), nil
}

// PromptsOf lists a user's stored prompts in a chat, newest first, expired
// ones included: whether one still counts is the caller's decision, by its
// own clock.
func (db *DB) PromptsOf(ctx context.Context, chatID, userID int64) ([]zhibu.Prompt, error) {
	var rows []promptRow
	err := db.conn(ctx).Where("chat_id = ? AND user_id = ?", chatID, userID).
		Order("created_at DESC, message_id DESC").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: prompts of user %d in chat %d: %w", userID, chatID, err)
	}
	return promptsOf(rows), nil
}

// DeletePrompt deletes the prompt asked by a message; deleting one that is
// not there is not an error.
func (db *DB) DeletePrompt(ctx context.Context, chatID int64, messageID int) error {
	err := db.conn(ctx).Where("chat_id = ? AND message_id = ?", chatID, messageID).
		Delete(&promptRow{}).Error
	if err != nil {
		return fmt.Errorf("storage: delete prompt %d in chat %d: %w", messageID, chatID, err)
	}
	return nil
}

// ExpiredPrompts lists the prompts whose ExpiresAt is before now, the
// longest expired first.
func (db *DB) ExpiredPrompts(ctx context.Context, now time.Time) ([]zhibu.Prompt, error) {
	var rows []promptRow
	err := db.conn(ctx).Where("expires_at < ?", db.bound(now)).
		Order("expires_at, chat_id, message_id").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: expired prompts: %w", err)
	}
	return promptsOf(rows), nil
}

// NextPromptExpiry returns the earliest expiry of the open prompts, zero
// when there are none.
func (db *DB) NextPromptExpiry(ctx context.Context) (time.Time, error) {
	var rows []promptRow
	if err := db.conn(ctx).Order("expires_at").Limit(1).Find(&rows).Error; err != nil {
		return time.Time{}, fmt.Errorf("storage: next prompt expiry: %w", err)
	}
	if len(rows) == 0 {
		return time.Time{}, nil
	}
	return rows[0].ExpiresAt.UTC(), nil
}
