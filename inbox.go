package zhibu

import (
	"context"
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

// InboxStore persists the inbox and the polling offset.
type InboxStore interface {
	// StoreUpdates saves the items not seen before (by UpdateID) and the next
	// offset to ask for, in one transaction. It reports how many were new.
	StoreUpdates(ctx context.Context, items []InboxItem, nextOffset int64) (int, error)
	// InboxOffset returns the stored offset, 0 when none.
	InboxOffset(ctx context.Context) (int64, error)
	// PendingUpdates returns up to limit unprocessed items by UpdateID.
	PendingUpdates(ctx context.Context, limit int) ([]InboxItem, error)
	// MarkProcessed records that an item was handled, with a failure note or "".
	MarkProcessed(ctx context.Context, updateID int64, at time.Time, failure string) error
}
