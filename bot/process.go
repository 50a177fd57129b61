package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
)

// handlerTimeout bounds one update's handling, shutdown included.
const handlerTimeout = 30 * time.Second

// ProcessPending handles every stored update not yet processed and returns;
// it stops at the first update the database could not take. The run loop
// does the same continuously; tests and tools use this.
func (b *Bot) ProcessPending(ctx context.Context) error {
	for {
		items, err := b.cfg.Inbox.PendingUpdates(ctx, 100)
		if err != nil {
			return err
		}
		if len(items) == 0 {
			return nil
		}
		for _, it := range items {
			if err := b.processOne(ctx, it); err != nil {
				return err
			}
		}
	}
}

// processOne handles one update and tells the Observer how it ended.
func (b *Bot) processOne(ctx context.Context, it zhibu.InboxItem) error {
	outcome, err := b.handleOne(ctx, it)
	if outcome != "" {
		b.cfg.Observer.UpdateHandled(outcome)
	}
	return err
}

// handleOne handles one update: its effects, its replies and its
// "processed" mark commit in one transaction. A handler that fails
// (internal error or panic) leaves no effect: the update is marked with the
// failure and answered with an apology instead. When the database fails,
// nothing is kept and the error (wrapping zhibu.ErrUnavailable) is
// returned: the update stays pending, to be handled again. The outcome is
// one of the Outcome constants, "" when the update had been handled
// meanwhile.
func (b *Bot) handleOne(ctx context.Context, it zhibu.InboxItem) (outcome string, _ error) {
	// Shutdown must not cut an update in half: handle it on a context that
	// outlives ctx, bounded by its own timeout.
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), handlerTimeout)
	defer cancel()
	var upd models.Update
	failure := ""
	if err := json.Unmarshal(it.Payload, &upd); err != nil {
		b.log.Error("decode update", "update_id", it.UpdateID, "chat_id", it.ChatID, "err", err)
		failure = "decode: " + err.Error()
	}
	if failure == "" {
		if v := b.floods.take(sender(&upd), b.cfg.Now()); v != allow && sender(&upd) != 0 {
			return b.dropFlood(hctx, it, &upd, v)
		}
	}
	err := errors.New(failure)
	if failure == "" {
		o := b.updateOut(it, &upd, "")
		err = b.atomically(hctx, o, func(ctx context.Context) error {
			if err := b.safeHandle(ctx, it, &upd); err != nil {
				return err
			}
			if o.failed != nil {
				return o.failed
			}
			return b.cfg.Inbox.MarkProcessed(ctx, it.UpdateID, b.cfg.Now(), "")
		})
	}
	if errors.Is(err, zhibu.ErrProcessed) {
		return "", nil // handled meanwhile (a stale read of the pending updates): nothing was done twice
	}
	if err != nil && errors.Is(err, zhibu.ErrUnavailable) {
		b.log.Error("update not handled: database unavailable", "update_id", it.UpdateID, "chat_id", it.ChatID, "err", err)
		return OutcomeUnavailable, err
	}
	outcome = OutcomeOK
	if err != nil {
		// Nothing of the handler was kept: say so, and mark it done.
		cause := err
		outcome = OutcomeFailed
		if errors.As(cause, new(panicError)) {
			outcome = OutcomePanic
		}
		o := b.updateOut(it, &upd, ":failed")
		err = b.atomically(hctx, o, func(ctx context.Context) error {
			if failure == "" {
				b.apologize(ctx, &upd)
			}
			return b.cfg.Inbox.MarkProcessed(ctx, it.UpdateID, b.cfg.Now(), cause.Error())
		})
		if errors.Is(err, zhibu.ErrProcessed) {
			return "", nil
		}
		if err != nil {
			b.log.Error("mark update failed", "update_id", it.UpdateID, "chat_id", it.ChatID, "err", err)
			return OutcomeUnavailable, err
		}
	}
	if b.cfg.OnProcessed != nil {
		b.cfg.OnProcessed(it.UpdateID)
	}
	return outcome, nil
}

// dropFlood marks an update of someone over their budget done without
// handling it, saying once (or, for a button, each time) to slow down. It
// returns the outcome, as handleOne.
func (b *Bot) dropFlood(ctx context.Context, it zhibu.InboxItem, upd *models.Update, v verdict) (string, error) {
	if v == warn { // logged once a flood, as the person is told once
		b.log.Warn("updates dropped: sender floods", "update_id", it.UpdateID, "chat_id", it.ChatID)
	} else {
		b.log.Debug("update dropped: sender floods", "update_id", it.UpdateID, "chat_id", it.ChatID)
	}
	o := b.updateOut(it, upd, "")
	err := b.atomically(ctx, o, func(ctx context.Context) error {
		switch {
		case upd.CallbackQuery != nil:
			b.answer(ctx, upd.CallbackQuery.ID, msgTooFastPress, false)
		case upd.Message != nil && v == warn:
			if err := b.send(ctx, upd.Message.Chat.ID, msgTooFast, replyTo(upd.Message.ID)); err != nil {
				return err
			}
		}
		return b.cfg.Inbox.MarkProcessed(ctx, it.UpdateID, b.cfg.Now(), "flood: dropped")
	})
	switch {
	case errors.Is(err, zhibu.ErrProcessed):
		return "", nil
	case err != nil:
		return OutcomeUnavailable, err
	}
	return OutcomeFlood, nil
}

// updateOut is the outgoing of an update's handling. Its keys name the bot
// and the update: handling the update again makes the same keys, and a
// database that served another bot (whose update ids are its own) keeps
// its messages apart.
func (b *Bot) updateOut(it zhibu.InboxItem, upd *models.Update, suffix string) *outgoing {
	return &outgoing{update: true, key: fmt.Sprintf("u%d:%d%s", b.me.ID, it.UpdateID, suffix), about: b.about(upd)}
}

// about says what an update asked, for the note a 书记 gets should its
// answer never arrive: who, and the command or that it was a button or a
// reply — never what they wrote.
func (b *Bot) about(upd *models.Update) string {
	switch {
	case upd.CallbackQuery != nil:
		return msgf(msgAboutPress, esc(person(&upd.CallbackQuery.From).DisplayName))
	case upd.Message != nil && upd.Message.From != nil:
		who := esc(person(upd.Message.From).DisplayName)
		text := upd.Message.Text
		if text == "" {
			text = upd.Message.Caption
		}
		if cmd, _, ok := parseCommand(text, b.me.Username); ok {
			return msgf(msgAboutCommand, who, esc(cmd))
		}
		return msgf(msgAboutMessage, who)
	}
	return ""
}

// panicError is a handler's panic, turned into an error.
type panicError struct{ p any }

func (e panicError) Error() string { return fmt.Sprintf("panic: %v", e.p) }

// safeHandle handles one update, turning a panic into an error.
func (b *Bot) safeHandle(ctx context.Context, it zhibu.InboxItem, upd *models.Update) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = panicError{p}
			b.log.Error("handler panic", "update_id", it.UpdateID, "chat_id", it.ChatID,
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		}
	}()
	b.handle(ctx, upd)
	return nil
}

// apologize tells the chat that something went wrong, without panicking again.
func (b *Bot) apologize(ctx context.Context, upd *models.Update) {
	defer func() { _ = recover() }()
	switch {
	case upd.CallbackQuery != nil:
		b.answer(ctx, upd.CallbackQuery.ID, msgApology, true)
	case upd.Message != nil:
		b.send(ctx, upd.Message.Chat.ID, msgApology, replyTo(upd.Message.ID))
	}
}
