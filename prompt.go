package zhibu

import (
	"context"
	"time"
)

// Prompt is a question the bot asked in a chat and whose reply it waits
// for: a leave reason, a step of a guided form. Replies are matched by the
// question's message id (privacy mode delivers replies to the bot).
type Prompt struct {
	ChatID    int64
	MessageID int
	UserID    int64  // who must answer (Telegram id)
	Kind      string // e.g. "leave", "form"
	Data      string // kind-specific, e.g. JSON form state
	ExpiresAt time.Time
	CreatedAt time.Time
}

// PromptStore persists open prompts.
type PromptStore interface {
	SavePrompt(ctx context.Context, p Prompt) error
	// Prompt returns the prompt asked by a message, or ErrNotFound.
	Prompt(ctx context.Context, chatID int64, messageID int) (Prompt, error)
	// PromptsOf lists a user's open prompts in a chat, newest first.
	PromptsOf(ctx context.Context, chatID, userID int64) ([]Prompt, error)
	DeletePrompt(ctx context.Context, chatID int64, messageID int) error
	// ExpiredPrompts lists prompts whose ExpiresAt is before now.
	ExpiredPrompts(ctx context.Context, now time.Time) ([]Prompt, error)
}
