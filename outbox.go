package zhibu

import (
	"errors"
	"fmt"
	"time"
)

// The outbox vocabulary: what the reminder engine, the sending path, the
// storage and every chat adapter say to each other about messages. It lives
// in the domain so that none of them has to import another.

// Message is one message to send to a chat, in the neutral form every chat
// adapter renders: text in the small HTML subset chat platforms share (b, i,
// a, code), and buttons.
type Message struct {
	ChatID   int64
	Text     string // HTML
	Buttons  [][]Button
	Key      string // unique per outbox message: sending it twice is impossible
	BranchID int64
	Kind     string    // what it is, for logs ("meeting_lead", "pledge_due" …)
	Private  bool      // a private chat (1 message/s) rather than a group (20/min)
	Fallback *Message  // sent instead when the private chat is forbidden
	NotAfter time.Time // give up after this time (zero: the default bound)

	// Urgent marks an answer someone is waiting for (a command's reply): it
	// goes before reminders and may use the budget kept for answers.
	Urgent bool
	// EditOf, when set, is the id of the bot's message in the chat that
	// this one replaces (text and buttons) instead of sending a new one.
	EditOf int
	// ReplyTo is the id of the message this one answers; it is sent even
	// if that message was deleted.
	ReplyTo int
	// AskReply asks the client to answer with a reply (selectively: the
	// person replied to or mentioned).
	AskReply bool
	// Document, when set, is sent as a file with Text as its caption.
	Document *Document
	// Then are queued once this message is sent, and dropped when it is not
	// (e.g. "sent you privately" in the group after a private answer).
	Then []Message
	// Bind is the chat adapter's note of what to record with the id the
	// sent message gets (a question awaiting a reply, an announcement).
	Bind string
	// About says, for a branch officer, what the message answers ("赵敏
	// 发送的 /join"), should it never arrive.
	About string
}

// Document is a file to send.
type Document struct {
	Name string
	Data []byte
}

// Button is an inline button under a message: a callback (Data, 1–64 bytes,
// checked again on every press) or a link (URL).
type Button struct {
	Text string
	Data string
	URL  string
}

// SendAttempt is an attempt to send a message to a chat at a moment: what
// Telegram's budgets count.
type SendAttempt struct {
	ChatID  int64
	Private bool
	At      time.Time
}

// Queued is a message waiting in the outbox.
type Queued struct {
	ID        int64
	Message   Message
	NotBefore time.Time
	Attempts  int
	CreatedAt time.Time
}

// Delivery is what became of one reminder occurrence: its outcome and, when
// sent, the messages it queued (none is fine).
type Delivery struct {
	Key      string // the occurrence's
	BranchID int64
	Outcome  DeliveryOutcome
	Messages []Message
}

// DeliveryOutcome is recorded once per occurrence, under its key.
type DeliveryOutcome string

// Delivery outcomes.
const (
	DeliverySent    DeliveryOutcome = "sent"    // rendered and queued in the outbox
	DeliveryDropped DeliveryOutcome = "dropped" // found after it expired: useless now
	DeliverySkipped DeliveryOutcome = "skipped" // an older occurrence of a recurring series found late
)

// GiveUp says why the sending path gave a message up.
type GiveUp string

// Reasons to give a message up.
const (
	GaveUpFailing  GiveUp = "failing"  // every attempt failed (the platform or the network)
	GaveUpRejected GiveUp = "rejected" // the platform refused the message itself
	GaveUpExpired  GiveUp = "expired"  // it could not go out before it was useless
)

// What a chat platform answered to a message, in the platform's own words
// turned into these by its adapter.
var (
	// ErrForbidden means the bot was blocked, kicked, or never started.
	ErrForbidden = errors.New("chat forbids the bot")
	// ErrRejected means the platform refused the message itself (a bad
	// request, a message to edit that is gone): trying again cannot help.
	ErrRejected = errors.New("message rejected")
)

// RetryAfterError is a rate-limit answer: wait After before the next
// message to that chat.
type RetryAfterError struct{ After time.Duration }

func (e *RetryAfterError) Error() string { return fmt.Sprintf("retry after %s", e.After) }

// MigratedError means the group became a supergroup with another chat id.
type MigratedError struct{ To int64 }

func (e *MigratedError) Error() string { return fmt.Sprintf("chat migrated to %d", e.To) }
