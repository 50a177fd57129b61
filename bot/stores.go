package bot

import (
	"context"
	"time"

	"github.com/zhibu/zhibu"
)

// The stores the Telegram adapter keeps its own state in (*storage.DB):
// what the domain does not need to know.

// Inbox persists incoming updates and the polling offset.
type Inbox interface {
	// StoreUpdates saves the items not seen before (by UpdateID) and the next
	// offset to ask for, in one transaction. It reports how many were new.
	StoreUpdates(ctx context.Context, items []zhibu.InboxItem, nextOffset int64) (int, error)
	// InboxOffset returns the stored offset, 0 when none.
	InboxOffset(ctx context.Context) (int64, error)
	// PendingUpdates returns up to limit unprocessed items by UpdateID.
	PendingUpdates(ctx context.Context, limit int) ([]zhibu.InboxItem, error)
	// MarkProcessed records that an item was handled, with a failure note or "".
	MarkProcessed(ctx context.Context, updateID int64, at time.Time, failure string) error
}

// SharedInbox is an Inbox several instances handle (storage on
// PostgreSQL): an instance handles a chat's updates only while it holds
// the chat's claim, so that a chat's updates are handled in order and
// once, whichever instance takes them.
type SharedInbox interface {
	// ClaimChats claims (or renews) chats for this instance, except those
	// another instance holds; it returns those held, with when each
	// claim lapses.
	ClaimChats(ctx context.Context, chats []int64, now time.Time) (map[int64]time.Time, error)
	// ReleaseChats gives claims back.
	ReleaseChats(ctx context.Context, chats []int64) error
}

// Prompts persists the questions the bot waits for an answer to.
type Prompts interface {
	SavePrompt(ctx context.Context, p zhibu.Prompt) error
	// Prompt returns the prompt asked by a message, or zhibu.ErrNotFound.
	Prompt(ctx context.Context, chatID int64, messageID int) (zhibu.Prompt, error)
	// PromptsOf lists a user's open prompts in a chat, newest first.
	PromptsOf(ctx context.Context, chatID, userID int64) ([]zhibu.Prompt, error)
	DeletePrompt(ctx context.Context, chatID int64, messageID int) error
	// ExpiredPrompts lists prompts whose ExpiresAt is before now.
	ExpiredPrompts(ctx context.Context, now time.Time) ([]zhibu.Prompt, error)
	// NextPromptExpiry is the earliest ExpiresAt of the open prompts, zero
	// when there are none.
	NextPromptExpiry(ctx context.Context) (time.Time, error)
}

// Contacts remembers whether the bot may write to a person privately: they
// started a private chat (true) or blocked the bot (false).
type Contacts interface {
	SetReachable(ctx context.Context, telegramID int64, ok bool, at time.Time) error
	// BranchesOf lists the active branches where the account is on the
	// roster, for the private chat.
	BranchesOf(ctx context.Context, telegramID int64) ([]zhibu.Branch, error)
	// ChosenBranch is the branch id chosen in the private chat, 0: none.
	ChosenBranch(ctx context.Context, telegramID int64) (int64, error)
	ChooseBranch(ctx context.Context, telegramID, branchID int64, at time.Time) error
}

// Outbox is where every message the bot sends waits until the sending path
// delivers it (*storage.DB).
type Outbox interface {
	// Enqueue adds messages due at notBefore, skipping keys already there.
	Enqueue(ctx context.Context, ms []zhibu.Message, notBefore time.Time) (int, error)
}

// Units runs work as one transaction (*storage.DB): every store method
// called with the context fn receives joins it. An error that wraps
// zhibu.ErrUnavailable means the database failed and nothing was kept.
type Units interface {
	Atomically(ctx context.Context, fn func(ctx context.Context) error) error
}
