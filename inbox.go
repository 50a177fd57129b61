package zhibu

import (
	"errors"
	"time"
)

// ErrProcessed means an update was already handled: marking it again would
// do its work twice, so the second handling is rolled back.
var ErrProcessed = errors.New("update already processed")

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
