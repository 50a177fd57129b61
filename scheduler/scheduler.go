// Package scheduler is zhibu's reminder engine and its one sending path.
//
// The Engine turns reminder occurrences (a meeting 24 hours away, a pledge
// due in a week, a stage ending, a custom reminder) into messages exactly
// once: each occurrence is delivered under a unique key in the same
// transaction that puts its messages in the durable outbox, so several
// processes may tick at once. The Sender drains the outbox through a global
// and per-chat rate limiters, and admits interactive replies ahead of it.
//
// The package knows nothing of Telegram: a Transport delivers messages and
// classifies errors, a Renderer writes reminder texts, Sources list
// occurrences. Time always comes from an injected clock.
package scheduler

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Button is an inline button of a message: a callback (Data) or a link (URL).
type Button struct {
	Text string
	Data string
	URL  string
}

// Message is one message to send.
type Message struct {
	ChatID   int64
	Text     string // HTML
	Buttons  [][]Button
	Key      string // unique per outbox message: sending it twice is impossible
	BranchID int64
	Kind     string    // what it is, for logs ("meeting_24h", "pledge_7d" …)
	Private  bool      // a private chat (1 message/s) rather than a group (20/min)
	Fallback *Message  // sent instead when the private chat is forbidden (403)
	NotAfter time.Time // give up after this time (zero: the default bound)
}

// Queued is a message in the outbox.
type Queued struct {
	ID        int64
	Message   Message
	NotBefore time.Time
	Attempts  int
	CreatedAt time.Time
}

// Transport delivers one message to the chat platform. It returns a
// *RetryAfterError for rate limiting (429), ErrForbidden when the bot may
// not write to the chat (403), a *MigratedError when a group moved, and
// anything else for errors worth retrying.
type Transport interface {
	Deliver(ctx context.Context, m Message) (messageID int, err error)
}

// ErrForbidden means the bot was blocked, kicked, or never started.
var ErrForbidden = errors.New("scheduler: forbidden")

// RetryAfterError is a rate-limit answer: wait After before the next
// message to that chat.
type RetryAfterError struct{ After time.Duration }

func (e *RetryAfterError) Error() string { return fmt.Sprintf("scheduler: retry after %s", e.After) }

// MigratedError means the group became a supergroup with another chat id.
type MigratedError struct{ To int64 }

func (e *MigratedError) Error() string { return fmt.Sprintf("scheduler: chat migrated to %d", e.To) }

// Policy says what happens to an occurrence found late (after downtime).
type Policy int

// Catch-up policies (DESIGN.md §5).
const (
	// PolicyEvent: drop it once its event (Expires) has begun.
	PolicyEvent Policy = iota
	// PolicyDeadline: send it once, marked late, while still useful
	// (before Expires); drop it after.
	PolicyDeadline
	// PolicyRecurring: of a Series found late, send only the latest.
	PolicyRecurring
)

// Occurrence is one reminder due at FireAt. Key is unique for all time
// (e.g. "meeting:12:24h:2026-11-24T19:00"), so rescheduling an event gives
// new keys and the old ones simply never come due.
type Occurrence struct {
	Key      string
	BranchID int64
	FireAt   time.Time
	Policy   Policy
	Expires  time.Time // the event start or deadline; zero: never
	Urgent   bool      // may be sent in quiet hours
	Series   string    // occurrences of one recurring reminder
	Kind     string    // what it is, for rendering and /upcoming
	Ref      int64     // the subject: meeting, pledge, stage, reminder id
	Late     bool      // set by the engine: found after its time
}

// Source lists the occurrences whose FireAt is in [from, to).
type Source interface {
	Occurrences(ctx context.Context, from, to time.Time) ([]Occurrence, error)
}

// Renderer writes the messages of an occurrence (none is fine: e.g. every
// member already answered).
type Renderer interface {
	Render(ctx context.Context, o Occurrence) ([]Message, error)
}

// Branches tells the engine each branch's quiet hours and time zone.
type Branches interface {
	// Quiet returns the quiet hours of a branch as minutes after local
	// midnight (start may be after end: 22:00–07:30) and its location.
	Quiet(ctx context.Context, branchID int64) (start, end int, loc *time.Location, err error)
}
