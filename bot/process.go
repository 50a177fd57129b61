package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
)

// handlerTimeout bounds one update's handling, shutdown included.
const handlerTimeout = 30 * time.Second

// process is the handling half of the inbox: it takes stored updates in
// update_id order (so in order within each chat), handles each once and
// marks it processed. It returns when ctx is cancelled, after finishing the
// update in hand.
func (b *Bot) process(ctx context.Context) {
	for {
		items, err := b.cfg.Inbox.PendingUpdates(ctx, 100)
		if err != nil && ctx.Err() == nil {
			b.log.Error("read pending updates", "err", err)
		}
		for _, it := range items {
			if ctx.Err() != nil {
				return
			}
			b.processOne(ctx, it)
		}
		if len(items) > 0 {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-b.wake:
		}
	}
}

// ProcessPending handles every stored update not yet processed and returns.
// The run loop does the same continuously; tests and tools use this.
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
			b.processOne(ctx, it)
		}
	}
}

func (b *Bot) processOne(ctx context.Context, it zhibu.InboxItem) {
	// Shutdown must not cut an update in half: handle it on a context that
	// outlives ctx, bounded by its own timeout.
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), handlerTimeout)
	defer cancel()
	failure := b.safeHandle(hctx, it)
	if err := b.cfg.Inbox.MarkProcessed(hctx, it.UpdateID, b.cfg.Now(), failure); err != nil {
		b.log.Error("mark update processed", "update_id", it.UpdateID, "chat_id", it.ChatID, "err", err)
	}
	if b.cfg.OnProcessed != nil {
		b.cfg.OnProcessed(it.UpdateID)
	}
}

// safeHandle decodes and handles one update, turning a panic into a logged
// failure and an apology in the chat.
func (b *Bot) safeHandle(ctx context.Context, it zhibu.InboxItem) (failure string) {
	var upd models.Update
	if err := json.Unmarshal(it.Payload, &upd); err != nil {
		b.log.Error("decode update", "update_id", it.UpdateID, "chat_id", it.ChatID, "err", err)
		return "decode: " + err.Error()
	}
	defer func() {
		if p := recover(); p != nil {
			failure = fmt.Sprintf("panic: %v", p)
			b.log.Error("handler panic", "update_id", it.UpdateID, "chat_id", it.ChatID,
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			b.apologize(ctx, &upd)
		}
	}()
	b.handle(ctx, &upd)
	return ""
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
