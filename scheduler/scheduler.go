// Package scheduler is zhibu's reminder engine and its one sending path.
//
// The Engine turns reminder occurrences (a meeting 24 hours away, a pledge
// due in a week, a stage ending, a custom reminder) into messages exactly
// once: each occurrence is delivered under a unique key in the same
// transaction that puts its messages in the durable outbox, so several
// processes may tick at once. The Sender drains the outbox through a global
// and per-chat rate limiters; reminders leave a reserve of both to urgent
// messages, the replies, which go at once even when reminders flood.
//
// The package decides when, and that it happens once. What exists and what
// it says is the domain's (zhibu.Agenda: its Sources and its Composer);
// the words are a chat adapter's (a Renderer); the delivery is a
// Transport's. Time always comes from an injected clock.
package scheduler

import (
	"context"
	"time"

	"github.com/zhibu/zhibu"
)

// Transport delivers one message to the chat platform. It returns a
// *zhibu.RetryAfterError for rate limiting (429), zhibu.ErrForbidden when
// the bot may not write to the chat (403), a *zhibu.MigratedError when a
// group moved, and anything else for errors worth retrying.
type Transport interface {
	Deliver(ctx context.Context, m zhibu.Message) (messageID int, err error)
}

// Source lists the occurrences whose FireAt is in [from, to)
// (*zhibu.Agenda).
type Source interface {
	Occurrences(ctx context.Context, from, to time.Time) ([]zhibu.Occurrence, error)
}

// Composer gathers what each occurrence says and to whom, one notice per
// occurrence in order, in one batch (*zhibu.Agenda).
type Composer interface {
	Notices(ctx context.Context, now time.Time, occs []zhibu.Occurrence) ([]zhibu.Notice, error)
}

// Renderer writes the messages of a notice (none is fine: nobody needs
// reminding). It does no I/O: the chat adapter only chooses the words.
type Renderer interface {
	Render(n zhibu.Notice) ([]zhibu.Message, error)
}
