package zhibu

import (
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
