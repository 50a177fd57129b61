package zhibu

import (
	"time"
)

// InboxItem is one incoming update from the chat platform, stored before the
// platform is told it arrived, so that nothing is lost on a crash.
type InboxItem struct {
	UpdateID    int64 // the platform's id; unique, increasing
	ChatID      int64 // 0 when the update belongs to no chat
	Payload     []byte
	ReceivedAt  time.Time
	ProcessedAt time.Time // zero while pending
	Failure     string    // set when the handler failed (e.g. a recovered panic)
}
