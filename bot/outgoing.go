package bot

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	tgbot "github.com/go-telegram/bot"

	"github.com/zhibu/zhibu"
)

// outgoing is what one piece of work sends: the messages, queued in the
// outbox in the same transaction as the work's effects, and the answers to
// button presses, sent at once after it commits (they expire, so they do not
// wait in the outbox). See docs/design.md §2.
type outgoing struct {
	update  bool   // an update's handling: its messages are answers (urgent)
	key     string // the prefix of the messages' outbox keys
	about   string // what the messages answer, for a note should they never arrive
	mu      sync.Mutex
	n       int
	msgs    []zhibu.Message
	answers []*tgbot.AnswerCallbackQueryParams
	// failed is an internal error the handler met: the update's effects
	// are rolled back and it is answered with an apology.
	failed error
}

type outgoingKey struct{}

// loose numbers the keys of messages queued outside an update, after a
// prefix that differs from one process to the next (real time serves only
// to make keys unique, never to decide anything).
var (
	loose      atomic.Int64
	loosePrefx = strconv.FormatInt(time.Now().UnixNano(), 36)
)

// work is the outgoing of work that is not an update (housekeeping).
func work() *outgoing {
	return &outgoing{key: fmt.Sprintf("bot:%s:%d", loosePrefx, loose.Add(1))}
}

// outOf is the work's outgoing; outside any, a fresh one whose messages are
// queued as soon as they are made.
func outOf(ctx context.Context) *outgoing {
	if o, ok := ctx.Value(outgoingKey{}).(*outgoing); ok {
		return o
	}
	return work()
}

func withOutgoing(ctx context.Context, o *outgoing) context.Context {
	return context.WithValue(ctx, outgoingKey{}, o)
}

// message starts a message of this work to a chat, with its own key: the
// same update handled again after a rollback makes the same keys.
func (o *outgoing) message(chatID int64, text string) zhibu.Message {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.n++
	return zhibu.Message{ChatID: chatID, Text: text, Key: fmt.Sprintf("%s:%d", o.key, o.n), Private: chatID > 0,
		Urgent: o.update, Kind: "reply", About: o.about}
}

// queue adds messages to the work's outgoing, or to the outbox at once when
// there is no unit of work.
func (b *Bot) queue(ctx context.Context, ms ...zhibu.Message) error {
	if chat := branchChatOf(ctx); chat != 0 {
		for i := range ms {
			tagPrivate(&ms[i], chat)
		}
	}
	if o, ok := ctx.Value(outgoingKey{}).(*outgoing); ok {
		o.mu.Lock()
		o.msgs = append(o.msgs, ms...)
		o.mu.Unlock()
		return nil
	}
	if _, err := b.cfg.Outbox.Enqueue(ctx, ms, b.cfg.Now()); err != nil {
		return fmt.Errorf("bot: queue %d messages: %w", len(ms), err)
	}
	b.wakeSender()
	return nil
}

func (b *Bot) wakeSender() {
	if b.cfg.WakeSender != nil {
		b.cfg.WakeSender()
	}
}

// atomically runs fn as one unit of work: its database effects and the
// messages it queues commit together, then the sender is woken and the
// answers to button presses go out. An error leaves nothing of it.
func (b *Bot) atomically(ctx context.Context, o *outgoing, fn func(ctx context.Context) error) error {
	err := b.cfg.Units.Atomically(ctx, func(ctx context.Context) error {
		ctx = withOutgoing(ctx, o)
		if err := fn(ctx); err != nil {
			return err
		}
		if o.failed != nil {
			return o.failed
		}
		if len(o.msgs) == 0 {
			return nil
		}
		_, err := b.cfg.Outbox.Enqueue(ctx, o.msgs, b.cfg.Now())
		return err
	})
	if err != nil {
		return err
	}
	if len(o.msgs) > 0 {
		b.wakeSender()
	}
	for _, a := range o.answers {
		b.answerNow(ctx, a)
	}
	return nil
}

// fail notes that the work met an internal error: whatever it did is rolled
// back, and an update is answered with an apology instead.
func fail(ctx context.Context, err error) {
	if o, ok := ctx.Value(outgoingKey{}).(*outgoing); ok {
		o.mu.Lock()
		if o.failed == nil {
			o.failed = err
		}
		o.mu.Unlock()
	}
}

// tagPrivate makes the buttons of a private message (and of what follows
// it) name the branch chat, so that a press there acts on that branch.
func tagPrivate(m *zhibu.Message, chat int64) {
	if m.ChatID > 0 {
		m.Buttons = tagButtons(m.Buttons, chat)
	}
	for i := range m.Then {
		tagPrivate(&m.Then[i], chat)
	}
}
